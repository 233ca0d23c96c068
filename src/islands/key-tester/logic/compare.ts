/**
 * The comparison of endpoints as a table: one column per endpoint (its label, verdict, runs
 * measured, why it was not benchmarked), one row per metric and percentile (TTFB, TTFT, E2E and
 * tokens per second, p50 and p90), with the best value of each row marked. Pure.
 */
import type { Distribution, Verdict } from '../../../lib/api-contract';
import type { Lane } from './state';
import type { EndpointOption } from './verdict';

export interface CompareColumn {
  endpoint: string;
  /** The endpoint's label without its host, e.g. "EU"; its id when the data does not know it. */
  name: string;
  /** Its host, e.g. "api.eu.mistral.ai", from the label in parentheses. */
  host: string;
  verdict: Verdict | null;
  httpStatus: number | null;
  errorPage: string | null;
  /** Measured runs (warm-up excluded), null without a summary. */
  runs: number | null;
  /** Why the endpoint has no numbers, when it has none. */
  why: 'not_checked' | 'refused' | 'no_summary' | null;
}

export type MetricKey = 'ttfbMs' | 'ttftMs' | 'e2eMs' | 'tokensPerSecond';

export interface CompareRow {
  metric: MetricKey;
  percentile: 'p50' | 'p90';
  values: (number | null)[];
  /** Column of the best value (lowest time, highest rate); null with fewer than two values. */
  best: number | null;
}

export const metricLabels: Record<MetricKey, [short: string, long: string]> = {
  ttfbMs: ['TTFB', 'Time to first byte, ms'],
  ttftMs: ['TTFT', 'Time to first token, ms'],
  e2eMs: ['E2E', 'End to end, ms'],
  tokensPerSecond: ['Tok/s', 'Tokens per second'],
};

const metricKeys: MetricKey[] = ['ttfbMs', 'ttftMs', 'e2eMs', 'tokensPerSecond'];

export function compareColumns(lanes: readonly Lane[], endpoints: readonly EndpointOption[]): CompareColumn[] {
  return lanes.map((lane) => {
    const label = endpoints.find((e) => e.id === lane.endpoint)?.label ?? lane.endpoint;
    const host = /\(([^)]+)\)\s*$/.exec(label)?.[1] ?? '';
    const v = lane.validation;
    return {
      endpoint: lane.endpoint,
      name: label.replace(/\s*\([^)]*\)\s*$/, '') || lane.endpoint,
      host,
      verdict: v?.verdict ?? null,
      httpStatus: v?.httpStatus ?? null,
      errorPage: v?.errorPage ?? null,
      runs: lane.summary ? lane.summary.runs : null,
      why: !v ? 'not_checked' : v.verdict !== 'valid' ? 'refused' : !lane.summary?.runs ? 'no_summary' : null,
    };
  });
}

export function compareRows(lanes: readonly Lane[]): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const metric of metricKeys) {
    const dists = lanes.map((l) => (l.summary?.runs ? l.summary.metrics[metric] : null) as Distribution | null);
    if (!dists.some(Boolean)) continue;
    for (const percentile of ['p50', 'p90'] as const) {
      const values = dists.map((d) => (d ? d[percentile] : null));
      const present = values.flatMap((v, i) => (v === null ? [] : [[v, i] as const]));
      const higherIsBetter = metric === 'tokensPerSecond';
      const best = present.length < 2 ? null : present.reduce((a, b) => ((higherIsBetter ? b[0] > a[0] : b[0] < a[0]) ? b : a))[1];
      rows.push({ metric, percentile, values, best });
    }
  }
  return rows;
}
