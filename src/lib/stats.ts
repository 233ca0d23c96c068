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

/**
 * The step of the clock that produced `readings` (ms): the coarsest of 1 ms, 0.1 ms, 5 µs and 1 µs
 * that every reading is a whole multiple of; null without readings. A clock of whole milliseconds
 * (Workers) gives 1; a browser's coarsened performance.now() gives 0.1 or 0.005.
 */
export function clockResolution(readings: readonly number[]): number | null {
  const finite = readings.filter((r) => Number.isFinite(r));
  if (finite.length < 2) return null;
  for (const step of [1, 0.1, 0.005, 0.001]) {
    if (finite.every((r) => Math.abs(r / step - Math.round(r / step)) < 1e-6)) return step;
  }
  return null;
}
