/**
 * `virtual:keyprobe/error-pages`: which error page explains which tester outcome, per provider.
 * The facts live in each page's frontmatter (`explains:` in src/content/errors/<provider>/<code>.mdx,
 * validated by the content schema); this plugin reads just those lines at build time so the
 * endpoint and the island get a map of a few hundred bytes instead of the pages themselves.
 * Used by astro.config.mjs and by the worker test project in vitest.config.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Plugin } from 'vite';

export const ERROR_PAGES_MODULE = 'virtual:keyprobe/error-pages';
const RESOLVED = `\0${ERROR_PAGES_MODULE}`;

export interface ProviderErrorPages {
  /** Error code (URL segment) by verdict. */
  verdicts: Record<string, string>;
  /** Error code by HTTP status; takes precedence over the verdict. */
  statuses: Record<string, string>;
  /** Error code by adapter-specific reason; takes precedence over status and verdict. */
  reasons: Record<string, string>;
}

export type ErrorPagesIndex = Record<string, ProviderErrorPages>;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** Reads every error page's frontmatter under `dir` (src/content/errors). */
export function readErrorPagesIndex(dir: string): ErrorPagesIndex {
  const index: ErrorPagesIndex = {};
  for (const provider of readdirSync(dir, { withFileTypes: true })) {
    if (!provider.isDirectory()) continue;
    const pages: ProviderErrorPages = { verdicts: {}, statuses: {}, reasons: {} };
    for (const file of readdirSync(join(dir, provider.name))) {
      if (!file.endsWith('.mdx')) continue;
      const text = readFileSync(join(dir, provider.name, file), 'utf8');
      const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1];
      if (frontmatter === undefined) continue;
      const data = parse(frontmatter) as { code?: unknown; explains?: Record<string, unknown> } | null;
      const code = String(data?.code ?? file.replace(/\.mdx$/, ''));
      const explains = data?.explains ?? {};
      for (const verdict of strings(explains.verdicts)) pages.verdicts[verdict] ??= code;
      for (const status of strings(explains.statuses)) pages.statuses[status] ??= code;
      for (const reason of strings(explains.reasons)) pages.reasons[reason] ??= code;
    }
    index[provider.name] = pages;
  }
  return index;
}

export function errorPagesPlugin(root = process.cwd()): Plugin {
  const dir = join(root, 'src/content/errors');
  return {
    name: 'keyprobe:error-pages',
    resolveId: (id) => (id === ERROR_PAGES_MODULE ? RESOLVED : undefined),
    load(id) {
      if (id !== RESOLVED) return undefined;
      this.addWatchFile(dir);
      return `export default ${JSON.stringify(readErrorPagesIndex(dir))};`;
    },
  };
}
