/**
 * The options panel and the cost estimate, loaded when the options are first opened (or a key is
 * typed): the page's first script only carries the key field.
 */
import type { Ids } from './types';
import { createMemo, For, Show } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import { benchmarkTargets, LIMITS, type BenchmarkTarget, type CheckName, type ModelInfo } from '../../lib/api-contract';
import type { ModelCatalogue } from '../../lib/model-catalogue';
import { costHeadline, describeLine, estimateCost } from './logic/cost';
import { suggestModels } from './logic/models';
import { MAX_COMPARED, type Options as OptionValues } from './logic/options';
import { clampInt, compareProblem, comparedList, generates, modelProblem, optionsProblem } from './logic/request';
import type { EndpointOption } from './logic/verdict';
import type { OfferedCheck, PricedOption } from './types';
import { later } from './later';

/** Offered only where the provider's API lets pages call it: a chunk of its own. */
const DirectOption = later(() => import('./BrowserDirect'));

export { optionsProblem };

/** Each check's name and what it sends, from its data (models tried first to last; or the user's deployment). */
function checkText(check: OfferedCheck, deployments: boolean): [string, string] {
  const model = deployments ? 'your deployment' : (check.models[0] ?? 'a small model');
  switch (check.name) {
    case 'chat':
      return ['Chat', `One chat completion of at most ${check.maxTokens} tokens, with ${model}.`];
    case 'stream':
      return ['Streaming', 'The same chat call, streamed, to see tokens arrive.'];
    case 'embeddings':
      return ['Embeddings', `One embedding of a single word, with ${model}.`];
    case 'fim':
      return ['FIM (code completion)', `One fill-in-the-middle completion of at most ${check.maxTokens} tokens, with ${model}.`];
  }
}

const targetText: Record<BenchmarkTarget, string> = {
  models: 'Model list (free)',
  chat: 'Chat, streamed',
  embeddings: 'Embeddings',
  fim: 'FIM, streamed',
};

interface Props {
  ids: Ids;
  options: OptionValues;
  set: SetStoreFunction<OptionValues>;
  endpoints: EndpointOption[];
  checks: OfferedCheck[];
  /** Benchmark targets the provider has a default model for (plus the free model list). */
  benchmarkModels: Partial<Record<BenchmarkTarget, string>>;
  catalogue: ModelCatalogue;
  prices: PricedOption[];
  /** The key's models once a run has listed them: better model suggestions. */
  keyModels: ModelInfo[] | null;
  /** The models are the user's own deployments: the benchmark may leave its model to the endpoint. */
  deployments?: boolean;
}

