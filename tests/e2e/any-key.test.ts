/**
 * Paste any key, anywhere, in Chromium against the built site and the provider fakes: the home
 * page's key field names the provider from the key's shape and shows that provider's tester inline
 * (no page load, the key in no URL), offers the candidates when a shape fits several, says when a
 * provider has no tester yet and links its guide; a provider's page offers to switch to the
 * tester of the provider a pasted key belongs to, keeping the key in memory only. The island's
 * script at mount stays within budget, and a provider's data loads only when its tester is needed.
 */
import { randomInt } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { assignScenario, canaryKey, leaksOf } from '../support/canary.ts';
import { watchPage } from '../support/page-watch.ts';
import { expectAccessible, viewBrowsers, VIEWS } from '../support/views.ts';
import { testableProviderIds } from '../../src/lib/provider-registry';

const origin = inject('siteOrigin');
const fakeOrigins = JSON.parse(inject('fakeOrigins')) as Record<string, Record<string, string>>;
const mistralFakes = [inject('fakePlatform'), inject('fakeCodestral')];
const browsers = viewBrowsers();
afterAll(() => browsers.close());

const field = (page: Page) => page.locator('#kt-key');
const note = (page: Page) => page.locator('#kt-key-note');
const verdictHeading = (page: Page) => page.locator('#kt-verdict-title');
/** The provider chunks a page fetched (one per provider with a tester, src/integrations/tester-modules.ts). */
const providerChunks = (scripts: string[]) =>
  scripts.flatMap((url) => testableProviderIds().filter((id) => new RegExp(`/_astro/${id}\\.[\\w-]+\\.js$`).test(url)));
/**
 * Text only the parts a finished run shows carry (share link, rotation reminder, endpoint
 * comparison, the report): loaded on their own (src/islands/key-tester/later.tsx), never with the tester.
 */
const AFTER_RUN_MARKERS = ['Copy link', 'BEGIN:VCALENDAR', 'Endpoints side by side', 'Copy report'];

