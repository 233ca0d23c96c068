/**
 * The tester's provider data as Vite virtual modules, so the island loads only what it uses, one
 * chunk at a time, whatever the number of providers:
 *
 * - `virtual:keyprobe/testers`: `testers`, a map from each provider with a tester to a loader of
 *   its facts (a dynamic import: one chunk per provider), and `keyShapes`, a loader of every
 *   provider's key shapes (one chunk). The island names no provider; this generated map does.
 * - `virtual:keyprobe/tester/<id>`: that provider's facts (src/islands/key-tester/build-data.ts),
 *   computed here at build time from its data file, price table and error pages.
 * - `virtual:keyprobe/key-shapes`: every provider's names and key shapes, without their sources.
 *
 * Used by astro.config.mjs and the unit test project (vitest.config.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { keyShapes, providerFacts, type RawPricedModel } from '../islands/key-tester/build-data.ts';
import { isoToday } from '../lib/pricing.ts';
import { readProviders } from './content-modules.ts';

export const TESTERS_MODULE = 'virtual:keyprobe/testers';
export const FACTS_MODULE_PREFIX = 'virtual:keyprobe/tester/';
export const SHAPES_MODULE = 'virtual:keyprobe/key-shapes';

export function testerModules(root = process.cwd()): Plugin {
  const dirs = {
    providers: join(root, 'src/content/providers'),
    pricing: join(root, 'src/content/pricing'),
    errors: join(root, 'src/content/errors'),
    guides: join(root, 'src/content/guides'),
  };
  const providers = () => readProviders(dirs.providers);
  const testable = () => Object.entries(providers()).filter(([, data]) => data.tester).map(([id]) => id);

  const code = (id: string): string | undefined => {
    if (id === TESTERS_MODULE) {
      const entries = testable().map((p) => `  ${JSON.stringify(p)}: () => import(${JSON.stringify(FACTS_MODULE_PREFIX + p)}),`);
      return `export const testers = {\n${entries.join('\n')}\n};\nexport const keyShapes = () => import(${JSON.stringify(SHAPES_MODULE)});\n`;
    }
    if (id === SHAPES_MODULE) {
      const all = providers();
      const list = Object.keys(all).map((p) => ({ id: p, data: all[p]!, guide: existsSync(join(dirs.guides, `${p}.mdx`)) }));
      return `export default ${JSON.stringify(keyShapes(list))};`;
    }
    if (id.startsWith(FACTS_MODULE_PREFIX)) {
      const provider = id.slice(FACTS_MODULE_PREFIX.length);
      const data = providers()[provider];
      if (!data?.tester) throw new Error(`${id}: "${provider}" is not a provider with a tester`);
      const pricingFile = join(dirs.pricing, `${provider}.json`);
      const prices = existsSync(pricingFile) ? ((JSON.parse(readFileSync(pricingFile, 'utf8')) as { models: RawPricedModel[] }).models ?? []) : [];
      const errorDir = join(dirs.errors, provider);
      // An error page's file name is its code (src/content.config.ts: `code`).
      const errorCodes = existsSync(errorDir) ? readdirSync(errorDir).filter((f) => f.endsWith('.mdx')).map((f) => f.slice(0, -4)) : [];
      return `export default ${JSON.stringify(providerFacts(provider, data, { prices, errorCodes, today: isoToday() }))};`;
    }
    return undefined;
  };

  return {
    name: 'keyprobe:tester-modules',
    resolveId: (id) => (id === TESTERS_MODULE || id === SHAPES_MODULE || id.startsWith(FACTS_MODULE_PREFIX) ? `\0${id}` : undefined),
    load(id) {
      if (!id.startsWith('\0')) return undefined;
      const source = code(id.slice(1));
      if (source === undefined) return undefined;
      for (const dir of Object.values(dirs)) this.addWatchFile(dir);
      return source;
    },
  };
}
