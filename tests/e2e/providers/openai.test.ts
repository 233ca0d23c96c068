/**
 * OpenAI's tester as a user drives it, in Chromium, against the built site in workerd and the fake
 * of OpenAI's four hosts: a working key whose billing the chat check settles, a key without credit,
 * the verdicts with their error pages, a data-residency key sent back to its own host, and search.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from '../../support/axe.ts';
import { leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';
import { ALNUM, expectAccessibleAndQuiet, fakesOf, itExplainsFailures, openTester, origin, pickChecks, playing, randomString, testButton, useBrowser, verdictHeading } from '../../support/tester-page.ts';

const browser = useBrowser();

/** A random key of OpenAI's shape (unique per test, so any place it turns up is a leak), playing a scenario on every host. */
function newKey(scenario: string, admin = false): Promise<string> {
  const half = admin ? 58 : 74;
  return playing(fakesOf('openai'), `${admin ? 'sk-admin-' : 'sk-proj-'}${randomString(half, ALNUM)}T3BlbkFJ${randomString(half, ALNUM)}`, scenario);
}

async function run(page: Page, key: string, checks: string[] = []): Promise<void> {
  await page.locator('#kt-key').fill(key);
  if (checks.length) await pickChecks(page, checks);
  await testButton(page).click();
}

describe('the OpenAI key tester', () => {
  it('a working key: billing unverified until the chat check, whose cost is shown first; then it works and can spend', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page, 'openai');
    const key = await newKey('valid');
    await page.locator('#kt-key').fill(key);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toContain('Detected: OpenAI');
    await pickChecks(page, ['Chat']);
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/\$0\.\d+/);
    expect(await page.locator('.kt-cost').textContent()).toContain('on gpt-6-luna at $0.10 in / $0.50 out per 1M tokens');
    await testButton(page).click();

    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    const verdict = page.locator('.kt-verdict');
    expect(await verdict.textContent()).toContain('Billing unverified');
    await expect.poll(() => page.getByTestId('outcome').textContent()).toContain('Your key works and can spend: the chat check passed.');
    expect(await page.getByRole('heading', { name: 'Rate limits' }).isVisible()).toBe(true);
    expect(await page.locator('.kt-limits').textContent()).toMatch(/Requests per minute.*of 500 left/s);
    expect(leaksOf(key, await page.locator('#tester').innerHTML())).toEqual([]);

    await expectAccessibleAndQuiet(page, watch);
    await page.close();
  });

  it('a key without credit: valid on the free call, and the chat check says it cannot spend, with the insufficient_quota page', async () => {
    const page = await browser.context.newPage();
    await openTester(page, 'openai');
    await run(page, await newKey('quotaExhausted'), ['Chat']);
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    await expect.poll(() => page.getByTestId('outcome').textContent()).toMatch(/Overall: Valid key, but no allowance left\..*cannot spend/);
    const checks = page.locator('.kt-checks');
    expect(await checks.textContent()).toContain('429 insufficient_quota');
    expect(await checks.getByRole('link', { name: 'What this error means' }).getAttribute('href')).toBe('/openai/errors/insufficient-quota/');
    await page.close();
  });

  // adminKey is played by an admin key (sk-admin-), whose verdict says what it is.
  itExplainsFailures(browser, 'openai', [
    ['invalid', /OpenAI rejected this key/, '/openai/errors/401/'],
    ['missingScopesOnList', /Key accepted, but access refused/, '/openai/errors/missing-scopes/'],
    ['noModelsRead', /Key accepted, but access refused/, '/openai/errors/403/'],
    ['unsupportedRegion', /OpenAI does not serve the place this test ran from/, '/openai/errors/unsupported-country-region-territory/'],
    ['rateLimited', /rate-limited right now/, '/openai/errors/429/'],
    ['serverError', /had a problem answering/, '/openai/errors/5xx/'],
    ['adminKey', /Key accepted, but access refused/, '/openai/errors/401/'],
  ], {
    key: (scenario) => newKey(scenario, scenario === 'adminKey'),
    alsoExpect: async (verdict, { scenario }) => {
      if (scenario === 'adminKey') expect(await verdict.textContent()).toContain('This is an OpenAI admin key');
    },
  });

  it('a US data-residency key: wrong endpoint, and one click tests it again on us.api.openai.com, where it works', async () => {
    const page = await browser.context.newPage();
    await openTester(page, 'openai');
    await run(page, await newKey('usProject'));
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Right key, wrong endpoint');
    expect(await page.locator('.kt-verdict').getByRole('link', { name: /What this error means/ }).getAttribute('href')).toBe('/openai/errors/incorrect-hostname/');
    await page.getByRole('button', { name: /Test again on US \(us\.api\.openai\.com\)/ }).click();
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    expect(await page.locator('.kt-verdict').textContent()).toContain('us.api.openai.com');
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.close();
  });
});

describe('search', () => {
  it('"insufficient_quota" puts the OpenAI insufficient-quota page first', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/search/?q=insufficient_quota`);
    await page.locator('#search-status').filter({ hasText: /result/ }).waitFor();
    const links = await page.$$eval('[data-testid="search-results"] a', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(links[0]).toBe('/openai/errors/insufficient-quota/');
    await page.close();
  });
});
