import type { Ids } from './types';
import { createSignal, Show } from 'solid-js';
import { copyText } from './copy';
import { buildReport, type ReportInput } from './logic/report';

/** "Copy report": the clipboard when allowed, else the report selected in a text box to copy by hand. */
export default function Report(props: { ids: Ids; input(): ReportInput }) {
  const [status, setStatus] = createSignal('');
  const [fallback, setFallback] = createSignal('');
  let area: HTMLTextAreaElement | undefined;
  const copy = async () => {
    const text = buildReport(props.input());
    if (await copyText(text)) {
      setFallback('');
      setStatus('Report copied. It holds only the last 4 characters of your key.');
    } else {
      setFallback(text);
      setStatus('Your browser did not allow copying. The report is selected below: press Ctrl+C (⌘C on a Mac).');
      area?.focus();
      area?.select();
    }
  };
  return (
    <div class="kt-report">
      <button type="button" onClick={() => void copy()}>
        Copy report (Markdown)
      </button>
      <span class="kt-hint" role="status">
        {status()}
      </span>
      <Show when={fallback()}>
        <label class="visually-hidden" for={props.ids('report-text')}>
          Report
        </label>
        <textarea
          id={props.ids('report-text')}
          ref={(el) => {
            area = el;
            queueMicrotask(() => {
              el.focus();
              el.select();
            });
          }}
          readOnly
          rows="10"
          value={fallback()}
        />
      </Show>
    </div>
  );
}
