/**
 * The result view of a run: the verdict (or why the test could not run), account, rate limits,
 * checks, benchmark and models. Live under the tester (./Session) and read-only for a shared
 * result (./SharedResult), from the same state.
 */
import type { Ids } from './types';
import { Show, type JSX } from 'solid-js';
import { later } from './later';
import Account from './Account';
import Checks from './Checks';
import Icon from './Icon';
import ModelsTable from './ModelsTable';
import RateLimits from './RateLimits';
import Verdict from './Verdict';
import type { ModelCatalogue } from '../../lib/model-catalogue';
import { plural } from './logic/format';
import type { RunState } from './logic/state';
import type { EndpointOption } from './logic/verdict';

/** Only runs that compare endpoints need it: a chunk of its own. */
const Compare = later(() => import('./Compare'));
/** Only runs from the browser show it: a chunk of its own. */
const DirectNote = later(() => import('./DirectNote'));
/** Only runs with a benchmark show it (with its chart): a chunk of its own. */
const Benchmark = later(() => import('./Benchmark'));

export interface ResultsContext {
  providerName: string;
  catalogue: ModelCatalogue;
  endpoints: EndpointOption[];
  /** Element id of a part of this tester (ids stay per instance when a page has several). */
  ids: Ids;
}

interface Props {
  ctx: ResultsContext;
  state: RunState;
  /** The tested key as … and its last 4 characters. */
  keyTail: string;
  running: boolean;
  /** Live only: test again on the endpoint a `wrong_endpoint` key belongs to. */
  onSwitch?(endpoint: EndpointOption): void;
  headingRef(el: HTMLElement): void;
  /** Under the verdict once the run is over (report, link, reminder). */
  after?: JSX.Element;
  /** A shared result carries how many models the key listed, not the list. */
  modelCount?: number | null;
  /** The run was made by the page itself ("Test from this browser"): its times are the user's. */
  fromBrowser?: boolean;
}

export default function Results(props: Props) {
  const s = () => props.state;
  const valid = () => s().validation?.verdict === 'valid';
  /** Checks asked for that have not reported: queued while running, "not run" once the run is over. */
  const pendingChecks = () => {
    const done = new Set(s().checks.map((c) => c.name));
    // A key refused as forbidden still runs its checks (the permission may cover them).
    const runsChecks = valid() || s().validation?.verdict === 'forbidden';
    return runsChecks ? (s().request?.checks ?? []).filter((name) => !done.has(name)) : [];
  };
  return (
    <Show when={s().validation || s().failure || s().phase === 'cancelled'}>
      <div class="kt-results">
        <Show when={s().failure && !s().validation}>
          <div class="kt-verdict kt-err" tabindex="-1" ref={props.headingRef}>
            <h3>
              <Icon tone="err" />
              The test could not run
            </h3>
            <p class="kt-message">{s().failure?.message}</p>
          </div>
        </Show>
        <Show when={s().phase === 'cancelled' && !s().validation}>
          <p class="kt-note kt-info">You cancelled the test before the key was checked.</p>
        </Show>
        <Show when={s().validation}>
          {(v) => (
            <Verdict
              ids={props.ctx.ids}
              verdict={v()}
              outcome={s().outcome}
              providerName={props.ctx.providerName}
              keyTail={props.keyTail}
              switchTo={props.onSwitch ? (props.ctx.endpoints.find((e) => e.id === v().suggestedEndpoint) ?? null) : null}
              onSwitch={(e) => props.onSwitch?.(e)}
              headingRef={props.headingRef}
            >
              <Show when={props.fromBrowser}>
                <DirectNote providerName={props.ctx.providerName} />
              </Show>
              <Show when={s().failure}>{(f) => <p class="kt-note kt-warn">{f().message}</p>}</Show>
              <Show when={s().phase === 'cancelled'}>
                <p class="kt-note kt-info">The test was cancelled; the results so far are shown.</p>
              </Show>
              <Show when={!props.running && props.after}>
                <div class="kt-after">{props.after}</div>
              </Show>
            </Verdict>
          )}
        </Show>
        <Show when={s().account}>{(a) => <Account ids={props.ctx.ids} account={a()} providerName={props.ctx.providerName} />}</Show>
        <Show when={s().rateLimits}>{(r) => <RateLimits ids={props.ctx.ids} data={r()} />}</Show>
        <Show when={s().checks.length || pendingChecks().length}>
          <Checks ids={props.ctx.ids} checks={s().checks} pending={pendingChecks()} running={props.running} />
        </Show>
        <Show when={s().lanes.length ? s().request?.benchmark : undefined}>
          {(settings) => (
            <Compare ids={props.ctx.ids} settings={settings()} providerName={props.ctx.providerName} endpoints={props.ctx.endpoints} lanes={s().lanes} running={props.running} />
          )}
        </Show>
        <Show when={valid() && !s().lanes.length && s().request?.benchmark}>
          {(settings) => (
            <Benchmark ids={props.ctx.ids} settings={settings()} providerName={props.ctx.providerName} samples={s().samples} backoffs={s().backoffs} summary={s().summary} running={props.running} />
          )}
        </Show>
        <Show when={s().models}>{(models) => <ModelsTable ids={props.ctx.ids} models={models()} catalogue={props.ctx.catalogue} publicList={s().modelsPublic} providerName={props.ctx.providerName} />}</Show>
        <Show when={!s().models && props.modelCount != null}>
          <section class="kt-panel" aria-labelledby={props.ctx.ids.region('models-title')}>
            <h3 id={props.ctx.ids('models-title')}>Models this key can use</h3>
            <p>{plural(props.modelCount ?? 0, 'model')} listed. A shared result holds the count, not the list.</p>
          </section>
        </Show>
      </div>
    </Show>
  );
}
