import type { Ids } from './types';
import { For, Show } from 'solid-js';
import type { RateLimitsEvent } from '../../lib/api-contract';
import { formatCount, limitName } from './logic/format';

/** Each limit with what is left of it, as numbers and a bar; a limit of 0 says so in words. */
export default function RateLimits(props: { ids: Ids; data: RateLimitsEvent }) {
  return (
    <section class="kt-panel" aria-labelledby={props.ids.region('limits-title')}>
      <h3 id={props.ids('limits-title')}>Rate limits</h3>
      <Show when={props.data.limits.length}>
        <ul class="kt-limits">
          <For each={props.data.limits}>
            {(l) => {
              const share = () => (l.limit > 0 && l.remaining !== null ? Math.max(0, Math.min(1, l.remaining / l.limit)) : 0);
              return (
                <li>
                  <span class="kt-limit-name">{limitName(l)}</span>
                  <span class="kt-limit-value">
                    <Show
                      when={l.limit > 0}
                      fallback={<span class="badge err">0 — not on this plan</span>}
                    >
                      <Show when={l.remaining !== null} fallback={`${formatCount(l.limit)} allowed`}>
                        {formatCount(l.remaining ?? 0)} of {formatCount(l.limit)} left
                      </Show>
                    </Show>
                  </span>
                  <svg class="kt-bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
                    <rect class="kt-bar-bg" width="100" height="6" rx="3" />
                    <rect class={share() < 0.1 ? 'kt-bar-fill kt-low' : 'kt-bar-fill'} width={share() * 100} height="6" rx="3" />
                  </svg>
                </li>
              );
            }}
          </For>
        </ul>
      </Show>
      <Show when={props.data.notExposed?.length}>
        <p class="kt-hidden-limits">
          <span class="badge">not exposed to browsers</span>{' '}
          <For each={props.data.notExposed}>
            {(header, i) => (
              <>
                {i() > 0 && ', '}
                <code>{header}</code>
              </>
            )}
          </For>
        </p>
      </Show>
      <For each={props.data.notes}>{(note) => <p class="kt-hint">{note}</p>}</For>
    </section>
  );
}
