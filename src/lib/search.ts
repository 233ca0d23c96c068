/**
 * What the search dialog and `/search/` share: how Pagefind ranks, when a query is refused, and
 * what is announced. Pure, so the ranking settings and the wording are tested in Node; the page
 * scripts (src/scripts/) only wire them to the DOM.
 */
import { looksLikeSecret } from './key-inspect';
import type { SearchType } from './site';

/**
 * Options for `pagefind.options()`, tuned with Pagefind's own ranking knobs
 * (pagefind.app/docs/ranking/) against the queries in tests/e2e/search.test.ts.
 *
 * Pagefind adds, per metadata field, weight × the field's matched IDF × (share of the query it
 * matches)², so a field only counts when it holds most of the query:
 * - `status`, on error hubs only ("429 Too Many Requests"): a bare "429" or "Unauthorized" finds
 *   its hub above the provider pages whose titles also say it; "mistral 429" barely moves it.
 * - `errorcode`, the identifiers in an error's real responses (src/lib/error-identifiers.ts):
 *   "RESOURCE_EXHAUSTED" finds the page showing that response before one that mentions it.
 * - `status_page`, "Mistral 429" on a provider's main page for a status: a provider and a status
 *   find it before the special cases (429-quota, 429-capacity).
 * - `title` keeps Pagefind's default of 5.
 *
 * `termSimilarity` 4 (default 1) scores a word far above longer words it is a prefix of, so a
 * pasted sentence finds the page quoting it, not a page whose JSON has `quotaId`, `quotaMetric`, …
 * for "quota". Prefixes still match while typing; they just rank lower than whole words.
 */
export const PAGEFIND_OPTIONS = {
  excerptLength: 24,
  ranking: {
    termSimilarity: 4,
    metaWeights: { title: 5, status: 12, errorcode: 6, status_page: 2 },
  },
} as const;

/** Results rendered at once; the status line says how many more there are. */
export const MAX_RESULTS = 12;

export const KEY_REFUSAL =
  'That looks like an API key, so it was not searched and has been cleared from the field. Search never sends a key anywhere: to test one, use the tester on its provider’s page.';

/** A query that must never leave this field: it looks like a key (src/lib/key-inspect.ts). */
export function refusesQuery(query: string): boolean {
  return looksLikeSecret(query);
}

export interface SearchFilters {
  provider?: string;
  type?: SearchType | '';
}

/** Pagefind's `filters` option: only the filters that are set. */
export function pagefindFilters({ provider, type }: SearchFilters): Record<string, string> {
  const filters: Record<string, string> = {};
  if (provider) filters.provider = provider;
  if (type) filters.type = type;
  return filters;
}

/** The line announced after each search (a polite live region). */
export function resultsStatus(query: string, total: number, shown: number): string {
  if (total === 0) return `No results for “${query}”. Try the status code alone, e.g. 429, or another filter.`;
  const count = `${total} result${total === 1 ? '' : 's'} for “${query}”`;
  return total > shown ? `${count}, showing the first ${shown}.` : `${count}.`;
}

/** Menu label of a type filter value. */
export const typeLabel = (type: SearchType) => (type === 'FAQ' ? 'FAQs' : `${type}s`);
