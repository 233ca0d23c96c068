import { createSignal, type JSX } from 'solid-js';
import type { KeyAssessment } from './logic/key';

interface Props {
  /** The input's id; its note is `<id>-note`. */
  id: string;
  label: string;
  value: string;
  /** Null until the detection code has loaded (a moment after the first focus). */
  assessment: KeyAssessment | null;
  /** False until hydrated, and while a run is going. */
  enabled: boolean;
  onChange(value: string): void;
  onSubmit(): void;
  onClear(): void;
  /** What the field says about the key (./KeyNotes, loaded with the rest); `clean` applies the paste fixes. */
  notes?: (clean: () => void) => JSX.Element;
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
      <label for={props.id} class="kt-label">
        {props.label}
      </label>
      <div class="kt-key-row">
        <input
          ref={input}
          id={props.id}
          type={shown() ? 'text' : 'password'}
          value={props.value}
          disabled={!props.enabled}
          autocomplete="off"
          spellcheck={false}
          autocapitalize="off"
          autocorrect="off"
          data-1p-ignore
          data-lpignore="true"
          aria-describedby={`${props.id}-note`}
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
        <button type="button" class="kt-toggle" aria-pressed={shown()} aria-controls={props.id} disabled={!props.enabled} onClick={() => setShown(!shown())}>
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
      <div id={`${props.id}-note`} class="kt-key-note">
        {props.notes?.(clean)}
      </div>
    </div>
  );
}
