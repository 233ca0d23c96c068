/**
 * The key tester as a user drives it, in Chromium, against the built site in workerd and the fake
 * Mistral API: a full run, every verdict, paste mistakes, detection, keyboard use, a phone screen —
 * and, after a run, no trace of the key in the URL, history, storage, cookies, caches or the page.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { canaryKey, leaksOf } from '../support/canary.ts';
import { watchPage } from '../support/page-watch.ts';
import { itExplainsFailures, measureLatency, openTester, origin, pickChecks, playing, testButton, untilRunEnds, useBrowser, verdictHeading } from '../support/tester-page.ts';

const fakes = [inject('fakePlatform'), inject('fakeCodestral')];
const browser = useBrowser({ clipboard: true });

const keyFor = (scenario: string) => playing(fakes, canaryKey(), scenario);

/** Opens the Mistral page and waits until the tester has hydrated, recording CSP violations. */
async function openMistral(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await openTester(page, 'mistral');
}

/** Everything in the page that could hold a key: the DOM, every field's value, live regions' text. */
const pageText = (page: Page) =>
  page.evaluate(() =>
    [
      document.documentElement.outerHTML,
      document.body.innerText,
      ...[...document.querySelectorAll('input, textarea, select, output')].map((el) => (el as HTMLInputElement).value ?? ''),
      ...[...document.querySelectorAll('[aria-live], [role="status"], [role="alert"]')].map((el) => el.textContent ?? ''),
    ].join('\n'),
  );

