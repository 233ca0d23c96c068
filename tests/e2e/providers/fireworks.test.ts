/**
 * Fireworks' tester in Chromium, against the built site in workerd and the Fireworks fake: an fw_
 * key is detected by its prefix only, the stream check and a benchmark show Fireworks' own time to
 * first token beside the measured one, its limits in tokens per second; a model list that fails on
 * Fireworks' side does not condemn the key when a check proves it; a suspended account links the
 * 412 page; axe passes.
 */
import { describe, expect, it } from 'vitest';
import { watchPage } from '../../support/page-watch.ts';
import { expectAccessibleAndQuiet, keyFor, measureLatency, openTester, origin, pickChecks, testButton, useBrowser, verdictHeading } from '../../support/tester-page.ts';

const SHAPE = { prefix: 'fw_', length: 27, alphabet: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789' };
const key = (scenario: string) => keyFor('fireworks', SHAPE, scenario);
const browser = useBrowser();

describe('the Fireworks tester', () => {
  it('a working key: detected by prefix, the stream check and the benchmark show Fireworks’ own TTFT, axe passes', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page, 'fireworks');
    await page.locator('#kt-key').fill(await key('valid'));
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toMatch(/Detected: Fireworks.*detected by prefix only/);
    await pickChecks(page, ['Streaming']);
    await measureLatency(page, 2);
    await testButton(page).click();

    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    const checks = page.locator('#kt-checks-title').locator('..');
    await expect.poll(() => checks.textContent(), { timeout: 20_000 }).toMatch(/Fireworks reports 779 ms to the first token on its side/);
    const bench = page.locator('section[aria-labelledby="kt-bench-title"]');
    await bench.locator('.kt-runs').waitFor({ timeout: 20_000 });
    await bench.locator('.kt-runs summary').click();
    const runs = bench.locator('.kt-runs table');
    expect(await runs.locator('thead').textContent()).toMatch(/TTFT\s*Server TTFT\s*E2E/);
    expect(await runs.locator('tbody tr').first().textContent()).toContain('779');
    const limits = page.locator('section[aria-labelledby="kt-limits-title"]');
    await limits.waitFor();
    expect(await limits.textContent()).toMatch(/Prompt tokens per second/);
    expect(await limits.textContent()).toMatch(/within its rate limits/);

    await expectAccessibleAndQuiet(page, watch);
    await page.close();
  });

  it('a model list that fails on Fireworks’ side: the chat check still runs and proves the key', async () => {
    const page = await browser.context.newPage();
    await openTester(page, 'fireworks');
    await page.locator('#kt-key').fill(await key('listFails'));
    await pickChecks(page, ['Chat']);
    await testButton(page).click();
    await expect.poll(() => page.getByTestId('outcome').textContent(), { timeout: 20_000 }).toMatch(/Overall: Your key works/);
    expect(await page.locator('.kt-verdict').textContent()).toMatch(/This says nothing against your key/);
    await page.close();
  });

  it('a suspended account: valid, the chat check fails with 412 and links the 412 page', async () => {
    const page = await browser.context.newPage();
    await openTester(page, 'fireworks');
    await page.locator('#kt-key').fill(await key('suspended'));
    await pickChecks(page, ['Chat']);
    await testButton(page).click();
    await expect.poll(() => page.getByTestId('outcome').textContent(), { timeout: 20_000 }).toMatch(/Overall: Valid key, but no allowance left/);
    const checks = page.locator('#kt-checks-title').locator('..');
    expect(await checks.textContent()).toMatch(/account is suspended/);
    expect(await checks.getByRole('link', { name: 'What this error means' }).getAttribute('href')).toBe('/fireworks/errors/412/');
    await page.close();
  });

  it('a rejected key says so and links the 401 page', async () => {
    const page = await browser.context.newPage();
    await openTester(page, 'fireworks');
    await page.locator('#kt-key').fill(await key('invalid'));
    await testButton(page).click();
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toMatch(/Fireworks rejected this key/);
    expect(await page.locator('.kt-verdict').getByRole('link', { name: /What this error means/ }).getAttribute('href')).toBe('/fireworks/errors/401/');
    await page.close();
  });
});
