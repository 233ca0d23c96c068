/**
 * "Test from this browser", the option: shown only for providers whose API lets pages call it, so a
 * chunk of its own, not part of every tester's options.
 */
import type { Ids } from './types';

/** The option, off until the user turns it on; `to` names where the key then goes (`Mistral (api.mistral.ai)`). */
export default function DirectOption(props: { ids: Ids; to: string; checked: boolean; onChange(on: boolean): void }) {
  return (
    <fieldset>
      <legend>Where the test runs</legend>
      <label class="kt-choice">
        <input
          type="checkbox"
          id={props.ids('browser-direct')}
          checked={props.checked}
          aria-describedby={props.ids('browser-direct-hint')}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            props.onChange(on);
            // Fetched now, while the user reads on, so Test key does not wait for it.
            if (on) void import('./direct').catch(() => undefined);
          }}
        />
        <span>
          <strong>Test from this browser</strong>
          <span id={props.ids('browser-direct-hint')} class="kt-hint">
            Your key goes straight from this browser to {props.to}; Keyprobe's server is not involved. Times are then your network's, read by your browser's
            clock.
          </span>
        </span>
      </label>
    </fieldset>
  );
}
