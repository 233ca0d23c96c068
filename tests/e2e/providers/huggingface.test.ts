/**
 * Hugging Face's tester as a user drives it, in Chromium, against the built site in workerd and the
 * fake of both hosts: a pasted token is detected, the free check needs no consent, the token's role
 * and the Hub's limits are shown (never the account's name or email), the checks say which provider
 * served them, failures say so and link their error page; axe passes.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from '../../support/axe.ts';
import { launchBrowser, type Browser } from '../../support/browser.ts';
import { assignScenario, leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';
import { FAKE_HF_USER } from '../../fakes/huggingface-keys.ts';

const origin = inject('siteOrigin');
const roles = (JSON.parse(inject('fakeOrigins')) as Record<string, Record<string, string>>).huggingface ?? {};
const fakes = [roles.hub ?? '', roles.router ?? ''];
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A fresh random token of Hugging Face's shape (hf_ and 34 letters and digits), playing a scenario on both hosts. */
async function keyFor(scenario: string): Promise<string> {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let key = 'hf_';
  for (let i = 0; i < 34; i++) key += alphabet[randomInt(alphabet.length)];
  await assignScenario(fakes, key, scenario);
  return key;
}

async function openTester(page: Page): Promise<void> {
  await page.goto(`${origin}/huggingface/`);
  await page.locator('#tester').scrollIntoViewIfNeeded();
  await expect.poll(() => page.locator('#kt-key').isEnabled()).toBe(true);
}

const verdictHeading = (page: Page) => page.locator('#kt-verdict-title');

describe('the Hugging Face tester', () => {
  it('a read token: detected, free check, role and Hub limits, checks served by novita, no personal data; axe passes', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page);
    const key = await keyFor('valid');
    await page.locator('#kt-key').fill(key);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toContain('Detected: Hugging Face');

    await page.locator('.kt-options summary').click();
    for (const name of ['Chat', 'Streaming']) await page.getByRole('checkbox', { name: new RegExp(`^${name}`) }).check();
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/\$0\.\d+/);
    // The key check itself is free: nothing to agree to.
    expect(await page.getByRole('checkbox', { name: /^I agree to this cost/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Test key' }).click();

    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    const checks = page.locator('#kt-checks-title').locator('..');
    await expect.poll(async () => (await checks.textContent())?.match(/works/g)?.length ?? 0, { timeout: 20_000 }).toBe(2);
    expect(await checks.textContent()).toContain('meta-llama/Llama-3.1-8B-Instruct:cheapest');
    expect(await checks.textContent()).toContain('served by novita');
    expect(await checks.textContent()).toMatch(/Hugging Face reports [\d.]+ ms to the first token on its side/);
    const account = page.locator('#kt-account-title').locator('..');
    expect(await account.textContent()).toContain('Read token (classic)');
    const limits = page.locator('section[aria-labelledby="kt-limits-title"]');
    await limits.waitFor();
    expect(await limits.textContent()).toMatch(/Hub API requests per 5 minutes/);
    expect(await page.getByRole('heading', { name: 'Models Hugging Face offers' }).isVisible()).toBe(true);

    const html = await page.content();
    for (const personal of [FAKE_HF_USER, 'Keyprobe Fake Person', 'fake.person@keyprobe.invalid', 'keyprobe-fake-org']) expect(html).not.toContain(personal);
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    expect(leaksOf(key, await page.locator('#tester').innerHTML())).toEqual([]);
    await page.close();
  });

  const verdicts: [string, RegExp, string][] = [
    ['invalid', /Hugging Face rejected this key/, '/huggingface/errors/401/'],
    ['noInferencePermission', /Key accepted, but access refused/, '/huggingface/errors/403-inference-permission/'],
    ['hubRateLimited', /rate-limited right now/, '/huggingface/errors/429/'],
    ['hubError', /Hugging Face had a problem answering/, '/huggingface/errors/5xx/'],
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

  it('a token without credits: valid, the chat check fails with 402 and links the 402 page', async () => {
    const page = await browser.context.newPage();
    await openTester(page);
    await page.locator('#kt-key').fill(await keyFor('creditsDepleted'));
    await page.locator('.kt-options summary').click();
    await page.getByRole('checkbox', { name: /^Chat/ }).check();
    await page.getByRole('button', { name: 'Test key' }).click();
    await expect.poll(() => page.getByTestId('outcome').textContent(), { timeout: 20_000 }).toMatch(/Overall: Valid key, but no allowance left/);
    const checks = page.locator('#kt-checks-title').locator('..');
    expect(await checks.textContent()).toMatch(/402 Payment Required/);
    expect(await checks.getByRole('link', { name: 'What this error means' }).getAttribute('href')).toBe('/huggingface/errors/402/');
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.close();
  });
});
