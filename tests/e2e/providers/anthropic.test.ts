/**
 * The Anthropic tester as a user drives it, in Chromium, against the built site in workerd and the
 * fake Anthropic API: a full run, the verdicts with their fixes and error pages, an admin key, a
 * stream that ends in overloaded_error, and no trace of the key afterwards. axe passes.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from '../../support/axe.ts';
import { launchBrowser, type Browser } from '../../support/browser.ts';
import { assignScenario, leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';
import { untilRunEnds } from '../../support/tester-page.ts';

const origin = inject('siteOrigin');
const fake = (JSON.parse(inject('fakeOrigins')) as Record<string, Record<string, string>>).anthropic?.default ?? '';
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
});
afterAll(async () => {
  await browser?.close();
});

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random key of Anthropic's shape, unique per test, playing a scenario of the fake. */
async function keyFor(scenario: string, prefix = 'sk-ant-api03-'): Promise<string> {
  let key = prefix;
  for (let i = 0; i < 93; i++) key += ALPHABET[randomInt(ALPHABET.length)];
  key += 'AA';
  await assignScenario([fake], key, scenario);
  return key;
}

async function openTester(page: Page): Promise<void> {
  await page.goto(`${origin}/anthropic/`);
  await page.locator('#tester').scrollIntoViewIfNeeded();
  await expect.poll(() => page.locator('#kt-key').isEnabled()).toBe(true);
}

const verdictHeading = (page: Page) => page.locator('#kt-verdict-title');

describe('the Anthropic key tester', () => {
  it('a full run: validation, models, limits from the checks, chat and stream, benchmark; no trace of the key', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page);
    const key = await keyFor('valid');
    await page.locator('#kt-key').fill(key);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toContain('Detected: Anthropic — API key (sk-ant-api03-)');

    await page.locator('.kt-options summary').click();
    expect(await page.getByRole('checkbox', { name: /^Embeddings/ }).count()).toBe(0);
    for (const name of ['Chat', 'Streaming']) await page.getByRole('checkbox', { name: new RegExp(`^${name}`) }).check();
    await page.getByRole('checkbox', { name: /^Measure latency/ }).check();
    await page.locator('#kt-runs').fill('2');
    await page.locator('#kt-maxTokens').fill('8');
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/\$0\.\d+/);
    await page.getByRole('button', { name: 'Test key' }).click();

    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    await page.getByRole('heading', { name: 'Latency benchmark' }).waitFor();
    await untilRunEnds(page);
    const checks = await page.locator('#kt-checks-title').locator('..').textContent();
    expect(checks?.match(/works/g)).toHaveLength(2);
    expect(await page.getByRole('heading', { name: 'Models this key can use' }).isVisible()).toBe(true);
    const limits = page.locator('#kt-limits-title').locator('..');
    await expect.poll(() => limits.textContent()).toMatch(/Input tokens/);
    expect(await page.locator('.kt-verdict').textContent()).toMatch(/req_011C/);

    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);

    // The prefix is public (the page names it); the rest of the key is the secret.
    const secret = key.slice('sk-ant-api03-'.length);
    const traces = await page.evaluate(() => location.href + JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(leaksOf(secret, traces)).toEqual([]);
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    const dom = await page.evaluate(() => document.documentElement.outerHTML + [...document.querySelectorAll('input, textarea')].map((el) => (el as HTMLInputElement).value).join(' '));
    expect(leaksOf(secret, dom)).toEqual([]);
    await page.close();
  });

  const verdicts: [string, RegExp, string][] = [
    ['invalid', /Anthropic rejected this key/, '/anthropic/errors/401/'],
    ['disabledKey', /Anthropic rejected this key/, '/anthropic/errors/401/'],
    ['forbidden', /access refused/, '/anthropic/errors/403/'],
    ['noCredit', /no allowance left/, '/anthropic/errors/400-credit-balance-too-low/'],
    ['usageLimit', /no allowance left/, '/anthropic/errors/400-usage-limits/'],
    ['rateLimited', /rate-limited right now/, '/anthropic/errors/429/'],
    ['overloaded', /had a problem answering/, '/anthropic/errors/529-overloaded/'],
    ['serverError', /had a problem answering/, '/anthropic/errors/5xx/'],
  ];
  for (const [scenario, heading, errorPage] of verdicts) {
    it(`${scenario}: says so, explains the fix and links the error page`, async () => {
      const page = await browser.context.newPage();
      await openTester(page);
      await page.locator('#kt-key').fill(await keyFor(scenario));
      await page.getByRole('button', { name: 'Test key' }).click();
      await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toMatch(heading);
      const verdict = page.locator('.kt-verdict');
      expect(await verdict.textContent()).toContain('How to fix it');
      expect(await verdict.getByRole('link', { name: /What this error means/ }).getAttribute('href')).toBe(errorPage);
      await page.close();
    });
  }

  it('recognises an admin key as it is typed, and explains why it cannot call Claude', async () => {
    const page = await browser.context.newPage();
    await openTester(page);
    await page.locator('#kt-key').fill(await keyFor('adminKey', 'sk-ant-admin01-'));
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toContain('Admin API key (sk-ant-admin01-)');
    await page.getByRole('button', { name: 'Test key' }).click();
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toMatch(/Anthropic rejected this key/);
    const text = await page.locator('.kt-verdict').textContent();
    expect(text).toMatch(/Admin keys only work on the Admin API/);
    expect(text).toMatch(/create a standard API key/);
    await page.close();
  });

  it('a stream that ends in overloaded_error fails the streaming check and links the 529 page', async () => {
    const page = await browser.context.newPage();
    await openTester(page);
    await page.locator('#kt-key').fill(await keyFor('streamOverloaded'));
    await page.locator('.kt-options summary').click();
    await page.getByRole('checkbox', { name: /^Streaming/ }).check();
    await page.getByRole('button', { name: 'Test key' }).click();
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    const checks = page.locator('#kt-checks-title').locator('..');
    await expect.poll(() => checks.textContent()).toMatch(/failed/);
    expect(await checks.textContent()).toMatch(/Anthropic sent an error in it: “Overloaded”/);
    expect(await checks.getByRole('link', { name: 'What this error means' }).getAttribute('href')).toBe('/anthropic/errors/529-overloaded/');
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.close();
  });
});
