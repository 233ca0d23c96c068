/**
 * OpenRouter's tester as a user drives it, in Chromium, against the built site in workerd and
 * OpenRouter's fake: a full run with the account facts and the public model list, the verdicts with
 * their error pages (a failing check's too), no trace of the key, and axe.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';
import { HEX, expectAccessibleAndQuiet, itExplainsFailures, keyFor, measureLatency, openTester, origin, pickChecks, testButton, untilRunEnds, useBrowser, verdictHeading } from '../../support/tester-page.ts';

const browser = useBrowser({ clipboard: true });

/** OpenRouter's shape: sk-or-v1- and 64 hex digits. */
const SHAPE = { prefix: 'sk-or-v1-', length: 73, alphabet: HEX };
const newKey = (scenario: string) => keyFor('openrouter', SHAPE, scenario);

async function runWith(page: Page, scenario: string, checks: string[] = []): Promise<string> {
  await openTester(page, 'openrouter');
  const key = await newKey(scenario);
  await page.locator('#kt-key').fill(key);
  if (checks.length) await pickChecks(page, checks);
  await testButton(page).click();
  return key;
}

describe('the OpenRouter key tester', () => {
  it('a full run: account facts, the public model list, checks, benchmark, report, no leak, axe', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page, 'openrouter');
    const key = await newKey('capped');
    await page.locator('#kt-key').fill(key);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toContain('Detected: OpenRouter');
    await pickChecks(page, ['Chat', 'Streaming']);
    await measureLatency(page, 2);
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/\$0\.\d+/);
    await testButton(page).click();

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

    await expectAccessibleAndQuiet(page, watch);
    await page.close();
  });

  itExplainsFailures(browser, 'openrouter', [
    ['invalid', /OpenRouter rejected this key/, '/openrouter/errors/401/'],
    ['keyExhausted', /no allowance left/, '/openrouter/errors/402/'],
    ['managementKey', /access refused/, '/openrouter/errors/403/'],
    ['serverError', /had a problem answering/, '/openrouter/errors/5xx/'],
    ['resetBeforeHeaders', /could not reach OpenRouter/, '/openrouter/errors/timeout/'],
  ], { key: newKey });

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
