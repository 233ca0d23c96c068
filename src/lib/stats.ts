/** Summary statistics of benchmark samples. Percentiles interpolate linearly between ranks (like numpy's default). */
import type { Distribution } from './api-contract';

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of an empty list');
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const lo = sorted[lower] as number;
  const hi = sorted[upper] as number;
  return lo + (hi - lo) * (rank - lower);
}

const round = (value: number) => Math.round(value * 10) / 10;

/** p50, p90, min, max and mean of the values that are numbers; null when there are none. */
export function distribution(values: readonly (number | null)[]): Distribution | null {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return null;
  const sorted = [...present].sort((a, b) => a - b);
  const sum = sorted.reduce((total, v) => total + v, 0);
  return {
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    min: round(sorted[0] as number),
    max: round(sorted[sorted.length - 1] as number),
    mean: round(sum / sorted.length),
  };
}
