/**
 * Typed reads of the content collections for pages (build time only). Keeps the ordering and
 * lookup rules in one place so every page lists things the same way.
 */
import { getCollection, getEntry, type CollectionEntry } from 'astro:content';
import { providerPageUrl } from './routes';
import { buildHubs, type Hub } from './error-hubs';

export type Provider = CollectionEntry<'providers'>;
export type ErrorEntry = CollectionEntry<'errors'>;

export async function getProviders(): Promise<Provider[]> {
  const providers = await getCollection('providers');
  // Testable providers first, then alphabetical: the order users scan the list in.
  return providers.sort(
    (a, b) => Number(b.data.tester) - Number(a.data.tester) || a.data.shortName.localeCompare(b.data.shortName),
  );
}

export interface ProviderLink {
  id: string;
  name: string;
  shortName: string;
  tester: boolean;
  /** The provider's guide, or null while it has none. */
  href: string | null;
}

/** Every provider for navigation lists, testable ones first, linked where a guide exists. */
export async function getProviderLinks(): Promise<ProviderLink[]> {
  const guides = new Set((await getCollection('guides')).map((g) => g.id));
  return (await getProviders()).map(({ id, data }) => ({
    id,
    name: data.name,
    shortName: data.shortName,
    tester: data.tester,
    href: guides.has(id) ? providerPageUrl(id) : null,
  }));
}

export async function requireProvider(id: string): Promise<Provider> {
  const provider = await getEntry('providers', id);
  if (!provider) throw new Error(`Unknown provider "${id}"`);
  return provider;
}

export async function getProviderErrors(providerId: string): Promise<ErrorEntry[]> {
  const errors = await getCollection('errors', (entry) => entry.data.provider.id === providerId);
  return errors.sort((a, b) => a.data.order - b.data.order);
}

export async function getPricingTable(providerId: string) {
  const tables = await getCollection('pricing', (entry) => entry.data.provider.id === providerId);
  return tables[0]?.data;
}

export async function getFaq(providerId: string) {
  const faqs = await getCollection('faqs', (entry) => entry.data.provider.id === providerId);
  return faqs[0]?.data.items ?? [];
}

export async function getArticles(): Promise<CollectionEntry<'articles'>[]> {
  const articles = await getCollection('articles');
  return articles.sort((a, b) => b.data.updated.localeCompare(a.data.updated) || a.data.title.localeCompare(b.data.title));
}

/** The article references a provider's guide lists under "Related reading". */
export async function requireGuideRelated(providerId: string) {
  const guide = await getEntry('guides', providerId);
  if (!guide) throw new Error(`No guide for provider "${providerId}" (src/content/guides/${providerId}.mdx)`);
  return guide.data.related;
}

/** How an error is named in lists: its status, or its code for ranges (`5xx`); empty when there is no status. */
export function errorLabel(data: { code: string; status: number | null }): string {
  if (/^\dxx$/.test(data.code)) return data.code;
  return data.status === null ? '' : String(data.status);
}

/** Every error page grouped by status (`/errors/<hub>/`), providers in list order. */
export async function getErrorHubs(): Promise<Hub[]> {
  const [errors, providers] = await Promise.all([getCollection('errors'), getProviders()]);
  const entries = errors.map(({ data }) => ({
    provider: data.provider.id,
    code: data.code,
    status: data.status,
    name: data.name,
    summary: data.summary,
    order: data.order,
  }));
  return buildHubs(entries, providers.map((p) => p.id));
}
