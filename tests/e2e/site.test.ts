/**
 * The built site as users get it: every page served by the Workers runtime, opened in Chromium.
 * Sections in the promised order, tables that match the content data, working links, no
 * accessibility violations, no console errors, nothing fetched from another origin, and no
 * JavaScript but the search opener on pages that have no tester.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from '../support/axe.ts';
import { launchBrowser, type Browser } from '../support/browser.ts';
import { watchPage } from '../support/page-watch.ts';
import { testableProviderIds } from '../../src/lib/provider-registry';

const origin = inject('siteOrigin');
/** Provider pages with a tester: the only pages besides search that may ship JavaScript. */
const testerPages = new Set(testableProviderIds().map((id) => `/${id}/`));
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function sitemapPaths(): Promise<string[]> {
  const xml = await (await fetch(`${origin}/sitemap.xml`)).text();
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? '').pathname);
}

async function open(path: string): Promise<{ page: Page; watch: ReturnType<typeof watchPage> }> {
  const page = await browser.context.newPage();
  const watch = watchPage(page, origin);
  const response = await page.goto(`${origin}${path}`, { waitUntil: 'networkidle' });
  expect(response?.status(), path).toBe(200);
  return { page, watch };
}

const pricing = JSON.parse(readFileSync('src/content/pricing/mistral.json', 'utf8')) as {
  models: { name: string; ids: string[]; input: number | null; output: number | null }[];
};

describe('every page', () => {
  it('the sitemap lists the contract URLs', async () => {
    const paths = await sitemapPaths();
    for (const path of ['/', '/mistral/', '/mistral/errors/401/', '/mistral/errors/429/', '/errors/', '/errors/429/', '/security/', '/articles/api-key-security-best-practices/', '/articles/free-llm-api-keys-2026/']) {
      expect(paths).toContain(path);
    }
  });

  // Every page of the sitemap (180-odd) at 1280 px with axe, three at a time; at 375 px in dark mode
  // every page is checked for overflow, and one page of each kind with axe (the dark palette and the
  // narrow layout are shared by every page of a kind). A few minutes on two idle cores, far more on
  // two busy shared ones.
  it('is accessible, error-free and same-origin; pages without the tester load only the search opener', { timeout: 1_200_000 }, async () => {
    const paths = [...(await sitemapPaths()), '/search/'];
    // The tester: on provider pages, the home page (any key) and articles that embed it.
    const articlesWithTesters = readdirSync('src/content/articles').filter((f) => readFileSync(`src/content/articles/${f}`, 'utf8').includes('<KeyTester')).map((f) => `/articles/${f.replace(/\.mdx$/, '')}/`);
    const testerPages = new Set([...testableProviderIds().map((id) => `/${id}/`), '/', ...articlesWithTesters]);
    const kindOf = (path: string) => path.replace(/^\/[a-z-]+\/errors\/[^/]+\/$/, 'error').replace(/^\/[a-z-]+\/faq\/$/, 'faq').replace(/^\/articles\/[^/]+\/$/, 'article').replace(/^\/errors\/[^/]+\/$/, 'hub').replace(/^\/(?!errors\/|articles\/|search\/|security\/)[a-z-]+\/$/, 'guide');
    const darkAxe = new Set<string>();
    const seenKinds = new Set<string>();
    for (const path of paths) if (!seenKinds.has(kindOf(path))) (seenKinds.add(kindOf(path)), darkAxe.add(path));
    const problems: string[] = [];
    // The search opener is the one script every page loads (tests/e2e/search.test.ts checks its size);
    // /security/ has nothing else.
    const security = await open('/security/');
    const opener = await security.page.$$eval('script[src]', (all) => (all.length === 1 ? (all[0] as HTMLScriptElement).src : ''));
    await security.page.close();
    expect(opener, 'one script on /security/: the search opener').not.toBe('');
    // A phone in dark mode too: narrow tables scroll, and the dark palette must keep its contrast.
    const phone = await launchBrowser({ colorScheme: 'dark', width: 375, height: 800 });
    const check = async (path: string) => {
      const { page, watch } = await open(path);
      const violations = await axeViolations(page);
      if (violations.length) problems.push(`${path}: axe\n${describeViolations(violations)}`);
      const small = await phone.context.newPage();
      await small.goto(`${origin}${path}`, { waitUntil: 'networkidle' });
      if (darkAxe.has(path)) {
        const smallViolations = await axeViolations(small);
        if (smallViolations.length) problems.push(`${path} (375 px, dark): axe\n${describeViolations(smallViolations)}`);
      }
      if ((await small.evaluate(() => document.documentElement.scrollWidth)) > 375) problems.push(`${path} (375 px): wider than the screen`);
      await small.close();
      if (watch.consoleErrors.length) problems.push(`${path}: console ${watch.consoleErrors.join(' | ')}`);
      if (watch.foreignRequests.length) problems.push(`${path}: foreign ${watch.foreignRequests.join(' ')}`);
      if (watch.failedRequests.length) problems.push(`${path}: failed ${watch.failedRequests.join(' ')}`);
      const scripts = await page.$$eval('script', (all) => all.filter((s) => s.type !== 'application/ld+json').map((s) => (s as HTMLScriptElement).src));
      if (!scripts.includes(opener)) problems.push(`${path}: no search opener script`);
      const other = [...scripts.filter((src) => src !== opener), ...watch.scriptRequests.filter((url) => url !== opener)];
      const mayShipJs = testerPages.has(path) || path === '/search/';
      if (other.length > 0 && !mayShipJs) problems.push(`${path}: ships JavaScript besides the search opener (${other.map((src) => src || 'inline').join(' ')})`);
      await page.close();
    };
    const queue = [...paths];
    await Promise.all(Array.from({ length: 3 }, async () => {
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) await check(path);
    }));
    await phone.close();
    expect(seenKinds.size).toBeGreaterThanOrEqual(7);
    expect(problems, problems.join('\n\n')).toEqual([]);
  });

  it('answers an unknown URL with the 404 page', async () => {
    const page = await browser.context.newPage();
    const response = await page.goto(`${origin}/no-such-page/`);
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toContain('does not exist');
    await page.close();
  });
});

