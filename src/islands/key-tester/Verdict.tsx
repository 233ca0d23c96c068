import type { Ids } from './types';
import { createSignal, Show, type JSX } from 'solid-js';
import { copyText } from './copy';
import Icon from './Icon';
import { formatMs } from './logic/format';
import { verdictInfo, type EndpointOption } from './logic/verdict';
import type { OutcomeEvent, ValidationEvent } from '../../lib/api-contract';

interface Props {
  ids: Ids;
  verdict: ValidationEvent;
  /** The key's overall state, when a check said more than the validation. */
  outcome: OutcomeEvent | null;
  providerName: string;
  /** The tested key as … and its last 4 characters, so results are never taken for another key's. */
  keyTail: string;
  /** For `wrong_endpoint`: where the key belongs, offered in one click. */
  switchTo: EndpointOption | null;
  onSwitch(endpoint: EndpointOption): void;
  headingRef(el: HTMLHeadingElement): void;
  children?: JSX.Element;
}

/** The answer to "does this key work?": heading and colour per verdict, message, fix, facts. */
export default function Verdict(props: Props) {
  const [copied, setCopied] = createSignal('');
  const info = () => verdictInfo[props.verdict.verdict];
  const copyId = async (id: string) => setCopied((await copyText(id)) ? 'Copied' : 'Select the id to copy it');
  return (
    <section class={`kt-verdict kt-${info().tone}`} aria-labelledby={props.ids.region('verdict-title')}>
      <h3 id={props.ids('verdict-title')} tabindex="-1" ref={props.headingRef}>
        <Icon tone={info().tone} />
        {info().title(props.providerName)}
      </h3>
      <p class="kt-message">{props.verdict.message}</p>
      <Show when={props.verdict.billing === 'unverified'}>
        <p class="kt-note kt-info">Billing unverified: the free call cannot tell whether this key can spend. A paid check (its cost is shown first) settles it.</p>
      </Show>
      <Show when={props.outcome && (props.outcome.basis !== 'validation' || props.outcome.verdict !== props.verdict.verdict) ? props.outcome : null}>
        {(o) => (
          <p class={`kt-note kt-${verdictInfo[o().verdict].tone}`} data-testid="outcome">
            <strong>Overall: {verdictInfo[o().verdict].title(props.providerName)}.</strong> {o().message}
          </p>
        )}
      </Show>
      <Show when={props.verdict.fix}>
        <p>
          <strong>How to fix it: </strong>
          {props.verdict.fix}
        </p>
      </Show>
      <Show when={props.switchTo}>
        {(target) => (
          <p>
            <button type="button" class="primary kt-small" onClick={() => props.onSwitch(target())}>
              Test again on {target().label}
            </button>
          </p>
        )}
      </Show>
      <Show when={props.verdict.errorPage}>
        {(page) => (
          <p>
            <a href={page()}>What this error means and every way to fix it</a>
          </p>
        )}
      </Show>
      <dl class="kt-facts">
        <div>
          <dt>Key</dt>
          <dd>
            <code>{props.keyTail}</code>
          </dd>
        </div>
        <div>
          <dt>HTTP status</dt>
          <dd>{props.verdict.httpStatus ?? 'no answer'}</dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd>{formatMs(props.verdict.ms)}</dd>
        </div>
        <div>
          <dt>Request id</dt>
          <dd>
            <Show when={props.verdict.requestId} fallback={props.verdict.requestIdNotExposed ? 'not exposed to browsers' : 'none sent'}>
              {(id) => (
                <>
                  <code class="kt-id">{id()}</code>
                  <button type="button" class="kt-small" aria-label="Copy the request id" onClick={() => void copyId(id())}>
                    Copy
                  </button>
                  <span class="kt-copied" role="status">
                    {copied()}
                  </span>
                </>
              )}
            </Show>
          </dd>
        </div>
      </dl>
      {props.children}
    </section>
  );
}
