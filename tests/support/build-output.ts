/**
 * What the build ships, read from dist/ alone (no server, no browser): which scripts each page
 * loads, what each module imports statically and lazily, and their gzip sizes. Generic on purpose:
 * it follows whatever the HTML and the modules say (module scripts, Astro islands' component and
 * renderer URLs, `import`/`export … from`, `import()`), so the size budgets
 * (tests/budgets/) keep working whatever the island, the search or the worker become. The bench
 * (bench/lib/coldstart.ts) uses it for the worker's eager modules.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const gzipSize = (text: string | Buffer) => gzipSync(text, { level: 9 }).byteLength;

/** A module in dist/, by its path relative to the client (or server) root, `/` separated. */
export interface ModuleFile {
  path: string;
  rawBytes: number;
  gzipBytes: number;
}

const STATIC = /(?:^|[;}\s)])(?:import|export)\s*(?:[\w*${},\s]*?\bfrom\s*)?["'`]([^"'`]+)["'`]/g;
const DYNAMIC = /\bimport\(\s*(?:\/\*[^*]*\*\/\s*)?["'`]([^"'`]+)["'`]\s*\)/g;

/** A built module's own URL written out in code: loaded by URL on demand (`import(url)`, `new Worker(url)`). */
const URL_LITERAL = /["'`](\/(?:_astro|pagefind)\/[\w.-]+\.m?js)["'`]/g;

/**
 * Static and dynamic import specifiers of one module's code. Dynamic ones are `import("…")` with a
 * literal, and the URL of a built script written out anywhere in the code (an opener that imports a
 * chunk by URL, so that the bundler adds no preload helper to it); other computed ones are not followed.
 */
export function importsOf(code: string): { static: string[]; dynamic: string[] } {
  const dynamic = [...[...code.matchAll(DYNAMIC)].map((m) => m[1] as string), ...[...code.matchAll(URL_LITERAL)].map((m) => m[1] as string)];
  // Dynamic imports look like static ones to the first pattern (`import("x")` has no `from`); drop them.
  const withoutDynamic = code.replace(DYNAMIC, '');
  const stat = [...withoutDynamic.matchAll(STATIC)].map((m) => m[1] as string).filter((s) => !s.startsWith('data:'));
  return { static: [...new Set(stat)], dynamic: [...new Set(dynamic)] };
}

/** A module graph over one root directory (dist/client or dist/server). */
export class ModuleGraph {
  private readonly cache = new Map<string, { code: string; static: string[]; dynamic: string[] }>();
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  /** `specifier` as imported from `from` (a root-relative path), as a root-relative path; null when outside the root or not a file here. */
  resolve(specifier: string, from: string | null): string | null {
    if (/^[a-z]+:/i.test(specifier) && !specifier.startsWith('/')) return null; // cloudflare:workers, node:…, https:…
    const absolute = specifier.startsWith('/') ? join(this.root, specifier) : specifier.startsWith('.') ? resolve(this.root, dirname(from ?? ''), specifier) : null;
    if (absolute === null) return null;
    const path = relative(this.root, absolute.split(/[?#]/)[0] as string).split('\\').join('/');
    if (path.startsWith('..') || !existsSync(join(this.root, path)) || !statSync(join(this.root, path)).isFile()) return null;
    return path;
  }

  private read(path: string) {
    let entry = this.cache.get(path);
    if (!entry) {
      const code = readFileSync(join(this.root, path), 'utf8');
      const found = importsOf(code);
      entry = {
        code,
        static: found.static.map((s) => this.resolve(s, path)).filter((p): p is string => p !== null),
        dynamic: found.dynamic.map((s) => this.resolve(s, path)).filter((p): p is string => p !== null),
      };
      this.cache.set(path, entry);
    }
    return entry;
  }

  code(path: string): string {
    return this.read(path).code;
  }

  /** The modules `entries` load before running: themselves and their static imports, transitively. */
  staticClosure(entries: readonly string[]): Set<string> {
    const seen = new Set<string>();
    const stack = [...entries];
    while (stack.length > 0) {
      const path = stack.pop() as string;
      if (seen.has(path)) continue;
      seen.add(path);
      stack.push(...this.read(path).static);
    }
    return seen;
  }

  /**
   * The modules `entries` may import later (`import()`), each with what loading it brings that was
   * not loaded yet: its static closure less what was loaded when the import() could first run (the
   * entries' closure, plus the closures of the lazy modules on the way to it).
   */
  lazyLoads(entries: readonly string[]): { entry: string; brings: string[] }[] {
    const found = new Map<string, string[]>();
    const walk = (loaded: Set<string>) => {
      for (const path of loaded) {
        for (const target of this.read(path).dynamic) {
          if (loaded.has(target) || found.has(target)) continue;
          const closure = this.staticClosure([target]);
          found.set(
            target,
            [...closure].filter((p) => !loaded.has(p)),
          );
          walk(new Set([...loaded, ...closure]));
        }
      }
    };
    walk(this.staticClosure(entries));
    return [...found].map(([entry, brings]) => ({ entry, brings }));
  }

  /** The lazy modules of `entries` (lazyLoads without the sizes). */
  lazyEntries(entries: readonly string[]): string[] {
    return this.lazyLoads(entries).map((l) => l.entry);
  }

  file(path: string): ModuleFile {
    const code = this.read(path).code;
    return { path, rawBytes: Buffer.byteLength(code), gzipBytes: gzipSize(code) };
  }

  /** gzip of the modules together (what is downloaded or uploaded as one), and each file. */
  size(paths: Iterable<string>): { gzipBytes: number; rawBytes: number; files: ModuleFile[] } {
    const list = [...paths].sort();
    const all = list.map((p) => this.read(p).code).join('\n');
    return { gzipBytes: list.reduce((t, p) => t + this.file(p).gzipBytes, 0), rawBytes: Buffer.byteLength(all), files: list.map((p) => this.file(p)) };
  }
}

export interface PageScripts {
  /** The page, relative to dist/client (`mistral/index.html`). */
  page: string;
  /** `<script type="module" src>` and `<link rel="modulepreload">`, as root-relative paths. */
  modules: string[];
  /** Astro islands on the page: their component and renderer modules. */
  islands: { component: string; renderer: string | null }[];
  /** Inline scripts that run (not JSON data). */
  inline: string[];
  /** `<link rel="stylesheet">` files and inline `<style>` text. */
  stylesheets: string[];
  inlineStyles: string[];
}

const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1] ?? null;

export function pageScripts(clientRoot: string, page: string, graph: ModuleGraph): PageScripts {
  const html = readFileSync(join(clientRoot, page), 'utf8');
  const at = (url: string | null) => (url === null ? null : graph.resolve(url.replace(/&amp;/g, '&'), page));
  const modules: string[] = [];
  const inline: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attrs = m[1] ?? '';
    const src = attr(attrs, 'src');
    if (src !== null) {
      const path = at(src);
      if (path) modules.push(path);
    } else if (!/type="application\/(ld\+)?json"/.test(attrs)) inline.push(m[2] ?? '');
  }
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    if (attr(m[0], 'rel') === 'modulepreload') {
      const path = at(attr(m[0], 'href'));
      if (path) modules.push(path);
    }
  }
  const islands = [...html.matchAll(/<astro-island\b[^>]*>/g)].flatMap((m) => {
    const component = at(attr(m[0], 'component-url'));
    return component ? [{ component, renderer: at(attr(m[0], 'renderer-url')) }] : [];
  });
  const stylesheets = [...html.matchAll(/<link\b[^>]*>/g)].filter((m) => attr(m[0], 'rel') === 'stylesheet').flatMap((m) => at(attr(m[0], 'href')) ?? []);
  const inlineStyles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? '');
  return { page, modules: [...new Set(modules)], islands, inline, stylesheets, inlineStyles };
}

/** Every HTML page under dist/client, relative paths, sorted. */
export function htmlPages(clientRoot: string): string[] {
  return (readdirSync(clientRoot, { recursive: true }) as string[])
    .map((p) => p.split('\\').join('/'))
    .filter((p) => p.endsWith('.html'))
    .sort();
}

/** The worker's modules as wrangler uploads them (every .js/.mjs/.wasm under dist/server, source maps aside). */
export function workerModules(serverRoot: string): string[] {
  return (readdirSync(serverRoot, { recursive: true }) as string[])
    .map((p) => p.split('\\').join('/'))
    .filter((p) => /\.(m?js|cjs|wasm)$/.test(p))
    .sort();
}

/** The worker's main module, from the generated wrangler config. */
export function workerMain(serverRoot: string): string {
  const config = JSON.parse(readFileSync(join(serverRoot, 'wrangler.json'), 'utf8')) as { main: string };
  return config.main;
}