async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${origin}${path}`);
  await page.locator('#tester').scrollIntoViewIfNeeded();
  await expect.poll(() => field(page).isEnabled(), { timeout: 15_000 }).toBe(true);
  // Set once: still there only if no page load happened since.
  await page.evaluate(() => Object.assign(window, { sameDocument: true, historyAtOpen: history.length }));
}

const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);

async function storage(page: Page): Promise<string> {
  return page.evaluate(async () => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookies: document.cookie, db: (await indexedDB.databases?.()) ?? [], caches: await caches.keys(), history: history.state }));
}

const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[randomInt(16)]).join('');

describe('the any-key field on the home page', () => {
  for (const view of VIEWS) {
    it(`names the provider as you paste, offers the candidates (Azure OpenAI with its resource), then tests inline (${view.name})`, async () => {
      const browser = await browsers.get(view);
      const page = await browser.context.newPage();
      const watch = watchPage(page, origin);
      const urls: string[] = [];
      page.on('request', (r) => urls.push(r.url()));
      await open(page, '/');
      expect(await page.getByRole('heading', { name: 'Test any API key' }).isVisible()).toBe(true);
      expect(providerChunks(watch.scriptRequests)).toEqual([]);

      // 32 hex characters: an Azure OpenAI resource key's shape and a Mistral key's. Both have a
      // tester: the first is picked, and Azure's asks for the resource its key works on.
      const shared = hex(32);
      await assignScenario([fakeOrigins['azure-openai']?.default ?? ''], shared, 'valid');
      await field(page).fill(shared);
      await expect.poll(() => note(page).textContent()).toBe('Its shape fits 2 providers: Azure OpenAI or Mistral. Pick the one it comes from.');
      const pick = page.getByRole('group', { name: 'Which provider is this key from?' });
      expect(await pick.getByRole('radio', { name: /^Azure OpenAI/ }).isChecked()).toBe(true);
      await page.locator('#kt-resource').waitFor();
      expect(await page.getByRole('button', { name: 'Test key' }).isDisabled()).toBe(true);
      await expectAccessible(page, view, 'candidates');
      await page.locator('#kt-resource').fill('keyprobe-test');
      await page.getByRole('button', { name: 'Test key' }).click();
      await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
      expect(await page.locator('.kt-verdict').textContent()).toContain('Your key works on keyprobe-test.openai.azure.com.');
      // The other candidate: Mistral's tester takes its place, without a resource field.
      await pick.getByRole('radio', { name: /^Mistral/ }).check();
      await expect.poll(() => page.locator('.kt-options-sum').textContent()).toMatch(/^Global/);
      expect(await page.locator('#kt-resource').count()).toBe(0);
      expect(await verdictHeading(page).count()).toBe(0);

      const key = canaryKey();
      await assignScenario(mistralFakes, key, 'validPaid');
      await field(page).fill(key);
      await expect.poll(() => note(page).textContent()).toMatch(/^Detected: Mistral — /);
      await page.getByRole('button', { name: 'Test key' }).click();
      await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
      await page.getByTestId('tester').getByRole('heading', { name: 'Models this key can use' }).waitFor();
      await expectAccessible(page, view, 'after a run');

      // Inline: no page load, and the key in no URL, request URL, history entry or storage.
      expect(await sameDocument(page)).toBe(true);
      expect(page.url()).toBe(`${origin}/`);
      expect(await page.evaluate(() => history.length === (window as unknown as { historyAtOpen: number }).historyAtOpen)).toBe(true);
      expect(leaksOf(key, urls.join('\n'))).toEqual([]);
      expect(leaksOf(key, await storage(page))).toEqual([]);
      // Only the providers that were needed had their data loaded.
      expect(providerChunks(watch.scriptRequests).sort()).toEqual(['azure-openai', 'mistral']);
      expect(watch.foreignRequests).toEqual([]);
      expect(watch.consoleErrors).toEqual([]);
      await page.close();
    });
  }

  it("tests a second provider's key the same way (DeepSeek, with its balance)", async () => {
    const page = await (await browsers.get(VIEWS[0]!)).context.newPage();
    await open(page, '/');
    const key = `sk-${hex(32)}`;
    await assignScenario([fakeOrigins.deepseek?.default ?? ''], key, 'twoCurrencies');
    await field(page).fill(key);
    await expect.poll(() => note(page).textContent()).toMatch(/^Detected: DeepSeek — /);
    await page.getByRole('button', { name: 'Test key' }).click();
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    expect(await page.getByTestId('tester').getByRole('heading', { name: /^Account/ }).textContent()).toContain('DeepSeek');
    expect(leaksOf(key, await page.content())).toEqual([]);
    await page.close();
  });

  it('offers the providers whose keys start the same way (sk-: DeepSeek or OpenAI), and every tester when no shape fits', async () => {
    const page = await (await browsers.get(VIEWS[0]!)).context.newPage();
    await open(page, '/');
    await field(page).fill(`sk-${'a1'.repeat(20)}`);
    await expect.poll(() => note(page).textContent()).toBe('Starts like a DeepSeek or OpenAI key, but its length is unusual — it may be cut off.');
    const pick = page.getByRole('group', { name: 'Which provider is this key from?' });
    expect(await pick.getByRole('radio', { name: /^DeepSeek/ }).isChecked()).toBe(true);
    expect(await pick.getByRole('radio', { name: /^OpenAI/ }).isChecked()).toBe(false);

    await field(page).fill('abc123def456ghi789');
    await expect.poll(() => note(page).textContent()).toMatch(/does not recognise this key's shape/);
    const radios = page.getByRole('group', { name: 'Which provider is this key from?' }).getByRole('radio');
    expect(await radios.count()).toBe(testableProviderIds().length);
    expect(await page.getByRole('button', { name: 'Test key' }).count()).toBe(0);
    await radios.filter({ has: page.locator('[value="cohere"]') }).or(page.getByRole('radio', { name: /^Cohere/ })).first().check();
    await page.getByRole('button', { name: 'Test key' }).waitFor();
    expect(await field(page).getAttribute('aria-describedby')).toBe('kt-key-note');
    await page.close();
  });
});

describe("a provider's page", () => {
  for (const view of [VIEWS[0]!, VIEWS[3]!]) {
    it(`warns about another provider's key and switches to its tester in place, keeping the key in memory only (${view.name})`, async () => {
      const browser = await browsers.get(view);
      const page = await browser.context.newPage();
      const urls: string[] = [];
      page.on('request', (r) => urls.push(r.url()));
      await open(page, '/mistral/');
      const key = `xai-${Array.from({ length: 80 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[randomInt(62)]).join('')}`;
      await assignScenario([fakeOrigins.xai?.default ?? ''], key, 'valid');
      await field(page).fill(key);
      await expect.poll(() => note(page).textContent()).toMatch(/^This looks like an xAI key — .+\. This tester is for Mistral keys\.$/);
      expect(await page.getByRole('button', { name: 'Test key' }).isDisabled()).toBe(true);
      await expectAccessible(page, view, 'warning');

      await page.getByRole('button', { name: 'Test it as an xAI key' }).click();
      await expect.poll(() => page.locator('label[for="kt-key"]').textContent()).toBe('Your xAI API key');
      expect(await field(page).inputValue()).toBe(key);
      await expect.poll(() => note(page).textContent()).toMatch(/^Detected: xAI — /);
      await page.getByRole('button', { name: 'Test key' }).click();
      await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
      expect(await page.locator('.kt-verdict').textContent()).toContain('api.x.ai');
      await expectAccessible(page, view, 'switched');

      await page.getByRole('button', { name: 'Back to the Mistral tester' }).click();
      await expect.poll(() => page.locator('label[for="kt-key"]').textContent()).toBe('Your Mistral API key');
      expect(await verdictHeading(page).count()).toBe(0);
      expect(await sameDocument(page)).toBe(true);
      expect(page.url()).toBe(`${origin}/mistral/`);
      expect(leaksOf(key, urls.join('\n'))).toEqual([]);
      expect(leaksOf(key, await storage(page))).toEqual([]);
      await page.close();
    });
  }
});

