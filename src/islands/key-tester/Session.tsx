/**
 * The run and its results: the request, the live progress, the announcements, the verdict and
 * every result panel. Part of the lazily loaded chunk (./lazy), not of the page's first script.
 */
import { createSignal, onCleanup, Show, type Accessor, type JSX } from 'solid-js';
import Account from './Account';
import Benchmark from './Benchmark';
import Checks from './Checks';
import Icon from './Icon';
import ModelsTable from './ModelsTable';
import RateLimits from './RateLimits';
import Report from './Report';
import Verdict from './Verdict';
import type { ModelCatalogue } from '../../lib/model-catalogue';
import { fingerprint, formatMs } from './logic/format';
import { buildReport } from './logic/report';
import type { Options } from './logic/options';
import { buildRequest } from './logic/request';
import { runTest } from './logic/run';
import { initialState, progress, reduce, type Action, type RunState } from './logic/state';
import { announcement, verdictInfo, type Announcement, type EndpointOption } from './logic/verdict';

export interface SessionContext {
  providerName: string;
  catalogue: ModelCatalogue;
  endpoints: EndpointOption[];
  /** `wrong_endpoint`: test again on the endpoint the key belongs to. */
  retryOn(endpoint: EndpointOption): void;
}

export interface Session {
  state: Accessor<RunState>;
  /**
   * Runs one test; resolves when it has ended, however it ended. With `options.browserDirect`, from
   * this page straight to the provider ("Test from this browser"), with the runner the endpoint uses.
   */
  start(key: string, provider: string, options: Options, endpoint: EndpointOption | undefined, turnstileToken?: string | null, costAgreed?: boolean): Promise<void>;
  cancel(): void;
  /** Drops the key of the last run and every result. */
  forget(): void;
  /** Moves focus to the verdict (or the failure); false when there is none. */
  focusResult(): boolean;
  View(): JSX.Element;
}

