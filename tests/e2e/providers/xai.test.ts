/**
 * The xAI tester as a user drives it on /xai/, in Chromium, against the built site in workerd and
 * the xAI fake: a full run with the key's ACLs and the token count the benchmark used, a team
 * without credits, a spent team found by the chat check, and the failures with their error pages;
 * axe passes and the key stays off the page.
 */
import { describe, expect, it } from 'vitest';
import { leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';
import { ALNUM, expectAccessibleAndQuiet, itExplainsFailures, keyFor, measureLatency, openTester, origin, pickChecks, testButton, useBrowser, verdictHeading } from '../../support/tester-page.ts';

const browser = useBrowser();

/** xAI's shape: xai- and 80 letters and digits. */
const SHAPE = { prefix: 'xai-', length: 84, alphabet: ALNUM };
const newKey = (scenario: string) => keyFor('xai', SHAPE, scenario);

describe('the xAI tester', () => {
  it('a full run: ACLs, checks, and a benchmark that says which token count it used; accessible, no trace of the key', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page, 'xai');
    const key = await newKey('valid');
    await page.locator('#kt-key').fill(key);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toMatch(/^Detected: xAI/);

    await pickChecks(page, ['Chat', 'Streaming']);
    await measureLatency(page, 2);
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/\$0\.\d+/);
    await testButton(page).click();

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

    await expectAccessibleAndQuiet(page, watch);
    expect(leaksOf(key, await page.content())).toEqual([]);
    await page.close();
  });

  it('a team without credits: valid key, cannot spend, with the no-credits page', async () => {
    const page = await browser.context.newPage();
    await openTester(page, 'xai');
    await page.locator('#kt-key').fill(await newKey('teamBlocked'));
    await testButton(page).click();
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Valid key, but no allowance left');
    expect(await page.locator('.kt-verdict').getByRole('link', { name: /What this error means/ }).getAttribute('href')).toBe('/xai/errors/403-no-credits/');
    expect(await page.locator('section[aria-labelledby="kt-account-title"]').textContent()).toContain('Can spendno');
    await page.close();
  });

  it('a team that used its credits: the chat check finds it, and the overall verdict says so', async () => {
    const page = await browser.context.newPage();
    await openTester(page, 'xai');
    await page.locator('#kt-key').fill(await newKey('quotaExhausted'));
    await pickChecks(page, ['Chat']);
    await testButton(page).click();
    await expect.poll(() => page.getByTestId('outcome').textContent(), { timeout: 20_000 }).toMatch(/^Overall: Valid key, but no allowance left\./);
    const checks = page.locator('#kt-checks-title').locator('..');
    expect(await checks.getByRole('link', { name: 'What this error means' }).getAttribute('href')).toBe('/xai/errors/403-no-credits/');
    expect(await checks.textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await page.close();
  });

  itExplainsFailures(browser, 'xai', [
    ['invalid', /xAI rejected this key/, '/xai/errors/400/'],
    ['keyDisabled', /xAI rejected this key/, '/xai/errors/400/'],
    ['rateLimited', /rate-limited right now/, '/xai/errors/429/'],
    ['serverError', /xAI had a problem answering/, '/xai/errors/5xx/'],
  ], { key: newKey });
});
