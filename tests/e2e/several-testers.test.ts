/**
 * Several testers on one page: an article embeds `<KeyTester provider="…" client:visible />` for two
 * providers. Each keeps its own element ids, labels, radio group names and state (key, options,
 * results); no id repeats, every reference (label `for`, aria-describedby/-labelledby/-controls,
 * datalist) points inside its own tester; axe passes at 1280 and 375 px, light and dark.
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { assignScenario, canaryKey, leaksOf } from '../support/canary.ts';
import { watchPage } from '../support/page-watch.ts';
import { expectAccessible, viewBrowsers, VIEWS } from '../support/views.ts';

const origin = inject('siteOrigin');
const fakeOrigins = JSON.parse(inject('fakeOrigins')) as Record<string, Record<string, string>>;
const mistralFakes = [inject('fakePlatform'), inject('fakeCodestral')];
const browsers = viewBrowsers();
afterAll(() => browsers.close());

const ARTICLE = 'free-llm-api-keys-2026';
const embedded = [...readFileSync(`src/content/articles/${ARTICLE}.mdx`, 'utf8').matchAll(/<KeyTester provider="([a-z-]+)" client:visible \/>/g)].map((m) => m[1]);

/** Every id reference inside `root` that does not resolve to an element inside `root`. */
const danglingReferences = (root: Locator) =>
  root.evaluate((el) => {
    const problems: string[] = [];
    const inside = (id: string) => el.querySelector(`[id="${CSS.escape(id)}"]`) !== null;
    for (const node of el.querySelectorAll('[for], [aria-describedby], [aria-labelledby], [aria-controls], [list]')) {
      for (const attr of ['for', 'aria-describedby', 'aria-labelledby', 'aria-controls', 'list']) {
        for (const id of (node.getAttribute(attr) ?? '').split(/\s+/).filter(Boolean)) if (!inside(id)) problems.push(`${attr}=${id}`);
      }
    }
    return problems;
  });

async function hydrateAll(page: Page): Promise<Locator> {
  const testers = page.locator('.kt-bare');
  await expect.poll(() => testers.count()).toBe(embedded.length);
  for (let i = 0; i < embedded.length; i++) {
    await testers.nth(i).scrollIntoViewIfNeeded();
    await expect.poll(() => testers.nth(i).locator('input[type="password"]').isEnabled(), { timeout: 15_000 }).toBe(true);
  }
  return testers;
}

describe('two testers in an article', () => {
  it('the article embeds testers of two providers', () => {
    expect(embedded).toEqual(['mistral', 'cohere']);
  });

  for (const view of VIEWS) {
    it(`keeps ids, labels, radio names and state per tester (${view.name})`, async () => {
      const page = await (await browsers.get(view)).context.newPage();
      const watch = watchPage(page, origin);
      await page.goto(`${origin}/articles/${ARTICLE}/`);
      const testers = await hydrateAll(page);
      const [mistral, cohere] = [testers.nth(0), testers.nth(1)];
      expect(await mistral.getByLabel('Your Mistral API key').count()).toBe(1);
      expect(await cohere.getByLabel('Your Cohere API key').count()).toBe(1);

      // Options open in both: each tester's radio group has its own name.
      for (const t of [mistral, cohere]) await t.locator('.kt-options summary').click();
      await mistral.getByRole('radio', { name: /^EU/ }).check();
      const names = await page.$$eval('.kt-bare input[type="radio"]', (radios) => radios.map((r) => [r.closest('.kt-bare') === document.querySelectorAll('.kt-bare')[0] ? 0 : 1, (r as HTMLInputElement).name] as const));
      const byTester = [0, 1].map((i) => new Set(names.filter(([t]) => t === i).map(([, n]) => n)));
      for (const name of byTester[0] ?? []) expect(byTester[1]?.has(name), name).toBe(false);

      // A key in one tester stays there; a run's results too.
      const key = canaryKey();
      await assignScenario(mistralFakes, key, 'validPaid');
      await mistral.locator('input[type="password"]').fill(key);
      await expect.poll(() => mistral.locator('.kt-key-note').textContent()).toMatch(/^Detected: Mistral/);
      expect(await cohere.locator('input[type="password"]').inputValue()).toBe('');
      expect(await cohere.locator('.kt-key-note').textContent()).toBe('');
      await mistral.getByRole('button', { name: 'Test key' }).click();
      await expect.poll(() => mistral.locator('.kt-verdict h3').textContent(), { timeout: 20_000 }).toContain('Your key works');
      expect(await mistral.locator('.kt-verdict').textContent()).toContain('api.eu.mistral.ai');
      expect(await cohere.locator('.kt-results').count()).toBe(0);
      expect(await cohere.getByRole('radio', { name: /^Default/ }).count()).toBe(0);

      const cohereKey = Array.from({ length: 40 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[randomInt(62)]).join('');
      await assignScenario([fakeOrigins.cohere?.default ?? ''], cohereKey, 'validTrial');
      await cohere.locator('input[type="password"]').fill(cohereKey);
      await cohere.getByRole('button', { name: 'Test key' }).click();
      await expect.poll(() => cohere.locator('.kt-verdict h3').textContent(), { timeout: 20_000 }).toContain('Your key works');
      // The first tester's result is still its own.
      expect(await mistral.locator('.kt-verdict').textContent()).toContain(`…${key.slice(-4)}`);
      expect(await cohere.locator('.kt-verdict').textContent()).toContain(`…${cohereKey.slice(-4)}`);

      const ids = await page.$$eval('[id]', (els) => els.map((e) => e.id));
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
      for (const t of [mistral, cohere]) expect(await danglingReferences(t)).toEqual([]);
      await expectAccessible(page, view, 'two results');

      // Clearing one forgets only its own key.
      await mistral.getByRole('button', { name: 'Clear', exact: true }).click();
      expect(leaksOf(key, await page.content())).toEqual([]);
      expect(await cohere.locator('input[type="password"]').inputValue()).toBe(cohereKey);
      expect(watch.consoleErrors).toEqual([]);
      await page.close();
    });
  }
});
