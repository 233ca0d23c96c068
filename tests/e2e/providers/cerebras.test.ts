/**
 * Cerebras' tester in Chromium, against the built site in workerd and the Cerebras fake: a csk- key
 * is detected, the checks show limits per minute, hour and day and Cerebras' own time to first token
 * from time_info; a key that must pay links the 402 page, a spent daily allowance the 429 page;
 * axe passes.
 */
import { describe, expect, it } from 'vitest';
import { watchPage } from '../../support/page-watch.ts';
import { expectAccessibleAndQuiet, keyFor, openTester, origin, pickChecks, testButton, useBrowser, verdictHeading } from '../../support/tester-page.ts';

const SHAPE = { prefix: 'csk-', length: 52, alphabet: 'abcdefghijklmnopqrstuvwxyz0123456789' };
const key = (scenario: string) => keyFor('cerebras', SHAPE, scenario);
const browser = useBrowser();

describe('the Cerebras tester', () => {
  it('a working key: detected, the checks work, six limit windows and Cerebras’ own TTFT are shown, axe passes', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page, 'cerebras');
    await page.locator('#kt-key').fill(await key('valid'));
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toContain('Detected: Cerebras');
    await pickChecks(page, ['Chat', 'Streaming']);
    await testButton(page).click();

    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    const checks = page.locator('#kt-checks-title').locator('..');
    await expect.poll(async () => (await checks.textContent())?.match(/works/g)?.length ?? 0, { timeout: 20_000 }).toBe(2);
    expect(await checks.textContent()).toMatch(/Cerebras reports 5\.6 ms to the first token on its side/);
    const limits = page.locator('section[aria-labelledby="kt-limits-title"]');
    await limits.waitFor();
    const text = (await limits.textContent()) ?? '';
    for (const name of ['Requests per minute', 'Tokens per minute', 'Requests per hour', 'Tokens per hour', 'Requests per day', 'Tokens per day']) expect(text).toContain(name);

    await expectAccessibleAndQuiet(page, watch);
    await page.close();
  });

  it('a key that must pay: valid, the chat check fails with 402 and links the 402 page', async () => {
    const page = await browser.context.newPage();
    await openTester(page, 'cerebras');
    await page.locator('#kt-key').fill(await key('quotaExhausted'));
    await pickChecks(page, ['Chat']);
    await testButton(page).click();
    await expect.poll(() => page.getByTestId('outcome').textContent(), { timeout: 20_000 }).toMatch(/Overall: Valid key, but no allowance left/);
    const checks = page.locator('#kt-checks-title').locator('..');
    expect(await checks.getByRole('link', { name: 'What this error means' }).getAttribute('href')).toBe('/cerebras/errors/402/');
    await page.close();
  });

  it('a spent daily allowance: the chat check says waiting a minute will not help, shows the empty window and links the 429 page', async () => {
    const page = await browser.context.newPage();
    await openTester(page, 'cerebras');
    await page.locator('#kt-key').fill(await key('dailyTokens'));
    await pickChecks(page, ['Chat']);
    await testButton(page).click();
    const checks = page.locator('#kt-checks-title').locator('..');
    await expect.poll(() => checks.textContent(), { timeout: 20_000 }).toMatch(/allowance of tokens per day is used up \(429\): waiting a minute will not help/);
    expect(await checks.getByRole('link', { name: 'What this error means' }).getAttribute('href')).toBe('/cerebras/errors/429/');
    const limits = page.locator('section[aria-labelledby="kt-limits-title"]');
    await limits.waitFor();
    expect(await limits.locator('li').filter({ hasText: 'Tokens per day' }).textContent()).toMatch(/0 of 2,000,000,000 left/);
    await page.close();
  });

  it('a rejected key says so and links the 401 page', async () => {
    const page = await browser.context.newPage();
    await openTester(page, 'cerebras');
    await page.locator('#kt-key').fill(await key('invalid'));
    await testButton(page).click();
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toMatch(/Cerebras rejected this key/);
    expect(await page.locator('.kt-verdict').getByRole('link', { name: /What this error means/ }).getAttribute('href')).toBe('/cerebras/errors/401/');
    await page.close();
  });
});
