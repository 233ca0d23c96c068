/**
 * The search dialog's behaviour, loaded by src/scripts/search-opener.ts on first open. A combobox
 * over a listbox (WAI-ARIA APG): focus stays in the field, arrow keys move the active result,
 * Enter opens it (or the first result), Escape closes the dialog and the browser returns focus to
 * what opened it. A query that looks like a key is refused before Pagefind is asked anything.
 */
import { KEY_REFUSAL, MAX_RESULTS, pagefindFilters, refusesQuery, resultsStatus } from '../lib/search';
import type { SearchType } from '../lib/site';
import { loadPagefind, type PagefindResultData } from './pagefind';

const DEBOUNCE_MS = 150;

function part<T extends HTMLElement>(dialog: HTMLDialogElement, selector: string): T {
  const found = dialog.querySelector<T>(selector);
  if (!found) throw new Error(`search dialog is missing ${selector}`);
  return found;
}

function option(data: PagefindResultData, index: number): HTMLAnchorElement {
  const id = `search-option-${index}`;
  const link = document.createElement('a');
  link.className = 'search-option';
  link.id = id;
  link.href = data.url;
  link.setAttribute('role', 'option');
  link.setAttribute('aria-selected', 'false');
  // Results are reached with the arrow keys from the field, not with Tab.
  link.tabIndex = -1;
  const title = document.createElement('span');
  title.className = 'search-option-title';
  title.textContent = data.meta.title ?? data.url;
  const meta = document.createElement('span');
  meta.className = 'search-option-meta';
  for (const value of [...(data.filters.type ?? []), ...(data.filters.provider ?? [])]) {
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = value;
    meta.append(badge);
  }
  const excerpt = document.createElement('span');
  excerpt.className = 'search-option-excerpt';
  excerpt.id = `${id}-excerpt`;
  // Pagefind's excerpt is escaped text from our own pages, with <mark> around the matches.
  excerpt.innerHTML = data.excerpt;
  // The option is named by its title and badges; the excerpt is its description, read after a pause.
  excerpt.setAttribute('aria-hidden', 'true');
  link.setAttribute('aria-describedby', excerpt.id);
  link.append(title, meta, excerpt);
  return link;
}

const started = new WeakSet<HTMLDialogElement>();

export function start(dialog: HTMLDialogElement): void {
  if (started.has(dialog)) return;
  started.add(dialog);

  const input = part<HTMLInputElement>(dialog, '[data-search-input]');
  const provider = part<HTMLSelectElement>(dialog, '[data-search-filter="provider"]');
  const type = part<HTMLSelectElement>(dialog, '[data-search-filter="type"]');
  const notice = part<HTMLElement>(dialog, '[data-search-notice]');
  const status = part<HTMLElement>(dialog, '[data-search-status]');
  const listbox = part<HTMLElement>(dialog, '[data-search-results]');
  const close = part<HTMLButtonElement>(dialog, '[data-search-close]');

  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let active = -1;
  const options = () => [...listbox.querySelectorAll<HTMLAnchorElement>('[role="option"]')];
  const filters = () => pagefindFilters({ provider: provider.value, type: type.value as SearchType | '' });

  const showResults = (links: HTMLAnchorElement[]) => {
    listbox.replaceChildren(...links);
    listbox.hidden = links.length === 0;
    input.setAttribute('aria-expanded', String(links.length > 0));
    setActive(-1);
  };

  const setActive = (index: number) => {
    const all = options();
    active = all.length === 0 ? -1 : index;
    all.forEach((link, i) => link.setAttribute('aria-selected', String(i === active)));
    const current = all[active];
    if (current) {
      input.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };

  /** Refuses a key-shaped query: nothing is searched, preloaded or navigated to, and the field is cleared. */
  const refuse = () => {
    generation++;
    clearTimeout(timer);
    input.value = '';
    notice.textContent = KEY_REFUSAL;
    notice.hidden = false;
    status.textContent = '';
    showResults([]);
  };

  const run = async (): Promise<PagefindResultData[]> => {
    clearTimeout(timer);
    const query = input.value.trim();
    const current = ++generation;
    if (refusesQuery(query)) {
      refuse();
      return [];
    }
    // An empty field keeps the refusal notice (Enter right after a refused paste); a new query clears it.
    if (!query) {
      status.textContent = '';
      showResults([]);
      return [];
    }
    notice.hidden = true;
    try {
      const pagefind = await loadPagefind();
      const search = await pagefind.search(query, { filters: filters() });
      if (current !== generation || !search) return [];
      const data = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
      if (current !== generation) return [];
      showResults(data.map(option));
      status.textContent = resultsStatus(query, search.results.length, data.length);
      return data;
    } catch {
      if (current === generation) status.textContent = 'Search could not load. Try again, or browse every error below.';
      return [];
    }
  };

  /** Searches what is in the field now and opens the first result (Enter before the results are shown). */
  const openFirst = () =>
    void run().then((data) => {
      if (data[0]) location.assign(data[0].url);
    });

  input.addEventListener('input', () => {
    clearTimeout(timer);
    // A pasted key is refused at once, before any request.
    if (refusesQuery(input.value)) return refuse();
    notice.hidden = true;
    // The results on screen are for the previous query: Enter now waits for the new ones.
    setActive(-1);
    timer = setTimeout(() => void run(), DEBOUNCE_MS);
  });

  input.addEventListener('keydown', (event) => {
    const count = options().length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (count === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive(active === -1 ? (step === 1 ? 0 : count - 1) : (active + step + count) % count);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = options()[active];
      if (chosen) return location.assign(chosen.href);
      // Enter before the pause is over: search now, then open the first result.
      openFirst();
    }
  });

  provider.addEventListener('change', () => void run());
  type.addEventListener('change', () => void run());
  close.addEventListener('click', () => dialog.close());
  // A click on the backdrop (the dialog box itself, outside the panel) closes it.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });

  // Keep Tab inside the dialog: from the last control back to the field, and the other way round.
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab') return;
    const focusable = [...dialog.querySelectorAll<HTMLElement>('input, select, button, a[href]:not([tabindex="-1"])')].filter((el) => !el.closest('[hidden]') && el.offsetParent !== null);
    const first = focusable[0];
    const last = focusable.at(-1);
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  });

  // Whatever was typed before this module arrived is searched (or refused) now, and an Enter pressed
  // meanwhile (search-opener.ts keeps it) opens the first result; Pagefind starts loading.
  const enterPressed = 'enter' in dialog.dataset;
  delete dialog.dataset.enter;
  void loadPagefind().catch(() => undefined);
  if (input.value && enterPressed) openFirst();
  else if (input.value) void run();
}
