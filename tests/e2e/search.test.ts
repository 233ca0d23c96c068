/**
 * Search as users use it: the header's dialog on every page (and `/search/` for deep links), over
 * Pagefind's real index of the built site, in Chromium. Type the error you got and land on its
 * page; a key typed or pasted into any search field goes nowhere.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from '../support/axe.ts';
import { launchBrowser, type Browser } from '../support/browser.ts';
import { canaryKey, leaksOf } from '../support/canary.ts';
import { watchPage } from '../support/page-watch.ts';
import { shapeCatalogue } from '../../src/lib/provider-registry';

const origin = inject('siteOrigin');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
});
afterAll(async () => {
  await browser?.close();
});

const pathOf = (url: string) => new URL(url).pathname;

async function openDialog(page: Page): Promise<void> {
  await page.locator('[data-search-open]').click();
  await page.locator('#search-dialog[open]').waitFor();
}

/** Types a query into the open dialog and returns the result paths once the count is announced. */
async function dialogSearch(page: Page, query: string): Promise<string[]> {
  await page.locator('#search-dialog-input').fill(query);
  await page.locator('[data-search-status]').filter({ hasText: `“${query}”` }).waitFor();
  return page.$$eval('#search-dialog-results [role="option"]', (links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

/** Where the page's focus is: in the dialog, on the header's search button, or elsewhere (its tag). */
const focusIsIn = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement;
    if (active?.closest('#search-dialog')) return 'dialog';
    if (active?.hasAttribute('data-search-open')) return 'search-button';
    return active?.tagName ?? 'none';
  });

describe('the search dialog', () => {
  it('every page loads only its opener (≤ 1 KB gzip) until search opens; Pagefind loads on open', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(pathOf(request.url())));
    await page.goto(`${origin}/security/`, { waitUntil: 'networkidle' });

    expect(watch.scriptRequests).toHaveLength(1);
    const opener = watch.scriptRequests[0] ?? '';
    const inline = await page.$$eval('script:not([src])', (scripts) => scripts.filter((s) => (s as HTMLScriptElement).type !== 'application/ld+json').length);
    expect(inline, 'the opener is a file, not an inline script (CSP hashes)').toBe(0);
    const source = Buffer.from(await (await fetch(opener)).arrayBuffer());
    const gzipped = gzipSync(source, { level: 9 }).length;
    expect(gzipped, `opener ${source.length} B, ${gzipped} B gzip`).toBeLessThanOrEqual(1024);
    expect(requests.filter((path) => path.startsWith('/pagefind/'))).toEqual([]);

    const pagefindLoaded = page.waitForResponse((response) => pathOf(response.url()) === '/pagefind/pagefind.js');
    await openDialog(page);
    await pagefindLoaded;
    await dialogSearch(page, '429');
    expect(requests.some((path) => /^\/pagefind\/wasm\.[a-z]+\.pagefind$/.test(path))).toBe(true);
    expect(requests.some((path) => path.startsWith('/pagefind/index/'))).toBe(true);
    expect(watch.consoleErrors, 'CSP violations show up as console errors').toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    await page.close();
  });

  it('opens with the header button, / and Ctrl/Cmd+K; Escape closes it and returns focus', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/mistral/errors/401/`);
    const dialog = page.locator('#search-dialog');
    const button = page.locator('[data-search-open]');
    expect(await button.getAttribute('aria-haspopup')).toBe('dialog');

    await button.focus();
    await page.keyboard.press('Enter');
    await page.locator('#search-dialog[open]').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-dialog-input');
    await page.keyboard.press('Escape');
    expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    expect(await focusIsIn(page)).toBe('search-button');

    for (const shortcut of ['/', 'Control+k', 'Meta+k']) {
      await page.locator('h1').click();
      await page.keyboard.press(shortcut);
      await page.locator('#search-dialog[open]').waitFor();
      expect(await page.evaluate(() => document.activeElement?.id), shortcut).toBe('search-dialog-input');
      expect(await page.locator('#search-dialog-input').inputValue(), `${shortcut} is not typed into the field`).toBe('');
      await page.keyboard.press('Escape');
      expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open), shortcut).toBe(false);
    }
    await page.close();
  });

  it('leaves "/" alone while you type in another field', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/search/`);
    await page.locator('#search-query').click();
    await page.keyboard.type('a/b');
    expect(await page.locator('#search-query').inputValue()).toBe('a/b');
    expect(await page.locator('#search-dialog').evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    await page.close();
  });

  it('keeps focus inside while open', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/`);
    await openDialog(page);
    await dialogSearch(page, 'timeout');
    for (const key of [...Array<string>(8).fill('Tab'), ...Array<string>(8).fill('Shift+Tab')]) {
      await page.keyboard.press(key);
      expect(await focusIsIn(page), key).toBe('dialog');
    }
    await page.close();
  });

  it('answers as you type: a listbox of results, the count announced, arrow keys move, Enter opens the active result', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/`);
    await openDialog(page);
    const input = page.locator('#search-dialog-input');
    await input.pressSequentially('timeout', { delay: 30 });
    await page.locator('[data-search-status]').filter({ hasText: /^\d+ results? for “timeout”/ }).waitFor();
    expect(await page.locator('[data-search-status]').getAttribute('role')).toBe('status');
    expect(await input.getAttribute('role')).toBe('combobox');
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    const options = page.locator('#search-dialog-results[role="listbox"] [role="option"]');
    const count = await options.count();
    expect(count).toBeGreaterThan(2);

    const activeId = () => input.getAttribute('aria-activedescendant');
    const optionId = (i: number) => options.nth(i).getAttribute('id');
    await input.press('ArrowDown');
    expect(await activeId()).toBe(await optionId(0));
    expect(await options.nth(0).getAttribute('aria-selected')).toBe('true');
    await input.press('ArrowDown');
    expect(await activeId()).toBe(await optionId(1));
    expect(await options.nth(0).getAttribute('aria-selected')).toBe('false');
    await input.press('ArrowUp');
    await input.press('ArrowUp');
    expect(await activeId(), 'up from the first wraps to the last').toBe(await optionId(count - 1));
    await input.press('ArrowDown');
    await input.press('ArrowDown');
    const second = pathOf((await options.nth(1).evaluate((a) => (a as HTMLAnchorElement).href)) ?? '');
    await input.press('Enter');
    await page.waitForURL((url) => url.pathname === second);
    await page.close();
  });

  it('Enter opens the first result, even before the results are shown', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/articles/`);
    await openDialog(page);
    await page.locator('#search-dialog-input').pressSequentially('429');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${origin}/errors/429/`);
    await page.close();
  });

  it("Enter opens the first result even when it was pressed before the dialog's code arrived", async () => {
    const page = await browser.context.newPage();
    // Hold the dialog's module until the query and Enter are in, as on a slow connection.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let asked = false;
    await page.route(/\/_astro\/search-dialog\.[\w-]+\.js$/, async (route) => {
      asked = true;
      await held;
      await route.continue();
    });
    await page.goto(`${origin}/articles/`);
    await openDialog(page);
    await page.locator('#search-dialog-input').pressSequentially('429');
    await page.keyboard.press('Enter');
    expect(asked, 'the dialog module was requested and is being held').toBe(true);
    expect(pathOf(page.url())).toBe('/articles/');
    release();
    await page.waitForURL(`${origin}/errors/429/`);
    await page.close();
  });

  it('filters by provider and by type', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/`);
    await openDialog(page);
    await page.locator('[data-search-filter="provider"]').selectOption('Mistral');
    const mistral = await dialogSearch(page, '429');
    expect(mistral[0]).toBe('/mistral/errors/429/');
    expect(mistral.every((path) => path.startsWith('/mistral/'))).toBe(true);
    await page.locator('[data-search-filter="provider"]').selectOption('');
    await page.locator('[data-search-filter="type"]').selectOption('Article');
    const articles = await dialogSearch(page, 'key');
    expect(articles.length).toBeGreaterThan(0);
    expect(articles.every((path) => path.startsWith('/articles/'))).toBe(true);
    await page.close();
  });

  it('refuses a key-shaped query before any request or navigation, and says why', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/mistral/errors/429/`);
    await openDialog(page);
    await dialogSearch(page, 'rate limit');
    await page.waitForLoadState('networkidle');
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const key = canaryKey();
    await page.locator('#search-dialog-input').fill(key);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(400);
    const notice = page.locator('[data-search-notice]');
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toMatch(/looks like an API key, so it was not searched/);
    expect(await notice.getAttribute('role')).toBe('alert');
    expect(await page.locator('#search-dialog-input').inputValue()).toBe('');
    expect(await page.locator('#search-dialog-results [role="option"]').count()).toBe(0);
    expect(requests).toEqual([]);
    expect(page.url()).toBe(`${origin}/mistral/errors/429/`);
    await page.close();
  });

  for (const { width, colorScheme } of [
    { width: 1280, colorScheme: 'light' as const },
    { width: 1280, colorScheme: 'dark' as const },
    { width: 375, colorScheme: 'light' as const },
    { width: 375, colorScheme: 'dark' as const },
  ]) {
    it(`passes axe and fits the screen at ${width} px, ${colorScheme}`, async () => {
      const screen = await launchBrowser({ width, height: width === 375 ? 740 : 900, colorScheme });
      const page = await screen.context.newPage();
      await page.goto(`${origin}/mistral/`);
      await openDialog(page);
      await dialogSearch(page, '429');
      await page.locator('#search-dialog-input').press('ArrowDown');
      const violations = await axeViolations(page);
      expect(violations, describeViolations(violations)).toEqual([]);
      const box = await page.locator('#search-dialog').boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= width).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      // The refusal notice is part of the dialog too.
      await page.locator('#search-dialog-input').fill(canaryKey());
      await page.locator('[data-search-notice]').waitFor();
      const refused = await axeViolations(page);
      expect(refused, describeViolations(refused)).toEqual([]);
      await screen.close();
    });
  }
});