describe('the island budget', () => {
  /** gzip (level 6, as bench/lib/client-js.ts) of every script a page has loaded, and their text. */
  function recordScripts(page: Page) {
    const sizes = new Map<string, number>();
    const texts: string[] = [];
    const pending: Promise<void>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      pending.push(
        response.body().then((body) => {
          sizes.set(new URL(response.url()).pathname, gzipSync(body, { level: 6 }).byteLength);
          texts.push(body.toString('utf8'));
        }, () => undefined),
      );
    });
    const scripts = async () => {
      await Promise.all(pending);
      return [...sizes.entries()];
    };
    return Object.assign(scripts, { texts: async () => (await scripts(), texts.join('\n')) });
  }

  for (const path of ['/', '/mistral/']) {
    it(`mounts within 15 KB of gzipped script on ${path}, whatever the number of providers; a provider's data comes later, alone`, async () => {
      const page = await (await browsers.get(VIEWS[2]!)).context.newPage();
      const scripts = recordScripts(page);
      await open(page, path);
      await page.waitForLoadState('networkidle');
      // The search opener every page loads is budgeted on its own (≤ 1 KB, tests/e2e/search.test.ts).
      const atMount = (await scripts()).filter(([p]) => !p.startsWith('/_astro/SiteHeader.astro_astro_type_script'));
      const total = atMount.reduce((sum, [, bytes]) => sum + bytes, 0);
      expect(total, atMount.map(([p, b]) => `${p} ${b}`).join('\n')).toBeLessThanOrEqual(15 * 1024);
      expect(providerChunks(atMount.map(([p]) => p))).toEqual([]);
      if (path === '/') {
        const key = `xai-${'A1b2'.repeat(20)}`;
        await field(page).fill(key);
        await page.getByRole('button', { name: 'Test key' }).waitFor();
        expect(providerChunks((await scripts()).map(([p]) => p))).toEqual(['xai']);
        const code = await scripts.texts();
        // The tester's own later code (its options) is here; the after-run parts are not.
        expect(code).toContain('Measure latency');
        expect(AFTER_RUN_MARKERS.filter((marker) => code.includes(marker))).toEqual([]);
      }
      await page.close();
    });
  }
});
