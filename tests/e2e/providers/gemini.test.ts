/**
 * The Gemini page's tester in Chromium, against the built site in workerd and the fake Gemini API:
 * a full run with checks and a benchmark, each failure with its heading and error page, and no
 * trace of the key in the page, the URL or storage afterwards; axe passes.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from '../../support/axe.ts';
import { launchBrowser, type Browser } from '../../support/browser.ts';
import { assignScenario, leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';
import { untilRunEnds } from '../../support/tester-page.ts';

const origin = inject('siteOrigin');
const fakes = Object.values((JSON.parse(inject('fakeOrigins')) as Record<string, Record<string, string>>).gemini ?? {});
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
});
afterAll(async () => {
  await browser?.close();
});

/** A random key of Gemini's standard shape (AIzaSy + 33), unique per test, playing a fake scenario. */
async function keyFor(scenario: string): Promise<string> {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let key = 'AIzaSy';
  while (key.length < 39) key += alphabet[randomInt(alphabet.length)];
  await assignScenario(fakes, key, scenario);
  return key;
}

async function openTester(page: Page): Promise<void> {
  await page.goto(`${origin}/gemini/`);
  await page.locator('#tester').scrollIntoViewIfNeeded();
  await expect.poll(() => page.locator('#kt-key').isEnabled()).toBe(true);
}

const verdictHeading = (page: Page) => page.locator('#kt-verdict-title');

describe('the Gemini tester', () => {
  it('a full run: validation, models, limits note, chat, stream, embeddings, benchmark; no key left behind', async () => {
    expect(fakes.length).toBe(1);
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page);
    const key = await keyFor('valid');
    await page.locator('#kt-key').fill(key);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toContain('Detected: Gemini');

    await page.locator('.kt-options summary').click();
    for (const name of ['Chat', 'Streaming', 'Embeddings']) await page.getByRole('checkbox', { name: new RegExp(`^${name}`) }).check();
    await page.getByRole('checkbox', { name: /^Measure latency/ }).check();
    await page.locator('#kt-runs').fill('2');
    await page.locator('#kt-maxTokens').fill('8');
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/\$0\.\d+/);
    await page.getByRole('button', { name: 'Test key' }).click();

    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    await page.getByRole('heading', { name: 'Latency benchmark' }).waitFor();
    await untilRunEnds(page);
    const checks = await page.locator('#kt-checks-title').locator('..').textContent();
    expect(checks?.match(/works/g)).toHaveLength(3);
    expect(checks).toContain('gemini-3.5-flash-lite');
    expect(await page.getByRole('heading', { name: 'Models this key can use' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Rate limits' }).isVisible()).toBe(true);
    expect(await page.locator('section[aria-labelledby="kt-limits-title"]').textContent()).toMatch(/Gemini sends no rate-limit headers/);

    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);

    const traces = await page.evaluate(() => location.href + JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(leaksOf(key, traces)).toEqual([]);
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    expect(leaksOf(key, await page.content())).toEqual([]);
    await page.close();
  });

  const verdicts: [string, RegExp, string][] = [
    ['invalid', /Gemini rejected this key/, '/gemini/errors/api-key-invalid/'],
    ['accessTokenUnsupported', /Gemini rejected this key/, '/gemini/errors/401-access-token-type-unsupported/'],
    ['serviceDisabled', /access refused/, '/gemini/errors/403-service-disabled/'],
    ['leakedKey', /access refused/, '/gemini/errors/403-leaked-key/'],
    ['serviceBlocked', /access refused/, '/gemini/errors/403/'],
    ['rateLimitedDaily', /rate-limited right now/, '/gemini/errors/429-resource-exhausted/'],
    ['unsupportedLocation', /does not serve the place this test ran from/, '/gemini/errors/user-location-not-supported/'],
    ['overloaded', /had a problem answering/, '/gemini/errors/5xx/'],
  ];
  for (const [scenario, heading, errorPage] of verdicts) {
    it(`${scenario}: says so, explains the fix and links ${errorPage}`, async () => {
      const page = await browser.context.newPage();
      await openTester(page);
      await page.locator('#kt-key').fill(await keyFor(scenario));
      await page.getByRole('button', { name: 'Test key' }).click();
      await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toMatch(heading);
      const verdict = page.locator('.kt-verdict');
      expect(await verdict.textContent()).toContain('How to fix it');
      expect(await verdict.getByRole('link', { name: /What this error means/ }).getAttribute('href')).toBe(errorPage);
      await page.goto(`${origin}${errorPage}`);
      expect(await page.locator('h1').textContent()).toMatch(/Gemini/);
      await page.close();
    });
  }

  it('a key whose project has no quota for the model: valid for the free call, no allowance for chat', async () => {
    const page = await browser.context.newPage();
    await openTester(page);
    await page.locator('#kt-key').fill(await keyFor('zeroQuota'));
    await page.locator('.kt-options summary').click();
    await page.getByRole('checkbox', { name: /^Chat/ }).check();
    await page.getByRole('button', { name: 'Test key' }).click();
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
