import { createSignal, Show } from 'solid-js';
import { readResource } from './logic/resource';
import type { EndpointOption } from './logic/verdict';
import type { Ids } from './types';

interface Props {
  ids: Ids;
  providerName: string;
  endpoints: EndpointOption[];
  /** The endpoint chosen now (a pasted URL's host chooses it). */
  endpoint: EndpointOption | undefined;
  /** The checked resource name, or '' while there is none. */
  resource: string;
  deployment: string;
  deploymentProblem: string | null;
  enabled: boolean;
  onResource(resource: string, endpoint: string | null): void;
  onDeployment(value: string): void;
  onSubmit(): void;
}

/**
 * For providers whose host is the user's own resource: the resource (a name, or any URL of it,
 * from which the name and the endpoint are read) and, optionally, the deployment to call. Shown
 * with the key field: a key alone does not say where it works.
 */
export default function ResourceField(props: Props) {
  const [text, setText] = createSignal(props.resource);
  const reading = () => readResource(text(), props.endpoints);
  const host = () => (props.resource && props.endpoint?.template ? props.endpoint.template.replace('{resource}', props.resource).replace(/^https:\/\//, '') : null);
  const submitOnEnter = (e: KeyboardEvent) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    props.onSubmit();
  };
  return (
    <div class="kt-resource">
      <div class="kt-field">
        <label for={props.ids('resource')}>Resource name or endpoint URL</label>
        <input
          id={props.ids('resource')}
          type="text"
          inputmode="url"
          value={text()}
          disabled={!props.enabled}
          autocomplete="off"
          spellcheck={false}
          autocapitalize="off"
          placeholder="my-resource, or https://my-resource…"
          aria-describedby={props.ids('resource-note')}
          aria-invalid={reading().problem !== null}
          aria-required="true"
          onInput={(e) => {
            setText(e.currentTarget.value);
            const read = reading();
            props.onResource(read.resource ?? '', read.endpoint);
          }}
          onKeyDown={submitOnEnter}
        />
        <p id={props.ids('resource-note')} class={reading().problem ? 'kt-hint kt-err' : 'kt-hint'}>
          <Show
            when={reading().problem}
            fallback={
              <Show when={host()} fallback={`Needed: ${props.providerName} keys work only on their own resource, and a key alone does not say which. Type the resource's name or paste its endpoint URL.`}>
                {(h) => (
                  <>
                    The test calls <code>{h()}</code>.
                  </>
                )}
              </Show>
            }
          >
            {(problem) => problem()}
          </Show>
        </p>
      </div>
      <div class="kt-field">
        <label for={props.ids('deployment')}>Deployment (optional)</label>
        <input
          id={props.ids('deployment')}
          type="text"
          value={props.deployment}
          disabled={!props.enabled}
          autocomplete="off"
          spellcheck={false}
          autocapitalize="off"
          aria-describedby={props.ids('deployment-note')}
          aria-invalid={props.deploymentProblem !== null}
          onInput={(e) => props.onDeployment(e.currentTarget.value)}
          onKeyDown={submitOnEnter}
        />
        <p id={props.ids('deployment-note')} class={props.deploymentProblem ? 'kt-hint kt-err' : 'kt-hint'}>
          {props.deploymentProblem ?? 'The checks and the benchmark call it. Without it, each uses the first deployment the key check lists that can do the work.'}
        </p>
      </div>
    </div>
  );
}
