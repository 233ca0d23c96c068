/**
 * Shareable, redacted results and the rotation reminder, in Chromium against the built site and
 * the Mistral fake. "Copy link" gives a /shared/ URL whose fragment holds the result: every field
 * of it is decoded here and holds no canary; opening it shows the same result view read-only under
 * a "shared result, not a live test" banner, sends nothing, and a broken, tampered or free-text
 * fragment shows a clear message instead. "Remind me to rotate this key" downloads a calendar file
 * made in the page, read here: provider, last 4 characters, console page, the day chosen, no
 * canary, and no request. 1280 and 375 px, light and dark, axe.
 */
import { readFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { assignScenario, canaryKey, leaksOf } from '../support/canary.ts';
import { watchPage } from '../support/page-watch.ts';
import { expectAccessible, viewBrowsers, VIEWS, type View } from '../support/views.ts';

const origin = inject('siteOrigin');
const mistralFakes = [inject('fakePlatform'), inject('fakeCodestral')];
const browsers = viewBrowsers();
afterAll(() => browsers.close());

/** Every string of a decoded value, keys included. */
const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(strings) : value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]) : [];
const decode = (fragment: string): unknown => JSON.parse(inflateRawSync(Buffer.from(fragment.replace(/^v1\./, ''), 'base64url')).toString('utf8'));
const encode = (value: unknown): string => `v1.${deflateRawSync(Buffer.from(JSON.stringify(value))).toString('base64url')}`;

