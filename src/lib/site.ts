/** Site-wide wording and constants that more than one page uses. */

/** The promise shown on every page. src/pages/security.astro explains it; the tests prove it. */
export const KEY_PROMISE = 'A pasted key is used only for the test you run and is never logged, stored or persisted.';

/** Result types offered as a filter in search (Pagefind `type` filter values), in menu order. */
export const SEARCH_TYPES = ['Error', 'Guide', 'FAQ', 'Article', 'Page'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];