describe('without JavaScript', () => {
  it('the header links to the error index, and no search field can be submitted', async () => {
    const noJs = await launchBrowser({ javaScriptEnabled: false });
    const page = await noJs.context.newPage();
    await page.goto(`${origin}/mistral/`);
    const fallback = page.locator('[data-search-fallback]');
    expect(await fallback.isVisible()).toBe(true);
    expect(await fallback.getAttribute('href')).toBe('/errors/');
    expect(await page.locator('[data-search-open]').isVisible()).toBe(false);
    expect(await page.locator('header form').count()).toBe(0);
    await page.goto(`${origin}/search/`);
    expect(await page.locator('main form, header form').count()).toBe(0);
    await fallback.click();
    await page.waitForURL(`${origin}/errors/`);
    expect(await page.locator('h1').textContent()).toBe('Every error, by provider and status');
    await noJs.close();
  });
});

describe('error index and hubs', () => {
  async function sitemapErrorPages(): Promise<string[]> {
    const xml = await (await fetch(`${origin}/sitemap.xml`)).text();
    return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => pathOf(m[1] ?? '')).filter((path) => /^\/[^/]+\/errors\/[^/]+\/$/.test(path) && !path.startsWith('/errors/'));
  }
  const linksIn = (page: Page, selector: string) => page.$$eval(`${selector} a`, (links) => links.map((a) => a.getAttribute('href') ?? ''));

  it('/errors/ lists every error page once, by provider (testable first), and links every hub', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/errors/`);
    const errorPages = await sitemapErrorPages();
    const listed = (await linksIn(page, '[data-testid="errors-by-provider"] .error-links')).sort();
    expect(listed).toEqual([...errorPages].sort());
    const headings = await page.$$eval('[data-testid="errors-by-provider"] h3', (hs) => hs.map((h) => h.textContent?.trim()));
    // Providers with a tester come first, in the site's provider order; the rest after them.
    const catalogue = shapeCatalogue();
    const order = [...catalogue.filter((p) => p.tester), ...catalogue.filter((p) => !p.tester)].map((p) => p.name);
    expect(headings).toEqual(order.filter((name) => headings.includes(name)));
    expect(headings.slice(0, catalogue.filter((p) => p.tester).length)).toEqual(catalogue.filter((p) => p.tester).map((p) => p.name));
    const hubs = await linksIn(page, '#by-status + .error-links');
    expect(hubs).toEqual(expect.arrayContaining(['/errors/401/', '/errors/429/', '/errors/5xx/', '/errors/timeout/']));
    await page.close();
  });

  it('every error page is on exactly one hub, which names the provider and summary', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/errors/`);
    const hubs = await linksIn(page, '#by-status + .error-links');
    const seen: string[] = [];
    for (const hub of hubs) {
      await page.goto(`${origin}${hub}`);
      const entries = await page.$$eval('[data-testid="hub-list"] li', (items) =>
        items.map((li) => ({ href: li.querySelector('a')?.getAttribute('href') ?? '', name: li.querySelector('a')?.textContent?.trim() ?? '', summary: li.querySelector('p')?.textContent?.trim() ?? '' })),
      );
      expect(entries.length, hub).toBeGreaterThan(0);
      for (const entry of entries) {
        expect(entry.name.length, entry.href).toBeGreaterThan(3);
        expect(entry.summary.length, entry.href).toBeGreaterThan(20);
        seen.push(entry.href);
      }
    }
    expect(seen.sort()).toEqual((await sitemapErrorPages()).sort());
    await page.close();
  });
});

