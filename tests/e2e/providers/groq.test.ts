/**
 * Groq's tester as a user drives it, in Chromium, against the built site in workerd and the Groq
 * fake: a full run with its daily and per-minute limits, and the verdicts with their error pages.
 */
import { describe, expect, it } from 'vitest';
import { leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';
import { ALNUM, expectAccessibleAndQuiet, fakesOf, itExplainsFailures, keyFor, measureLatency, openTester, origin, pickChecks, testButton, untilRunEnds, useBrowser, verdictHeading } from '../../support/tester-page.ts';

const browser = useBrowser();

/** Groq's shape: gsk_ and 52 letters and digits. */
const SHAPE = { prefix: 'gsk_', length: 56, alphabet: ALNUM };
const newKey = (scenario: string) => keyFor(fakesOf('groq'), SHAPE, scenario);

describe('the Groq key tester', () => {
  it('a full run: models, chat and stream on Qwen without reasoning, requests per day and tokens per minute, a benchmark', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page, 'groq');
    const key = await newKey('valid');
    await page.locator('#kt-key').fill(key);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toContain('Detected: Groq');
    await pickChecks(page, ['Chat', 'Streaming']);
    await measureLatency(page, 2);
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/\$0\.\d+/);
    await testButton(page).click();

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

    await expectAccessibleAndQuiet(page, watch);
    await page.close();
  });

  itExplainsFailures(browser, 'groq', [
    ['invalid', /Groq rejected this key/, '/groq/errors/401/'],
    ['cloudflareBlock', /Key accepted, but access refused/, '/groq/errors/403/'],
    ['quotaExhausted', /rate-limited right now/, '/groq/errors/429/'],
    ['serverError', /had a problem answering/, '/groq/errors/5xx/'],
  ], { key: newKey });
});
