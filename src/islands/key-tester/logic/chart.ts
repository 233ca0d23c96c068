/**
 * Geometry of the latency chart: one point per run (time to first token for streaming targets,
 * else end-to-end time), the warm-up drawn but kept out of the scale's fit and the median, a
 * median line, and round-number ticks. Pure numbers; the component only draws them.
 */
import type { SampleEvent } from '../../../lib/api-contract';
import { percentile } from '../../../lib/stats';

export type Metric = 'ttftMs' | 'e2eMs';

export interface ChartPoint {
  run: number;
  warmup: boolean;
  value: number;
  x: number;
  y: number;
  /** Above the scale (a slow warm-up): drawn at the top edge with its value. */
  clipped: boolean;
}

export interface Tick {
  value: number;
  /** Pixel position along the tick's axis. */
  at: number;
  label: string;
}

export interface ChartGeometry {
  metric: Metric;
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  points: ChartPoint[];
  median: { value: number; y: number } | null;
  yTicks: Tick[];
  xTicks: Tick[];
}

/** TTFT when any run measured it (streaming targets), else end-to-end time. */
export function chartMetric(samples: readonly SampleEvent[]): Metric {
  return samples.some((s) => s.ttftMs !== null) ? 'ttftMs' : 'e2eMs';
}

/** The median of the measured runs (warm-up excluded), interpolated like the server's p50. */
export function medianOf(values: readonly number[]): number | null {
  return values.length ? percentile([...values].sort((a, b) => a - b), 50) : null;
}

/** Round tick values (1, 2, 2.5, 5 × 10ⁿ steps) from 0 to at least `max`, about `count` of them. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  for (let i = 0; ; i++) {
    const value = Math.round(i * step * 1e6) / 1e6;
    ticks.push(value);
    if (value >= max) break;
  }
  return ticks;
}

/** One series of a chart: the runs of one endpoint when endpoints are compared. */
export interface Series {
  key: string;
  points: ChartPoint[];
  median: { value: number; y: number } | null;
}

export interface SeriesGeometry extends Omit<ChartGeometry, 'points' | 'median'> {
  series: Series[];
}

/**
 * Several series on shared scales, one per endpoint compared: the points of a run sit side by
 * side within the run's band (series order), each series with its own median. The scale fits the
 * measured runs of every series; warm-ups far above them are clipped.
 */
export function seriesGeometry(input: readonly { key: string; samples: readonly SampleEvent[] }[], width: number, height: number): SeriesGeometry {
  const all = input.flatMap((s) => s.samples);
  const metric = chartMetric(all);
  const plot = { left: 64, right: width - 12, top: 12, bottom: height - 28 };
  const usable = all.filter((s) => s[metric] !== null);
  const measured = usable.filter((s) => !s.warmup).map((s) => s[metric] as number);
  // Fit the scale to the measured runs; a warm-up far above them is clipped instead of squashing them.
  const fit = measured.length ? Math.max(...measured) : Math.max(0, ...usable.map((s) => s[metric] as number));
  const warm = usable.filter((s) => s.warmup).map((s) => s[metric] as number);
  const top = Math.max(fit, ...warm.filter((w) => w <= fit * 1.5)) * 1.08;
  const values = niceTicks(top || 1);
  const max = values[values.length - 1] as number;
  const y = (v: number) => plot.bottom - (Math.min(v, max) / max) * (plot.bottom - plot.top);
  const runs = Math.max(1, ...all.map((s) => s.run + 1));
  const band = (plot.right - plot.left) / runs;
  const n = input.length;
  // Side by side within a run's band, never wider than the band (the first and last stay inside it).
  const step = n > 1 ? Math.min(12, band / (n + 1)) : 0;
  const x = (run: number, i: number) => plot.left + band * (run + 0.5) + (i - (n - 1) / 2) * step;
  const every = Math.max(1, Math.ceil(28 / band));
  return {
    metric,
    width,
    height,
    plot,
    series: input.map((serie, i) => {
      const own = serie.samples.filter((s) => s[metric] !== null);
      const median = medianOf(own.filter((s) => !s.warmup).map((s) => s[metric] as number));
      return {
        key: serie.key,
        points: own.map((s) => {
          const value = s[metric] as number;
          return { run: s.run, warmup: s.warmup, value, x: x(s.run, i), y: y(value), clipped: value > max };
        }),
        median: median === null ? null : { value: median, y: y(median) },
      };
    }),
    yTicks: values.map((value) => ({ value, at: y(value), label: `${value.toLocaleString('en-US')}${value === max ? ' ms' : ''}` })),
    xTicks: Array.from({ length: runs }, (_, run) => run)
      .filter((run) => run % every === 0)
      .map((run) => ({ value: run, at: x(run, (n - 1) / 2), label: run === 0 && all.some((s) => s.warmup && s.run === 0) ? 'W' : String(run) })),
  };
}

export function chartGeometry(samples: readonly SampleEvent[], width: number, height: number): ChartGeometry {
  const { series, ...rest } = seriesGeometry([{ key: '', samples }], width, height);
  return { ...rest, points: series[0]?.points ?? [], median: series[0]?.median ?? null };
}
