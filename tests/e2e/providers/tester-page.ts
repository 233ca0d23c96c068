// What the Chromium tests of the OpenAI-style testers share: a fresh random key of the provider's
// shape assigned to a scenario of its fake, and the tester opened on the provider's page.
import { randomInt } from 'node:crypto';
import { expect, inject } from 'vitest';
import type { Page } from 'playwright-core';
import { assignScenario } from '../../support/canary.ts';

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
