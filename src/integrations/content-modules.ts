/**
 * Content facts compiled into code at build time, as Vite virtual modules, so the endpoint and the
 * island carry only the data they use and pay no parsing at run time:
 *
 * - `virtual:keyprobe/providers`: every src/content/providers/<id>.json, validated with the same
 *   schema as the content collection and with its defaults filled in.
 * - `virtual:keyprobe/error-pages`: which error page explains which tester outcome, per provider,
 *   from the `explains:` frontmatter of src/content/errors/<provider>/<code>.mdx.
 *
 * Used by astro.config.mjs and by every test project in vitest.config.ts. A file that does not
 * validate, or a provider file missing from (or added without) src/lib/provider-ids.ts, stops the build.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Plugin } from 'vite';
import { providerSchema, type ProviderData } from '../lib/provider-schema.ts';

export const PROVIDERS_MODULE = 'virtual:keyprobe/providers';
export const ERROR_PAGES_MODULE = 'virtual:keyprobe/error-pages';
/** `virtual:keyprobe/provider/<id>`: one provider's data, as a chunk of its own. */
export const PROVIDER_MODULE_PREFIX = 'virtual:keyprobe/provider/';
/**
 * `virtual:keyprobe/provider-loaders`: a loader per provider of that provider's module. The
 * browser-direct run loads the one provider it tests, not every provider's data.
 */
export const PROVIDER_LOADERS_MODULE = 'virtual:keyprobe/provider-loaders';

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

/** The providers Keyprobe knows: one file each under `dir` (src/content/providers), in name order. */
export function providerIdsIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.replace(/\.json$/, ''))
    .sort();
}

/** Reads and validates every provider file under `dir` (src/content/providers). */
export function readProviders(dir: string): Record<string, ProviderData> {
  const providers: Record<string, ProviderData> = {};
  for (const id of providerIdsIn(dir)) {
    const result = providerSchema.safeParse(JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')));
    if (!result.success) {
      const issues = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      throw new Error(`src/content/providers/${id}.json: ${issues}`);
    }
    providers[id] = result.data;
  }
  return providers;
}

export function contentModules(root = process.cwd()): Plugin {
  const ids = providerIdsIn(join(root, 'src/content/providers'));
  const sources: Record<string, { dir: string; code: (dir: string) => string }> = {
    [PROVIDERS_MODULE]: {
      dir: join(root, 'src/content/providers'),
      code: (dir) => `export default ${JSON.stringify(readProviders(dir))};`,
    },
    [ERROR_PAGES_MODULE]: {
      dir: join(root, 'src/content/errors'),
      code: (dir) => `export default ${JSON.stringify(readErrorPagesIndex(dir))};`,
    },
    [PROVIDER_LOADERS_MODULE]: {
      dir: join(root, 'src/content/providers'),
      code: () => `export default {${ids.map((id) => `${JSON.stringify(id)}: () => import(${JSON.stringify(PROVIDER_MODULE_PREFIX + id)})`).join(', ')}};`,
    },
    ...Object.fromEntries(
      ids.map((id) => [
        PROVIDER_MODULE_PREFIX + id,
        { dir: join(root, 'src/content/providers'), code: (dir: string) => `export default ${JSON.stringify(readProviders(dir)[id])};` },
      ]),
    ),
  };
  return {
    name: 'keyprobe:content-modules',
    resolveId: (id) => (id in sources ? `\0${id}` : undefined),
    load(id) {
      const source = id.startsWith('\0') ? sources[id.slice(1)] : undefined;
      if (!source) return undefined;
      this.addWatchFile(source.dir);
      return source.code(source.dir);
    },
  };
}
