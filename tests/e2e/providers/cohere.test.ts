/**
 * Cohere's tester as a user drives it, in Chromium, against the built site in workerd and the Cohere
 * fake: a pasted key is detected as Cohere's, a trial key runs every check and shows its trial
 * limits, failures say so and link their error page, a failed paid check links its own; axe passes.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from '../../support/axe.ts';
import { launchBrowser, type Browser } from '../../support/browser.ts';
import { assignScenario, leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';

const origin = inject('siteOrigin');
const fake = (JSON.parse(inject('fakeOrigins')) as Record<string, Record<string, string>>).cohere?.default ?? '';
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A fresh random key of Cohere's shape (40 letters and digits), playing a scenario of the fake. */
async function keyFor(scenario: string): Promise<string> {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let key = '';
  for (let i = 0; i < 40; i++) key += alphabet[randomInt(alphabet.length)];
  await assignScenario([fake], key, scenario);
  return key;
}

async function openTester(page: Page): Promise<void> {
  await page.goto(`${origin}/cohere/`);
  await page.locator('#tester').scrollIntoViewIfNeeded();
  await expect.poll(() => page.locator('#kt-key').isEnabled()).toBe(true);
}

const verdictHeading = (page: Page) => page.locator('#kt-verdict-title');

describe('the Cohere tester', () => {
  it('a trial key: detected, every check works, the trial limits are shown, axe passes', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page);
    const key = await keyFor('validTrial');
    await page.locator('#kt-key').fill(key);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toContain('Detected: Cohere');

    await page.locator('.kt-options summary').click();
    for (const name of ['Chat', 'Streaming', 'Embeddings']) await page.getByRole('checkbox', { name: new RegExp(`^${name}`) }).check();
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/\$0\.\d+/);
    await page.getByRole('button', { name: 'Test key' }).click();

    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    const checks = page.locator('#kt-checks-title').locator('..');
    await expect.poll(async () => (await checks.textContent())?.match(/works/g)?.length ?? 0, { timeout: 20_000 }).toBe(3);
    expect(await checks.textContent()).toContain('command-r7b-12-2024');
    expect(await checks.textContent()).toContain('embed-v4.0');
    expect(await page.getByRole('heading', { name: 'Models this key can use' }).isVisible()).toBe(true);
    const limits = page.locator('section[aria-labelledby="kt-limits-title"]');
    await limits.waitFor();
    expect(await limits.textContent()).toMatch(/Trial key: Cohere sends x-trial-\* limits only to trial keys/);
    expect(await limits.textContent()).toMatch(/1,000 allowed/);
    expect(await page.locator('.kt-verdict').textContent()).toContain(`…${key.slice(-4)}`);

    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    expect(leaksOf(key, await page.locator('#tester').innerHTML())).toEqual([]);
    await page.close();
  });

  const verdicts: [string, RegExp, string][] = [
    ['invalid', /Cohere rejected this key/, '/cohere/errors/401/'],
    ['trialMonthly', /Valid key, but no allowance left/, '/cohere/errors/429-trial-limit/'],
    ['rateLimited', /rate-limited right now/, '/cohere/errors/429/'],
    ['serverError', /Cohere had a problem answering/, '/cohere/errors/5xx/'],
  ];
  for (const [scenario, heading, errorPage] of verdicts) {
    it(`${scenario}: says so, explains the fix and links ${errorPage}`, async () => {
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

  it('a key Cohere cannot bill: valid, the chat check fails with 402 and links the 402 page', async () => {
    const page = await browser.context.newPage();
    await openTester(page);
    await page.locator('#kt-key').fill(await keyFor('paymentRequired'));
    await page.locator('.kt-options summary').click();
    await page.getByRole('checkbox', { name: /^Chat/ }).check();
    await page.getByRole('button', { name: 'Test key' }).click();
    await expect.poll(() => page.getByTestId('outcome').textContent(), { timeout: 20_000 }).toMatch(/Overall: Valid key, but no allowance left/);
    const checks = page.locator('#kt-checks-title').locator('..');
    expect(await checks.textContent()).toMatch(/402 Payment Required/);
    expect(await checks.getByRole('link', { name: 'What this error means' }).getAttribute('href')).toBe('/cohere/errors/402/');
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.close();
  });
});
