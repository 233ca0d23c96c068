/**
 * The xAI tester as a user drives it on /xai/, in Chromium, against the built site in workerd and
 * the xAI fake: a full run with the key's ACLs and the token count the benchmark used, a team
 * without credits, a spent team found by the chat check, and the failures with their error pages;
 * axe passes and the key stays off the page.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from '../../support/axe.ts';
import { launchBrowser, type Browser } from '../../support/browser.ts';
import { assignScenario, leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';

const origin = inject('siteOrigin');
const fake = (JSON.parse(inject('fakeOrigins')) as Record<string, Record<string, string>>).xai?.default ?? '';
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh xAI-shaped key (xai- + 80 characters) playing a fake scenario: anywhere it turns up is a leak. */
async function keyFor(scenario: string): Promise<string> {
  let key = 'xai-';
  while (key.length < 84) key += ALPHABET[randomInt(ALPHABET.length)];
  await assignScenario([fake], key, scenario);
  return key;
}

async function openTester(page: Page): Promise<void> {
  await page.goto(`${origin}/xai/`);
  await page.locator('#tester').scrollIntoViewIfNeeded();
  await expect.poll(() => page.locator('#kt-key').isEnabled()).toBe(true);
}

const verdictHeading = (page: Page) => page.locator('#kt-verdict-title');

describe('the xAI tester', () => {
  it('a full run: ACLs, checks, and a benchmark that says which token count it used; accessible, no trace of the key', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page);
    const key = await keyFor('valid');
    await page.locator('#kt-key').fill(key);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toMatch(/^Detected: xAI/);

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
    expect(accountText).toContain('KeyDefault');
    expect(accountText).toContain('Permissions: api-key:model:*, api-key:endpoint:*');
    // The benchmark runs after the checks: once its table is there, both checks have answered.
    const bench = page.locator('section[aria-labelledby="kt-bench-title"]');
    await bench.locator('table').first().waitFor();
    const checks = await page.locator('#kt-checks-title').locator('..').textContent();
    expect(checks?.match(/works/g)).toHaveLength(2);
    expect(await bench.locator('.kt-token-source').textContent()).toMatch(/^Output tokens as xAI reported them in its usage, reasoning tokens left out/);

    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(leaksOf(key, await page.content())).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('a team without credits: valid key, cannot spend, with the no-credits page', async () => {
    const page = await browser.context.newPage();
    await openTester(page);
    await page.locator('#kt-key').fill(await keyFor('teamBlocked'));
    await page.getByRole('button', { name: 'Test key' }).click();
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Valid key, but no allowance left');
    expect(await page.locator('.kt-verdict').getByRole('link', { name: /What this error means/ }).getAttribute('href')).toBe('/xai/errors/403-no-credits/');
    expect(await page.locator('section[aria-labelledby="kt-account-title"]').textContent()).toContain('Can spendno');
    await page.close();
  });

  it('a team that used its credits: the chat check finds it, and the overall verdict says so', async () => {
    const page = await browser.context.newPage();
    await openTester(page);
    await page.locator('#kt-key').fill(await keyFor('quotaExhausted'));
    await page.locator('.kt-options summary').click();
    await page.getByRole('checkbox', { name: /^Chat/ }).check();
    await page.getByRole('button', { name: 'Test key' }).click();
    await expect.poll(() => page.getByTestId('outcome').textContent(), { timeout: 20_000 }).toMatch(/^Overall: Valid key, but no allowance left\./);
    const checks = page.locator('#kt-checks-title').locator('..');
    expect(await checks.getByRole('link', { name: 'What this error means' }).getAttribute('href')).toBe('/xai/errors/403-no-credits/');
    expect(await checks.textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await page.close();
  });

  const verdicts: [string, RegExp, string][] = [
    ['invalid', /xAI rejected this key/, '/xai/errors/400/'],
    ['keyDisabled', /xAI rejected this key/, '/xai/errors/400/'],
    ['rateLimited', /rate-limited right now/, '/xai/errors/429/'],
    ['serverError', /xAI had a problem answering/, '/xai/errors/5xx/'],
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
