/**
 * What the Chromium tests of the provider testers share: a fresh random key of the provider's shape
 * assigned to a scenario of its fake, the tester opened on the provider's page, and the end of a run.
 */
import { randomInt } from 'node:crypto';
import { expect, inject } from 'vitest';
import type { Page } from 'playwright-core';
import { assignScenario } from './canary.ts';

export const origin = inject('siteOrigin');

export function fakeOf(provider: string): string {
  return (JSON.parse(inject('fakeOrigins')) as Record<string, Record<string, string>>)[provider]?.default ?? '';
}

/** A fresh random key (prefix + `length` characters of `alphabet`) playing a scenario of the provider's fake. */
export async function keyFor(provider: string, shape: { prefix: string; length: number; alphabet: string }, scenario: string): Promise<string> {
  let key = shape.prefix;
  while (key.length < shape.length) key += shape.alphabet[randomInt(shape.alphabet.length)];
  await assignScenario([fakeOf(provider)], key, scenario);
  return key;
}

export async function openTester(page: Page, provider: string): Promise<void> {
  await page.goto(`${origin}/${provider}/`);
  await page.locator('#tester').scrollIntoViewIfNeeded();
  await expect.poll(() => page.locator('#kt-key').isEnabled()).toBe(true);
}

export async function pickChecks(page: Page, names: string[]): Promise<void> {
  await page.locator('.kt-options summary').click();
  for (const name of names) await page.getByRole('checkbox', { name: new RegExp(`^${name}`) }).check();
}

export const verdictHeading = (page: Page) => page.locator('#kt-verdict-title');

/**
 * Waits until a run has ended: the progress line goes when the last event has arrived. A panel's
 * heading alone is not enough: the benchmark's shows while the streaming check is still running.
 */
export async function untilRunEnds(page: Page, timeout = 30_000): Promise<void> {
  await expect.poll(() => page.locator('.kt-progress').count(), { timeout }).toBe(0);
}
