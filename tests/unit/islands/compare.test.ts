/** Comparing endpoints: the table's columns and rows, and the chart with a series per endpoint. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SampleEvent, SummaryEvent, ValidationEvent } from '../../../src/lib/api-contract';
import { seriesGeometry } from '../../../src/islands/key-tester/logic/chart';
import { compareColumns, compareRows } from '../../../src/islands/key-tester/logic/compare';
import type { Lane } from '../../../src/islands/key-tester/logic/state';
import { mistral } from './provider-fixture';

const d = (p50: number, p90: number) => ({ p50, p90, min: p50, max: p90, mean: (p50 + p90) / 2 });
const summary = (endpoint: string, ttfb: [number, number], tps: [number, number] | null, runs = 3): SummaryEvent => ({
  type: 'summary',
  endpoint,
  runs,
  metrics: { ttfbMs: d(...ttfb), ttftMs: null, e2eMs: d(ttfb[0] * 3, ttfb[1] * 3), tokensPerSecond: tps ? d(...tps) : null },
  measuredFrom: 'CDG', clock: { resolutionMs: 1, advancesOnIoOnly: true },
  note: null,
});
const validation = (endpoint: string, verdict: ValidationEvent['verdict'] = 'valid'): ValidationEvent => ({ type: 'validation', endpoint, verdict, httpStatus: verdict === 'valid' ? 200 : 401, requestId: null, ms: 40, message: '', fix: '', errorPage: verdict === 'valid' ? null : '/mistral/errors/401/', suggestedEndpoint: null });
const lane = (endpoint: string, patch: Partial<Lane> = {}): Lane => ({ endpoint, validation: validation(endpoint), samples: [], backoffs: [], summary: null, ...patch });

describe('compareColumns', () => {
  it('names each endpoint from the data, and says why one has no numbers', () => {
    const columns = compareColumns(
      [lane('global', { summary: summary('global', [100, 150], [80, 70]) }), lane('eu', { validation: validation('eu', 'invalid') }), lane('us', { validation: null }), lane('mars')],
      mistral.endpoints,
    );
    expect(columns.map((c) => [c.name, c.host, c.verdict, c.runs, c.why])).toEqual([
      ['Global', 'api.mistral.ai', 'valid', 3, null],
      ['EU', 'api.eu.mistral.ai', 'invalid', null, 'refused'],
      ['US', 'api.us.mistral.ai', null, null, 'not_checked'],
      ['mars', '', 'valid', null, 'no_summary'],
    ]);
    expect(columns[1]?.errorPage).toBe('/mistral/errors/401/');
  });
});

describe('compareRows', () => {
  it('has p50 and p90 of each metric any endpoint measured, and marks the lowest time and the highest rate', () => {
    const rows = compareRows([lane('global', { summary: summary('global', [100, 150], [80, 70]) }), lane('eu', { summary: summary('eu', [90, 200], [95, 60]) }), lane('us', { validation: validation('us', 'invalid') })]);
    expect(rows.map((r) => `${r.metric} ${r.percentile}`)).toEqual(['ttfbMs p50', 'ttfbMs p90', 'e2eMs p50', 'e2eMs p90', 'tokensPerSecond p50', 'tokensPerSecond p90']);
    expect(rows[0]).toEqual({ metric: 'ttfbMs', percentile: 'p50', values: [100, 90, null], best: 1 });
    expect(rows[1]?.best).toBe(0);
    expect(rows[4]).toMatchObject({ values: [80, 95, null], best: 1 });
  });

  it('marks no best value with fewer than two, and leaves out a summary of no runs', () => {
    const rows = compareRows([lane('global', { summary: summary('global', [100, 150], null) }), lane('eu', { summary: summary('eu', [1, 1], null, 0) })]);
    expect(rows.every((r) => r.best === null)).toBe(true);
    expect(rows[0]?.values).toEqual([100, null]);
    expect(compareRows([lane('global'), lane('eu')])).toEqual([]);
  });
});

describe('seriesGeometry', () => {
  const s = (run: number, v: number): SampleEvent => ({ type: 'sample', run, warmup: run === 0, ttfbMs: 10, ttftMs: v, e2eMs: v * 2, outputTokens: 8, tokensPerSecond: 50, serverMs: null });

  it('puts the runs of each endpoint side by side on shared scales, each with its own median', () => {
    const g = seriesGeometry([{ key: 'global', samples: [s(0, 900), s(1, 100), s(2, 120)] }, { key: 'eu', samples: [s(0, 300), s(1, 200), s(2, 220)] }], 600, 200);
    expect(g.metric).toBe('ttftMs');
    expect(g.series.map((x) => [x.key, x.median?.value])).toEqual([['global', 110], ['eu', 210]]);
    const [a, b] = g.series;
    // Same run, the second series just right of the first; the same pixel for the same value.
    expect(b!.points[1]!.x).toBeGreaterThan(a!.points[1]!.x);
    expect(b!.points[1]!.x - a!.points[1]!.x).toBeLessThanOrEqual(12);
    expect(a!.points[0]).toMatchObject({ warmup: true, clipped: true });
    expect(g.yTicks.at(-1)!.value).toBeGreaterThanOrEqual(220);
  });

  it('keeps every point of every series inside the plot and within its run', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ min: 0.1, max: 60_000, noNaN: true }), { minLength: 1, maxLength: 21 }), { minLength: 2, maxLength: 4 }), fc.integer({ min: 260, max: 1400 }), (lists, width) => {
        const g = seriesGeometry(lists.map((values, i) => ({ key: String(i), samples: values.map((v, run) => s(run, v)) })), width, 200);
        const runs = Math.max(...lists.map((l) => l.length));
        const band = (g.plot.right - g.plot.left) / runs;
        for (const serie of g.series) {
          for (const p of serie.points) {
            expect(p.x).toBeGreaterThan(g.plot.left + band * p.run);
            expect(p.x).toBeLessThan(g.plot.left + band * (p.run + 1));
            expect(p.y).toBeGreaterThanOrEqual(g.plot.top - 1e-9);
            expect(p.y).toBeLessThanOrEqual(g.plot.bottom + 1e-9);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
