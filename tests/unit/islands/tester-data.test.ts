/**
 * The tester's provider data: what the page's host computes at build time, and the chunks the
 * island loads on demand (src/integrations/tester-modules.ts): one per provider with a tester,
 * plus every provider's key shapes, and a map of loaders that is all the island knows of them.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testerData } from '../../../src/islands/key-tester/tester-data';
import { testerModules, FACTS_MODULE_PREFIX, SHAPES_MODULE, TESTERS_MODULE } from '../../../src/integrations/tester-modules';
import { isoToday } from '../../../src/lib/pricing';
import { PROVIDER_IDS } from '../../../src/lib/provider-ids';
import { testableProviderIds } from '../../../src/lib/provider-registry';

const plugin = testerModules();
const load = (id: string): string => {
  const resolved = (plugin.resolveId as (id: string) => string | undefined)(id);
  expect(resolved).toBe(`\0${id}`);
  return (plugin.load as (this: { addWatchFile(f: string): void }, id: string) => string).call({ addWatchFile: () => undefined }, resolved as string);
};
const moduleJson = (id: string): unknown => JSON.parse(load(id).replace(/^export default /, '').replace(/;$/, ''));

describe('testerData', () => {
  it('gives the endpoints, checks, usable token prices, where keys are rotated and the error pages', async () => {
    const data = await testerData('mistral', '2026-11-26', ['401', '429']);
    expect(data.providerName).toBe('Mistral');
    expect(data.endpoints.map((e) => e.id)).toEqual(['global', 'eu', 'us', 'codestral']);
    expect(data.keysUrl).toBe('https://console.mistral.ai/api-keys');
    expect(data.errorCodes).toEqual(['401', '429']);
    expect(data.prices.length).toBeGreaterThan(5);
    expect(data.prices.every((p) => p.unit === '1M tokens')).toBe(true);
    // Retired by 2026-11-26 (Devstral 2 retired 2026-07-31): not offered for cost estimates.
    expect(data.prices.some((p) => p.ids.includes('devstral-2512'))).toBe(false);
    expect(data.prices.some((p) => p.ids.includes('mistral-small-latest'))).toBe(true);
  });

  it('refuses an unknown provider', async () => {
    await expect(testerData('nope')).rejects.toThrow(/Unknown provider/);
  });
});

describe('the chunks the island loads', () => {
  it('maps exactly the providers with a tester to a chunk each, and the shapes to one more', () => {
    const code = load(TESTERS_MODULE);
    const mapped = [...code.matchAll(/"([a-z-]+)": \(\) => import\("virtual:keyprobe\/tester\/([a-z-]+)"\)/g)].map((m) => [m[1], m[2]]);
    expect(mapped.map(([id]) => id).sort()).toEqual([...testableProviderIds()].sort());
    for (const [id, chunk] of mapped) expect(chunk).toBe(id);
    expect(code).toContain(`import("${SHAPES_MODULE}")`);
  });

  it("holds in each provider's chunk the same facts the page's host computes, with its error pages", async () => {
    for (const id of testableProviderIds()) {
      const codes = readdirSync(`src/content/errors/${id}`).map((f) => f.replace(/\.mdx$/, ''));
      expect(moduleJson(FACTS_MODULE_PREFIX + id), id).toEqual(await testerData(id, isoToday(), [...codes].sort()));
    }
  });

  it('has a chunk for every provider with a tester, and none for anything else', () => {
    // Every provider has a tester today; one added with its guide first is refused the same way.
    for (const id of PROVIDER_IDS.filter((p) => !testableProviderIds().includes(p as never))) {
      expect(() => load(FACTS_MODULE_PREFIX + id), id).toThrow(/not a provider with a tester/);
    }
    expect(() => load(FACTS_MODULE_PREFIX + 'no-such-provider')).toThrow(/not a provider with a tester/);
  });

  it("holds every provider's names and key shapes, without their sources", () => {
    const shapes = moduleJson(SHAPES_MODULE) as { id: string; tester: boolean; guide: boolean; keyShapes: object[] }[];
    expect(shapes.map((s) => s.id)).toEqual([...PROVIDER_IDS]);
    expect(JSON.stringify(shapes)).not.toContain('"source"');
    expect(shapes.filter((s) => s.tester).map((s) => s.id).sort()).toEqual([...testableProviderIds()].sort());
    expect(shapes.every((s) => s.guide)).toBe(true);
  });
});
