/**
 * The JavaScript each page type makes a phone load, from Chromium's network log: every response
 * of resource type `script`, gzipped here (level 6; wrangler dev serves assets uncompressed, the
 * edge compresses them). Inline scripts are counted apart (they ride in the HTML). The guide page
 * is measured in three steps: loaded (nothing scrolled or touched), the tester scrolled into view
 * and hydrated (`client:visible`), and the key field used (its lazy chunk). Search also loads
 * Pagefind's WebAssembly and index files, reported beside its JS.
 */
import { gzipSync } from 'node:zlib';
import type { Page, Response } from 'playwright-core';
import { launchBrowser } from '../../tests/support/browser.ts';
import { kib, table, type Section } from './report.ts';

export interface JsFile {
  url: string;
  rawBytes: number;
  gzipBytes: number;
}

export interface PageJs {
  label: string;
  path: string;
  scripts: JsFile[];
  gzipBytes: number;
  rawBytes: number;
  /** Inline <script> (not JSON-LD) in the document, gzipped together. */
  inlineGzipBytes: number;
  /** Non-JS downloads that run code or feed it (Pagefind's wasm and index), gzip. */
  otherGzipBytes?: number;
  note?: string;
}

const gz = (b: Buffer) => gzipSync(b, { level: 6 }).byteLength;

function recorder(page: Page) {
  const seen = new Map<string, JsFile>();
  const other = new Map<string, number>();
  const pending: Promise<void>[] = [];
  page.on('response', (response: Response) => {
    const type = response.request().resourceType();
    const url = response.url();
    pending.push(
      (async () => {
        if (response.status() >= 300) return;
        const body = await response.body().catch(() => null);
        if (!body) return;
        if (type === 'script' || /\.m?js(\?|$)/.test(new URL(url).pathname)) {
          seen.set(url, { url: new URL(url).pathname, rawBytes: body.byteLength, gzipBytes: gz(body) });
        } else if (/\/pagefind\//.test(url)) {
          other.set(url, gz(body));
        }
      })(),
    );
  });
  return {
    async snapshot() {
      await Promise.all(pending);
      const scripts = [...seen.values()];
      return {
        scripts,
        gzipBytes: scripts.reduce((t, s) => t + s.gzipBytes, 0),
        rawBytes: scripts.reduce((t, s) => t + s.rawBytes, 0),
        otherGzipBytes: [...other.values()].reduce((t, n) => t + n, 0),
      };
    },
  };
}

async function inlineJs(page: Page): Promise<number> {
  const text = await page.evaluate(() =>
    [...document.querySelectorAll('script:not([src])')]
      .filter((s) => !/json/.test(s.getAttribute('type') ?? ''))
      .map((s) => s.textContent ?? '')
      .join('\n'),
  );
  return text.length === 0 ? 0 : gz(Buffer.from(text));
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
  await page.waitForTimeout(300);
}

export interface ClientJsResult {
  pages: PageJs[];
  /** The tester island was found and hydrated on the guide page. */
  islandMounted: boolean;
  /** The lazy chunk loaded after the key field was used. */
  islandUsed: boolean;
  viewport: { width: number; height: number };
}

export async function measureClientJs(origin: string, paths: { article: string }): Promise<ClientJsResult> {
  const viewport = { width: 412, height: 823 };
  const browser = await launchBrowser({ width: viewport.width, height: viewport.height });
  const pages: PageJs[] = [];
  let islandMounted = false;
  let islandUsed = false;
  try {
    const simple: [string, string][] = [
      // The home page leads with the tester now; the error index is a page without it.
      ['error index', '/errors/'],
      ['error page', '/mistral/errors/429/'],
      ['article', paths.article],
      ['search (with a query)', '/search/?q=rate+limit'],
    ];
    for (const [label, path] of simple) {
      const page = await browser.context.newPage();
      const rec = recorder(page);
      await page.goto(`${origin}${path}`, { waitUntil: 'load' });
      await settle(page);
      if (path.startsWith('/search/')) await page.waitForSelector('#search-results li, [data-testid="search-results"] li', { timeout: 5000 }).catch(() => undefined);
      await settle(page);
      const { otherGzipBytes, ...snap } = await rec.snapshot();
      pages.push({ label, path, ...snap, inlineGzipBytes: await inlineJs(page), ...(otherGzipBytes > 0 ? { otherGzipBytes } : {}) });
      await page.close();
    }

    // The guide, in three steps.
    const page = await browser.context.newPage();
    const rec = recorder(page);
    await page.goto(`${origin}/mistral/`, { waitUntil: 'load' });
    await settle(page);
    const hasIsland = (await page.locator('astro-island').count()) > 0;
    const hydratedAtLoad = hasIsland && (await page.locator('astro-island:not([ssr])').count()) > 0;
    const { otherGzipBytes: _1, ...step1 } = await rec.snapshot();
    const inline = await inlineJs(page);
    pages.push({
      label: 'guide /mistral/, loaded',
      path: '/mistral/',
      ...step1,
      inlineGzipBytes: inline,
      note: !hasIsland ? 'no island on the page' : hydratedAtLoad ? 'the tester is in the first screen, so it mounts at load' : 'tester below the fold, not mounted yet',
    });
    if (hasIsland) {
      await page.locator('#tester').scrollIntoViewIfNeeded();
      await page.waitForSelector('astro-island:not([ssr])', { timeout: 10_000 }).catch(() => undefined);
      await settle(page);
      islandMounted = (await page.locator('astro-island:not([ssr])').count()) > 0;
      const { otherGzipBytes: _2, ...step2 } = await rec.snapshot();
      pages.push({ label: 'guide /mistral/, tester mounted', path: '/mistral/', ...step2, inlineGzipBytes: inline, note: islandMounted ? undefined : 'the island did not hydrate' });
      const field = page.locator('#tester input').first();
      if ((await field.count()) > 0) {
        const before = step2.scripts.length;
        await field.focus();
        // Not a key: a string of a key's shape that no provider issued, typed to show detection.
        await field.pressSequentially('benchxxxxxxxxxxxxxxxxxxxxxxxxxx1', { delay: 5 });
        await settle(page);
        const { otherGzipBytes: _3, ...step3 } = await rec.snapshot();
        islandUsed = step3.scripts.length > before;
        pages.push({ label: 'guide /mistral/, key field used', path: '/mistral/', ...step3, inlineGzipBytes: inline, note: islandUsed ? undefined : 'no further script loaded on first use' });
      }
    }
    await page.close();
  } finally {
    await browser.close();
  }
  return { pages, islandMounted, islandUsed, viewport };
}

