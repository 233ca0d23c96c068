/**
 * The DeepSeek tester as a user drives it on /deepseek/, in Chromium, against the built site in
 * workerd and the DeepSeek fake: a full run with the account's balance, a key that cannot spend,
 * the failures with their error pages, and no trace of the key on the page; axe passes.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from '../../support/axe.ts';
import { launchBrowser, type Browser } from '../../support/browser.ts';
import { assignScenario, leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';

const origin = inject('siteOrigin');
const fake = (JSON.parse(inject('fakeOrigins')) as Record<string, Record<string, string>>).deepseek?.default ?? '';
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A fresh DeepSeek-shaped key (sk- + 32 hex) playing a fake scenario: anywhere it turns up is a leak. */
async function keyFor(scenario: string): Promise<string> {
  let key = 'sk-';
  while (key.length < 35) key += '0123456789abcdef'[randomInt(16)];
  await assignScenario([fake], key, scenario);
  return key;
}

async function openTester(page: Page): Promise<void> {
  await page.goto(`${origin}/deepseek/`);
  await page.locator('#tester').scrollIntoViewIfNeeded();
  await expect.poll(() => page.locator('#kt-key').isEnabled()).toBe(true);
}

const verdictHeading = (page: Page) => page.locator('#kt-verdict-title');

describe('the DeepSeek tester', () => {
  it('a full run: detection, balance, models, checks, a benchmark; accessible, and the key stays off the page', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page);
    const key = await keyFor('twoCurrencies');
    await page.locator('#kt-key').fill(key);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toMatch(/^Detected: DeepSeek — .*DeepSeek likely/);

    await page.locator('.kt-options summary').click();
    for (const name of ['Chat', 'Streaming']) await page.getByRole('checkbox', { name: new RegExp(`^${name}`) }).check();
    await page.getByRole('checkbox', { name: /^Measure latency/ }).check();
    await page.locator('#kt-runs').fill('2');
    await page.locator('#kt-maxTokens').fill('8');
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/\$0\.\d+/);
    await page.getByRole('button', { name: 'Test key' }).click();

    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    const account = page.locator('section[aria-labelledby="kt-account-title"]');
    await account.waitFor();
    const accountText = await account.textContent();
    expect(accountText).toContain('Balance (CNY)110.00');
    expect(accountText).toContain('Balance (USD)4.25');
    expect(accountText).toContain('Can spendyes');
    // The benchmark runs after the checks: once its table is there, both checks have answered.
    const bench = page.locator('section[aria-labelledby="kt-bench-title"]');
    await bench.locator('table').first().waitFor();
    const checks = await page.locator('#kt-checks-title').locator('..').textContent();
    expect(checks?.match(/works/g)).toHaveLength(2);
    expect(await bench.locator('.kt-token-source').textContent()).toBe('Output tokens as DeepSeek reported them in its usage.');
    expect(await page.getByRole('heading', { name: 'Models this key can use' }).isVisible()).toBe(true);

    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(leaksOf(key, await page.content())).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('a key whose balance is not available: valid, cannot spend, with the balance and the 402 page', async () => {
    const page = await browser.context.newPage();
    await openTester(page);
    await page.locator('#kt-key').fill(await keyFor('quotaExhausted'));
    await page.getByRole('button', { name: 'Test key' }).click();
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Valid key, but no allowance left');
    const verdict = page.locator('.kt-verdict');
    expect(await verdict.textContent()).toContain('is_available is false');
    expect(await verdict.getByRole('link', { name: /What this error means/ }).getAttribute('href')).toBe('/deepseek/errors/402/');
    expect(await page.locator('section[aria-labelledby="kt-account-title"]').textContent()).toContain('Can spendno');
    await page.close();
  });

  const verdicts: [string, RegExp, string][] = [
    ['invalid', /DeepSeek rejected this key/, '/deepseek/errors/401/'],
    ['forbidden', /DeepSeek does not serve the place this test ran from/, '/deepseek/errors/403/'],
    ['rateLimited', /rate-limited right now/, '/deepseek/errors/429/'],
    ['serverError', /DeepSeek had a problem answering/, '/deepseek/errors/5xx/'],
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
});
