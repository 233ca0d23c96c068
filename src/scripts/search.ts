/**
 * Starts Pagefind's UI on the search page with the query from `?q=` (sent by the header's search
 * form, which works without JavaScript). A query that looks like an API key is not searched: it is
 * removed from the address bar and the user is told why.
 */
import { looksLikeSecret } from '../lib/key-inspect';

interface PagefindUIInstance {
  triggerSearch(term: string): void;
}
declare global {
  interface Window {
    PagefindUI?: new (options: Record<string, unknown>) => PagefindUIInstance;
  }
}

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(script);
  });
}

export async function startSearch(): Promise<void> {
  const params = new URLSearchParams(location.search);
  let query = (params.get('q') ?? '').trim();
  const notice = document.getElementById('search-notice');
  if (query && looksLikeSecret(query)) {
    history.replaceState(null, '', location.pathname);
    query = '';
    if (notice) {
      notice.textContent =
        'That looked like an API key, so it was not searched and has been removed from the address bar. ' +
        'To test a key, use the key tester on the provider page.';
      notice.hidden = false;
    }
  }
  await loadScript('/pagefind/pagefind-ui.js');
  if (!window.PagefindUI) return;
  const ui = new window.PagefindUI({
    element: '#search',
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: query === '',
    translations: { placeholder: 'Search errors, guides and articles' },
  });
  if (query) ui.triggerSearch(query);
}
