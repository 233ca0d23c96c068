/**
 * The testers the endpoint can run: each provider's data plus its adapter, and the one outbound
 * allow-list derived from them. Tests build a registry with an extra, made-up provider to prove
 * that adding one takes data and an adapter only.
 */
import { PROVIDER_IDS } from '../lib/provider-ids';
import { providerData } from '../lib/provider-registry';
import { providerOrigins } from './allow-list';
import { adapters } from './providers';
import type { Tester } from './run-test';

export interface TesterRegistry {
  get(id: string): Tester | undefined;
  /** Ids of the providers with a tester. */
  readonly ids: readonly string[];
  /** Every origin the endpoint may send a key to. */
  readonly origins: readonly string[];
}

export function createRegistry(testers: readonly Tester[]): TesterRegistry {
  const byId = new Map(testers.map((tester) => [tester.id, tester]));
  return {
    get: (id) => byId.get(id),
    ids: testers.map((t) => t.id),
    origins: [...new Set(testers.flatMap((t) => providerOrigins(t.data)))],
  };
}

/** The testers of src/content/providers/*.json marked `"tester": true`, with their adapters. */
export const defaultTesters: Tester[] = PROVIDER_IDS.flatMap((id) => {
  const data = providerData(id);
  const adapter = adapters[id];
  return data.tester && adapter ? [{ id, data, adapter }] : [];
});

export const defaultRegistry = createRegistry(defaultTesters);