/**
 * Ranking: the right page first for what people paste or type. A bare status finds its hub, a
 * provider and a status find that provider's page, an identifier or a sentence finds the page
 * that shows it. Add queries as providers arrive.
 */
describe('ranking', () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.context.newPage();
    await page.goto(`${origin}/`);
    await openDialog(page);
  });
  afterAll(async () => {
    await page.close();
  });

  const cases: [query: string, first: string][] = [
    ['429', '/errors/429/'],
    ['mistral 429', '/mistral/errors/429/'],
    ['Unauthorized', '/errors/401/'],
    ['insufficient_quota', '/openai/errors/insufficient-quota/'],
    ['401 codestral', '/mistral/errors/401/'],
    ['402 deepseek', '/deepseek/errors/402/'],
    ['RESOURCE_EXHAUSTED', '/gemini/errors/429-resource-exhausted/'],
    ['credit balance is too low', '/anthropic/errors/400-credit-balance-too-low/'],
    ['You exceeded your current quota, please check your plan', '/openai/errors/insufficient-quota/'],
  ];
  for (const [query, first] of cases) {
    it(`"${query}" → ${first}`, async () => {
      const results = await dialogSearch(page, query);
      expect(results[0], results.slice(0, 5).join(' ')).toBe(first);
    });
  }

  it('a pasted sentence finds only pages quoting it first', async () => {
    const sentence = 'You exceeded your current quota, please check your plan';
    const results = await dialogSearch(page, sentence);
    const quotes = async (path: string) => (await (await fetch(`${origin}${path}`)).text()).includes(sentence);
    expect(await quotes(results[0] ?? '')).toBe(true);
  });
});

