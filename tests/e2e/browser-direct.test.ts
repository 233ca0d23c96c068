/**
 * "Test from this browser" in Chromium: the page calls the providers' real origins, as shipped
 * (https://api.mistral.ai, https://openrouter.ai, https://api.anthropic.com,
 * https://generativelanguage.googleapis.com), and Chromium's host resolver rules send those
 * names to TLS fronts of the loopback fakes. Nothing in the site's code or CSP names a test origin:
 * the CSP, CORS (preflights included, answered by the fakes) and the Access-Control-Expose-Headers
 * lists are the browser's own checks, as on a user's machine. No request reaches /api/test, the key
 * goes to the provider only, and it stays out of every URL and storage.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from '../support/axe.ts';
import { launchBrowser, type Browser } from '../support/browser.ts';
import { assignScenario, canaryKey, leaksOf } from '../support/canary.ts';
import type { RecordedRequest } from '../fakes/framework.ts';
import { startTlsFront, type TlsFront } from '../support/tls-front.ts';
import { untilRunEnds, verdictHeading } from '../support/tester-page.ts';

const origin = inject('siteOrigin');
const fakes = JSON.parse(inject('fakeOrigins')) as Record<string, Record<string, string>>;
const platform = fakes.mistral?.platform ?? '';
const codestral = fakes.mistral?.codestral ?? '';
const openrouter = fakes.openrouter?.default ?? '';
const anthropic = fakes.anthropic?.default ?? '';
const gemini = fakes.gemini?.default ?? '';

let browser: Browser;
const fronts: TlsFront[] = [];

beforeAll(async () => {
  const front = async (fake: string) => {
    const f = await startTlsFront(fake);
    fronts.push(f);
    return f.address;
  };
  const mistralFront = await front(platform);
  browser = await launchBrowser({
    hostMap: {
      'api.mistral.ai': mistralFront,
      'api.eu.mistral.ai': mistralFront,
      'api.us.mistral.ai': mistralFront,
      'codestral.mistral.ai': await front(codestral),
      'openrouter.ai': await front(openrouter),
      'api.anthropic.com': await front(anthropic),
      'generativelanguage.googleapis.com': await front(gemini),
    },
  });
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(fronts.map((f) => f.close()));
});

/** What a fake received (its request log), since `since` (ms since the epoch). */
async function received(fake: string, since: number): Promise<RecordedRequest[]> {
  const log = (await (await fetch(`${fake}/__fake/requests`)).json()) as RecordedRequest[];
  return log.filter((r) => r.at >= since);
}

interface Watched {
  urls: string[];
  violations: () => Promise<string[]>;
}

/** Every request URL the page makes, and CSP violations from its first script on. */
async function watch(page: Page): Promise<Watched> {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { violations: string[] }).violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { urls, violations: () => page.evaluate(() => (window as unknown as { violations: string[] }).violations) };
}

async function openFromBrowser(page: Page, provider: string, key: string): Promise<void> {
  await page.goto(`${origin}/${provider}/`);
  await page.locator('#tester').scrollIntoViewIfNeeded();
  await expect.poll(() => page.locator('#kt-key').isEnabled()).toBe(true);
  await page.locator('#kt-key').fill(key);
  await page.locator('.kt-options summary').click();
  const direct = page.getByRole('checkbox', { name: /^Test from this browser/ });
  expect(await direct.isChecked(), 'off by default').toBe(false);
  // The runner and the adapter are fetched only once the mode is turned on.
  const runnerLoaded = () => page.evaluate(() => performance.getEntriesByType('resource').some((e) => /\/_astro\/direct\.[^/]+\.js$/.test(e.name)));
  expect(await runnerLoaded(), 'the runner before the mode is on').toBe(false);
  await direct.check();
  await expect.poll(runnerLoaded).toBe(true);
}

/** A result panel, by its heading. */
const panel = (page: Page, heading: string) => page.locator('section.kt-panel').filter({ has: page.getByRole('heading', { name: heading, exact: true }) });

/** Everything in the page and its storage that could hold a key. */
const traces = (page: Page) =>
  page.evaluate(async () => ({
    url: location.href,
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    cookies: document.cookie,
    indexedDB: JSON.stringify((await indexedDB.databases?.()) ?? []),
    caches: JSON.stringify(await caches.keys()),
  }));

/** What every run from the page must leave: no call to the site's endpoint, no CSP violation, the key in no URL and nowhere the page keeps. */
async function expectKeyOnlyToProvider(page: Page, seen: Watched, key: string): Promise<void> {
  expect(seen.urls.filter((u) => u.startsWith(`${origin}/api/`))).toEqual([]);
  expect(await seen.violations()).toEqual([]);
  for (const url of seen.urls) expect(leaksOf(key, url), url).toEqual([]);
  for (const [where, value] of Object.entries(await traces(page))) expect(leaksOf(key, value), where).toEqual([]);
}

/** Runs the test from the page (after `prepare` picks options) until it ends, its key found working. */
async function runWorkingKey(page: Page, provider: string, key: string, prepare: () => Promise<void> = async () => undefined): Promise<void> {
  await openFromBrowser(page, provider, key);
  await prepare();
  await page.getByRole('button', { name: 'Test key' }).click();
  await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
  await untilRunEnds(page);
}