export function clientJsSection(clientJs: ClientJsResult): Section {
  const byLabel = (label: string) => clientJs.pages.find((p) => p.label === label);
  const plain = ['error index', 'error page', 'article'].map(byLabel).filter((p) => p !== undefined);
  const loaded = byLabel('guide /mistral/, tester mounted') ?? byLabel('guide /mistral/, loaded');
  // The island's own scripts: what the guide loads that a page without the tester does not (the
  // search opener, on every page, has the row above).
  const everyPage = new Set(plain.flatMap((p) => p.scripts.map((f) => f.url.split('/').pop())));
  const islandScripts = loaded?.scripts.filter((f) => !everyPage.has(f.url.split('/').pop())) ?? [];
  const mounted = loaded && { ...loaded, gzipBytes: islandScripts.reduce((sum, f) => sum + f.gzipBytes, 0) };
  const used = byLabel('guide /mistral/, key field used');
  const search = byLabel('search (with a query)');
  const rows: Section['rows'] = [
    {
      figure: 'client JS, pages without the tester',
      how: `Chromium at ${clientJs.viewport.width}×${clientJs.viewport.height}, every script response in the network log, gzip -6 (the error index /errors/, error page /mistral/errors/429/, an article), inline scripts included`,
      // The search opener (src/scripts/search-opener.ts) is the one script such pages load until search opens.
      goal: '≤ 1 KB, the search opener only',
      measured: plain.map((p) => `${p.label} ${kib(p.gzipBytes)} (inline ${kib(p.inlineGzipBytes)})`).join('; '),
      pass: plain.length === 3 && plain.every((p) => p.gzipBytes <= 1024 && p.inlineGzipBytes === 0),
      obstacle: `scripts loaded: ${plain.map((p) => `${p.label}: ${p.scripts.map((f) => `${f.url.split('/').pop() ?? ''} ${kib(f.gzipBytes)}`).join(', ') || 'none'}`).join('; ')}.`,
    },
    {
      figure: 'client JS, tester island',
      how: '/mistral/ loaded and the tester hydrated (client:visible): the scripts it loads that pages without the tester do not (the search opener is in the row above); then the key field used, which loads the rest',
      goal: '≤ 15 KB at mount',
      measured: mounted
        ? `mounted: ${kib(mounted.gzipBytes)} (+ ${kib(mounted.inlineGzipBytes)} inline hydration scripts)${used ? `; after first use: ${kib(used.gzipBytes)}` : ''}`
        : 'not measured',
      pass: mounted ? clientJs.islandMounted && mounted.gzipBytes <= 15_000 : false,
      notes: clientJs.islandMounted ? (byLabel('guide /mistral/, loaded')?.note ?? '') : 'the island did not mount',
      obstacle: clientJs.islandMounted
        ? `the island's scripts at mount, largest first: ${[...islandScripts].sort((a, b) => b.gzipBytes - a.gzipBytes).map((f) => `${f.url.split('/').pop() ?? ''} ${kib(f.gzipBytes)}`).join(', ')}.`
        : 'the island did not mount in Chromium, so nothing was measured.',
    },
  ];
  if (search) {
    rows.push({
      figure: 'client JS, search',
      how: '/search/?q=rate+limit, results shown',
      goal: 'report (budget in npm test: 40 KB)',
      measured: `${kib(search.gzipBytes)} JS + ${kib(search.otherGzipBytes ?? 0)} Pagefind wasm and index`,
      pass: null,
    });
  }
  return {
    rows,
    text: [
      '## Client JS (gzip)',
      '',
      ...table(
        ['page', 'JS', 'inline', 'files'],
        clientJs.pages.map((p) => [`${p.label}${p.note ? ` (${p.note})` : ''}`, kib(p.gzipBytes), kib(p.inlineGzipBytes), p.scripts.map((s) => `${s.url.split('/').pop()} ${kib(s.gzipBytes)}`).join(', ') || '–']),
      ),
      '',
    ],
    details: { clientJs },
  };
}
