/**
 * Size budgets over the built site (dist/, from `npm run build`), checked by `npm test` before any
 * slower project runs: a change that makes a phone download more, or the Worker evaluate more, fails
 * here with the figure and the budget. Sizes are gzip -9 of the files as built (the edge compresses
 * with at least that ratio; wrangler dev serves them uncompressed). Timing lives in the bench
 * (`npm run bench`), never here.
 *
 * Everything is read from the build output, not from names: which scripts each page loads (module
 * scripts, islands' component and renderer URLs), what they import statically (loaded at once) and
 * with import() (loaded on demand), what the worker's entry imports. So the budgets hold whatever
 * the island, the search or the providers become.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gzipSize, htmlPages, ModuleGraph, pageScripts, workerMain, workerModules, type PageScripts } from '../support/build-output.ts';

const CLIENT = join(process.cwd(), 'dist/client');
const SERVER = join(process.cwd(), 'dist/server');
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

/**
 * The budgets, in bytes (1 KB = 1000 bytes), gzip.
 *
 * - ISLAND_AT_MOUNT: the tester's JavaScript when it mounts (issue 16), on every page that has it,
 *   whatever the number of providers: provider-specific code and data must load on demand.
 * - SHARED_VIEWER: the /shared/ page's viewer at mount: the result view (it reuses the tester's
 *   state and formatting, about 20 KB) and the guards a link's data must pass before anything is shown.
 * - ISLAND_BOOTSTRAP: the inline scripts Astro and Solid put in a page with an island (hydration).
 * - LAZY_CHUNK: each module loaded on demand, with whatever it imports that was not loaded yet. 24 KB
 *   is what slow 4G (Lighthouse's 1.6 Mbit/s, 150 ms round trip) brings in about 0.27 s: a chunk
 *   asked for when the key field gets focus is there before a paste and a click.
 * - OPENER: the JavaScript a page without the tester runs at load (a search opener at most).
 * - SEARCH: search's JavaScript when used: its page scripts, what they import on demand, and
 *   Pagefind's own scripts (its WebAssembly and index are data, reported by the bench).
 * - WORKER: the Worker upload, all modules gzipped together as wrangler measures it (the free
 *   plan's limit is 3 MB; the goal is 1 MB).
 * - WORKER_EAGER: what a fresh isolate evaluates at startup for the API (entry and its static
 *   imports): about twice today's with 9 testers, room for the other providers' adapters. Startup
 *   CPU grows with it (the bench reports it).
 * - CSS_PAGE: the CSS a page needs before it renders (linked or inline); CSS_TOTAL: every stylesheet.
 */
export const BUDGETS = {
  ISLAND_AT_MOUNT: 15_000,
  SHARED_VIEWER: 35_000,
  ISLAND_BOOTSTRAP: 3_000,
  LAZY_CHUNK: 24_000,
  OPENER: 1_000,
  SEARCH: 40_000,
  WORKER: 1_000_000,
  WORKER_EAGER: 128_000,
  CSS_PAGE: 10_000,
  CSS_TOTAL: 16_000,
} as const;

/** "what: figure, budget N (details)": the failure message names both numbers. */
const over = (what: string, bytes: number, budget: number, detail = '') => `${what}: ${kb(bytes)} gzip, budget ${kb(budget)}${detail ? ` (${detail})` : ''}`;
const files = (list: { path: string; gzipBytes: number }[]) => list.map((f) => `${f.path.replace(/^.*\//, '')} ${kb(f.gzipBytes)}`).join(', ');

let client: ModuleGraph;
let pages: PageScripts[];

beforeAll(() => {
  if (!existsSync(join(SERVER, 'wrangler.json'))) throw new Error('dist/ is missing or incomplete: run `npm run build` first (npm test does).');
  client = new ModuleGraph(CLIENT);
  pages = htmlPages(CLIENT).map((page) => pageScripts(CLIENT, page, client));
});