describe('/search/ for deep links', () => {
  async function pageResults(page: Page): Promise<string[]> {
    await page.locator('#search-status').filter({ hasText: /result/ }).waitFor();
    return page.$$eval('[data-testid="search-results"] a', (links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  }

  it('"429" with the Mistral filter ranks the Mistral 429 page first', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/search/?q=429&provider=Mistral`);
    expect((await pageResults(page))[0]).toBe('/mistral/errors/429/');
    await page.close();
  });

  it('searches as you type and keeps the query in the address bar', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/search/`);
    await page.locator('#search-query').fill('Unauthorized');
    expect((await pageResults(page))[0]).toBe('/errors/401/');
    expect(page.url()).toContain('q=Unauthorized');
    await page.close();
  });

  it('filters by type', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/search/?q=key&type=Article`);
    const links = await pageResults(page);
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((l) => l.startsWith('/articles/'))).toBe(true);
    await page.close();
  });

  it('refuses to search for something that looks like an API key, and clears it from the address bar', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    const secret = 'AbCdEf0123456789GhIjKl0123456789';
    await page.goto(`${origin}/search/?q=${secret}`);
    await page.locator('#search-notice').waitFor();
    expect(page.url()).not.toContain(secret);
    expect(await page.locator('#search-query').inputValue()).toBe('');
    expect(await page.locator('[data-testid="search-results"] li').count()).toBe(0);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });
});

/**
 * A canary key pasted into every search field on every kind of page, then Enter: it must not be in
 * any request (URL or body), any history entry, web storage or a cookie.
 */
describe('a key pasted into search goes nowhere', () => {
  const pageKinds: [kind: string, path: string][] = [
    ['home', '/'],
    ['guide with the tester', '/mistral/'],
    ['guide', '/openai/'],
    ['error page', '/mistral/errors/401/'],
    ['hub', '/errors/401/'],
    ['error index', '/errors/'],
    ['FAQ', '/mistral/faq/'],
    ['article', '/articles/api-key-security-best-practices/'],
    ['security', '/security/'],
    ['search page', '/search/'],
  ];

  for (const [kind, path] of pageKinds) {
    it(`${kind} (${path})`, async () => {
      const page = await browser.context.newPage();
      const sent: string[] = [];
      page.on('request', (request) => sent.push(`${request.method()} ${request.url()} ${request.postData() ?? ''}`));
      await page.goto(`${origin}${path}`, { waitUntil: 'networkidle' });
      const key = canaryKey();

      const paste = async (selector: string) => {
        await page.locator(selector).click();
        await page.evaluate((text) => navigator.clipboard.writeText(text), key);
        await page.keyboard.press('ControlOrMeta+v');
        await page.keyboard.press('Enter');
        await page.waitForTimeout(500);
        expect(await page.locator(selector).inputValue(), `${selector} is cleared`).toBe('');
      };
      await openDialog(page);
      await paste('#search-dialog-input');
      expect(await page.locator('[data-search-notice]').isVisible()).toBe(true);
      if (path === '/search/') {
        await page.keyboard.press('Escape');
        await paste('#search-query');
        expect(await page.locator('#search-notice').isVisible()).toBe(true);
      }
      expect(pathOf(page.url())).toBe(path);

      const cdp = await page.context().newCDPSession(page);
      const { entries } = (await cdp.send('Page.getNavigationHistory')) as { entries: { url: string; title: string }[] };
      const storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
      const cookies = JSON.stringify(await page.context().cookies());
      for (const [where, text] of Object.entries({ requests: sent.join('\n'), history: JSON.stringify(entries), storage, cookies })) {
        expect(leaksOf(key, text), where).toEqual([]);
      }
      await page.close();
    });
  }
});
