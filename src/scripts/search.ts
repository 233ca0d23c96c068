/**
 * The search page: Pagefind's JS API behind our own accessible form. Loaded only on /search/.
 * Reads `?q=&provider=&type=` (the header's search form works without JavaScript and lands here),
 * searches as you type, and keeps the address bar in step so a search can be shared. A query that
 * looks like an API key is never searched and is removed from the address bar.
 */
import { looksLikeSecret } from '../lib/key-inspect';

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  filters: Record<string, string[]>;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  search(term: string, options?: { filters?: Record<string, string> }): Promise<{ results: { data(): Promise<PagefindResultData> }[] } | null>;
}

const MAX_RESULTS = 12;

function element<T extends HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`search page is missing ${selector}`);
  return found;
}

function resultItem(data: PagefindResultData): HTMLLIElement {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.className = 'result card';
  link.href = data.url;
  const meta = document.createElement('span');
  meta.className = 'result-meta';
  for (const value of [...(data.filters.type ?? []), ...(data.filters.provider ?? [])]) {
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = value;
    meta.append(badge);
  }
  const title = document.createElement('span');
  title.className = 'result-title';
  title.textContent = data.meta.title ?? data.url;
  const excerpt = document.createElement('p');
  excerpt.className = 'result-excerpt';
  // Pagefind's excerpt is escaped text from our own pages, with <mark> around the matches.
  excerpt.innerHTML = data.excerpt;
  link.append(meta, title, excerpt);
  item.append(link);
  return item;
}

export async function startSearch(): Promise<void> {
  const form = element<HTMLFormElement>('[data-search-form]');
  const input = element<HTMLInputElement>('#search-query');
  const status = element<HTMLElement>('#search-status');
  const results = element<HTMLOListElement>('#search-results');
  const notice = element<HTMLElement>('#search-notice');
  const provider = form.elements.namedItem('provider') as HTMLSelectElement;
  const type = form.elements.namedItem('type') as HTMLSelectElement;

  const params = new URLSearchParams(location.search);
  input.value = params.get('q') ?? '';
  provider.value = params.get('provider') ?? '';
  type.value = params.get('type') ?? '';

  // Built after the site by the pagefind CLI, so it is loaded by URL at run time, not bundled.
  const pagefindUrl = '/pagefind/pagefind.js';
  const pagefind = (await import(/* @vite-ignore */ pagefindUrl)) as Pagefind;
  await pagefind.options({ excerptLength: 24 });

  let generation = 0;
  const run = async () => {
    const query = input.value.trim();
    const current = ++generation;
    if (looksLikeSecret(query)) {
      input.value = '';
      history.replaceState(null, '', location.pathname);
      notice.textContent = 'That looked like an API key, so it was not searched and has been cleared. To test a key, use the tester on the provider page.';
      notice.hidden = false;
      results.replaceChildren();
      status.textContent = '';
      return;
    }
    const next = new URLSearchParams();
    if (query) next.set('q', query);
    if (provider.value) next.set('provider', provider.value);
    if (type.value) next.set('type', type.value);
    history.replaceState(null, '', next.size ? `?${next}` : location.pathname);
    if (!query) {
      results.replaceChildren();
      status.textContent = '';
      return;
    }
    const filters: Record<string, string> = {};
    if (provider.value) filters.provider = provider.value;
    if (type.value) filters.type = type.value;
    const search = await pagefind.search(query, { filters });
    if (current !== generation || !search) return;
    const data = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    if (current !== generation) return;
    results.replaceChildren(...data.map(resultItem));
    const total = search.results.length;
    status.textContent =
      total === 0 ? `No results for “${query}”.` : `${total} result${total === 1 ? '' : 's'} for “${query}”${total > MAX_RESULTS ? `, showing the first ${MAX_RESULTS}` : ''}.`;
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), 150);
  });
  provider.addEventListener('change', () => void run());
  type.addEventListener('change', () => void run());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  await run();
}