describe('size budgets of the build', () => {
  it('the tester island at mount, on every page that has it', () => {
    const withIsland = pages.filter((p) => p.islands.length > 0);
    expect(withIsland.length, 'no page has an island: the build output is not what this test reads').toBeGreaterThan(0);
    for (const page of withIsland) {
      // The islands' own modules and what they import; the page's other scripts (the search
      // opener) have their own budget, but a chunk an island shares with them counts here too.
      const entries = page.islands.flatMap((i) => [i.component, ...(i.renderer ? [i.renderer] : [])]);
      const mount = client.size(client.staticClosure(entries));
      // The shared-result viewer is the one other island: a page of its own that validates a
      // link's data before showing it, with a budget of its own.
      const viewer = page.islands.every((i) => /\/SharedResult\.[\w-]+\.js$/.test(i.component));
      const [what, budget] = viewer ? ['shared-result viewer at mount', BUDGETS.SHARED_VIEWER] : ['island at mount', BUDGETS.ISLAND_AT_MOUNT];
      expect(mount.gzipBytes, over(`${what} on /${page.page}`, mount.gzipBytes, budget, files(mount.files))).toBeLessThanOrEqual(budget);
      const bootstrap = page.inline.length ? gzipSize(page.inline.join('\n')) : 0;
      expect(bootstrap, over(`inline hydration scripts on /${page.page}`, bootstrap, BUDGETS.ISLAND_BOOTSTRAP)).toBeLessThanOrEqual(BUDGETS.ISLAND_BOOTSTRAP);
    }
  });

  it('each chunk loaded on demand, with what it brings that was not loaded yet', () => {
    const checked = new Set<string>();
    for (const page of pages) {
      const entries = [...page.modules, ...page.islands.flatMap((i) => [i.component, ...(i.renderer ? [i.renderer] : [])])];
      for (const { entry, brings } of client.lazyLoads(entries)) {
        if (checked.has(entry)) continue;
        checked.add(entry);
        const size = client.size(brings);
        expect(size.gzipBytes, over(`lazy chunk ${entry} (first needed on /${page.page})`, size.gzipBytes, BUDGETS.LAZY_CHUNK, files(size.files))).toBeLessThanOrEqual(BUDGETS.LAZY_CHUNK);
      }
    }
  });

  it('pages without the tester run at most a search opener at load', () => {
    const without = pages.filter((p) => p.islands.length === 0);
    expect(without.length).toBeGreaterThan(0);
    for (const page of without) {
      const atLoad = client.size(client.staticClosure(page.modules));
      const inline = page.inline.length ? gzipSize(page.inline.join('\n')) : 0;
      // A page that runs search as it loads (a search page) is the search budget's.
      if ([...client.staticClosure(page.modules)].some((m) => /\/pagefind\/pagefind\.js/.test(client.code(m)))) continue;
      const total = atLoad.gzipBytes + inline;
      expect(total, over(`JavaScript at load on /${page.page}`, total, BUDGETS.OPENER, `${files(atLoad.files)}${inline ? `, inline ${kb(inline)}` : ''}`)).toBeLessThanOrEqual(BUDGETS.OPENER);
    }
  });

  it("search's JavaScript, when used", () => {
    // Modules that load Pagefind, and everything that leads to them from a page.
    const searchers = pages.filter((p) => {
      const all = [...client.staticClosure(p.modules), ...client.lazyEntries(p.modules).flatMap((l) => [...client.staticClosure([l])])];
      return all.some((m) => /\/pagefind\/pagefind\.js/.test(client.code(m)));
    });
    expect(searchers.length, 'no page loads Pagefind: the build output is not what this test reads').toBeGreaterThan(0);
    const pagefind = ['pagefind/pagefind.js', 'pagefind/pagefind-worker.js'].filter((p) => existsSync(join(CLIENT, p)));
    for (const page of searchers) {
      const used = new Set([...client.staticClosure(page.modules), ...client.lazyEntries(page.modules).flatMap((l) => [...client.staticClosure([l])]), ...pagefind]);
      const size = client.size(used);
      expect(size.gzipBytes, over(`search on /${page.page}`, size.gzipBytes, BUDGETS.SEARCH, files(size.files))).toBeLessThanOrEqual(BUDGETS.SEARCH);
    }
  });

  it('the Worker: the whole upload, and what its entry evaluates at startup, with no page rendering in it', () => {
    const server = new ModuleGraph(SERVER);
    const all = workerModules(SERVER);
    // As wrangler reports "gzip": every module concatenated, compressed together.
    const upload = gzipSize(Buffer.concat(all.map((p) => Buffer.from(server.code(p)))));
    expect(upload, over('Worker upload', upload, BUDGETS.WORKER, `${all.length} modules`)).toBeLessThanOrEqual(BUDGETS.WORKER);

    const main = workerMain(SERVER);
    const eager = server.staticClosure([main]);
    const eagerSize = server.size(eager);
    expect(eagerSize.gzipBytes, over('Worker modules evaluated at startup', eagerSize.gzipBytes, BUDGETS.WORKER_EAGER, files(eagerSize.files))).toBeLessThanOrEqual(BUDGETS.WORKER_EAGER);

    // Astro's page rendering (its runtime) must come in by import() on a page request only. The
    // bundler keeps a `// node_modules/<package>/...` comment before each module's code.
    const astroRuntime = (path: string) => /^\/\/ node_modules\/astro\/dist\//m.test(server.code(path));
    const lazy = server.lazyEntries([main]).flatMap((l) => [...server.staticClosure([l])]);
    expect(lazy.some(astroRuntime), "cannot find Astro's runtime among the modules the entry loads on demand: the bundle no longer marks modules by package").toBe(true);
    expect([...eager].filter(astroRuntime), "modules of Astro's runtime evaluated at startup (the API path must not load page rendering)").toEqual([]);
    expect([...eager].filter((p) => /^\/\/ node_modules\/zod\//m.test(server.code(p))), 'zod evaluated at startup (the request gate is written out by hand for its cold start)').toEqual([]);
  });

  it('CSS: what each page needs before it renders, and every stylesheet together', () => {
    for (const page of pages) {
      const linked = page.stylesheets.reduce((t, s) => t + client.file(s).gzipBytes, 0);
      const inline = page.inlineStyles.length ? gzipSize(page.inlineStyles.join('\n')) : 0;
      expect(linked + inline, over(`CSS of /${page.page}`, linked + inline, BUDGETS.CSS_PAGE, `linked ${kb(linked)}, inline ${kb(inline)}`)).toBeLessThanOrEqual(BUDGETS.CSS_PAGE);
    }
    // Every stylesheet the site uses: linked or inline in a page, or loaded with a script
    // (Vite lists a lazy chunk's CSS in the chunk). Pagefind's unused default-UI files are not.
    const stylesheets = new Set(pages.flatMap((p) => p.stylesheets));
    for (const js of (readdirSync(join(CLIENT, '_astro')) as string[]).filter((f) => f.endsWith('.js'))) {
      for (const m of client.code(`_astro/${js}`).matchAll(/["'`/](_astro\/[\w.-]+\.css)["'`]/g)) stylesheets.add(m[1] as string);
    }
    const inlineCss = [...new Set(pages.flatMap((p) => p.inlineStyles))];
    const total = [...stylesheets].reduce((t, s) => t + client.file(s).gzipBytes, 0) + (inlineCss.length ? gzipSize(inlineCss.join('\n')) : 0);
    expect(total, over('all stylesheets', total, BUDGETS.CSS_TOTAL, `${stylesheets.size} files, ${inlineCss.length} distinct inline`)).toBeLessThanOrEqual(BUDGETS.CSS_TOTAL);
  });
});
