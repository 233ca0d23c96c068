/**
 * The only script on pages without the tester: it opens the search dialog (header button, `/`,
 * Ctrl/Cmd+K) and loads the code that searches on first open. Kept under 1 KB gzip (checked by
 * tests/e2e/search.test.ts); everything else, Pagefind included, loads only when the dialog opens.
 */
// The built URL of src/scripts/search-dialog.ts, imported by URL so no loader helper is bundled here.
import dialogModule from 'virtual:keyprobe/search-dialog';

const dialog = document.querySelector<HTMLDialogElement>('[data-search-dialog]');
const button = document.querySelector<HTMLButtonElement>('[data-search-open]');

if (dialog && button) {
  // With JavaScript, the header offers search instead of the error index link.
  button.hidden = false;
  document.querySelector<HTMLElement>('[data-search-fallback]')?.setAttribute('hidden', '');

  // Enter typed before the dialog's code has arrived is kept for it: start() then opens the first result.
  const early = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.target as HTMLElement).matches('[data-search-input]')) dialog.dataset.enter = '';
  };
  dialog.addEventListener('keydown', early);
  const open = () => {
    if (!dialog.open) dialog.showModal();
    void import(/* @vite-ignore */ dialogModule).then((module: { start(dialog: HTMLDialogElement): void }) => {
      dialog.removeEventListener('keydown', early);
      module.start(dialog);
    });
  };
  button.addEventListener('click', open);
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    const typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    const shortcut = (event.key === '/' && !typing) || (String(event.key).toLowerCase() === 'k' && (event.ctrlKey || event.metaKey));
    if (!shortcut || event.altKey || (event.key === '/' && (event.ctrlKey || event.metaKey))) return;
    event.preventDefault();
    open();
  });
}
