/**
 * Groq's tester as a user drives it, in Chromium, against the built site in workerd and the Groq
 * fake: a full run with its daily and per-minute limits, and the verdicts with their error pages.
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
const fakes = Object.values((JSON.parse(inject('fakeOrigins')) as Record<string, Record<string, string>>).groq ?? {});
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random key of Groq's shape (gsk_ + 52), unique per test, playing a scenario. */
async function keyFor(scenario: string): Promise<string> {
  const key = `gsk_${Array.from({ length: 52 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')}`;
  await assignScenario(fakes, key, scenario);
  return key;
}

async function openTester(page: Page): Promise<void> {
  await page.goto(`${origin}/groq/`);
  await page.locator('#tester').scrollIntoViewIfNeeded();
  await expect.poll(() => page.locator('#kt-key').isEnabled()).toBe(true);
}

const verdictHeading = (page: Page) => page.locator('#kt-verdict-title');

describe('the Groq key tester', () => {
  it('a full run: models, chat and stream on Qwen without reasoning, requests per day and tokens per minute, a benchmark', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page);
    const key = await keyFor('valid');
    await page.locator('#kt-key').fill(key);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toContain('Detected: Groq');
    await page.locator('.kt-options summary').click();
    await page.getByRole('checkbox', { name: /^Chat/ }).check();
    await page.getByRole('checkbox', { name: /^Streaming/ }).check();
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
    expect(checks).toContain('qwen/qwen3.6-27b');
    const limits = await page.locator('.kt-limits').textContent();
    expect(limits).toMatch(/Requests per day.*of 20,000 left/s);
    expect(limits).toMatch(/Tokens per minute.*of 200,000 left/s);
    expect(await page.getByRole('heading', { name: 'Models this key can use' }).isVisible()).toBe(true);
    expect(leaksOf(key, await page.locator('#tester').innerHTML())).toEqual([]);

    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  const verdicts: [string, RegExp, string][] = [
    ['invalid', /Groq rejected this key/, '/groq/errors/401/'],
    ['cloudflareBlock', /Key accepted, but access refused/, '/groq/errors/403/'],
    ['quotaExhausted', /rate-limited right now/, '/groq/errors/429/'],
    ['serverError', /had a problem answering/, '/groq/errors/5xx/'],
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
