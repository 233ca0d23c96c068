/**
 * The run and its results: the request, the live progress, the announcements, and the result view
 * (./Results) with what can be done with a result afterwards (report, link, rotation reminder).
 * Part of the lazily loaded chunk (./lazy), not of the page's first script.
 */
import { createSignal, onCleanup, Show, type Accessor, type JSX } from 'solid-js';
import { later } from './later';
import Results, { type ResultsContext } from './Results';
import { fingerprint, formatMs } from './logic/format';
import type { ReportInput } from './logic/report';
import type { ProviderFacts } from './types';
import type { Options } from './logic/options';
import { buildRequest } from './logic/request';
import { runTest } from './logic/run';
import { initialState, progress, reduce, type Action, type RunState } from './logic/state';
import { announcement, verdictInfo, type Announcement, type EndpointOption } from './logic/verdict';

// What a finished run offers: chunks of their own, loaded when a run is over (the report's
// Markdown builder with its button).
const Report = later(() => import('./Report'));
const ShareLink = later(() => import('./ShareLink'));
const Reminder = later(() => import('./Reminder'));

export interface SessionContext extends ResultsContext {
  /** The provider's facts (a shared link names only what they know; where keys are rotated). */
  facts: ProviderFacts;
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
  let startedAt = new Date();
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
  const step = () => progress(run());
  /** Seconds since the run started, shown once a wait gets noticeable (a provider taking its time). */
  const [elapsed, setElapsed] = createSignal(0);
  let ticker: ReturnType<typeof setInterval> | undefined;
  onCleanup(() => clearInterval(ticker));

  const report = (): ReportInput => ({
      providerName: ctx.providerName,
      catalogue: ctx.catalogue,
      endpointLabel: runEndpoint()?.label ?? '',
      endpoints: ctx.endpoints,
      state: run(),
      key: lastKey,
      verdictTitle: run().validation ? verdictInfo[run().validation!.verdict].title(ctx.providerName) : null,
      now: new Date(),
      origin: location.origin,
      fromBrowser: ranHere(),
  });

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
      <Results
        ctx={ctx}
        state={run()}
        keyTail={fingerprint(lastKey)}
        running={running()}
        fromBrowser={ranHere()}
        onSwitch={ctx.retryOn}
        headingRef={(el) => (heading = el)}
        after={
          <>
            <Report ids={ctx.ids} input={report} />
            <ShareLink ids={ctx.ids} facts={ctx.facts} state={run()} keyValue={lastKey} startedAt={startedAt} />
            <Show when={run().validation?.verdict === 'valid'}>
              <Reminder ids={ctx.ids} providerName={ctx.providerName} keyTail={lastKey.length >= 12 ? lastKey.slice(-4) : ''} keysUrl={ctx.facts.keysUrl} />
            </Show>
            <Show when={run().totalMs !== null}>
              <span class="kt-hint">Whole test: {formatMs(run().totalMs ?? 0)}</span>
            </Show>
          </>
        }
      />
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
      startedAt = new Date();
      heading = undefined;
      setRunEndpoint(endpoint);
      setRanHere(direct);
      setElapsed(0);
      const started = Date.now();
      clearInterval(ticker);
      ticker = setInterval(() => setElapsed(Math.floor((Date.now() - started) / 1000)), 1000);
      try {
        // The one place a run is sent: through Keyprobe's endpoint, or from this page (browser-direct).
        // The human check's token is for Keyprobe's endpoint only; a run from the page sends it nowhere.
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
