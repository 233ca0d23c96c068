/**
 * Search as users use it: type the error you got, land on its page. Runs Pagefind's real index
 * of the built site in Chromium.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from '../support/browser.ts';
import { watchPage } from '../support/page-watch.ts';

const origin = inject('siteOrigin');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function resultLinks(page: Page): Promise<string[]> {
  await page.locator('#search-status').filter({ hasText: /result/ }).waitFor();
  return page.$$eval('[data-testid="search-results"] a', (links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

describe('search', () => {
  it('"429" with the Mistral filter ranks the Mistral 429 page first', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/search/?q=429&provider=Mistral`);
    const links = await resultLinks(page);
    expect(links[0]).toBe('/mistral/errors/429/');
    await page.close();
  });

  it('"mistral 429" typed into the header search form (no JavaScript needed to submit) finds the 429 page first', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/mistral/errors/401/`);
    await page.locator('#site-search').fill('mistral 429');
    await page.locator('#site-search').press('Enter');
    await page.waitForURL(/\/search\/\?q=mistral\+429/);
    expect((await resultLinks(page))[0]).toBe('/mistral/errors/429/');
    await page.close();
  });

  it('"Unauthorized" finds the 401 page', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/search/`);
    await page.locator('#search-query').fill('Unauthorized');
    const links = await resultLinks(page);
    expect(links.slice(0, 3)).toContain('/mistral/errors/401/');
    expect(page.url()).toContain('q=Unauthorized');
    await page.close();
  });

  it('filters by type', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/search/?q=key&type=Article`);
    const links = await resultLinks(page);
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((l) => l.startsWith('/articles/'))).toBe(true);
    await page.close();
  });

  it('refuses to search for something that looks like an API key, and clears it from the address bar', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    const secret = 'AbCdEf0123456789GhIjKl0123456789';
    await page.goto(`${origin}/search/?q=${secret}`);
    await page.locator('#search-notice').waitFor();
    expect(page.url()).not.toContain(secret);
    expect(await page.locator('#search-query').inputValue()).toBe('');
    expect(await page.locator('[data-testid="search-results"] li').count()).toBe(0);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });
});
