/**
 * The content security policy as served: inline code only from the pinned list, one script policy
 * on every page (Pagefind's 'wasm-unsafe-eval' included), search and the tester working under it in
 * Chromium, and a trip-wire for Trusted Types, which the island and search cannot take yet.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from '../support/browser.ts';
import { PINNED_INLINE, pinnedHashes, withStylesheets } from '../../src/lib/security-headers.ts';

const origin = inject('siteOrigin');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function pagePaths(): Promise<string[]> {
  const xml = await (await fetch(`${origin}/sitemap.xml`)).text();
  return [...[...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? '').pathname), '/search/', '/search/?q=429', '/no-such-page/'];
}

function directives(csp: string): Record<string, string[]> {
  return Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name ?? '', values]));
}

const sha = (text: string) => createHash('sha256').update(text).digest('base64');

/** Records CSP violations and page errors from the first script on. */
async function watched(page: Page): Promise<() => Promise<string[]>> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { violations: string[] }).violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
  return async () => [...errors, ...(await page.evaluate(() => (window as unknown as { violations: string[] }).violations))];
}

describe('the content security policy', () => {
  it('every served page: each inline script and style is pinned or a built stylesheet, and the policy allows exactly those hashes', async () => {
    // The site's stylesheets are inlined by the build, byte for byte (src/integrations/inline-stylesheets.ts).
    const built = new Map(readdirSync('dist/client/_astro').filter((f) => f.endsWith('.css')).map((f) => [sha(readFileSync(`dist/client/_astro/${f}`, 'utf8')), f]));
    const pinned = new Set([...PINNED_INLINE.scripts, ...PINNED_INLINE.styles].map((p) => p.sha256));
    const used = new Set<string>();
    const usedStylesheets = new Set<string>();
    const policies: [string, Record<string, string[]>][] = [];
    for (const path of await pagePaths()) {
      const response = await fetch(`${origin}${path}`);
      const html = await response.text();
      const inline = [
        ...[...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/application\/ld\+json/.test(m[1] ?? '')).map((m) => m[2] ?? ''),
        ...[...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? ''),
      ];
      const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? '');
      for (const code of inline) {
        const hash = sha(code);
        const stylesheet = styles.includes(code) ? built.get(hash) : undefined;
        expect(pinned.has(hash) || stylesheet !== undefined, `${path}: inline code neither pinned nor a built stylesheet: ${code.slice(0, 80)}`).toBe(true);
        if (stylesheet) usedStylesheets.add(hash);
        else used.add(hash);
      }
      // No stylesheet is left to block rendering: every one the page uses is in the page.
      expect([...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/g)].map((m) => m[0]), path).toEqual([]);
      policies.push([path, directives(response.headers.get('content-security-policy') ?? '')]);
    }
    expect([...pinned].filter((hash) => !used.has(hash)), 'pins no page uses').toEqual([]);
    const styleHashes = withStylesheets(pinnedHashes(), [...usedStylesheets].map((sha256) => ({ sha256 }))).styles;
    for (const [path, policy] of policies) {
      expect(policy['script-src']?.filter((s) => s.startsWith("'sha256-")).sort(), path).toEqual(pinnedHashes().scripts);
      expect(policy['style-src']?.filter((s) => s.startsWith("'sha256-")).sort(), path).toEqual(styleHashes);
    }
  });

  it("one script policy on every page and Pagefind's worker: 'self', the pinned hashes and 'wasm-unsafe-eval' (the search dialog runs Pagefind anywhere)", async () => {
    for (const path of [...(await pagePaths()), '/pagefind/pagefind-worker.js']) {
      const policy = directives((await fetch(`${origin}${path}`)).headers.get('content-security-policy') ?? '');
      expect(policy['script-src']?.filter((s) => !s.startsWith("'sha256-")), path).toEqual(["'self'", "'wasm-unsafe-eval'"]);
      expect(Object.keys(policy).filter((name) => name === 'script-src'), path).toHaveLength(1);
    }
  });

  it('search and the tester work under the policy, with no CSP violation', async () => {
    const search = await browser.context.newPage();
    const searchProblems = await watched(search);
    await search.goto(`${origin}/search/?q=429`);
    await search.locator('#search-status').filter({ hasText: /result/ }).waitFor();
    expect(await search.locator('[data-testid="search-results"] li').count()).toBeGreaterThan(0);
    expect(await searchProblems()).toEqual([]);
    await search.close();

    const tester = await browser.context.newPage();
    const testerProblems = await watched(tester);
    await tester.goto(`${origin}/mistral/`);
    await tester.locator('#tester').scrollIntoViewIfNeeded();
    await expect.poll(() => tester.locator('#kt-key').isEnabled()).toBe(true);
    await tester.locator('#kt-key').fill('x');
    await tester.locator('.kt-options summary').click();
    await tester.getByRole('checkbox', { name: /^Chat/ }).waitFor();
    expect(await testerProblems()).toEqual([]);
    await tester.close();
  });

  it("Trusted Types (require-trusted-types-for 'script') would still break the island and search: when this fails, add it to the policy", async () => {
    const context = browser.context;
    const page = await context.newPage();
    await page.route('**/*', async (route) => {
      const response = await route.fetch();
      const headers = response.headers();
      if ((headers['content-type'] ?? '').includes('text/html')) headers['content-security-policy'] = `${headers['content-security-policy']}; require-trusted-types-for 'script'`;
      await route.fulfill({ response, headers });
    });
    const problems = await watched(page);
    await page.goto(`${origin}/mistral/`);
    await page.locator('#tester').scrollIntoViewIfNeeded();
    await page.locator('#kt-key').fill('x');
    await page.locator('.kt-options summary').click();
    await expect.poll(problems, { timeout: 10_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/^require-trusted-types-for trusted-types-sink Element innerHTML/)]));
    await page.goto(`${origin}/search/?q=429`);
    await expect.poll(problems, { timeout: 10_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/^require-trusted-types-for trusted-types-sink Worker constructor/)]));
    // Requests still in flight (Pagefind's index) must not fail the run once the page is gone.
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.close();
  });
});