export function createSession(ctx: SessionContext): Session {
  const [run, setRun] = createSignal<RunState>(initialState);
  const [runEndpoint, setRunEndpoint] = createSignal<EndpointOption>();
  /** The last run was made by this page itself, not by Keyprobe's endpoint. */
  const [ranHere, setRanHere] = createSignal(false);
  const [live, setLive] = createSignal<Announcement>({ text: '', assertive: false });
  /** The key of the last run: fingerprints and scrubs its report. */
  let lastKey = '';
  let controller: AbortController | undefined;
  let heading: HTMLElement | undefined;

  const dispatch = (action: Action) => {
    const prev = run();
    const next = reduce(prev, action);
    if (next === prev) return;
    setRun(next);
    const say = announcement(prev, next, ctx.providerName);
    if (say) setLive(say);
  };
  const running = () => run().phase === 'running';
  const valid = () => run().validation?.verdict === 'valid';
  const step = () => progress(run());
  /** Seconds since the run started, shown once a wait gets noticeable (a provider taking its time). */
  const [elapsed, setElapsed] = createSignal(0);
  let ticker: ReturnType<typeof setInterval> | undefined;
  onCleanup(() => clearInterval(ticker));

  const report = () =>
    buildReport({
      providerName: ctx.providerName,
      catalogue: ctx.catalogue,
      endpointLabel: runEndpoint()?.label ?? '',
      state: run(),
      key: lastKey,
      verdictTitle: run().validation ? verdictInfo[run().validation!.verdict].title(ctx.providerName) : null,
      now: new Date(),
      origin: location.origin,
      fromBrowser: ranHere(),
    });

  /** Checks asked for that have not reported: queued while running, "not run" once the run is over. */
  const pendingChecks = () => {
    const s = run();
    const done = new Set(s.checks.map((c) => c.name));
    // A key refused as forbidden still runs its checks (the permission may cover them).
    const runsChecks = valid() || s.validation?.verdict === 'forbidden';
    return runsChecks ? (s.request?.checks ?? []).filter((name) => !done.has(name)) : [];
  };

  const View = () => (
    <>
      <Show when={running()}>
        <div class="kt-progress">
          <span class="kt-spinner" aria-hidden="true" />
          <span>
            {step().text}
            <Show when={elapsed() >= 3}>
              <span class="kt-elapsed"> {elapsed()} s</span>
            </Show>
          </span>
          <Show when={step().total > 1}>
            <progress max={step().total} value={step().done} aria-label="Test progress" />
          </Show>
        </div>
      </Show>
      <div class="visually-hidden" role="status">
        {live().assertive ? '' : live().text}
      </div>
      <div class="visually-hidden" role="alert">
        {live().assertive ? live().text : ''}
      </div>
      <Show when={run().validation || run().failure || run().phase === 'cancelled'}>
        <div class="kt-results">
          <Show when={run().failure && !run().validation}>
            <div class="kt-verdict kt-err" tabindex="-1" ref={(el) => (heading = el)}>
              <h3>
                <Icon tone="err" />
                The test could not run
              </h3>
              <p class="kt-message">{run().failure?.message}</p>
            </div>
          </Show>
          <Show when={run().phase === 'cancelled' && !run().validation}>
            <p class="kt-note kt-info">You cancelled the test before the key was checked.</p>
          </Show>
          <Show when={run().validation}>
            {(v) => (
              <Verdict
                verdict={v()}
                outcome={run().outcome}
                providerName={ctx.providerName}
                keyTail={fingerprint(lastKey)}
                switchTo={ctx.endpoints.find((e) => e.id === v().suggestedEndpoint) ?? null}
                onSwitch={ctx.retryOn}
                headingRef={(el) => (heading = el)}
              >
                <Show when={ranHere()}>
                  <p class="kt-note kt-info kt-direct-note">
                    Measured from this browser: the key went straight to {ctx.providerName}, not through Keyprobe. Times include your own network and come from your
                    browser's clock.
                  </p>
                </Show>
                <Show when={run().failure}>{(f) => <p class="kt-note kt-warn">{f().message}</p>}</Show>
                <Show when={run().phase === 'cancelled'}>
                  <p class="kt-note kt-info">You cancelled the test; the results so far are shown.</p>
                </Show>
                <Show when={!running()}>
                  <div class="kt-after">
                    <Report build={report} />
                    <Show when={run().totalMs !== null}>
                      <span class="kt-hint">Whole test: {formatMs(run().totalMs ?? 0)}</span>
                    </Show>
                  </div>
                </Show>
              </Verdict>
            )}
          </Show>
          <Show when={run().account}>{(a) => <Account account={a()} providerName={ctx.providerName} />}</Show>
          <Show when={run().rateLimits}>{(r) => <RateLimits data={r()} />}</Show>
          <Show when={run().checks.length || pendingChecks().length}>
            <Checks checks={run().checks} pending={pendingChecks()} running={running()} />
          </Show>
          <Show when={valid() && run().request?.benchmark}>
            {(settings) => <Benchmark settings={settings()} providerName={ctx.providerName} samples={run().samples} backoffs={run().backoffs} summary={run().summary} running={running()} />}
          </Show>
          <Show when={run().models}>{(models) => <ModelsTable models={models()} catalogue={ctx.catalogue} publicList={run().modelsPublic} providerName={ctx.providerName} />}</Show>
        </div>
      </Show>
    </>
  );

  return {
    state: run,
    async start(key, provider, options, endpoint, turnstileToken, costAgreed) {
      // Only where this endpoint is offered for it (another endpoint may have been picked since).
      const direct = !!options.browserDirect && !!endpoint?.direct;
      controller?.abort();
      controller = new AbortController();
      lastKey = key;
      heading = undefined;
      setRunEndpoint(endpoint);
      setRanHere(direct);
      setElapsed(0);
      const started = Date.now();
      clearInterval(ticker);
      ticker = setInterval(() => setElapsed(Math.floor((Date.now() - started) / 1000)), 1000);
      try {
        // The human check's token is for Keyprobe's endpoint only; a run from the page does not send it anywhere.
        const request = buildRequest(provider, options, direct ? null : turnstileToken, costAgreed);
        const { signal } = controller;
        if (direct) {
          let m: typeof import('./direct');
          try {
            m = await import('./direct');
          } catch {
            // The runner could not be loaded (offline): the same failure as an unreachable endpoint.
            dispatch({ type: 'start', request });
            return dispatch({ type: 'network_error' });
          }
          await m.runDirect({ key, request, signal, dispatch });
        } else {
          await runTest({ key, request, signal, dispatch });
        }
      } finally {
        clearInterval(ticker);
      }
    },
    cancel: () => controller?.abort(),
    forget() {
      controller?.abort();
      lastKey = '';
      setRun(initialState);
      setLive({ text: '', assertive: false });
    },
    focusResult() {
      heading?.focus();
      return !!heading;
    },
    View,
  };
}
