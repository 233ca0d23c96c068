/**
 * The providers a key may be from, as choices. On the any-key field, when its shape fits several
 * (or none): which one to test it with. On a provider's page, when the key is another provider's:
 * switch to that provider's tester here, keeping the key in memory (never in a URL or storage);
 * and, once switched, the way back.
 */
import type { Ids } from './types';
import { For, Show } from 'solid-js';
import type { Candidate, KeyAssessment } from './logic/key';

interface Props {
  ids: Ids;
  assessment: KeyAssessment | null;
  anyKey: boolean;
  /** The provider whose tester is shown, if any. */
  tested: string | null;
  /** A provider's page whose tester was switched away from: its id and name. */
  home: { id: string; name: string } | null;
  enabled: boolean;
  onPick(provider: string): void;
}

const an = (name: string) => (/^[aeiox]/i.test(name) ? `an ${name}` : `a ${name}`);

function NoTester(props: { c: Candidate }) {
  return (
    <>
      Keyprobe cannot test {props.c.name} keys yet
      <Show when={props.c.guide} fallback=".">
        {(href) => (
          <>
            ; <a href={href()}>the {props.c.name} guide</a> explains them.
          </>
        )}
      </Show>
    </>
  );
}

export default function Candidates(props: Props) {
  const list = () => props.assessment?.candidates ?? [];
  const testers = () => list().filter((c) => c.tester);
  const others = () => list().filter((c) => !c.tester);
  return (
    <>
      <Show when={props.home}>
        {(home) => (
          <p class="kt-note kt-info kt-switched">
            <span>
              Switched from the {home().name} tester; the key stayed in this page's memory.{' '}
              <button type="button" class="kt-small" disabled={!props.enabled} onClick={() => props.onPick(home().id)}>
                Back to the {home().name} tester
              </button>
            </span>
          </p>
        )}
      </Show>
      <Show when={!props.anyKey && list().length}>
        <ul class="kt-candidates" aria-label="Providers this key may be from">
          <For each={testers()}>
            {(c) => (
              <li>
                <button type="button" class="primary kt-small" disabled={!props.enabled} onClick={() => props.onPick(c.id)}>
                  Test it as {an(c.name)} key
                </button>
              </li>
            )}
          </For>
          <For each={others()}>
            {(c) => (
              <li>
                <NoTester c={c} />
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.anyKey && list().length > 1}>
        <fieldset class="kt-pick">
          <legend>Which provider is this key from?</legend>
          <div class="kt-choices">
            <For each={testers()}>
              {(c) => (
                <label class="kt-choice">
                  <input type="radio" name={props.ids('provider')} value={c.id} checked={props.tested === c.id} disabled={!props.enabled} onChange={() => props.onPick(c.id)} />
                  <span>
                    <strong>{c.name}</strong>
                    <Show when={c.shape}>
                      <span class="kt-hint">{c.shape}</span>
                    </Show>
                  </span>
                </label>
              )}
            </For>
          </div>
          <For each={others()}>
            {(c) => (
              <p class="kt-hint">
                It could also be {an(c.name)} key{c.shape ? `: ${c.shape}` : ''}. <NoTester c={c} />
              </p>
            )}
          </For>
        </fieldset>
      </Show>
    </>
  );
}
