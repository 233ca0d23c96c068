/**
 * Provider data from src/content/providers/*.json, for code that runs outside the content layer
 * (the endpoint in the Worker, the tester island in the browser). The same files feed the
 * `providers` collection, whose zod schema validates them at build time.
 *
 * Each field is globbed separately so the island's bundle only carries the fields it reads.
 */
import type { CollectionEntry } from 'astro:content';

type ProviderFile = CollectionEntry<'providers'>['data'];
export type KeyShape = ProviderFile['keyShapes'][number];
export type Endpoint = ProviderFile['endpoints'][number];
export type Auth = ProviderFile['auth'];

const idOf = (path: string) => path.replace(/^.*\/(.+)\.json$/, '$1');

function byId<T>(modules: Record<string, T>): Map<string, T> {
  return new Map(Object.entries(modules).map(([path, value]) => [idOf(path), value]));
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
  const names = byId(import.meta.glob<string>('../content/providers/*.json', { eager: true, import: 'name' }));
  const shortNames = byId(import.meta.glob<string>('../content/providers/*.json', { eager: true, import: 'shortName' }));
  const testers = byId(import.meta.glob<boolean>('../content/providers/*.json', { eager: true, import: 'tester' }));
  const shapes = byId(import.meta.glob<KeyShape[]>('../content/providers/*.json', { eager: true, import: 'keyShapes' }));
  return [...shapes].map(([id, keyShapes]) => ({
    id,
    name: names.get(id) ?? id,
    shortName: shortNames.get(id) ?? id,
    tester: testers.get(id) ?? false,
    keyShapes,
  }));
}

export interface ProviderConnection {
  id: string;
  name: string;
  auth: Auth;
  endpoints: Endpoint[];
}

/** What the endpoint needs to call a provider: its named origins and how it authenticates. */
export function connections(): Map<string, ProviderConnection> {
  const files = byId(import.meta.glob<ProviderFile>('../content/providers/*.json', { eager: true, import: 'default' }));
  return new Map(
    [...files].map(([id, file]) => [id, { id, name: file.shortName, auth: file.auth, endpoints: file.endpoints }]),
  );
}

/** Providers whose keys the endpoint accepts today. */
export function testableProviderIds(): string[] {
  const testers = byId(import.meta.glob<boolean>('../content/providers/*.json', { eager: true, import: 'tester' }));
  return [...testers].filter(([, tester]) => tester).map(([id]) => id);
}
