/**
 * Perplexity's tester as a user drives it, in Chromium, against the built site in workerd and the
 * Perplexity fake: the key is detected, the paid key check shows its cost and waits for the user to
 * agree, a working key runs its checks, failures say so and link their error page; the home page,
 * /security/ and the FAQ say a Perplexity test is never free; axe passes.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';
import { ALNUM, expectAccessibleAndQuiet, itExplainsFailures, keyFor, openTester, origin, pickChecks, testButton, useBrowser, verdictHeading } from '../../support/tester-page.ts';

const browser = useBrowser();

/** Perplexity's shape: pplx- and 48 letters and digits. */
const SHAPE = { prefix: 'pplx-', length: 53, alphabet: ALNUM };
const newKey = (scenario: string) => keyFor('perplexity', SHAPE, scenario);
const agree = (page: Page) => page.getByRole('checkbox', { name: /^I agree to this cost/ });

describe('the Perplexity tester', () => {
  it('shows the key check’s cost, runs only once the user agrees, then shows checks, models and limits', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page, 'perplexity');
    const key = await newKey('valid');
    await page.locator('#kt-key').fill(key);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toContain('Detected: Perplexity');

    // Before any option: the key check alone is priced, and the test waits for consent.
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/Up to \$0\.0000\d+ in tokens, billed to your key\./);
    expect(await page.locator('.kt-cost').textContent()).toMatch(/perplexity\/sonar/);
    expect(await page.locator('.kt-cost').textContent()).toContain('Perplexity has no free call, so even the key check is a paid call, billed to my key.');
    expect(await testButton(page).isDisabled()).toBe(true);
    await page.locator('#kt-key').press('Enter');
    expect(await verdictHeading(page).count()).toBe(0);

    await pickChecks(page, ['Chat', 'Streaming']);
    await agree(page).check();
    await testButton(page).click();

    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    const checks = page.locator('#kt-checks-title').locator('..');
    await expect.poll(async () => (await checks.textContent())?.match(/works/g)?.length ?? 0, { timeout: 20_000 }).toBe(2);
    expect(await checks.textContent()).toContain('perplexity/sonar');
    expect(await page.getByRole('heading', { name: 'Models this key can use' }).isVisible()).toBe(true);
    const limits = page.locator('section[aria-labelledby="kt-limits-title"]');
    await limits.waitFor();
    expect(await limits.textContent()).toMatch(/Requests per second/);
    expect(await limits.textContent()).toContain('every key of the group shares this limit');

    await expectAccessibleAndQuiet(page, watch);
    expect(leaksOf(key, await page.locator('#tester').innerHTML())).toEqual([]);
    await page.close();
  });

  itExplainsFailures(browser, 'perplexity', [
    ['invalid', /Perplexity rejected this key/, '/perplexity/errors/401/'],
    ['invalidHtml', /Perplexity rejected this key/, '/perplexity/errors/401/'],
    ['insufficientQuota', /Valid key, but no allowance left/, '/perplexity/errors/insufficient-quota/'],
    ['rateLimited', /rate-limited right now/, '/perplexity/errors/429/'],
    ['serverError', /Perplexity had a problem answering/, '/perplexity/errors/5xx/'],
  ], {
    key: newKey,
    prepare: (page) => agree(page).check(),
    alsoExpect: async (verdict) => {
      expect(await verdict.textContent()).not.toMatch(/<html|openresty|Authorization Required/);
    },
  });

  it('the home page, /security/ and the FAQ say a Perplexity test is never free', async () => {
    const text = async (path: string) => (await (await fetch(`${origin}${path}`)).text()).replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    expect(await text('/')).toMatch(/A test of a [^.]*Perplexity[^.]* key is never free/);
    expect(await text('/security/')).toMatch(/A test of a [^.]*Perplexity[^.]* key is therefore never free\./);
    expect(await text('/security/')).toContain('Agent API (api.perplexity.ai) (perplexity/sonar, at most 56 tokens)');
    expect(await text('/perplexity/faq/')).toMatch(/Is testing a Perplexity API key free\?\s*No\./);
  });
});
