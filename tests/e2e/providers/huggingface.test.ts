/**
 * Hugging Face's tester as a user drives it, in Chromium, against the built site in workerd and the
 * fake of both hosts: a pasted token is detected, the free check needs no consent, the token's role
 * and the Hub's limits are shown (never the account's name or email), the checks say which provider
 * served them, failures say so and link their error page; axe passes.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from '../../support/axe.ts';
import { leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';
import { FAKE_HF_USER } from '../../fakes/huggingface-keys.ts';
import { ALNUM, expectAccessibleAndQuiet, fakeOf, itExplainsFailures, keyFor, openTester, origin, pickChecks, testButton, useBrowser, verdictHeading } from '../../support/tester-page.ts';

const browser = useBrowser();

/** Hugging Face's shape: hf_ and 34 letters and digits; the scenario plays on both hosts. */
const SHAPE = { prefix: 'hf_', length: 37, alphabet: ALNUM };
const newKey = (scenario: string) => keyFor([fakeOf('huggingface', 'hub'), fakeOf('huggingface', 'router')], SHAPE, scenario);

describe('the Hugging Face tester', () => {
  it('a read token: detected, free check, role and Hub limits, checks served by novita, no personal data; axe passes', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page, 'huggingface');
    const key = await newKey('valid');
    await page.locator('#kt-key').fill(key);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toContain('Detected: Hugging Face');

    await pickChecks(page, ['Chat', 'Streaming']);
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/\$0\.\d+/);
    // The key check itself is free: nothing to agree to.
    expect(await page.getByRole('checkbox', { name: /^I agree to this cost/ }).count()).toBe(0);
    await testButton(page).click();

    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    const checks = page.locator('#kt-checks-title').locator('..');
    await expect.poll(async () => (await checks.textContent())?.match(/works/g)?.length ?? 0, { timeout: 20_000 }).toBe(2);
    expect(await checks.textContent()).toContain('meta-llama/Llama-3.1-8B-Instruct:cheapest');
    expect(await checks.textContent()).toContain('served by novita');
    expect(await checks.textContent()).toMatch(/Hugging Face reports [\d.]+ ms to the first token on its side/);
    const account = page.locator('#kt-account-title').locator('..');
    expect(await account.textContent()).toContain('Read token (classic)');
    const limits = page.locator('section[aria-labelledby="kt-limits-title"]');
    await limits.waitFor();
    expect(await limits.textContent()).toMatch(/Hub API requests per 5 minutes/);
    expect(await page.getByRole('heading', { name: 'Models Hugging Face offers' }).isVisible()).toBe(true);

    const html = await page.content();
    for (const personal of [FAKE_HF_USER, 'Keyprobe Fake Person', 'fake.person@keyprobe.invalid', 'keyprobe-fake-org']) expect(html).not.toContain(personal);
    await expectAccessibleAndQuiet(page, watch);
    expect(leaksOf(key, await page.locator('#tester').innerHTML())).toEqual([]);
    await page.close();
  });

  itExplainsFailures(browser, 'huggingface', [
    ['invalid', /Hugging Face rejected this key/, '/huggingface/errors/401/'],
    ['noInferencePermission', /Key accepted, but access refused/, '/huggingface/errors/403-inference-permission/'],
    ['hubRateLimited', /rate-limited right now/, '/huggingface/errors/429/'],
    ['hubError', /Hugging Face had a problem answering/, '/huggingface/errors/5xx/'],
  ], { key: newKey });

  it('a token without credits: valid, the chat check fails with 402 and links the 402 page', async () => {
    const page = await browser.context.newPage();
    await openTester(page, 'huggingface');
    await page.locator('#kt-key').fill(await newKey('creditsDepleted'));
    await pickChecks(page, ['Chat']);
    await testButton(page).click();
    await expect.poll(() => page.getByTestId('outcome').textContent(), { timeout: 20_000 }).toMatch(/Overall: Valid key, but no allowance left/);
    const checks = page.locator('#kt-checks-title').locator('..');
    expect(await checks.textContent()).toMatch(/402 Payment Required/);
    expect(await checks.getByRole('link', { name: 'What this error means' }).getAttribute('href')).toBe('/huggingface/errors/402/');
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.close();
  });
});