describe('Test from this browser', () => {
  it('Mistral, a working key: models, limits not exposed to browsers, a check, a benchmark; no /api/test, key only to the provider', async () => {
    const page = await browser.context.newPage();
    const seen = await watch(page);
    const key = canaryKey();
    await assignScenario([platform, codestral], key, 'validFree');
    const since = Date.now();
    await openFromBrowser(page, 'mistral', key);
    expect(await page.locator('#kt-browser-direct-hint').textContent()).toContain("Your key goes straight from this browser to Mistral (api.mistral.ai); Keyprobe's server is not involved.");
    await page.getByRole('checkbox', { name: /^Chat/ }).check();
    await page.getByRole('checkbox', { name: /^Measure latency/ }).check();
    await page.locator('#kt-runs').fill('2');
    await page.locator('#kt-maxTokens').fill('8');
    expect(describeViolations(await axeViolations(page))).toBe('');
    await page.getByRole('button', { name: 'Test key' }).click();

    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    await page.getByRole('heading', { name: 'Latency benchmark' }).waitFor();
    await untilRunEnds(page);
    await panel(page, 'Latency benchmark').locator('table').first().waitFor();
    expect(await page.locator('.kt-direct-note').textContent()).toContain('Measured from this browser: the key went straight to Mistral');
    expect(await panel(page, 'Latency benchmark').textContent()).toContain('measured from this browser');

    // Mistral sends no Access-Control-Expose-Headers: its request id and limits exist, but a page cannot read them.
    expect(await page.locator('.kt-verdict').textContent()).toMatch(/Request IDnot exposed to browsers/i);
    // Mistral sends no Access-Control-Expose-Headers: its limits exist but a page cannot read them.
    const limits = panel(page, 'Rate limits');
    expect(await limits.textContent()).toContain('x-ratelimit-limit-req-minute');
    expect(await limits.textContent()).toContain('not exposed to browsers');
    expect(await limits.textContent()).not.toContain('sent no rate-limit headers');
    const checks = await panel(page, 'Checks').textContent();
    expect(checks).toMatch(/Chat/);
    expect(await page.getByRole('heading', { name: /models/i }).first().isVisible()).toBe(true);
    expect(describeViolations(await axeViolations(page))).toBe('');

    // The calls went from the page to Mistral's real origin, through CORS preflights; none to the site's endpoint.
    expect(seen.urls.filter((u) => u.startsWith(`${origin}/api/`))).toEqual([]);
    expect(seen.urls.some((u) => u.startsWith('https://api.mistral.ai/v1/models'))).toBe(true);
    expect(await seen.violations()).toEqual([]);
    const calls = await received(platform, since);
    const preflights = calls.filter((r) => r.method === 'OPTIONS');
    expect(preflights.length).toBeGreaterThan(0);
    expect(preflights.every((r) => r.headers.origin === origin && !leaksOf(key, JSON.stringify(r.headers)).length)).toBe(true);
    const keyed = calls.filter((r) => r.method !== 'OPTIONS');
    expect(keyed.map((r) => r.headers.authorization)).toEqual(keyed.map(() => `Bearer ${key}`));
    expect(keyed.every((r) => r.headers.origin === origin && r.headers.referer === undefined && r.headers.cookie === undefined)).toBe(true);

    // The key is in no URL the page asked for, and nowhere it keeps.
    for (const url of seen.urls) expect(leaksOf(key, url), url).toEqual([]);
    for (const [where, value] of Object.entries(await traces(page))) expect(leaksOf(key, value), where).toEqual([]);
    expect((await browser.context.cookies()).filter((c) => leaksOf(key, JSON.stringify(c)).length)).toEqual([]);
    await page.close();
  });

  it('Mistral, a refused key: the 401 verdict and its error page, measured from this browser', async () => {
    const page = await browser.context.newPage();
    const seen = await watch(page);
    const key = canaryKey();
    await assignScenario([platform, codestral], key, 'unauthorizedKong');
    await openFromBrowser(page, 'mistral', key);
    await page.getByRole('button', { name: 'Test key' }).click();
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toMatch(/Mistral rejected this key/);
    await untilRunEnds(page);
    const link = page.locator('.kt-verdict a[href="/mistral/errors/401/"]');
    expect(await link.count()).toBeGreaterThan(0);
    expect(await page.locator('.kt-direct-note').isVisible()).toBe(true);
    expect(seen.urls.filter((u) => u.startsWith(`${origin}/api/`))).toEqual([]);
    expect(await seen.violations()).toEqual([]);
    expect(describeViolations(await axeViolations(page))).toBe('');
    await link.first().click();
    await page.waitForURL(`${origin}/mistral/errors/401/`);
    await page.close();
  });

  it('OpenRouter, a working key: the key check and a streamed check from this browser', async () => {
    const page = await browser.context.newPage();
    const seen = await watch(page);
    const key = `sk-or-v1-${randomBytes(32).toString('hex')}`;
    await assignScenario([openrouter], key, 'capped');
    const since = Date.now();
    await runWorkingKey(page, 'openrouter', key, () => page.getByRole('checkbox', { name: /^Streaming/ }).check());
    expect(await page.locator('.kt-verdict').textContent()).toContain('Of its own credit limit of $100.00 a month, $74.50 is left.');
    expect(await panel(page, 'Checks').textContent()).toMatch(/Streaming/);
    // OpenRouter exposes X-Generation-Id and cf-ray, not its x-ratelimit-* headers.
    expect(await panel(page, 'Rate limits').textContent()).toContain('not exposed to browsers');
    const calls = await received(openrouter, since);
    expect(calls.filter((r) => r.method !== 'OPTIONS' && !(r.headers.authorization ?? '').includes(key)).map((r) => r.path)).toEqual(['/api/v1/models']);
    await expectKeyOnlyToProvider(page, seen, key);
    await page.close();
  });

  it('Anthropic, a working key: sent with its opt-in header, and every header readable, as Anthropic exposes them all', async () => {
    const page = await browser.context.newPage();
    const seen = await watch(page);
    const key = `sk-ant-api03-${randomBytes(70).toString('base64url').slice(0, 93)}AA`;
    await assignScenario([anthropic], key, 'valid');
    const since = Date.now();
    await runWorkingKey(page, 'anthropic', key);
    // Access-Control-Expose-Headers: * lets the page read the request id (not "not exposed to browsers").
    const verdict = await page.locator('.kt-verdict').textContent();
    expect(verdict).toMatch(/Request id\s*req_/);
    expect(verdict).not.toMatch(/not exposed to browsers/i);
    expect(await page.getByRole('heading', { name: /models/i }).first().isVisible()).toBe(true);
    const calls = await received(anthropic, since);
    expect(calls.some((r) => r.method === 'OPTIONS')).toBe(true);
    const keyed = calls.filter((r) => r.method !== 'OPTIONS');
    expect(keyed.length).toBeGreaterThan(0);
    expect(keyed.every((r) => r.headers['x-api-key'] === key && r.headers['anthropic-dangerous-direct-browser-access'] === 'true' && r.headers.origin === origin)).toBe(true);
    await expectKeyOnlyToProvider(page, seen, key);
    await page.close();
  });

  it('Gemini, a working key: the key in its header (never the URL), through a preflight Google allows', async () => {
    const page = await browser.context.newPage();
    const seen = await watch(page);
    const key = `AIzaSy${randomBytes(30).toString('base64url').slice(0, 33)}`;
    await assignScenario([gemini], key, 'valid');
    const since = Date.now();
    await runWorkingKey(page, 'gemini', key);
    expect(await page.getByRole('heading', { name: /models/i }).first().isVisible()).toBe(true);
    expect(seen.urls.some((u) => u.startsWith('https://generativelanguage.googleapis.com/'))).toBe(true);
    const calls = await received(gemini, since);
    const preflights = calls.filter((r) => r.method === 'OPTIONS');
    expect(preflights.length).toBeGreaterThan(0);
    expect(preflights.every((r) => (r.headers['access-control-request-headers'] ?? '').split(',').every((h) => ['content-type', 'x-goog-api-key', 'x-goog-api-client', 'authorization'].includes(h.trim())))).toBe(true);
    const keyed = calls.filter((r) => r.method !== 'OPTIONS');
    expect(keyed.length).toBeGreaterThan(0);
    expect(keyed.every((r) => r.headers['x-goog-api-key'] === key && !r.path.includes(key))).toBe(true);
    await expectKeyOnlyToProvider(page, seen, key);
    await page.close();
  });

  it('on a phone screen in dark mode, the option and a result from this browser pass axe', async () => {
    const phone = await launchBrowser({ colorScheme: 'dark', width: 375, height: 800, hostMap: { 'api.mistral.ai': fronts[0]?.address ?? '' } });
    try {
      const page = await phone.context.newPage();
      const key = canaryKey();
      await assignScenario([platform, codestral], key, 'validFree');
      await openFromBrowser(page, 'mistral', key);
      expect(describeViolations(await axeViolations(page))).toBe('');
      await page.getByRole('button', { name: 'Test key' }).click();
      await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
      await untilRunEnds(page);
      expect(await page.locator('.kt-direct-note').isVisible()).toBe(true);
      expect(describeViolations(await axeViolations(page))).toBe('');
    } finally {
      await phone.close();
    }
  });

  it('the CSP is the browser-side fence: a provider origin outside connect-src is refused before any request', async () => {
    const page = await browser.context.newPage();
    const seen = await watch(page);
    await page.goto(`${origin}/mistral/`);
    // api.cohere.com is a tester's origin, but Cohere's CORS is not verified: not in connect-src.
    const outcome = await page.evaluate(() => fetch('https://api.cohere.com/v1/models').then(() => 'sent', () => 'refused'));
    expect(outcome).toBe('refused');
    expect((await seen.violations()).some((v) => v.startsWith('connect-src https://api.cohere.com'))).toBe(true);
    await page.close();
  });
});