/** The estimated token cost of a run with these options, shown before it starts. */
export function Cost(props: { options: OptionValues; endpoint: EndpointOption; endpoints: EndpointOption[]; checks: OfferedCheck[]; prices: PricedOption[] }) {
  const estimate = createMemo(() => estimateCost(props.options, props.endpoint, { checks: props.checks, endpoints: props.endpoints, prices: props.prices }));
  return (
    <>
      <p>{costHeadline(estimate())}</p>
      <Show
        when={estimate().lines.length + estimate().ifRefused.length > 1}
        fallback={<For each={[...estimate().lines, ...estimate().ifRefused]}>{(line) => <p class="kt-hint">{describeLine(line)}</p>}</For>}
      >
        <details>
          <summary>How it adds up</summary>
          <ul>
            <For each={[...estimate().lines, ...estimate().ifRefused]}>
              {(line) => (
                <li>
                  {line.what}: {describeLine(line)}
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>
    </>
  );
}

/** Endpoint, opt-in checks and the benchmark. */
export default function Options(props: Props) {
  const o = () => props.options;
  const problem = () => modelProblem(o(), props.deployments);
  // Deployment names are the user's own: only a listed key check can suggest them.
  const suggestions = createMemo(() => (props.deployments && !props.keyModels ? [] : suggestModels(o().target, props.keyModels, props.prices, props.catalogue)));
  const offered = () => props.checks.map((c) => c.name);
  const toggleCheck = (name: CheckName, on: boolean) =>
    props.set('checks', (list) => (on ? offered().filter((c) => c === name || list.includes(c)) : list.filter((c) => c !== name)));
  /** Endpoints that serve the benchmark's target, the chosen one first. */
  const comparable = () => {
    const serving = props.endpoints.filter((e) => e.serves.includes(o().target as CheckName | 'models'));
    return [...serving.filter((e) => e.id === o().endpoint), ...serving.filter((e) => e.id !== o().endpoint)];
  };
  const toggleCompare = (on: boolean) => {
    // First time on: every other endpoint whose key check is free, up to the most a run compares.
    if (on && !o().compareWith.length) {
      props.set('compareWith', comparable().filter((e) => e.id !== o().endpoint && !e.paidValidation).slice(0, MAX_COMPARED - 1).map((e) => e.id));
    }
    props.set('compare', on);
  };
  const targets = () =>
    benchmarkTargets.filter((t) =>
      t === 'models' ? props.endpoints.some((e) => e.listsModels) : !!props.benchmarkModels[t] || (!!props.deployments && props.endpoints.some((e) => e.serves.includes(t))),
    );
  const number = (field: 'runs' | 'maxTokens', label: string, bounds: { min: number; max: number; default: number }, hint: string) => (
    <div class="kt-field">
      <label for={props.ids(field)}>{label}</label>
      <input
        id={props.ids(field)}
        type="number"
        inputmode="numeric"
        min={bounds.min}
        max={bounds.max}
        step="1"
        value={o()[field]}
        aria-describedby={props.ids(`${field}-hint`)}
        onChange={(e) => {
          const value = clampInt(e.currentTarget.value, bounds);
          props.set(field, value);
          e.currentTarget.value = String(value);
        }}
      />
      <span id={props.ids(`${field}-hint`)} class="kt-hint">
        {hint}
      </span>
    </div>
  );
  return (
    <>
      <Show when={props.endpoints.length > 1}>
        <fieldset>
          <legend>Endpoint</legend>
          <div class="kt-choices">
            <For each={props.endpoints}>
              {(e) => (
                <label class="kt-choice">
                  <input type="radio" name={props.ids('endpoint')} value={e.id} checked={o().endpoint === e.id} onChange={() => props.set('endpoint', e.id)} />
                  <span>
                    <strong>{e.label}</strong>
                    <span class="kt-hint">{e.description}</span>
                  </span>
                </label>
              )}
            </For>
          </div>
        </fieldset>
      </Show>
      <fieldset>
        <legend>Extra checks</legend>
        <p class="kt-hint">Each one is a single tiny real call, billed to your key (a fraction of a cent).</p>
        <div class="kt-choices">
          <For each={props.checks}>
            {(check) => (
              <label class="kt-choice">
                <input type="checkbox" checked={o().checks.includes(check.name)} onChange={(e) => toggleCheck(check.name, e.currentTarget.checked)} />
                <span>
                  <strong>{checkText(check, !!props.deployments)[0]}</strong>
                  <span class="kt-hint">{checkText(check, !!props.deployments)[1]}</span>
                </span>
              </label>
            )}
          </For>
        </div>
      </fieldset>
      <Show when={props.endpoints.find((e) => e.id === o().endpoint)?.direct}>
        {(to) => <DirectOption ids={props.ids} to={to()} checked={!!o().browserDirect} onChange={(on) => props.set('browserDirect', on)} />}
      </Show>
      <fieldset>
        <legend>Benchmark</legend>
        <label class="kt-choice">
          <input type="checkbox" checked={o().benchmark} onChange={(e) => props.set('benchmark', e.currentTarget.checked)} />
          <span>
            <strong>Measure latency</strong>
            <span class="kt-hint">Several identical calls after a warm-up run; reports time to first byte and token, end-to-end time and tokens per second.</span>
          </span>
        </label>
        <Show when={o().benchmark}>
          <div class="kt-bench-grid">
            <div class="kt-field">
              <label for={props.ids('target')}>What to call</label>
              <select id={props.ids('target')} value={o().target} onChange={(e) => props.set('target', e.currentTarget.value as BenchmarkTarget)}>
                <For each={targets()}>{(t) => <option value={t}>{targetText[t]}</option>}</For>
              </select>
            </div>
            <Show when={o().target !== 'models'}>
              <div class="kt-field">
                <label for={props.ids('model')}>{props.deployments ? 'Deployment' : 'Model'}</label>
                <input
                  id={props.ids('model')}
                  type="text"
                  list={props.ids('model-list')}
                  autocomplete="off"
                  spellcheck={false}
                  autocapitalize="off"
                  value={o().models[o().target]}
                  aria-invalid={problem() !== null}
                  aria-describedby={props.ids('model-hint')}
                  onInput={(e) => props.set('models', o().target, e.currentTarget.value)}
                />
                <datalist id={props.ids('model-list')}>
                  <For each={suggestions()}>{(id) => <option value={id} />}</For>
                </datalist>
                <span id={props.ids('model-hint')} class={problem() ? 'kt-hint kt-err' : 'kt-hint'}>
                  {problem() ?? (props.deployments ? 'A deployment name; empty: the deployment above, or the first that can.' : 'A model id your key lists.')}
                </span>
              </div>
            </Show>
            {number('runs', 'Runs', LIMITS.runs, `${LIMITS.runs.min}–${LIMITS.runs.max}, plus one warm-up run.`)}
            <Show when={generates(o().target)}>{number('maxTokens', 'Max tokens per run', LIMITS.maxTokens, `${LIMITS.maxTokens.min}–${LIMITS.maxTokens.max}.`)}</Show>
          </div>
          <Show when={comparable().length > 1}>
            <label class="kt-choice kt-compare-toggle">
              <input type="checkbox" checked={o().compare} onChange={(e) => toggleCompare(e.currentTarget.checked)} />
              <span>
                <strong>Compare endpoints</strong>
                <span class="kt-hint">The same runs on several endpoints, taken in turn so each sees the same moment, shown side by side.</span>
              </span>
            </label>
            <Show when={o().compare}>
              <div class="kt-compare" role="group" aria-labelledby={props.ids('compare-title')}>
                <p id={props.ids('compare-title')} class="kt-compare-title">
                  Endpoints to compare <span class="kt-hint">(2 to {MAX_COMPARED}; the key is checked on each)</span>
                </p>
                <div class="kt-choices">
                  <For each={comparable()}>
                    {(e) => {
                      const main = () => e.id === o().endpoint;
                      const on = () => main() || o().compareWith.includes(e.id);
                      return (
                        <label class="kt-choice">
                          <input
                            type="checkbox"
                            checked={on()}
                            disabled={main() || (!on() && comparedList(o()).length >= MAX_COMPARED)}
                            onChange={(ev) => props.set('compareWith', (list) => (ev.currentTarget.checked ? [...list, e.id] : list.filter((x) => x !== e.id)))}
                          />
                          <span>
                            <strong>{e.label}</strong>
                            <span class="kt-hint">{main() ? 'The endpoint chosen above; its runs come first.' : e.paidValidation ? `Its key check spends a few tokens (${e.paidValidation.model}).` : 'Its key check is free.'}</span>
                          </span>
                        </label>
                      );
                    }}
                  </For>
                </div>
                <Show when={compareProblem(o())}>{(p) => <p class="kt-hint kt-err">{p()}</p>}</Show>
              </div>
            </Show>
          </Show>
        </Show>
      </fieldset>
    </>
  );
}
