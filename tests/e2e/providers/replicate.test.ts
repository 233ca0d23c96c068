/**
 * Replicate's tester in Chromium, against the built site in workerd and the Replicate fake (its API
 * and its stream host): an r8_ token is detected, the account shows its type only, the streaming
 * check and the benchmark follow the prediction to its stream and count tokens from its metrics;
 * a stream link to another host is refused on the page; failures link their error pages; axe passes.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';
import { ALNUM, expectAccessibleAndQuiet, fakeOf, itExplainsFailures, keyFor, measureLatency, openTester, origin, pickChecks, testButton, untilRunEnds, useBrowser, verdictHeading } from '../../support/tester-page.ts';

const browser = useBrowser();

/** A fresh r8_ token playing a scenario of the fake's API role (its stream host follows the prediction). */
const SHAPE = { prefix: 'r8_', length: 40, alphabet: ALNUM };
const key = (scenario: string) => keyFor([fakeOf('replicate', 'api')], SHAPE, scenario);

async function run(page: Page, scenario: string, checks: string[] = []): Promise<string> {
  await openTester(page, 'replicate');
  const k = await key(scenario);
  await page.locator('#kt-key').fill(k);
  if (checks.length) await pickChecks(page, checks);
  await testButton(page).click();
  return k;
}

describe('the Replicate tester', () => {
  it('a working token: detected, the account type and nothing of its owner, a streamed prediction and a benchmark with tokens from the metrics', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page, 'replicate');
    const k = await key('valid');
    await page.locator('#kt-key').fill(k);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toMatch(/^Detected: Replicate/);
    await pickChecks(page, ['Streaming']);
    await measureLatency(page, 1);
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/\$0\.\d+/);
    await testButton(page).click();

    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    await untilRunEnds(page);
    const account = await page.locator('section[aria-labelledby="kt-account-title"]').textContent();
    expect(account).toContain('Account typeorganization');
    expect(await page.locator('#tester').textContent()).not.toMatch(/keyprobe-fake-owner|Fake Owner Name/);
    const checks = await page.locator('#kt-checks-title').locator('..').textContent();
    expect(checks).toMatch(/Streaming\s*works/);
    expect(checks).toContain('meta/meta-llama-3-8b-instruct');
    const bench = page.locator('section[aria-labelledby="kt-bench-title"]');
    expect(await bench.locator('.kt-token-source').textContent()).toBe('Output tokens as Replicate reported them in the run\'s metrics.');
    // The free key check could not say whether the account can pay; the streamed prediction did.
    expect(await page.getByTestId('outcome').textContent()).toContain('Your key works and can spend: the stream check passed.');

    await expectAccessibleAndQuiet(page, watch);
    expect(leaksOf(k, await page.locator('#tester').innerHTML())).toEqual([]);
    await page.close();
  });

  it('a stream link to another host: the check says it was refused, and links the 5xx page', async () => {
    const page = await browser.context.newPage();
    await run(page, 'streamForeignHost', ['Streaming']);
    await untilRunEnds(page);
    const checks = page.locator('#kt-checks-title').locator('..');
    expect(await checks.textContent()).toMatch(/sent the stream to https:\/\/stream\.example\.com, which is not one of Replicate's stream hosts .*Keyprobe did not connect to it\./);
    expect(await checks.getByRole('link', { name: /What this error means/ }).getAttribute('href')).toBe('/replicate/errors/5xx/');
    await page.close();
  });

  it('a token without credit: valid, then the streaming check fails with 402 and links the 402 page', async () => {
    const page = await browser.context.newPage();
    await run(page, 'noCredit', ['Streaming']);
    await expect.poll(() => page.getByTestId('outcome').textContent(), { timeout: 20_000 }).toMatch(/Overall: Valid key, but no allowance left/);
    const checks = page.locator('#kt-checks-title').locator('..');
    expect(await checks.textContent()).toContain('cannot pay for a model run (402 Payment Required)');
    expect(await checks.getByRole('link', { name: /What this error means/ }).getAttribute('href')).toBe('/replicate/errors/402/');
    await page.close();
  });

  itExplainsFailures(browser, 'replicate', [
    ['invalid', /Replicate rejected this key/, '/replicate/errors/401/'],
    ['rateLimited', /rate-limited right now/, '/replicate/errors/429/'],
    ['serverError', /Replicate had a problem answering/, '/replicate/errors/5xx/'],
  ], { key });
});
