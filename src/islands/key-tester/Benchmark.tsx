import type { Ids } from './types';
import { For, Show } from 'solid-js';
import type { BackoffEvent, Distribution, SampleEvent, SummaryEvent, TestRequest } from '../../lib/api-contract';
import LatencyChart from './LatencyChart';
import { clockText, formatMs, measuredWhere, tokenSourceText } from './logic/format';

interface Props {
  ids: Ids;
  settings: NonNullable<TestRequest['benchmark']>;
  providerName: string;
  samples: SampleEvent[];
  backoffs: BackoffEvent[];
  summary: SummaryEvent | null;
  running: boolean;
}

/** Numbers without units: the headers carry them, so the tables fit a phone. */
const n = (v: number | null) => (v === null ? '—' : v < 10 ? String(Math.round(v * 10) / 10) : Math.round(v).toLocaleString('en-US'));
const rate = (v: number | null) => (v === null ? '—' : (Math.round(v * 10) / 10).toLocaleString('en-US'));

const metrics = [
  ['ttfbMs', 'TTFB', 'Time to first byte, ms'],
  ['ttftMs', 'TTFT', 'Time to first token, ms'],
  ['e2eMs', 'E2E', 'End to end, ms'],
  ['tokensPerSecond', 'Tok/s', 'Tokens per second'],
] as const;

/** The benchmark: settings, rate-limit waits, the chart, the summary, and every run's numbers. */
export default function Benchmark(props: Props) {
  const rows = () => {
    const m = props.summary?.metrics;
    const out: { short: string; long: string; d: Distribution; f: (v: number) => string }[] = [];
    for (const [key, short, long] of metrics) {
      const d = m?.[key];
      if (d) out.push({ short, long, d, f: key === 'tokensPerSecond' ? rate : n });
    }
    return out;
  };
  /** Runs that waited for the model to boot (reported apart from TTFT). */
  const booted = () => props.samples.filter((s) => (s.bootMs ?? 0) > 0).length;
  // Providers that report their own time to first token get it beside ours, run by run.
  const serverTtft = () => props.samples.some((s) => typeof s.serverTtftMs === 'number');
  // Routers name the provider that served each run.
  const servedBy = () => props.samples.some((s) => !!s.servedBy);
  const where = () => measuredWhere(props.summary?.measuredFrom);
  return (
    <section class="kt-panel" aria-labelledby={props.ids.region('bench-title')}>
      <h3 id={props.ids('bench-title')}>Latency benchmark</h3>
      <p class="kt-hint">
        {props.settings.target === 'models' ? 'Model list' : `${props.settings.target} on `}
        <Show when={props.settings.model}>
          <code>{props.settings.model}</code>
        </Show>
        {` · ${props.settings.runs ?? 5} runs + warm-up`}
        {props.settings.maxTokens ? ` · max ${props.settings.maxTokens} tokens` : ''}
        {where() ? ` · ${where()}` : ''}
      </p>
      <For each={props.backoffs}>
        {(b) => <p class="kt-note kt-warn">{b.message || `Rate-limited at run ${b.run}; waited ${formatMs(b.waitMs)}.`}</p>}
      </For>
      <Show when={props.samples.length}>
        <LatencyChart ids={props.ids} samples={props.samples} />
      </Show>
      <Show when={props.summary?.note}>{(note) => <p class="kt-note kt-warn">{note()}</p>}</Show>
      <Show when={!props.running && !props.summary}>
        <p class="kt-note kt-warn">{props.samples.length ? 'The test ended before the benchmark finished; no summary was made.' : 'The test ended before the benchmark started.'}</p>
      </Show>
      <Show when={props.summary?.runs}>
        {/* Focusable: on a narrow screen the table may scroll sideways, and keyboards must reach that too. */}
        <div class="table-wrap" tabindex="0" role={props.ids.region('bench-title') ? 'region' : 'group'} aria-label="Benchmark summary">
          <table class="kt-summary">
            <caption class="visually-hidden">Summary of {props.summary?.runs} measured runs</caption>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col" class="num">p50</th>
                <th scope="col" class="num">p90</th>
                <th scope="col" class="num">min</th>
                <th scope="col" class="num">max</th>
                <th scope="col" class="num">mean</th>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(r) => (
                  <tr>
                    <th scope="row">
                      <span aria-hidden="true">{r.short}</span>
                      <span class="visually-hidden">{r.long}</span>
                    </th>
                    <td class="num">{r.f(r.d.p50)}</td>
                    <td class="num">{r.f(r.d.p90)}</td>
                    <td class="num">{r.f(r.d.min)}</td>
                    <td class="num">{r.f(r.d.max)}</td>
                    <td class="num">{r.f(r.d.mean)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <p class="kt-hint">TTFB: time to first byte · TTFT: time to first token · E2E: end to end; all in ms. Tok/s: output tokens per second.</p>
        <Show when={booted()}>
          <p class="kt-hint kt-boot">
            The model was booting before {booted() === 1 ? 'one run' : `${booted()} runs`} (a cold start): that wait is in the Boot column, not in TTFT; E2E includes it.
          </p>
        </Show>
        <Show when={clockText(props.summary?.clock ?? null, props.summary?.measuredFrom ?? 'local')}>{(text) => <p class="kt-hint kt-clock">{text()}</p>}</Show>
        <Show when={props.samples.find((s) => s.tokenSource)?.tokenSource}>{(source) => <p class="kt-hint kt-token-source">{tokenSourceText(source(), props.providerName)}</p>}</Show>
      </Show>
      <Show when={props.samples.length}>
        <details class="kt-runs">
          <summary>Every run’s numbers</summary>
          <div class="table-wrap" tabindex="0" role={props.ids.region('bench-title') ? 'region' : 'group'} aria-label="Every run’s numbers">
            <table>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col" class="num">TTFB</th>
                  <th scope="col" class="num">TTFT</th>
                  <Show when={serverTtft()}>
                    <th scope="col" class="num">
                      <abbr title="Time to first token as the provider measured it on its side, ms">Server TTFT</abbr>
                    </th>
                  </Show>
                  <th scope="col" class="num">E2E</th>
                  <th scope="col" class="num">Tokens</th>
                  <th scope="col" class="num">Tok/s</th>
                  <th scope="col" class="num">Server</th>
                  <Show when={servedBy()}>
                    <th scope="col">Served by</th>
                  </Show>
                  <Show when={booted()}>
                    <th scope="col" class="num">Boot</th>
                  </Show>
                </tr>
              </thead>
              <tbody>
                <For each={props.samples}>
                  {(s) => (
                    <tr>
                      <th scope="row">{s.warmup ? 'warm-up' : s.run}</th>
                      <td class="num">{n(s.ttfbMs)}</td>
                      <td class="num">{n(s.ttftMs)}</td>
                      <Show when={serverTtft()}>
                        <td class="num">{n(s.serverTtftMs ?? null)}</td>
                      </Show>
                      <td class="num">{n(s.e2eMs)}</td>
                      <td class="num">{n(s.outputTokens)}</td>
                      <td class="num">{rate(s.tokensPerSecond)}</td>
                      <td class="num">{n(s.serverMs)}</td>
                      <Show when={servedBy()}>
                        <td>{s.servedBy ?? '—'}</td>
                      </Show>
                      <Show when={booted()}>
                        <td class="num">{n(s.bootMs ?? null)}</td>
                      </Show>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </details>
      </Show>
    </section>
  );
}
