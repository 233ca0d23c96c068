/** Percentiles of unsorted samples and small summaries, on the same interpolation as the endpoint's. */
import { percentile as sortedPercentile } from '../../src/lib/stats.ts';

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  return sortedPercentile([...values].sort((a, b) => a - b), p);
}

export interface Spread {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
}

export const round = (value: number, digits = 2) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

export function spread(values: readonly number[], digits = 2): Spread {
  const mean = values.reduce((a, b) => a + b, 0) / (values.length || 1);
  return {
    n: values.length,
    p50: round(percentile(values, 50), digits),
    p90: round(percentile(values, 90), digits),
    p99: round(percentile(values, 99), digits),
    min: round(Math.min(...values), digits),
    max: round(Math.max(...values), digits),
    mean: round(mean, digits),
  };
}

export const median = (values: readonly number[]) => percentile(values, 50);
