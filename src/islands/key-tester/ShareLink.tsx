import { createSignal, Show } from 'solid-js';
import { copyText } from './copy';
import { buildShared, encodeShared, SHARE_PATH } from './logic/share';
import type { RunState } from './logic/state';
import type { Ids, ProviderFacts } from './types';

/**
 * "Copy link": a link to the result, redacted by construction (./logic/share.ts) — the key is not
 * in it, only its last 4 characters — in the fragment, which browsers do not send to a server.
 */
export default function ShareLink(props: { ids: Ids; facts: ProviderFacts; state: RunState; keyValue: string; startedAt: Date }) {
  const [status, setStatus] = createSignal('');
  const [fallback, setFallback] = createSignal('');
  const build = async () => {
    const result = buildShared({ facts: props.facts, state: props.state, key: props.keyValue, now: props.startedAt });
    return result ? `${location.origin}${SHARE_PATH}#${await encodeShared(result)}` : null;
  };
  const copy = async () => {
    const url = await build().catch(() => null);
    if (!url) return setStatus('This browser cannot make the link (it lacks CompressionStream).');
    if (await copyText(url)) {
      setFallback('');
      setStatus('Link copied. It holds the result, never the key (only its last 4 characters); the part after # never reaches a server.');
    } else {
      setFallback(url);
      setStatus('Your browser did not allow copying. The link is selected below: press Ctrl+C (⌘C on a Mac).');
    }
  };
  return (
    <div class="kt-report">
      <button type="button" onClick={() => void copy()}>
        Copy link
      </button>
      <span class="kt-hint" role="status">
        {status()}
      </span>
      <Show when={fallback()}>
        <label class="visually-hidden" for={props.ids('link-text')}>
          Link to this result
        </label>
        <textarea
          id={props.ids('link-text')}
          ref={(el) =>
            queueMicrotask(() => {
              el.focus();
              el.select();
            })
          }
          readOnly
          rows="3"
          value={fallback()}
        />
      </Show>
    </div>
  );
}