describe('the key tester', () => {
  it('a full run: validation, models, limits, all checks, benchmark with chart and summary, report', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openMistral(page);
    const key = await keyFor('validPaid');
    await page.locator('#kt-key').fill(key);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toContain('Detected: Mistral');

    await page.locator('.kt-options summary').click();
    for (const name of ['Chat', 'Streaming', 'Embeddings', 'FIM (code completion)']) {
      await page.getByRole('checkbox', { name: new RegExp(`^${name.replace(/[()]/g, '\\$&')}`) }).check();
    }
    await measureLatency(page, 3);
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/\$0\.\d+/);
    await testButton(page).click();

    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    await page.getByRole('heading', { name: 'Latency benchmark' }).waitFor();
    await untilRunEnds(page);
    const bench = page.locator('section[aria-labelledby="kt-bench-title"]');
    await bench.locator('table').first().waitFor();
    expect(await bench.locator('table').first().textContent()).toMatch(/TTFT.*TTFB|TTFB.*TTFT/s);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kt-verdict-title');

    const checks = await page.locator('#kt-checks-title').locator('..').textContent();
    expect(checks?.match(/works/g)).toHaveLength(4);
    expect(await page.getByRole('heading', { name: 'Models this key can use' }).isVisible()).toBe(true);
    expect(await page.getByTestId('tester').getByRole('heading', { name: 'Rate limits' }).isVisible()).toBe(true);
    expect(await bench.locator('svg circle').count()).toBeGreaterThanOrEqual(4);
    expect(await bench.textContent()).toMatch(/measured from this machine \(local run\)/);

    await page.getByRole('button', { name: 'Copy report (Markdown)' }).click();
    const report = await page.evaluate(() => navigator.clipboard.readText());
    expect(report).toContain(`…${key.slice(-4)}`);
    expect(report).toMatch(/Your key works|valid/);
    expect(leaksOf(key, report)).toEqual([]);

    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('leaves no trace of the key: URL, history, storage, cookies, caches, and the page once cleared', async () => {
    const page = await browser.context.newPage();
    await openMistral(page);
    const key = await keyFor('validPaid');
    await page.locator('#kt-key').fill(key);
    await page.locator('#kt-key').press('Enter');
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');

    const traces = await page.evaluate(async () => {
      const databases = (await indexedDB.databases?.()) ?? [];
      const cacheNames = await caches.keys();
      return {
        url: location.href,
        historyState: JSON.stringify(history.state),
        historyLength: history.length,
        local: JSON.stringify({ ...localStorage }),
        session: JSON.stringify({ ...sessionStorage }),
        cookies: document.cookie,
        indexedDB: JSON.stringify(databases),
        caches: JSON.stringify(cacheNames),
      };
    });
    expect(traces.url).toBe(`${origin}/mistral/`);
    for (const [where, value] of Object.entries(traces)) expect(leaksOf(key, String(value)), where).toEqual([]);
    expect(traces.local).toBe('{}');
    expect(traces.session).toBe('{}');
    expect(traces.cookies).toBe('');
    expect(traces.indexedDB).toBe('[]');
    expect(traces.caches).toBe('[]');
    const cookies = await browser.context.cookies();
    expect(cookies).toEqual([]);

    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    expect(await page.locator('#kt-key').inputValue()).toBe('');
    const dom = await page.evaluate(() => document.documentElement.outerHTML + [...document.querySelectorAll('input, textarea')].map((el) => (el as HTMLInputElement).value).join(' '));
    expect(leaksOf(key, dom)).toEqual([]);
    await page.close();
  });

  it('leaving the page clears the key and every result, also when the page is kept in the back/forward cache', async () => {
    // The back/forward cache keeps the page's memory and DOM as they were when it was left, so
    // going back would show the key again unless the page drops it on pagehide.
    const cached = await launchBrowser({ backForwardCache: true });
    try {
      const page = await cached.context.newPage();
      await page.addInitScript(() => {
        const w = window as unknown as { shows: boolean[] };
        w.shows = [];
        window.addEventListener('pageshow', (event) => w.shows.push(event.persisted));
      });
      await openMistral(page);
      const key = await keyFor('validPaid');
      await page.locator('#kt-key').fill(key);
      await page.getByRole('button', { name: 'Show key' }).click(); // a text field now: Chromium treats it as ordinary input
      await pickChecks(page, ['Chat']);
      await testButton(page).click();
      await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
      await page.getByRole('heading', { name: 'Checks' }).waitFor();
      await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
      // What the page holds before leaving: the key, and results that identify it.
      const fingerprint = `…${key.slice(-4)}`;
      const before = await pageText(page);
      expect(before).toContain(key);
      expect(await page.getByRole('heading', { name: 'Models this key can use' }).count()).toBe(1);

      await page.goto(`${origin}/security/`);
      await page.goBack({ waitUntil: 'commit' });
      await expect.poll(() => page.evaluate(() => (window as unknown as { shows: boolean[] }).shows)).toEqual([false, true]);
      // Restored from the cache (the same document, not a reload): pageshow said persisted.
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

      expect(await page.locator('#kt-key').inputValue()).toBe('');
      const after = await pageText(page);
      expect(leaksOf(key, after)).toEqual([]);
      expect(after).not.toContain(fingerprint);
      // Within the tester: the guide below it has headings of its own (its "Rate limits" section).
      for (const heading of ['Models this key can use', 'Rate limits', 'Checks']) expect(await page.getByTestId('tester').getByRole('heading', { name: heading }).count(), heading).toBe(0);
      expect(await verdictHeading(page).count()).toBe(0);
      expect(await page.locator('#kt-key-note').textContent()).not.toMatch(/Detected/);
      await page.close();
    } finally {
      await cached.close();
    }
  });

  itExplainsFailures(browser, 'mistral', [
    ['unauthorizedKong', /Mistral rejected this key/, '/mistral/errors/401/'],
    ['codestralOnly', /Right key, wrong endpoint/, '/mistral/errors/401/'],
    ['forbidden', /access refused/, '/mistral/errors/403/'],
    ['rateLimited', /rate-limited right now/, '/mistral/errors/429/'],
    ['zeroAllowance', /no allowance left/, '/mistral/errors/429-quota/'],
    ['serverError', /had a problem answering/, '/mistral/errors/5xx/'],
    ['cloudflare520', /had a problem answering/, '/mistral/errors/520/'],
  ], { key: keyFor, open: openMistral });

  it('offers to test a Codestral key again on its own endpoint, and then it works', async () => {
    const page = await browser.context.newPage();
    await openMistral(page);
    await page.locator('#kt-key').fill(await keyFor('codestralOnly'));
    await testButton(page).click();
    await page.getByRole('button', { name: /Test again on Codestral/ }).click();
    // Codestral's key check is a paid call: the tester waits for the user to agree to its cost.
    const agree = page.getByRole('checkbox', { name: /^I agree to this cost/ });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('kt-confirm-cost');
    expect(await testButton(page).isDisabled()).toBe(true);
    await agree.check();
    await testButton(page).click();
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    expect(await page.locator('.kt-verdict').textContent()).toContain('codestral.mistral.ai');
    await page.close();
  });

  it('a paid key check shows its cost and runs only once the user agrees to it', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openMistral(page);
    await page.locator('#kt-key').fill(await keyFor('codestralOnly'));
    await page.locator('.kt-options summary').click();
    const agree = page.getByRole('checkbox', { name: /^I agree to this cost/ });
    expect(await agree.count()).toBe(0);
    await page.getByRole('radio', { name: /Codestral/ }).check();
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/Up to \$0\.\d+ in tokens, billed to your key\..*codestral-latest/s);
    expect(await page.locator('.kt-cost').textContent()).toMatch(/Mistral has no free call on this endpoint, so even the key check is a paid call/);
    const test = testButton(page);
    expect(await test.isDisabled()).toBe(true);
    await agree.check();
    expect(await test.isDisabled()).toBe(false);
    await test.click();
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    // Another endpoint asks again; coming back to this one, so does it.
    await page.getByRole('radio', { name: /^Global/ }).check();
    expect(await agree.count()).toBe(0);
    expect(await test.isDisabled()).toBe(false);
    await page.getByRole('radio', { name: /Codestral/ }).check();
    expect(await agree.isChecked()).toBe(false);
    expect(await test.isDisabled()).toBe(true);
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('points out paste mistakes and cleans them up in one click', async () => {
    const page = await browser.context.newPage();
    await openMistral(page);
    const key = await keyFor('validPaid');
    await page.locator('#kt-key').fill(`Bearer ${key}  `);
    await page.getByRole('button', { name: 'Clean it up' }).click();
    expect(await page.locator('#kt-key').inputValue()).toBe(key);
    await page.close();
  });

  it('names another provider\'s key instead of testing it as Mistral', async () => {
    const page = await browser.context.newPage();
    await openMistral(page);
    await page.locator('#kt-key').fill(`gsk_${'FAKE'.repeat(13)}`);
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toMatch(/looks like a Groq key/);
    expect(await testButton(page).isDisabled()).toBe(true);
    await page.close();
  });

  it('refuses a key that cannot be one, saying why, before sending anything', async () => {
    const page = await browser.context.newPage();
    const posts: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
    await openMistral(page);
    await page.locator('#kt-key').fill('x'.repeat(300));
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toMatch(/300 characters long/);
    expect(await testButton(page).isDisabled()).toBe(true);
    await page.locator('#kt-key').press('Enter');
    expect(posts).toEqual([]);
    expect(page.url()).toBe(`${origin}/mistral/`);
    await page.close();
  });

  it('works on a phone screen in dark mode, accessibly', async () => {
    const phone = await launchBrowser({ colorScheme: 'dark', width: 375, height: 800 });
    const page = await phone.context.newPage();
    await openMistral(page);
    await page.locator('#kt-key').fill(await keyFor('validPaid'));
    await pickChecks(page, ['Chat']);
    await testButton(page).click();
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    await page.getByRole('heading', { name: 'Checks' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await phone.close();
  });
});
