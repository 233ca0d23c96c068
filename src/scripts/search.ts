/**
 * The search page, `/search/`: Pagefind behind our own accessible form, for deep links
 * (`?q=&provider=&type=`). Searches as you type and keeps the address bar in step so a search can
 * be shared. A query that looks like an API key is refused before anything is searched or written
 * to the address bar, and is removed from it if a link brought it there.
 */
import { KEY_REFUSAL, MAX_RESULTS, pagefindFilters, refusesQuery, resultsStatus } from '../lib/search';
import type { SearchType } from '../lib/site';
import { loadPagefind, type PagefindResultData } from './pagefind';

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
  const input = element<HTMLInputElement>('#search-query');
  const status = element<HTMLElement>('#search-status');
  const results = element<HTMLOListElement>('#search-results');
  const notice = element<HTMLElement>('#search-notice');
  const provider = element<HTMLSelectElement>('#search-provider');
  const type = element<HTMLSelectElement>('#search-type');

  const params = new URLSearchParams(location.search);
  input.value = params.get('q') ?? '';
  provider.value = params.get('provider') ?? '';
  type.value = params.get('type') ?? '';

  let generation = 0;
  const run = async () => {
    const query = input.value.trim();
    const current = ++generation;
    if (refusesQuery(query)) {
      input.value = '';
      history.replaceState(null, '', location.pathname);
      notice.textContent = KEY_REFUSAL;
      notice.hidden = false;
      results.replaceChildren();
      status.textContent = '';
      return;
    }
    // An empty field keeps the refusal notice (Enter right after a refused paste); a new query clears it.
    if (query) notice.hidden = true;
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
    const pagefind = await loadPagefind();
    const search = await pagefind.search(query, { filters: pagefindFilters({ provider: provider.value, type: type.value as SearchType | '' }) });
    if (current !== generation || !search) return;
    const data = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    if (current !== generation) return;
    results.replaceChildren(...data.map(resultItem));
    status.textContent = resultsStatus(query, search.results.length, data.length);
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    // A pasted key is refused at once, not after the pause.
    if (refusesQuery(input.value)) void run();
    else timer = setTimeout(() => void run(), 150);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    clearTimeout(timer);
    void run();
  });
  provider.addEventListener('change', () => void run());
  type.addEventListener('change', () => void run());
  await run();
}
