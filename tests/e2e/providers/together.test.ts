/**
 * Together's tester in Chromium, against the built site in workerd and the Together fake: a tgp_v1_
 * key is detected, runs its checks, and the model list shows Together's own prices; failures link
 * their error pages, a key without credit is told so by the chat check; axe passes.
 */
import { describe, expect, it } from 'vitest';
import { leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';
import { expectAccessibleAndQuiet, itExplainsFailures, keyFor, openTester, origin, pickChecks, testButton, useBrowser, verdictHeading } from '../../support/tester-page.ts';

const SHAPE = { prefix: 'tgp_v1_', length: 50, alphabet: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-' };
const key = (scenario: string) => keyFor('together', SHAPE, scenario);
const browser = useBrowser();

describe('the Together tester', () => {
  it('a working key: detected, checks work, the models show their prices, axe passes', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page, 'together');
    const k = await key('valid');
    await page.locator('#kt-key').fill(k);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toContain('Detected: Together');
    await pickChecks(page, ['Chat', 'Streaming', 'Embeddings']);
    await testButton(page).click();

    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    const checks = page.locator('#kt-checks-title').locator('..');
    await expect.poll(async () => (await checks.textContent())?.match(/works/g)?.length ?? 0, { timeout: 20_000 }).toBe(3);
    expect(await checks.textContent()).toContain('meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo');
    const models = page.locator('section[aria-labelledby="kt-models-title"]');
    await models.waitFor();
    const llama = models.getByRole('row').filter({ hasText: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo' });
    expect(await llama.textContent()).toContain('$0.18 in · $0.18 out per 1M tokens');
    expect(await models.getByRole('row').filter({ hasText: 'BAAI/bge-base-en-v1.5' }).textContent()).toMatch(/\$0\.008 in · \$0\.008 out per 1M tokens.*Embeddings/);
    expect(await models.getByRole('row').filter({ hasText: 'Qwen/Qwen2.5-7B-Instruct' }).textContent()).not.toContain('per 1M tokens');

    await expectAccessibleAndQuiet(page, watch);
    expect(leaksOf(k, await page.locator('#tester').innerHTML())).toEqual([]);
    await page.close();
  });

  itExplainsFailures(browser, 'together', [
    ['invalid', /Together rejected this key/, '/together/errors/401/'],
    ['rateLimited', /rate-limited right now/, '/together/errors/429/'],
    ['serverError', /Together had a problem answering/, '/together/errors/5xx/'],
  ], { key });

  it('a key without credit: valid, the chat check fails with 402 and links the 402 page', async () => {
    const page = await browser.context.newPage();
    await openTester(page, 'together');
    await page.locator('#kt-key').fill(await key('quotaExhausted'));
    await pickChecks(page, ['Chat']);
    await testButton(page).click();
    await expect.poll(() => page.getByTestId('outcome').textContent(), { timeout: 20_000 }).toMatch(/Overall: Valid key, but no allowance left/);
    const checks = page.locator('#kt-checks-title').locator('..');
    expect(await checks.textContent()).toMatch(/Credit limit exceeded/);
    expect(await checks.getByRole('link', { name: 'What this error means' }).getAttribute('href')).toBe('/together/errors/402/');
    await page.close();
  });
});
