/**
 * `virtual:keyprobe/search-dialog`: the URL of src/scripts/search-dialog.ts as built, for the
 * search opener on every page to `import()` by URL. A plain `import('./search-dialog')` would
 * make Vite bundle its module-preload helper into the opener (about 1 KB gzip on its own, the
 * opener's whole budget); emitting the dialog as a chunk of its own and importing its URL does not.
 * In `astro dev` the URL is the source file, which Vite's dev server compiles on request.
 */
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

export const SEARCH_DIALOG_MODULE = 'virtual:keyprobe/search-dialog';
const resolved = `\0${SEARCH_DIALOG_MODULE}`;
const entry = fileURLToPath(new URL('../scripts/search-dialog.ts', import.meta.url));

export function searchDialogModule(): Plugin {
  let serving = false;
  return {
    name: 'keyprobe:search-dialog-module',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    resolveId(source) {
      return source === SEARCH_DIALOG_MODULE ? resolved : undefined;
    },
    load(id) {
      if (id !== resolved) return undefined;
      if (serving) return `export default ${JSON.stringify(`/@fs${entry}`)};`;
      const reference = this.emitFile({ type: 'chunk', id: entry, name: 'search-dialog' });
      return `export default import.meta.ROLLUP_FILE_URL_${reference};`;
    },
  };
}
