/**
 * The Gemini page's tester in Chromium, against the built site in workerd and the fake Gemini API:
 * a full run with checks and a benchmark, each failure with its heading and error page, and no
 * trace of the key in the page, the URL or storage afterwards; axe passes.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from '../../support/axe.ts';
import { leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';
import { ALNUM, expectAccessibleAndQuiet, fakesOf, itExplainsFailures, keyFor, measureLatency, openTester, origin, pickChecks, testButton, untilRunEnds, useBrowser, verdictHeading } from '../../support/tester-page.ts';

const fakes = fakesOf('gemini');
const browser = useBrowser({ clipboard: true });

/** Gemini's standard shape: AIzaSy and 33 letters and digits. */
const SHAPE = { prefix: 'AIzaSy', length: 39, alphabet: ALNUM };
const newKey = (scenario: string) => keyFor(fakes, SHAPE, scenario);

describe('the Gemini tester', () => {
  it('a full run: validation, models, limits note, chat, stream, embeddings, benchmark; no key left behind', async () => {
    expect(fakes.length).toBe(1);
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page, 'gemini');
    const key = await newKey('valid');
    await page.locator('#kt-key').fill(key);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toContain('Detected: Gemini');

    await pickChecks(page, ['Chat', 'Streaming', 'Embeddings']);
    await measureLatency(page, 2);
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/\$0\.\d+/);
    await testButton(page).click();

    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    await page.getByRole('heading', { name: 'Latency benchmark' }).waitFor();
    await untilRunEnds(page);
    const checks = await page.locator('#kt-checks-title').locator('..').textContent();
    expect(checks?.match(/works/g)).toHaveLength(3);
    expect(checks).toContain('gemini-3.5-flash-lite');
    expect(await page.getByRole('heading', { name: 'Models this key can use' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Rate limits' }).isVisible()).toBe(true);
    expect(await page.locator('section[aria-labelledby="kt-limits-title"]').textContent()).toMatch(/Gemini sends no rate-limit headers/);

    await expectAccessibleAndQuiet(page, watch);

    const traces = await page.evaluate(() => location.href + JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(leaksOf(key, traces)).toEqual([]);
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    expect(leaksOf(key, await page.content())).toEqual([]);
    await page.close();
  });

  itExplainsFailures(browser, 'gemini', [
    ['invalid', /Gemini rejected this key/, '/gemini/errors/api-key-invalid/'],
    ['accessTokenUnsupported', /Gemini rejected this key/, '/gemini/errors/401-access-token-type-unsupported/'],
    ['serviceDisabled', /access refused/, '/gemini/errors/403-service-disabled/'],
    ['leakedKey', /access refused/, '/gemini/errors/403-leaked-key/'],
    ['serviceBlocked', /access refused/, '/gemini/errors/403/'],
    ['rateLimitedDaily', /rate-limited right now/, '/gemini/errors/429-resource-exhausted/'],
    ['unsupportedLocation', /does not serve the place this test ran from/, '/gemini/errors/user-location-not-supported/'],
    ['overloaded', /had a problem answering/, '/gemini/errors/5xx/'],
  ], {
    key: newKey,
    alsoExpect: async (_verdict, { page, errorPage }) => {
      await page.goto(`${origin}${errorPage}`);
      expect(await page.locator('h1').textContent()).toMatch(/Gemini/);
    },
  });

  it('a key whose project has no quota for the model: valid for the free call, no allowance for chat', async () => {
    const page = await browser.context.newPage();
    await openTester(page, 'gemini');
    await page.locator('#kt-key').fill(await newKey('zeroQuota'));
    await pickChecks(page, ['Chat']);
    await testButton(page).click();
    // The free call says the key works; the overall outcome says what the chat check found.
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    await expect.poll(() => page.getByTestId('outcome').textContent(), { timeout: 20_000 }).toMatch(/^Overall: Valid key, but no allowance left\./);
    const checks = await page.locator('#kt-checks-title').locator('..').textContent();
    expect(checks).toContain('Google reports a limit of 0');
    const section = page.locator('#kt-checks-title').locator('..');
    expect(await section.getByRole('link', { name: 'What this error means' }).getAttribute('href')).toBe('/gemini/errors/429-resource-exhausted/');
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.close();
  });
});
