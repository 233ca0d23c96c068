/** Demo builds only: the fake upstream's scenario keys, each one click away. Loaded after mount. */
import { For } from 'solid-js';
import type { DemoKey } from './types';

export default function DemoKeys(props: { providerName: string; keys: DemoKey[]; enabled: boolean; use(key: string): void }) {
  return (
    <details class="kt-demo" open={matchMedia("(min-width: 40rem)").matches}>
      <summary>Demo keys for the fake {props.providerName} API</summary>
      <ul>
        <For each={props.keys}>
          {(demo) => (
            <li>
              <button type="button" class="kt-small" disabled={!props.enabled} onClick={() => props.use(demo.key)}>
                Use<span class="visually-hidden"> the {demo.name} key</span>
              </button>
              <span>
                <code>{demo.name}</code> {demo.description}
              </span>
            </li>
          )}
        </For>
      </ul>
    </details>
  );
}
