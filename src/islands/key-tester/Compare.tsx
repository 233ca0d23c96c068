import { createMemo, For, Show } from 'solid-js';
import type { TestRequest } from '../../lib/api-contract';
import CompareChart from './CompareChart';
import { compareColumns, compareRows, metricLabels } from './logic/compare';
import { formatMs, measuredWhere } from './logic/format';
import type { Lane } from './logic/state';
import { verdictInfo, type EndpointOption } from './logic/verdict';
import type { Ids } from './types';

interface Props {
  ids: Ids;
  settings: NonNullable<TestRequest['benchmark']>;
  providerName: string;
  endpoints: EndpointOption[];
  lanes: Lane[];
  running: boolean;
}

const n = (v: number | null) => (v === null ? '—' : v < 10 ? String(Math.round(v * 10) / 10) : Math.round(v).toLocaleString('en-US'));
const rate = (v: number | null) => (v === null ? '—' : (Math.round(v * 10) / 10).toLocaleString('en-US'));

/** Endpoints compared side by side: each one's verdict, TTFB/TTFT/E2E/tok/s p50 and p90, one chart, every run. */
export default function Compare(props: Props) {
  const columns = createMemo(() => compareColumns(props.lanes, props.endpoints));
  const rows = createMemo(() => compareRows(props.lanes));
  const names = () => columns().map((c) => c.name);
  const where = () => measuredWhere(props.lanes.find((l) => l.summary)?.summary?.measuredFrom);
  const samples = () =>
    props.lanes
      .flatMap((l, i) => l.samples.map((s) => ({ s, i })))
      .sort((a, b) => a.s.run - b.s.run || a.i - b.i);
  return (
    <section class="kt-panel" aria-labelledby={props.ids.region('compare-title')}>
      <h3 id={props.ids('compare-title')}>Endpoints compared</h3>
      <p class="kt-hint">
        {props.settings.target === 'models' ? 'Model list' : `${props.settings.target} on `}
        <Show when={props.settings.model}>
          <code>{props.settings.model}</code>
        </Show>
        {` · ${props.settings.runs ?? 5} runs + warm-up on each endpoint the key works on, taken in turn`}
        {props.settings.maxTokens ? ` · max ${props.settings.maxTokens} tokens` : ''}
        {where() ? ` · ${where()}` : ''}
      </p>
      <For each={props.lanes}>
        {(lane, i) => (
          <>
            <For each={lane.backoffs}>{(b) => <p class="kt-note kt-warn">{`${names()[i()]}: ${b.message || `rate-limited at run ${b.run}; waited ${formatMs(b.waitMs)}.`}`}</p>}</For>
            <Show when={lane.summary?.note}>{(note) => <p class="kt-note kt-warn">{`${names()[i()]}: ${note()}`}</p>}</Show>
          </>
        )}
      </For>
      <Show when={samples().length}>
        <CompareChart ids={props.ids} lanes={props.lanes} names={names()} />
      </Show>
      <div class="table-wrap" tabindex="0" role={props.ids.region('compare-title') ? 'region' : 'group'} aria-label="Endpoints side by side">
        <table class="kt-summary kt-compare-table">
          <caption class="visually-hidden">Each endpoint's key check and benchmark, side by side; bold marks the best value of a row</caption>
          <thead>
            <tr>
              <th scope="col">
                <span class="visually-hidden">Metric</span>
              </th>
              <For each={columns()}>
                {(c, i) => (
                  <th scope="col" class="num">
                    <span class={`kt-s${i() % 4} kt-col-mark`} aria-hidden="true">
                      ●
                    </span>{' '}
                    {c.name}{' '}
                    <Show when={c.host}>
                      <span class="kt-col-host">{c.host}</span>
                    </Show>
                  </th>
                )}
              </For>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Key check</th>
              <For each={columns()}>
                {(c) => (
                  <td class="num">
                    <Show when={c.verdict} fallback={props.running ? 'checking…' : 'not checked'}>
                      {(v) => (
                        <>
                          <span class={`badge ${verdictInfo[v()].tone === 'ok' ? 'ok' : verdictInfo[v()].tone === 'err' ? 'err' : 'warn'}`}>{v() === 'valid' ? 'works' : verdictInfo[v()].title(props.providerName)}</span>
                          <Show when={c.httpStatus !== null && v() !== 'valid'}> HTTP {c.httpStatus}</Show>
                          <Show when={c.errorPage}>
                            {(href) => (
                              <>
                                {' '}
                                <a href={href()}>
                                  Why<span class="visually-hidden"> {c.name} refused the key</span>
                                </a>
                              </>
                            )}
                          </Show>
                        </>
                      )}
                    </Show>
                  </td>
                )}
              </For>
            </tr>
            <tr>
              <th scope="row">Runs measured</th>
              <For each={columns()}>{(c) => <td class="num">{c.runs ?? (c.why === 'refused' ? 'not benchmarked' : props.running ? '…' : '—')}</td>}</For>
            </tr>
            <For each={rows()}>
              {(r) => (
                <tr>
                  <th scope="row">
                    <span aria-hidden="true">
                      {metricLabels[r.metric][0]} {r.percentile}
                    </span>
                    <span class="visually-hidden">
                      {metricLabels[r.metric][1]}, {r.percentile}
                    </span>
                  </th>
                  <For each={r.values}>
                    {(v, i) => {
                      const text = () => (r.metric === 'tokensPerSecond' ? rate(v) : n(v));
                      return (
                        <td class="num">
                          <Show when={r.best === i()} fallback={text()}>
                            <strong>{text()}</strong>
                            <span class="visually-hidden"> (best)</span>
                          </Show>
                        </td>
                      );
                    }}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={rows().length}>
        <p class="kt-hint">TTFB: time to first byte · TTFT: time to first token · E2E: end to end; all in ms. Tok/s: output tokens per second. Bold: the best of the endpoints.</p>
      </Show>
      <Show when={samples().length}>
        <details class="kt-runs">
          <summary>Every run’s numbers</summary>
          <div class="table-wrap" tabindex="0" role={props.ids.region('compare-title') ? 'region' : 'group'} aria-label="Every run’s numbers, by endpoint">
            <table>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Endpoint</th>
                  <th scope="col" class="num">TTFB</th>
                  <th scope="col" class="num">TTFT</th>
                  <th scope="col" class="num">E2E</th>
                  <th scope="col" class="num">Tokens</th>
                  <th scope="col" class="num">Tok/s</th>
                </tr>
              </thead>
              <tbody>
                <For each={samples()}>
                  {({ s, i }) => (
                    <tr>
                      <th scope="row">{s.warmup ? 'warm-up' : s.run}</th>
                      <td>{names()[i]}</td>
                      <td class="num">{n(s.ttfbMs)}</td>
                      <td class="num">{n(s.ttftMs)}</td>
                      <td class="num">{n(s.e2eMs)}</td>
                      <td class="num">{n(s.outputTokens)}</td>
                      <td class="num">{rate(s.tokensPerSecond)}</td>
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
