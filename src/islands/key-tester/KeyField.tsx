import { createSignal, For, Show } from 'solid-js';
import Icon from './Icon';
import type { KeyAssessment } from './logic/key';

interface Props {
  providerName: string;
  value: string;
  /** Null until the detection code has loaded (a moment after the first focus). */
  assessment: KeyAssessment | null;
  /** False until hydrated, and while a run is going. */
  enabled: boolean;
  onChange(value: string): void;
  onSubmit(): void;
  onClear(): void;
}

/** The key input: never in a form, never named, never autocompleted; read locally as you type. */
export default function KeyField(props: Props) {
  const [shown, setShown] = createSignal(false);
  let input: HTMLInputElement | undefined;
  const clean = () => {
    props.onChange(props.assessment?.cleaned ?? props.value);
    input?.focus();
  };
  return (
    <div class="kt-key">
      <label for="kt-key" class="kt-label">
        Your {props.providerName} API key
      </label>
      <div class="kt-key-row">
        <input
          ref={input}
          id="kt-key"
          type={shown() ? 'text' : 'password'}
          value={props.value}
          disabled={!props.enabled}
          autocomplete="off"
          spellcheck={false}
          autocapitalize="off"
          autocorrect="off"
          data-1p-ignore
          data-lpignore="true"
          aria-describedby="kt-key-note"
          aria-invalid={props.assessment?.canTest === false && props.value !== ''}
          placeholder="Paste the key here"
          onInput={(e) => props.onChange(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              props.onSubmit();
            }
          }}
        />
        <button type="button" class="kt-toggle" aria-pressed={shown()} aria-controls="kt-key" disabled={!props.enabled} onClick={() => setShown(!shown())}>
          Show key
        </button>
        <button
          type="button"
          disabled={!props.enabled || !props.value}
          onClick={() => {
            props.onClear();
            input?.focus();
          }}
        >
          Clear
        </button>
      </div>
      <div id="kt-key-note" class="kt-key-note">
        <Show when={props.assessment?.fixes.length}>
          <div class="kt-fixes">
            <p>It looks like more than the key was pasted:</p>
            <ul>
              <For each={props.assessment?.fixes}>{(fix) => <li>{fix.message}</li>}</For>
            </ul>
            <button type="button" class="kt-small" onClick={clean}>
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
      </div>
    </div>
  );
}