describe('the Mistral page', () => {
  it('has every section, in the promised order', async () => {
    const { page } = await open('/mistral/');
    expect(await page.locator('h1').textContent()).toBe('Test your Mistral API key');
    const order = await page.evaluate(() => {
      const marks = [
        document.querySelector('[data-testid="summary"]'),
        document.querySelector('[data-testid="key-promise"]'),
        document.querySelector('#tester'),
        ...[...document.querySelectorAll('main h2')],
      ];
      return marks.map((el) => (el === null ? 'missing' : el.tagName === 'H2' ? el.textContent?.trim() : el.id || el.getAttribute('data-testid')));
    });
    expect(order.slice(0, 3)).toEqual(['summary', 'key-promise', 'tester']);
    const headings = order.slice(3);
    const wanted = ['What this key does', 'How to get a key', 'Common errors and fixes', 'Security best practices', 'Pricing at a glance', 'FAQ', 'Test other providers', 'Related reading'];
    expect(headings.filter((h) => wanted.includes(h ?? ''))).toEqual(wanted);
    const promise = page.locator('[data-testid="key-promise"]');
    expect(await promise.textContent()).toMatch(/never logged, stored or persisted/);
    expect(await promise.locator('a', { hasText: 'What happens to your key' }).getAttribute('href')).toBe('/security/');
    await page.close();
  });

  it('shows every priced model of the pricing data, with its prices, source and date', async () => {
    const { page } = await open('/mistral/');
    const rows = await page.$$eval('[data-testid^="pricing-"] tbody tr', (trs) =>
      trs.map((tr) => ({
        ids: tr.getAttribute('data-model-ids'),
        input: tr.querySelector('[data-cell="input"]')?.textContent?.trim(),
        output: tr.querySelector('[data-cell="output"]')?.textContent?.trim(),
      })),
    );
    expect(rows.map((r) => r.ids).sort()).toEqual(pricing.models.map((m) => m.ids.join(' ')).sort());
    for (const model of pricing.models) {
      const row = rows.find((r) => r.ids === model.ids.join(' '));
      if (model.input !== null && model.input > 0) expect(row?.input, model.name).toContain(String(model.input));
      if (model.output !== null && model.output > 0) expect(row?.output, model.name).toContain(String(model.output));
    }
    const source = await page.locator('[data-testid="pricing-source"]').textContent();
    expect(source).toMatch(/verified on \d{4}-\d{2}-\d{2}/);
    expect(await page.locator('[data-testid="pricing-source"] a').getAttribute('href')).toMatch(/^https:\/\//);
    await page.close();
  });

  it('links each row of the errors table to its error page', async () => {
    const { page } = await open('/mistral/');
    const links = await page.$$eval('[data-testid="errors-table"] tbody a', (as) => as.map((a) => ({ href: a.getAttribute('href') ?? '', text: a.textContent?.trim() ?? '' })));
    expect(links.length).toBeGreaterThanOrEqual(9);
    for (const link of links) {
      const target = await browser.context.newPage();
      const response = await target.goto(`${origin}${link.href}`);
      expect(response?.status(), link.href).toBe(200);
      const heading = (await target.locator('h1').textContent()) ?? '';
      expect(heading, link.href).toContain(link.text.replace(/\s+/g, ' ').split(' ').slice(1).join(' '));
      await target.close();
    }
    await page.close();
  });

  it('carries FAQPage structured data matching the FAQ shown', async () => {
    const { page } = await open('/mistral/');
    const data = await page.$$eval('script[type="application/ld+json"]', (scripts) => scripts.map((s) => JSON.parse(s.textContent ?? '{}') as { '@type'?: string; mainEntity?: { name: string }[] }));
    const faq = data.find((d) => d['@type'] === 'FAQPage');
    const questions = await page.$$eval('[data-testid="faq"] dt', (dts) => dts.map((dt) => dt.textContent?.trim()));
    expect(faq?.mainEntity?.map((q) => q.name)).toEqual(questions);
    expect(questions.length).toBeGreaterThanOrEqual(5);
    await page.close();
  });
});

describe('every internal link', () => {
  it('leads to a page that exists', async () => {
    const paths = await sitemapPaths();
    const seen = new Set<string>();
    const broken: string[] = [];
    for (const path of paths) {
      const html = await (await fetch(`${origin}${path}`)).text();
      for (const match of html.matchAll(/href="(\/[^"#?]*)[^"]*"/g)) {
        const target = match[1] ?? '';
        if (seen.has(target)) continue;
        seen.add(target);
        const response = await fetch(`${origin}${target}`, { redirect: 'manual' });
        if (response.status !== 200) broken.push(`${path} → ${target} (${response.status})`);
      }
    }
    expect(broken).toEqual([]);
  });
});
