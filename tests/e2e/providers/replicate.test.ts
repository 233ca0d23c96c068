/**
 * Replicate's tester in Chromium, against the built site in workerd and the Replicate fake (its API
 * and its stream host): an r8_ token is detected, the account shows its type only, the streaming
 * check and the benchmark follow the prediction to its stream and count tokens from its metrics;
 * a stream link to another host is refused on the page; failures link their error pages; axe passes.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { randomInt } from 'node:crypto';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from '../../support/axe.ts';
import { launchBrowser, type Browser } from '../../support/browser.ts';
import { assignScenario, leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';
import { openTester, origin, pickChecks, untilRunEnds, verdictHeading } from '../../support/tester-page.ts';

const api = (JSON.parse(inject('fakeOrigins')) as Record<string, Record<string, string>>).replicate?.api ?? '';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
let browser: Browser;

/** A fresh r8_ token playing a scenario of the fake's API role (its stream host follows the prediction). */
async function key(scenario: string): Promise<string> {
  let k = 'r8_';
  while (k.length < 40) k += ALPHABET[randomInt(ALPHABET.length)];
  await assignScenario([api], k, scenario);
  return k;
}

async function run(page: Page, scenario: string, checks: string[] = []): Promise<string> {
  await openTester(page, 'replicate');
  const k = await key(scenario);
  await page.locator('#kt-key').fill(k);
  if (checks.length) await pickChecks(page, checks);
  await page.getByRole('button', { name: 'Test key' }).click();
  return k;
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the Replicate tester', () => {
  it('a working token: detected, the account type and nothing of its owner, a streamed prediction and a benchmark with tokens from the metrics', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page, 'replicate');
    const k = await key('valid');
    await page.locator('#kt-key').fill(k);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toMatch(/^Detected: Replicate/);
    await pickChecks(page, ['Streaming']);
    await page.getByRole('checkbox', { name: /^Measure latency/ }).check();
    await page.locator('#kt-runs').fill('1');
    await page.locator('#kt-maxTokens').fill('8');
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/\$0\.\d+/);
    await page.getByRole('button', { name: 'Test key' }).click();

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

    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
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

  const verdicts: [string, RegExp, string][] = [
    ['invalid', /Replicate rejected this key/, '/replicate/errors/401/'],
    ['rateLimited', /rate-limited right now/, '/replicate/errors/429/'],
    ['serverError', /Replicate had a problem answering/, '/replicate/errors/5xx/'],
  ];
  for (const [scenario, heading, errorPage] of verdicts) {
    it(`${scenario}: says so, explains the fix and links ${errorPage}`, async () => {
      const page = await browser.context.newPage();
      await run(page, scenario);
      await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toMatch(heading);
      const verdict = page.locator('.kt-verdict');
      expect(await verdict.textContent()).toContain('How to fix it');
      expect(await verdict.getByRole('link', { name: /What this error means/ }).getAttribute('href')).toBe(errorPage);
      await page.close();
    });
  }
});
