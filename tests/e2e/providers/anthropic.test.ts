/**
 * The Anthropic tester as a user drives it, in Chromium, against the built site in workerd and the
 * fake Anthropic API: a full run, the verdicts with their fixes and error pages, an admin key, a
 * stream that ends in overloaded_error, and no trace of the key afterwards. axe passes.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from '../../support/axe.ts';
import { leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';
import { ALNUM, expectAccessibleAndQuiet, itExplainsFailures, keyFor, measureLatency, openTester, origin, pickChecks, testButton, untilRunEnds, useBrowser, verdictHeading } from '../../support/tester-page.ts';

const browser = useBrowser({ clipboard: true });

/** Anthropic's shape: the prefix, 93 letters and digits, then AA. */
const SHAPE = { prefix: 'sk-ant-api03-', length: 108, alphabet: ALNUM, suffix: 'AA' };
const ADMIN_SHAPE = { ...SHAPE, prefix: 'sk-ant-admin01-', length: 110 };
const newKey = (scenario: string, shape = SHAPE) => keyFor('anthropic', shape, scenario);

describe('the Anthropic key tester', () => {
  it('a full run: validation, models, limits from the checks, chat and stream, benchmark; no trace of the key', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page, 'anthropic');
    const key = await newKey('valid');
    await page.locator('#kt-key').fill(key);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toContain('Detected: Anthropic — API key (sk-ant-api03-)');

    await pickChecks(page, ['Chat', 'Streaming']);
    expect(await page.getByRole('checkbox', { name: /^Embeddings/ }).count()).toBe(0);
    await measureLatency(page, 2);
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/\$0\.\d+/);
    await testButton(page).click();

    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    await page.getByRole('heading', { name: 'Latency benchmark' }).waitFor();
    await untilRunEnds(page);
    const checks = await page.locator('#kt-checks-title').locator('..').textContent();
    expect(checks?.match(/works/g)).toHaveLength(2);
    expect(await page.getByRole('heading', { name: 'Models this key can use' }).isVisible()).toBe(true);
    const limits = page.locator('#kt-limits-title').locator('..');
    await expect.poll(() => limits.textContent()).toMatch(/Input tokens/);
    expect(await page.locator('.kt-verdict').textContent()).toMatch(/req_011C/);

    await expectAccessibleAndQuiet(page, watch);

    // The prefix is public (the page names it); the rest of the key is the secret.
    const secret = key.slice('sk-ant-api03-'.length);
    const traces = await page.evaluate(() => location.href + JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(leaksOf(secret, traces)).toEqual([]);
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    const dom = await page.evaluate(() => document.documentElement.outerHTML + [...document.querySelectorAll('input, textarea')].map((el) => (el as HTMLInputElement).value).join(' '));
    expect(leaksOf(secret, dom)).toEqual([]);
    await page.close();
  });

  itExplainsFailures(browser, 'anthropic', [
    ['invalid', /Anthropic rejected this key/, '/anthropic/errors/401/'],
    ['disabledKey', /Anthropic rejected this key/, '/anthropic/errors/401/'],
    ['forbidden', /access refused/, '/anthropic/errors/403/'],
    ['noCredit', /no allowance left/, '/anthropic/errors/400-credit-balance-too-low/'],
    ['usageLimit', /no allowance left/, '/anthropic/errors/400-usage-limits/'],
    ['rateLimited', /rate-limited right now/, '/anthropic/errors/429/'],
    ['overloaded', /had a problem answering/, '/anthropic/errors/529-overloaded/'],
    ['serverError', /had a problem answering/, '/anthropic/errors/5xx/'],
  ], { key: newKey });

  it('recognises an admin key as it is typed, and explains why it cannot call Claude', async () => {
    const page = await browser.context.newPage();
    await openTester(page, 'anthropic');
    await page.locator('#kt-key').fill(await newKey('adminKey', ADMIN_SHAPE));
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toContain('Admin API key (sk-ant-admin01-)');
    await testButton(page).click();
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toMatch(/Anthropic rejected this key/);
    const text = await page.locator('.kt-verdict').textContent();
    expect(text).toMatch(/Admin keys only work on the Admin API/);
    expect(text).toMatch(/create a standard API key/);
    await page.close();
  });

  it('a stream that ends in overloaded_error fails the streaming check and links the 529 page', async () => {
    const page = await browser.context.newPage();
    await openTester(page, 'anthropic');
    await page.locator('#kt-key').fill(await newKey('streamOverloaded'));
    await pickChecks(page, ['Streaming']);
    await testButton(page).click();
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    const checks = page.locator('#kt-checks-title').locator('..');
    await expect.poll(() => checks.textContent()).toMatch(/failed/);
    expect(await checks.textContent()).toMatch(/Anthropic sent an error in it: “Overloaded”/);
    expect(await checks.getByRole('link', { name: 'What this error means' }).getAttribute('href')).toBe('/anthropic/errors/529-overloaded/');
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.close();
  });
});
