/**
 * Compare endpoints, in Chromium against the built site and the Mistral fake: the option appears
 * for a provider with several endpoints, the cost line covers every run on every endpoint before
 * the run starts, the request carries `benchmark.endpoints`, and the result shows the endpoints
 * side by side (verdict, TTFB/TTFT/E2E/tok/s p50 and p90) with one chart series per endpoint; an
 * endpoint that refuses the key says so in its column. 1280 and 375 px, light and dark, axe.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { assignScenario, canaryKey, leaksOf } from '../support/canary.ts';
import { watchPage } from '../support/page-watch.ts';
import { expectAccessible, viewBrowsers, VIEWS } from '../support/views.ts';

const origin = inject('siteOrigin');
const mistralFakes = [inject('fakePlatform'), inject('fakeCodestral')];
const browsers = viewBrowsers();
afterAll(() => browsers.close());

async function open(page: Page): Promise<string[]> {
  const bodies: string[] = [];
  page.on('request', (r) => r.url().endsWith('/api/test') && bodies.push(r.postData() ?? ''));
  await page.goto(`${origin}/mistral/`);
  await page.locator('#tester').scrollIntoViewIfNeeded();
  await expect.poll(() => page.locator('#kt-key').isEnabled(), { timeout: 15_000 }).toBe(true);
  return bodies;
}

async function chooseBenchmark(page: Page, target: string, runs: string) {
  if (!(await page.locator('.kt-options').evaluate((d) => (d as HTMLDetailsElement).open))) await page.locator('.kt-options summary').click();
  await page.getByRole('checkbox', { name: /^Measure latency/ }).check();
  await page.locator('#kt-target').selectOption(target);
  await page.locator('#kt-runs').fill(runs);
  await page.locator('#kt-runs').blur();
}

const agree = (page: Page) => page.getByRole('checkbox', { name: /^I agree to this cost/ });
const panel = (page: Page) => page.locator('section[aria-labelledby="kt-compare-title"]');

describe('compare endpoints', () => {
  for (const view of VIEWS) {
    it(`prices every run first, then shows the endpoints side by side with a chart series each (${view.name})`, async () => {
      const page = await (await browsers.get(view)).context.newPage();
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
      const watch = watchPage(page, origin);
      const bodies = await open(page);
      const key = canaryKey();
      await assignScenario(mistralFakes, key, 'validPaid');
      await page.locator('#kt-key').fill(key);
      await chooseBenchmark(page, 'chat', '2');
      const single = (await page.locator('.kt-cost').textContent()) ?? '';
      await page.getByRole('checkbox', { name: /^Compare endpoints/ }).check();
      const group = page.getByRole('group', { name: /Endpoints to compare/ });
      // The chosen endpoint is always compared; the others whose key check is free are picked.
      expect(await group.getByRole('checkbox', { name: /^Global/ }).isChecked()).toBe(true);
      expect(await group.getByRole('checkbox', { name: /^Global/ }).isDisabled()).toBe(true);
      for (const name of ['EU', 'US']) expect(await group.getByRole('checkbox', { name: new RegExp(`^${name}`) }).isChecked()).toBe(true);
      expect(await group.getByRole('checkbox', { name: /^Codestral/ }).isChecked()).toBe(false);
      // Before the run: the cost covers all runs, on every endpoint.
      await page.locator('.kt-cost summary').click().catch(() => undefined);
      await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/benchmark on 3 endpoints, warm-up included: 9 calls × 30 in \+ 32 out tokens on mistral-small-latest/);
      const usd = (text: string) => Number(/Up to \$([\d.]+)/.exec(text)?.[1]);
      expect(usd((await page.locator('.kt-cost').textContent()) ?? '')).toBeGreaterThan(usd(single) * 2.5);
      await expectAccessible(page, view, 'options');

      await page.getByRole('button', { name: 'Test key' }).click();
      await expect.poll(() => page.locator('#kt-verdict-title').textContent(), { timeout: 20_000 }).toContain('Your key works');
      await expect.poll(() => page.locator('.kt-progress').count(), { timeout: 30_000 }).toBe(0);
      expect(JSON.parse(bodies[0] ?? '{}')).toMatchObject({ endpoint: 'global', benchmark: { target: 'chat', runs: 2, endpoints: ['global', 'eu', 'us'] } });

      const table = panel(page).locator('table').first();
      const headers = await table.locator('thead th').allTextContents();
      expect(headers.slice(1).map((h) => h.replace(/[●\s]+/g, ' ').trim())).toEqual(['Global api.mistral.ai', 'EU api.eu.mistral.ai', 'US api.us.mistral.ai']);
      const rowNames = await table.locator('tbody th').allTextContents();
      for (const metric of ['TTFB', 'TTFT', 'E2E', 'Tok/s']) for (const p of ['p50', 'p90']) expect(rowNames.some((r) => r.startsWith(`${metric} ${p}`)), `${metric} ${p}`).toBe(true);
      expect(await table.locator('tbody tr').first().textContent()).toMatch(/Key check\s*works\s*works\s*works/);
      // One series per endpoint, each with its warm-up and two runs.
      const series = panel(page).locator('svg[role="img"] .kt-series');
      expect(await series.count()).toBe(3);
      for (let i = 0; i < 3; i++) expect(await series.nth(i).locator('.kt-spt').count()).toBe(3);
      await expectAccessible(page, view, 'comparison');

      await page.getByRole('button', { name: 'Copy report (Markdown)' }).click();
      const report = await page.evaluate(() => navigator.clipboard.readText());
      expect(report).toContain('## Endpoints compared');
      expect(leaksOf(key, report)).toEqual([]);
      expect(watch.consoleErrors).toEqual([]);
      await page.close();
    });
  }

  it('asks to agree to the cost of every compared endpoint whose key check is paid, again on any change, and says so in the request', async () => {
    const page = await (await browsers.get(VIEWS[0]!)).context.newPage();
    const bodies = await open(page);
    const key = canaryKey();
    await assignScenario(mistralFakes, key, 'validPaid');
    await page.locator('#kt-key').fill(key);
    await chooseBenchmark(page, 'chat', '1');
    await page.getByRole('checkbox', { name: /^Compare endpoints/ }).check();
    const group = page.getByRole('group', { name: /Endpoints to compare/ });
    const test = page.getByRole('button', { name: 'Test key' });
    // Global, EU and US: free key checks, nothing to agree to.
    await expect.poll(() => test.isEnabled()).toBe(true);
    expect(await agree(page).count()).toBe(0);
    // Codestral's key check is a paid call: priced, and the run waits for the user to agree.
    await group.getByRole('checkbox', { name: /^Codestral/ }).check();
    await expect.poll(() => agree(page).count()).toBe(1);
    expect(await page.locator('.kt-confirm').textContent()).toMatch(/Mistral has no free call on Codestral,/);
    expect(await page.locator('.kt-cost').textContent()).toMatch(/key check on codestral/);
    expect(await test.isDisabled()).toBe(true);
    await agree(page).check();
    expect(await test.isEnabled()).toBe(true);
    // Taking Codestral out and back in asks again.
    await group.getByRole('checkbox', { name: /^Codestral/ }).uncheck();
    await expect.poll(() => agree(page).count()).toBe(0);
    await group.getByRole('checkbox', { name: /^Codestral/ }).check();
    await expect.poll(() => agree(page).isChecked()).toBe(false);
    expect(await test.isDisabled()).toBe(true);
    await agree(page).check();
    await test.click();
    await expect.poll(() => page.locator('#kt-verdict-title').textContent(), { timeout: 20_000 }).toContain('Your key works');
    await expect.poll(() => page.locator('.kt-progress').count(), { timeout: 30_000 }).toBe(0);
    expect(JSON.parse(bodies[0] ?? '{}')).toMatchObject({ endpoint: 'global', confirmPaidValidation: true, benchmark: { endpoints: ['global', 'eu', 'us', 'codestral'] } });
    expect(await panel(page).locator('table').first().locator('thead th').count()).toBe(5);
    await page.close();
  });

  it('says in its column when an endpoint refuses the key, and benchmarks only where it works', async () => {
    const page = await (await browsers.get(VIEWS[0]!)).context.newPage();
    await open(page);
    const key = canaryKey();
    await assignScenario(mistralFakes, key, 'codestralOnly');
    await page.locator('#kt-key').fill(key);
    await page.locator('.kt-options summary').click();
    await page.getByRole('radio', { name: /^Codestral/ }).check();
    await chooseBenchmark(page, 'fim', '1');
    await page.getByRole('checkbox', { name: /^Compare endpoints/ }).check();
    const group = page.getByRole('group', { name: /Endpoints to compare/ });
    // FIM: the Global host serves it too; EU and US are picked by default.
    await group.getByRole('checkbox', { name: /^US/ }).uncheck();
    await group.getByRole('checkbox', { name: /^EU/ }).uncheck();
    await group.getByRole('checkbox', { name: /^Global/ }).check();
    // Codestral's key check is a paid call: nothing runs before the user agrees to its cost.
    expect(await page.getByRole('button', { name: 'Test key' }).isDisabled()).toBe(true);
    await agree(page).check();
    await page.getByRole('button', { name: 'Test key' }).click();
    await expect.poll(() => page.locator('#kt-verdict-title').textContent(), { timeout: 20_000 }).toContain('Your key works');
    await expect.poll(() => page.locator('.kt-progress').count(), { timeout: 30_000 }).toBe(0);
    const table = panel(page).locator('table').first();
    expect(await table.locator('tbody tr').first().textContent()).toMatch(/Key check\s*works\s*Right key, wrong endpoint HTTP 401\s*Why/);
    expect(await table.locator('tbody tr').nth(1).textContent()).toMatch(/Runs measured\s*1\s*not benchmarked/);
    expect(await panel(page).locator('.kt-series').count()).toBe(2);
    expect(await panel(page).locator('.kt-series').nth(1).locator('.kt-spt').count()).toBe(0);
    await page.close();
  });
});
