/**
 * Cohere's tester as a user drives it, in Chromium, against the built site in workerd and the Cohere
 * fake: a pasted key is detected as Cohere's, a trial key runs every check and shows its trial
 * limits, failures say so and link their error page, a failed paid check links its own; axe passes.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from '../../support/axe.ts';
import { leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';
import { ALNUM, expectAccessibleAndQuiet, itExplainsFailures, keyFor, openTester, origin, pickChecks, testButton, useBrowser, verdictHeading } from '../../support/tester-page.ts';

const browser = useBrowser();

/** Cohere's shape: 40 letters and digits. */
const SHAPE = { prefix: '', length: 40, alphabet: ALNUM };
const newKey = (scenario: string) => keyFor('cohere', SHAPE, scenario);

describe('the Cohere tester', () => {
  it('a trial key: detected, every check works, the trial limits are shown, axe passes', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page, 'cohere');
    const key = await newKey('validTrial');
    await page.locator('#kt-key').fill(key);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toContain('Detected: Cohere');

    await pickChecks(page, ['Chat', 'Streaming', 'Embeddings']);
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/\$0\.\d+/);
    await testButton(page).click();

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

    await expectAccessibleAndQuiet(page, watch);
    expect(leaksOf(key, await page.locator('#tester').innerHTML())).toEqual([]);
    await page.close();
  });

  itExplainsFailures(browser, 'cohere', [
    ['invalid', /Cohere rejected this key/, '/cohere/errors/401/'],
    ['trialMonthly', /Valid key, but no allowance left/, '/cohere/errors/429-trial-limit/'],
    ['rateLimited', /rate-limited right now/, '/cohere/errors/429/'],
    ['serverError', /Cohere had a problem answering/, '/cohere/errors/5xx/'],
  ], { key: newKey });

  it('a key Cohere cannot bill: valid, the chat check fails with 402 and links the 402 page', async () => {
    const page = await browser.context.newPage();
    await openTester(page, 'cohere');
    await page.locator('#kt-key').fill(await newKey('paymentRequired'));
    await pickChecks(page, ['Chat']);
    await testButton(page).click();
    await expect.poll(() => page.getByTestId('outcome').textContent(), { timeout: 20_000 }).toMatch(/Overall: Valid key, but no allowance left/);
    const checks = page.locator('#kt-checks-title').locator('..');
    expect(await checks.textContent()).toMatch(/402 Payment Required/);
    expect(await checks.getByRole('link', { name: 'What this error means' }).getAttribute('href')).toBe('/cohere/errors/402/');
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.close();
  });
});
