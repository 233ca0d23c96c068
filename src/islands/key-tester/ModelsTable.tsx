import type { Ids } from './types';
import { createMemo, createSignal, For, Show } from 'solid-js';
import type { ModelInfo } from '../../lib/api-contract';
import { deprecationText, formatContext, formatPrice, plural } from './logic/format';
import type { ModelCatalogue } from '../../lib/model-catalogue';
import { capabilityLabels, filterModels, groupModels } from './logic/models';

/** Rows shown before "Show all": enough to see the families, short enough to scroll past. */
const FIRST = 12;

/**
 * The key's models by family, with a filter, capabilities, aliases, context and deprecation; or the
 * provider's public list, said to be so, where the provider has no list of the key's own.
 */
export default function ModelsTable(props: { ids: Ids; models: ModelInfo[]; catalogue: ModelCatalogue; publicList?: boolean; providerName?: string }) {
  const [query, setQuery] = createSignal('');
  const [all, setAll] = createSignal(false);
  const today = new Date().toISOString().slice(0, 10);
  const shown = createMemo(() => filterModels(props.models, query(), props.catalogue));
  const long = () => !query().trim() && shown().length > FIRST + 3;
  const cut = () => long() && !all();
  const groups = createMemo(() => groupModels(shown(), props.catalogue, cut() ? FIRST : Infinity));
  /** The models are the user's own deployments (each names the model it runs). */
  const deployments = () => props.models.length > 0 && props.models.every((m) => m.deployment);
  return (
    <section class="kt-panel" aria-labelledby={props.ids.region('models-title')}>
      <h3 id={props.ids('models-title')}>
        {props.publicList ? `Models ${props.providerName ?? 'the provider'} offers` : deployments() ? 'Deployments this key can use' : 'Models this key can use'}
      </h3>
      <Show when={deployments()}>
        <p class="kt-hint">
          Each is a model deployed on the resource under a name of its owner's choosing; calls name the deployment, not the model.
          {props.models.some((m) => m.deployment?.version) ? '' : ' The key check’s list does not say which version of a model a deployment runs.'}
        </p>
      </Show>
      <Show when={props.publicList}>
        <p class="kt-hint">This is {props.providerName ?? 'the provider'}'s public list, the same for every key: it does not say which of these models your key may use.</p>
      </Show>
      <div class="kt-filter">
        <label for={props.ids('filter')}>Filter models</label>
        <input id={props.ids('filter')} type="search" autocomplete="off" spellcheck={false} placeholder="e.g. chat, vision, deprecated" value={query()} onInput={(e) => setQuery(e.currentTarget.value)} />
        <span class="kt-count" role="status">
          {shown().length === props.models.length ? plural(props.models.length, 'model') : `${shown().length} of ${plural(props.models.length, 'model')}`}
        </span>
      </div>
      <Show when={shown().length} fallback={<p class="kt-hint">No model matches “{query()}”.</p>}>
        <div class="table-wrap kt-models" id={props.ids('models-table')}>
          {/* Explicit roles: on phones the rows are laid out as grids, which would otherwise drop table semantics. */}
          <table role="table">
            <thead role="rowgroup">
              <tr role="row">
                <th role="columnheader" scope="col">Model</th>
                <th role="columnheader" scope="col">Can do</th>
                <th role="columnheader" scope="col" class="num">Context</th>
              </tr>
            </thead>
            <For each={groups()}>
              {(g) => (
                <tbody role="rowgroup">
                  <tr role="row" class="kt-family">
                    <th role="rowheader" scope="rowgroup" colspan="3">
                      {g.family} <span class="kt-hint">({g.models.length})</span>
                    </th>
                  </tr>
                  <For each={g.models}>
                    {(m) => (
                      <tr role="row">
                        <td role="cell">
                          <code class="kt-model-id">{m.id}</code>
                          <Show when={m.fineTuned}>
                            {' '}
                            <span class="badge">fine-tuned</span>
                          </Show>
                          <Show when={m.aliases.length}>
                            <span class="kt-aliases">also {m.aliases.join(', ')}</span>
                          </Show>
                          <Show when={m.deployment}>
                            {(d) => (
                              <span class="kt-aliases">
                                runs <code>{d().model}</code>
                                {d().version ? `, version ${d().version}` : ''}
                                <Show when={!d().ready}>
                                  {' '}
                                  <span class="badge warn">{d().status ?? 'not ready'}: not taking calls</span>
                                </Show>
                              </span>
                            )}
                          </Show>
                          <Show when={m.price}>{(p) => <span class="kt-price">{formatPrice(p())}</span>}</Show>
                          <Show when={m.deprecation}>
                            {(d) => (
                              <span class="kt-deprecated">
                                <span class="badge warn">deprecated</span> {deprecationText(d(), today)}
                              </span>
                            )}
                          </Show>
                        </td>
                        <td role="cell">
                          <span class="kt-caps">
                            <For each={capabilityLabels(m, props.catalogue)}>{(c) => <span class="badge">{c}</span>}</For>
                          </span>
                        </td>
                        <td role="cell" class="num">
                          {m.contextLength ? formatContext(m.contextLength) : '—'}
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              )}
            </For>
          </table>
        </div>
        <Show when={long()}>
          <button type="button" class="kt-more" aria-expanded={all()} aria-controls={props.ids('models-table')} onClick={() => setAll(!all())}>
            {all() ? `Show the first ${FIRST} only` : `Show all ${props.models.length} models`}
          </button>
        </Show>
      </Show>
    </section>
  );
}
