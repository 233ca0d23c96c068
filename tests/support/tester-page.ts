/**
 * What the Chromium tests of the provider testers share: one browser per test file, a fresh random
 * key of the provider's shape assigned to a scenario of its fake, the tester opened on the
 * provider's page, the end of a run, and the failures every tester explains the same way.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { axeViolations, describeViolations } from './axe.ts';
import { launchBrowser, type Browser, type LaunchOptions } from './browser.ts';
import { assignScenario } from './canary.ts';
import type { PageWatch } from './page-watch.ts';

export const origin = inject('siteOrigin');

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const HEX = '0123456789abcdef';

const fakeOrigins = () => JSON.parse(inject('fakeOrigins')) as Record<string, Record<string, string>>;

/** The origin of the provider's fake in the role `role` ('' when there is none). */
export function fakeOf(provider: string, role = 'default'): string {
  return fakeOrigins()[provider]?.[role] ?? '';
}

/** The origins of every role of the provider's fake. */
export function fakesOf(provider: string): string[] {
  return Object.values(fakeOrigins()[provider] ?? {});
}

/**
 * Launches Chromium before the file's tests and closes it after them. What it returns stands for
 * that browser once it is up (read `context` inside the tests). `clipboard` grants the site the
 * clipboard, for the report's copy button.
 */
export function useBrowser(options: LaunchOptions & { clipboard?: boolean } = {}): Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    const { clipboard, ...launch } = options;
    browser = await launchBrowser(launch);
    if (clipboard) await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  });
  afterAll(async () => {
    await browser?.close();
  });
  const up = (): Browser => {
    if (!browser) throw new Error('the browser is not up yet: use it inside a test');
    return browser;
  };
  return {
    get context() {
      return up().context;
    },
    get profile() {
      return up().profile;
    },
    close: async () => browser?.close(),
  };
}

/** `n` random characters of `alphabet`. */
export const randomString = (n: number, alphabet: string): string => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');

/** A key's shape: `prefix`, random characters of `alphabet`, then `suffix`, `length` characters in all. */
export interface KeyShape {
  prefix: string;
  length: number;
  alphabet: string;
  suffix?: string;
}

/** A fresh random key of the shape. */
export function randomKey(shape: KeyShape): string {
  const suffix = shape.suffix ?? '';
  return shape.prefix + randomString(shape.length - shape.prefix.length - suffix.length, shape.alphabet) + suffix;
}

/** Makes `key` play `scenario` on the given fakes; returns the key. */
export async function playing(fakes: string[], key: string, scenario: string): Promise<string> {
  await assignScenario(fakes, key, scenario);
  return key;
}

/**
 * A fresh random key of the shape playing a scenario: of the provider's fake (its default role),
 * or of the fakes named. Unique per test, so anywhere it turns up is a leak.
 */
export async function keyFor(provider: string | string[], shape: KeyShape, scenario: string): Promise<string> {
  return playing(typeof provider === 'string' ? [fakeOf(provider)] : provider, randomKey(shape), scenario);
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

/** Turns the latency benchmark on: `runs` runs of at most `maxTokens` output tokens. */
export async function measureLatency(page: Page, runs: number, maxTokens = 8): Promise<void> {
  await page.getByRole('checkbox', { name: /^Measure latency/ }).check();
  await page.locator('#kt-runs').fill(String(runs));
  await page.locator('#kt-maxTokens').fill(String(maxTokens));
}

export const verdictHeading = (page: Page) => page.locator('#kt-verdict-title');
export const testButton = (page: Page) => page.getByRole('button', { name: 'Test key' });

/**
 * Waits until a run has ended: the progress line goes when the last event has arrived. A panel's
 * heading alone is not enough: the benchmark's shows while the streaming check is still running.
 */
export async function untilRunEnds(page: Page, timeout = 30_000): Promise<void> {
  await expect.poll(() => page.locator('.kt-progress').count(), { timeout }).toBe(0);
}

/** What a full run must leave: axe passes, no request left the site, the console has no error. */
export async function expectAccessibleAndQuiet(page: Page, watch: PageWatch): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
  expect(watch.consoleErrors).toEqual([]);
}

/** A failure the key check runs into: the scenario the fake plays, the verdict's heading, the error page it links. */
export type Failure = [scenario: string, heading: RegExp, errorPage: string];

export interface FailureRun {
  /** A key playing the scenario. */
  key: (scenario: string) => Promise<string>;
  /** Opens the tester; the provider's page by default. */
  open?: (page: Page) => Promise<void>;
  /** What else the tester needs once the key is in, before the test starts (a resource, consent). */
  prepare?: (page: Page) => Promise<void>;
  /** What else this provider's verdict must say, after the shared assertions. */
  alsoExpect?: (verdict: Locator, failure: { scenario: string; errorPage: string; page: Page }) => Promise<void>;
}

/**
 * One test a failure: with a key playing the scenario, the key check's verdict has the heading,
 * explains how to fix it, and links the error page.
 */
export function itExplainsFailures(browser: Browser, provider: string, failures: Failure[], run: FailureRun): void {
  for (const [scenario, heading, errorPage] of failures) {
    it(`${scenario}: says so, explains the fix and links ${errorPage}`, async () => {
      const page = await browser.context.newPage();
      await (run.open ?? ((p: Page) => openTester(p, provider)))(page);
      await page.locator('#kt-key').fill(await run.key(scenario));
      await run.prepare?.(page);
      await testButton(page).click();
      await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toMatch(heading);
      const verdict = page.locator('.kt-verdict');
      expect(await verdict.textContent()).toContain('How to fix it');
      expect(await verdict.getByRole('link', { name: /What this error means/ }).getAttribute('href')).toBe(errorPage);
      await run.alsoExpect?.(verdict, { scenario, errorPage, page });
      await page.close();
    });
  }
}