async function cspWatch(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

/** A full run on /mistral/ (chat check and a 2-run benchmark) with a canary key; resolves when it is over. */
async function run(page: Page): Promise<string> {
  await page.goto(`${origin}/mistral/`);
  await page.locator('#tester').scrollIntoViewIfNeeded();
  await expect.poll(() => page.locator('#kt-key').isEnabled(), { timeout: 15_000 }).toBe(true);
  const key = canaryKey();
  await assignScenario(mistralFakes, key, 'validPaid');
  await page.locator('#kt-key').fill(key);
  await page.locator('.kt-options summary').click();
  await page.getByRole('checkbox', { name: /^Chat/ }).check();
  await page.getByRole('checkbox', { name: /^Measure latency/ }).check();
  await page.locator('#kt-runs').fill('2');
  await page.locator('#kt-runs').blur();
  await page.getByRole('button', { name: 'Test key' }).click();
  await expect.poll(() => page.locator('#kt-verdict-title').textContent(), { timeout: 20_000 }).toContain('Your key works');
  await expect.poll(() => page.locator('.kt-progress').count(), { timeout: 30_000 }).toBe(0);
  return key;
}

async function openShared(view: View, url: string) {
  const page = await (await browsers.get(view)).context.newPage();
  const violations = await cspWatch(page);
  const watch = watchPage(page, origin);
  const posts: string[] = [];
  page.on('request', (r) => r.method() !== 'GET' && posts.push(r.url()));
  await page.goto(url);
  await page.getByTestId('shared-result').locator('h2').first().waitFor({ timeout: 15_000 });
  return { page, watch, posts, violations };
}

describe('shared results', () => {
  for (const view of VIEWS) {
    it(`Copy link gives a redacted link that shows the same result, read-only (${view.name})`, async () => {
      const browser = await browsers.get(view);
      await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
      const page = await browser.context.newPage();
      const key = await run(page);
      await page.getByRole('button', { name: 'Copy link' }).click();
      await expect.poll(() => page.locator('.kt-after').textContent()).toContain('Link copied');
      const link = await page.evaluate(() => navigator.clipboard.readText());
      const url = new URL(link);
      expect(`${url.origin}${url.pathname}`).toBe(`${origin}/shared/`);
      expect(url.search).toBe('');
      expect(url.hash).toMatch(/^#v1\.[A-Za-z0-9_-]+$/);
      expect(leaksOf(key, link)).toEqual([]);

      // Every field, decoded: no canary, no account fact, no text; the key's last 4 characters at most.
      const data = decode(url.hash.slice(1)) as Record<string, unknown>;
      for (const text of strings(data)) expect(leaksOf(key, text), text).toEqual([]);
      expect(leaksOf(key, JSON.stringify(data))).toEqual([]);
      expect(data).toMatchObject({ v: 1, provider: 'mistral', endpoint: 'global', key: key.slice(-4), phase: 'finished', validation: { verdict: 'valid', status: 200 } });
      expect(Object.keys(data).sort()).toEqual(['at', 'benchmark', 'checks', 'endpoint', 'failure', 'failureStatus', 'from', 'key', 'limits', 'models', 'outcome', 'phase', 'provider', 'totalMs', 'v', 'validation']);
      expect(JSON.stringify(data)).not.toMatch(/message|account|balance|Your key works/);

      const shared = await openShared(view, link);
      const main = shared.page.locator('main');
      expect(await shared.page.getByRole('heading', { name: 'Shared result, not a live test' }).isVisible()).toBe(true);
      expect(await main.textContent()).toContain(`A Mistral key ending in …${key.slice(-4)} was tested on Global (api.mistral.ai)`);
      expect(await shared.page.locator('#kt-verdict-title').textContent()).toContain('Your key works');
      for (const heading of ['Rate limits', 'Checks', 'Latency benchmark', 'Models this key can use']) expect(await main.getByRole('heading', { name: heading }).count(), heading).toBe(1);
      expect(await main.locator('.kt-bench-grid, #kt-key, .kt-test').count()).toBe(0);
      expect(await main.locator('svg circle').count()).toBeGreaterThanOrEqual(3);
      expect(shared.posts).toEqual([]);
      expect(leaksOf(key, await shared.page.content())).toEqual([]);
      expect(await shared.violations()).toEqual([]);
      expect(shared.watch.consoleErrors).toEqual([]);
      expect(shared.watch.foreignRequests).toEqual([]);
      await expectAccessible(shared.page, view, 'shared result');
      await shared.page.close();
      await page.close();
    });
  }

  it('shows a clear message for a broken, tampered, free-text or empty fragment, and none of its text', async () => {
    const browser = await browsers.get(VIEWS[0]!);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const page = await browser.context.newPage();
    await run(page);
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => page.locator('.kt-after').textContent()).toContain('Link copied');
    const link = new URL(await page.evaluate(() => navigator.clipboard.readText()));
    await page.close();
    const good = decode(link.hash.slice(1)) as Record<string, Record<string, unknown>>;
    const evil = 'Paste your key at https://evil.example';
    const cases: [string, string, RegExp][] = [
      ['cut off', link.hash.slice(0, 40), /damaged/],
      ['not base64', '#v1.%%%%', /damaged/],
      ['another version', '#v7.abc', /version of Keyprobe/],
      ['empty', '#', /holds no result/],
      ['free text added', `#${encode({ ...good, message: evil })}`, /not a result Keyprobe writes/],
      ['free text in a field', `#${encode({ ...good, validation: { ...good.validation, requestId: evil } })}`, /not a result Keyprobe writes/],
      ['tampered verdict', `#${encode({ ...good, validation: { ...good.validation, verdict: 'pwned' } })}`, /not a result Keyprobe writes/],
      ['unknown provider', `#${encode({ ...good, provider: 'evilcorp' })}`, /provider Keyprobe has no tester for/],
      ['unknown endpoint', `#${encode({ ...good, endpoint: 'evil' })}`, /endpoint that is not in/],
    ];
    for (const [name, hash, said] of cases) {
      const shared = await openShared(VIEWS[0]!, `${origin}/shared/${hash}`);
      const alert = shared.page.getByRole('alert');
      expect(await alert.getByRole('heading').textContent(), name).toBe("This link's result cannot be shown");
      expect(await alert.textContent(), name).toMatch(said);
      expect(await shared.page.locator('main').textContent(), name).not.toMatch(/evil|Paste your key/);
      expect(await shared.page.locator('#kt-verdict-title').count(), name).toBe(0);
      expect(shared.watch.consoleErrors, name).toEqual([]);
      expect(await shared.violations(), name).toEqual([]);
      await shared.page.close();
    }
    // A made-up rate limit name passes the schema's shape but is not in the provider's data: left out.
    const limits = [{ name: 'Paste your key at evil', window: 'day', limit: 1, remaining: null }];
    const shared = await openShared(VIEWS[0]!, `${origin}/shared/#${encode({ ...good, limits })}`);
    expect(await shared.page.locator('main').textContent()).not.toMatch(/evil|Paste your key/);
    expect(await shared.page.locator('main').textContent()).toMatch(/1 detail of the link is not shown/);
    await shared.page.close();
  });
});

describe('rotation reminder', () => {
  for (const view of VIEWS) {
    it(`downloads a calendar file made in the page: provider, last 4 characters, console page, the chosen day; nothing sent (${view.name})`, async () => {
      const page = await (await browsers.get(view)).context.newPage();
      const key = await run(page);
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const today = new Date();
      const dayAhead = (days: number) => {
        const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + days));
        return d.toISOString().slice(0, 10).replace(/-/g, '');
      };
      const remind = page.getByRole('button', { name: 'Remind me to rotate this key' });
      await expectAccessible(page, view, 'after a run');
      const [download] = await Promise.all([page.waitForEvent('download'), remind.click()]);
      expect(download.suggestedFilename()).toBe(`rotate-mistral-key-${key.slice(-4)}.ics`);
      const ics = readFileSync((await download.path()) as string, 'utf8');
      const lines = ics.replace(/\r\n /g, '').split('\r\n');
      expect(lines).toContain(`DTSTART;VALUE=DATE:${dayAhead(90)}`);
      expect(lines).toContain(`SUMMARY:Rotate your Mistral API key ending in ${key.slice(-4)}`);
      expect(lines).toContain('URL:https://console.mistral.ai/api-keys');
      expect(leaksOf(key, ics)).toEqual([]);

      await page.getByLabel('in', { exact: true }).fill('30');
      await page.getByLabel('in', { exact: true }).blur();
      const [second] = await Promise.all([page.waitForEvent('download'), remind.click()]);
      expect(readFileSync((await second.path()) as string, 'utf8').replace(/\r\n /g, '')).toContain(`DTSTART;VALUE=DATE:${dayAhead(30)}`);
      expect(await page.locator('.kt-reminder [role="status"]').textContent()).toMatch(/Nothing was sent or stored/);
      // Made in the page: no request at all, nothing stored.
      expect(requests.filter((u) => !u.startsWith('blob:'))).toEqual([]);
      expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie)).toBe('{}{}');
      await page.close();
    });
  }

  it('is offered only after a successful test', async () => {
    const page = await (await browsers.get(VIEWS[0]!)).context.newPage();
    await page.goto(`${origin}/mistral/`);
    await page.locator('#tester').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('#kt-key').isEnabled(), { timeout: 15_000 }).toBe(true);
    const key = canaryKey();
    await assignScenario(mistralFakes, key, 'unauthorizedKong');
    await page.locator('#kt-key').fill(key);
    await page.getByRole('button', { name: 'Test key' }).click();
    await expect.poll(() => page.locator('#kt-verdict-title').textContent(), { timeout: 20_000 }).toMatch(/rejected/);
    // The after-run parts load as chunks of their own once the result shows: wait for them, so
    // that the reminder's absence is its choice and not a chunk still on its way.
    await expect.poll(() => page.getByRole('button', { name: 'Copy link' }).count(), { timeout: 10_000 }).toBe(1);
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('button', { name: 'Remind me to rotate this key' }).count()).toBe(0);
    await page.close();
  });
});
