/**
 * The DeepSeek tester as a user drives it on /deepseek/, in Chromium, against the built site in
 * workerd and the DeepSeek fake: a full run with the account's balance, a key that cannot spend,
 * the failures with their error pages, and no trace of the key on the page; axe passes.
 */
import { describe, expect, it } from 'vitest';
import { leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';
import { HEX, expectAccessibleAndQuiet, itExplainsFailures, keyFor, measureLatency, openTester, origin, pickChecks, testButton, useBrowser, verdictHeading } from '../../support/tester-page.ts';

const browser = useBrowser();

/** DeepSeek's shape: sk- and 32 hex digits. */
const SHAPE = { prefix: 'sk-', length: 35, alphabet: HEX };
const newKey = (scenario: string) => keyFor('deepseek', SHAPE, scenario);

describe('the DeepSeek tester', () => {
  it('a full run: detection, balance, models, checks, a benchmark; accessible, and the key stays off the page', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page, 'deepseek');
    const key = await newKey('twoCurrencies');
    await page.locator('#kt-key').fill(key);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toMatch(/^Detected: DeepSeek — .*DeepSeek likely/);

    await pickChecks(page, ['Chat', 'Streaming']);
    await measureLatency(page, 2);
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/\$0\.\d+/);
    await testButton(page).click();

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

    await expectAccessibleAndQuiet(page, watch);
    expect(leaksOf(key, await page.content())).toEqual([]);
    await page.close();
  });

  it('a key whose balance is not available: valid, cannot spend, with the balance and the 402 page', async () => {
    const page = await browser.context.newPage();
    await openTester(page, 'deepseek');
    await page.locator('#kt-key').fill(await newKey('quotaExhausted'));
    await testButton(page).click();
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Valid key, but no allowance left');
    const verdict = page.locator('.kt-verdict');
    expect(await verdict.textContent()).toContain('is_available is false');
    expect(await verdict.getByRole('link', { name: /What this error means/ }).getAttribute('href')).toBe('/deepseek/errors/402/');
    expect(await page.locator('section[aria-labelledby="kt-account-title"]').textContent()).toContain('Can spendno');
    await page.close();
  });

  itExplainsFailures(browser, 'deepseek', [
    ['invalid', /DeepSeek rejected this key/, '/deepseek/errors/401/'],
    ['forbidden', /DeepSeek does not serve the place this test ran from/, '/deepseek/errors/403/'],
    ['rateLimited', /rate-limited right now/, '/deepseek/errors/429/'],
    ['serverError', /DeepSeek had a problem answering/, '/deepseek/errors/5xx/'],
  ], { key: newKey });
});
