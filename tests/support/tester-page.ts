/**
 * Driving a provider's key tester in Chromium: the steps every provider's end-to-end test shares.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** Opens a page with a tester and waits until its key field takes input (the island has hydrated). */
export async function openTester(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('#tester').scrollIntoViewIfNeeded();
  await expect.poll(() => page.locator('#kt-key').isEnabled()).toBe(true);
}

export const verdictHeading = (page: Page) => page.locator('#kt-verdict-title');

/**
 * Waits until a run has ended: the progress line goes when the last event has arrived. A panel's
 * heading alone is not enough: the benchmark's shows while the streaming check is still running.
 */
export async function untilRunEnds(page: Page, timeout = 30_000): Promise<void> {
  await expect.poll(() => page.locator('.kt-progress').count(), { timeout }).toBe(0);
}
