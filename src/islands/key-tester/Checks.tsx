import type { Ids } from './types';
import { For, Show } from 'solid-js';
import type { CheckEvent } from '../../lib/api-contract';
import Icon from './Icon';
import { formatMs } from './logic/format';

const names: Record<string, string> = { chat: 'Chat', stream: 'Streaming', embeddings: 'Embeddings', fim: 'FIM' };

/** One row per check: passed or failed in words and colour, the model, the time, what happened. */
export default function Checks(props: { ids: Ids; checks: CheckEvent[]; pending: string[]; running: boolean }) {
  return (
    <section class="kt-panel" aria-labelledby={props.ids.region('checks-title')}>
      <h3 id={props.ids('checks-title')}>Checks</h3>
      <ul class="kt-checks">
        <For each={props.checks}>
          {(c) => (
            <li class={c.ok ? 'kt-ok' : 'kt-err'}>
              <Icon tone={c.ok ? 'ok' : 'err'} />
              <span class="kt-check-head">
                <strong>{names[c.name] ?? c.name}</strong> <span class={c.ok ? 'badge ok' : 'badge err'}>{c.ok ? 'works' : 'failed'}</span>
              </span>
              <span class="kt-check-meta">
                {c.model ? <code>{c.model}</code> : null}
                {c.ms ? ` · ${formatMs(c.ms)}` : ''}
                {c.httpStatus ? ` · HTTP ${c.httpStatus}` : ''}
                <Show when={c.servedBy}>
                  {(by) => (
                    <>
                      {' · served by '}
                      <code>{by()}</code>
                    </>
                  )}
                </Show>
              </span>
              <span class="kt-check-msg">
                {c.message}
                <Show when={!c.ok && c.errorPage}>
                  {(href) => (
                    <>
                      {' '}
                      <a href={href()}>What this error means</a>
                    </>
                  )}
                </Show>
              </span>
            </li>
          )}
        </For>
        <For each={props.pending}>
          {(name, i) => (
            <li class="kt-pending">
              <span class={props.running && !i() ? 'kt-spinner' : 'kt-dot'} aria-hidden="true" />
              <span class="kt-check-head">
                <strong>{names[name] ?? name}</strong>{' '}
                <span class="badge">{props.running ? (i() ? 'queued' : 'running…') : 'not run'}</span>
              </span>
              <Show when={!props.running}>
                <span class="kt-check-msg">The test ended before this check ran.</span>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
