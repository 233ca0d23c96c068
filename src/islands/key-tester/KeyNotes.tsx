/** What the key field says about the key: paste mistakes with their fix, and what its shape says. */
import { For, Show } from 'solid-js';
import Icon from './Icon';
import type { KeyAssessment } from './logic/key';

export default function KeyNotes(props: { assessment: KeyAssessment | null; clean(): void }) {
  return (
    <>
      <Show when={props.assessment?.fixes.length}>
        <div class="kt-fixes">
          <p>It looks like more than the key was pasted:</p>
          <ul>
            <For each={props.assessment?.fixes}>{(fix) => <li>{fix.message}</li>}</For>
          </ul>
          <button type="button" class="kt-small" onClick={() => props.clean()}>
            Clean it up
          </button>
        </div>
      </Show>
      <Show when={props.assessment?.note}>
        {(note) => (
          <p class={`kt-note kt-${note().tone}`}>
            <Icon tone={note().tone} />
            <span>
              {note().text}
              <Show when={note().link}>{(link) => <><a href={link().href}>{link().text}</a>.</>}</Show>
            </span>
          </p>
        )}
      </Show>
    </>
  );
}
