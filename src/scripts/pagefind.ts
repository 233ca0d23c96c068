/**
 * Pagefind, loaded on demand with the site's ranking (src/lib/search.ts). Its JS, index and WASM
 * are built after the site by the pagefind CLI, so they are loaded by URL at run time, never
 * bundled, and only when someone searches.
 */
import { PAGEFIND_OPTIONS } from '../lib/search';

export interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  filters: Record<string, string[]>;
}

export interface PagefindSearch {
  results: { id: string; data(): Promise<PagefindResultData> }[];
}

export interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  preload(term: string, options?: { filters?: Record<string, string> }): Promise<void>;
  search(term: string, options?: { filters?: Record<string, string> }): Promise<PagefindSearch | null>;
}

let loading: Promise<Pagefind> | undefined;

/** The one Pagefind instance of the page, configured once; a failed load is retried on the next call. */
export function loadPagefind(): Promise<Pagefind> {
  loading ??= (async () => {
    const url = '/pagefind/pagefind.js';
    const pagefind = (await import(/* @vite-ignore */ url)) as Pagefind;
    await pagefind.options(PAGEFIND_OPTIONS);
    await pagefind.init();
    return pagefind;
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
