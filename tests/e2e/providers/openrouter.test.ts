/**
 * OpenRouter's tester as a user drives it, in Chromium, against the built site in workerd and
 * OpenRouter's fake: a full run with the account facts and the public model list, the verdicts with
 * their error pages (a failing check's too), no trace of the key, and axe.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from '../../support/axe.ts';
import { launchBrowser, type Browser } from '../../support/browser.ts';
import { assignScenario, leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';
import { untilRunEnds } from '../../support/tester-page.ts';

const origin = inject('siteOrigin');
const fake = (JSON.parse(inject('fakeOrigins')) as Record<string, Record<string, string>>).openrouter?.default ?? '';
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
});
afterAll(async () => {
  await browser?.close();
});

/** A fresh OpenRouter-shaped key playing a scenario of the fake: anywhere it turns up is a leak. */
async function keyFor(scenario: string): Promise<string> {
  const key = `sk-or-v1-${randomBytes(32).toString('hex')}`;
  await assignScenario([fake], key, scenario);
  return key;
}

async function openTester(page: Page): Promise<void> {
  await page.goto(`${origin}/openrouter/`);
  await page.locator('#tester').scrollIntoViewIfNeeded();
  await expect.poll(() => page.locator('#kt-key').isEnabled()).toBe(true);
}

const verdictHeading = (page: Page) => page.locator('#kt-verdict-title');

async function runWith(page: Page, scenario: string, checks: string[] = []): Promise<string> {
  await openTester(page);
  const key = await keyFor(scenario);
  await page.locator('#kt-key').fill(key);
  if (checks.length) {
    await page.locator('.kt-options summary').click();
    for (const name of checks) await page.getByRole('checkbox', { name: new RegExp(`^${name}`) }).check();
  }
  await page.getByRole('button', { name: 'Test key' }).click();
  return key;
}

describe('the OpenRouter key tester', () => {
  it('a full run: account facts, the public model list, checks, benchmark, report, no leak, axe', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page);
    const key = await keyFor('capped');
    await page.locator('#kt-key').fill(key);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toContain('Detected: OpenRouter');
    await page.locator('.kt-options summary').click();
    await page.getByRole('checkbox', { name: /^Chat/ }).check();
    await page.getByRole('checkbox', { name: /^Streaming/ }).check();
    await page.getByRole('checkbox', { name: /^Measure latency/ }).check();
    await page.locator('#kt-runs').fill('2');
    await page.locator('#kt-maxTokens').fill('8');
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/\$0\.\d+/);
    await page.getByRole('button', { name: 'Test key' }).click();

    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    const verdict = await page.locator('.kt-verdict').textContent();
    expect(verdict).toContain('Of its own credit limit of $100.00 a month, $74.50 is left.');
    await page.getByRole('heading', { name: 'Latency benchmark' }).waitFor();
    await untilRunEnds(page);
    await page.locator('section[aria-labelledby="kt-bench-title"] table').first().waitFor();
    const account = page.locator('section[aria-labelledby="kt-account-title"]');
    expect(await account.textContent()).toMatch(/Limit100.*Remaining74\.5.*Expires2027-12-31/s);
    expect(await page.getByRole('heading', { name: 'Models OpenRouter offers' }).isVisible()).toBe(true);
    expect(await page.getByText('the same for every key: it does not say which of these models your key may use').isVisible()).toBe(true);
    const checks = await page.locator('#kt-checks-title').locator('..').textContent();
    expect(checks?.match(/works/g)).toHaveLength(2);
    expect(checks).toContain('mistralai/mistral-nemo');

    await page.getByRole('button', { name: 'Copy report (Markdown)' }).click();
    const report = await page.evaluate(() => navigator.clipboard.readText());
    expect(report).toContain('## Models OpenRouter offers (10; its public list, the same for every key)');
    expect(leaksOf(key, report)).toEqual([]);
    expect(leaksOf(key, await page.content())).toEqual([]);

    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  const verdicts: [string, string[], RegExp, string][] = [
    ['invalid', [], /OpenRouter rejected this key/, '/openrouter/errors/401/'],
    ['keyExhausted', [], /no allowance left/, '/openrouter/errors/402/'],
    ['managementKey', [], /access refused/, '/openrouter/errors/403/'],
    ['serverError', [], /had a problem answering/, '/openrouter/errors/5xx/'],
    ['resetBeforeHeaders', [], /could not reach OpenRouter/, '/openrouter/errors/timeout/'],
  ];
  for (const [scenario, checks, heading, errorPage] of verdicts) {
    it(`${scenario}: says so, explains the fix and links the error page`, async () => {
      const page = await browser.context.newPage();
      await runWith(page, scenario, checks);
      await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toMatch(heading);
      const verdict = page.locator('.kt-verdict');
      expect(await verdict.textContent()).toContain('How to fix it');
      expect(await verdict.getByRole('link', { name: /What this error means/ }).getAttribute('href')).toBe(errorPage);
      await page.close();
    });
  }

  const failedChecks: [string, string, RegExp, string][] = [
    ['freeTier', 'Chat', /Overall: Valid key, but no allowance left/, '/openrouter/errors/402/'],
    ['keyLimitExceeded', 'Chat', /Overall: Valid key, but no allowance left/, '/openrouter/errors/402/'],
    ['upstreamRateLimited', 'Chat', /upstream provider is limiting, not your key/, '/openrouter/errors/429-upstream/'],
    ['regionRestricted', 'Chat', /Overall: OpenRouter does not serve the place this test ran from/, '/openrouter/errors/403/'],
    ['streamError', 'Streaming', /sent an error in it: “Token limit reached”/, '/openrouter/errors/5xx/'],
  ];
  for (const [scenario, check, text, errorPage] of failedChecks) {
    it(`${scenario}: the failed ${check.toLowerCase()} check says why and links its error page`, async () => {
      const page = await browser.context.newPage();
      await runWith(page, scenario, [check]);
      await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
      await page.getByRole('heading', { name: 'Checks' }).waitFor();
      await expect.poll(() => page.locator('.kt-checks .kt-err').count(), { timeout: 20_000 }).toBe(1);
      expect(await page.locator('.kt-tester, #tester').first().textContent()).toMatch(text);
      expect(await page.locator('.kt-checks .kt-err').getByRole('link', { name: 'What this error means' }).getAttribute('href')).toBe(errorPage);
      await page.close();
    });
  }
});
