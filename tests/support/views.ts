/**
 * The four ways the island's features are looked at in Chromium: 1280 and 375 px wide, light and
 * dark. One browser per view for a test file; each view's page gets axe and an overflow check.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from './axe.ts';
import { launchBrowser, type Browser } from './browser.ts';

export interface View {
  name: string;
  width: number;
  colorScheme: 'light' | 'dark';
}

export const VIEWS: readonly View[] = [
  { name: '1280 px, light', width: 1280, colorScheme: 'light' },
  { name: '1280 px, dark', width: 1280, colorScheme: 'dark' },
  { name: '375 px, light', width: 375, colorScheme: 'light' },
  { name: '375 px, dark', width: 375, colorScheme: 'dark' },
];

/** One browser per view, launched on first use and closed by `close`. */
export function viewBrowsers() {
  const open = new Map<string, Promise<Browser>>();
  return {
    get(view: View): Promise<Browser> {
      let browser = open.get(view.name);
      if (!browser) {
        browser = launchBrowser({ colorScheme: view.colorScheme, width: view.width, height: 900 });
        open.set(view.name, browser);
      }
      return browser;
    },
    async close() {
      await Promise.all([...open.values()].map(async (b) => (await b).close()));
      open.clear();
    },
  };
}

/** axe finds nothing, and nothing is wider than the screen. */
export async function expectAccessible(page: Page, view: View, where = ''): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${view.name} ${where}\n${describeViolations(violations)}`).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${view.name} ${where}: wider than the screen`).toBeLessThanOrEqual(view.width);
}
