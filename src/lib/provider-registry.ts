/**
 * Provider data (src/content/providers/*.json, validated at build time) for code that runs outside
 * the content layer: the endpoint in the Worker, the island in the browser, detection everywhere.
 */
import providers from 'virtual:keyprobe/providers';
import { PROVIDER_IDS, type ProviderId } from './provider-ids';
import type { KeyShape, ProviderData } from './provider-schema';

export type { Endpoint, KeyShape, ProviderData } from './provider-schema';
export type Auth = ProviderData['auth'];

export function providerData(id: ProviderId): ProviderData {
  const data = providers[id];
  if (!data) throw new Error(`No provider "${id}" in src/content/providers/`);
  return data;
}

export interface ShapeCatalogueEntry {
  id: string;
  name: string;
  shortName: string;
  tester: boolean;
  keyShapes: KeyShape[];
}

/** What key detection needs: names and key shapes of every provider. */
export function shapeCatalogue(): ShapeCatalogueEntry[] {
  return PROVIDER_IDS.map((id) => {
    const { name, shortName, tester, keyShapes } = providerData(id);
    return { id, name, shortName, tester, keyShapes };
  });
}

/** Providers whose keys can be tested, in the order pages list them. */
export function testableProviderIds(): ProviderId[] {
  return PROVIDER_IDS.filter((id) => providerData(id).tester);
}
