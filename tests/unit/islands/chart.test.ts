import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SampleEvent } from '../../../src/lib/api-contract';
import { chartGeometry, chartMetric, medianOf, niceTicks } from '../../../src/islands/key-tester/logic/chart';

const s = (run: number, e2eMs: number, ttftMs: number | null = null): SampleEvent => ({ type: 'sample', run, warmup: run === 0, ttfbMs: 50, ttftMs, e2eMs, outputTokens: null, tokensPerSecond: null, serverMs: null });

describe('chartGeometry', () => {
  it('plots time to first token for streaming runs and end-to-end time otherwise', () => {
    expect(chartMetric([s(0, 500, 200), s(1, 400, 150)])).toBe('ttftMs');
    expect(chartMetric([s(0, 500), s(1, 400)])).toBe('e2eMs');
  });

  it('draws the warm-up but keeps it out of the median', () => {
    const g = chartGeometry([s(0, 9000), s(1, 100), s(2, 300), s(3, 200)], 600, 200);
    expect(g.median?.value).toBe(200);
    expect(g.points).toHaveLength(4);
    expect(g.points[0]).toMatchObject({ warmup: true, value: 9000, clipped: true, y: g.plot.top });
    expect(g.points.filter((p) => p.clipped)).toHaveLength(1);
  });

  it('includes a warm-up close to the runs in the scale instead of clipping it', () => {
    const g = chartGeometry([s(0, 420), s(1, 300), s(2, 350)], 600, 200);
    expect(g.points[0]?.clipped).toBe(false);
    expect(g.yTicks.at(-1)!.value).toBeGreaterThanOrEqual(420);
  });

  it('keeps every point inside the plot, runs left to right, the median line on the median', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.1, max: 60_000, noNaN: true }), { minLength: 2, maxLength: 21 }), fc.integer({ min: 260, max: 1400 }), (values, width) => {
        const g = chartGeometry(values.map((v, run) => s(run, v)), width, 200);
        for (const p of g.points) {
          expect(p.x).toBeGreaterThan(g.plot.left);
          expect(p.x).toBeLessThan(g.plot.right);
          expect(p.y).toBeGreaterThanOrEqual(g.plot.top - 1e-9);
          expect(p.y).toBeLessThanOrEqual(g.plot.bottom + 1e-9);
        }
        const xs = g.points.map((p) => p.x);
        expect(xs).toEqual([...xs].sort((a, b) => a - b));
        const median = medianOf(values.slice(1))!;
        expect(g.median?.value).toBeCloseTo(median, 9);
        // Tick labels never crowd: at least ~28 px apart.
        g.xTicks.slice(1).forEach((t, i) => expect(t.at - g.xTicks[i]!.at).toBeGreaterThanOrEqual(27.9));
      }),
      { numRuns: 200 },
    );
  });

  it('labels the warm-up W and says the unit on the top tick', () => {
    const g = chartGeometry([s(0, 120), s(1, 100), s(2, 110)], 600, 200);
    expect(g.xTicks.map((t) => t.label)).toEqual(['W', '1', '2']);
    expect(g.yTicks.at(-1)!.label).toMatch(/ ms$/);
    expect(g.yTicks[0]).toMatchObject({ value: 0, label: '0', at: g.plot.bottom });
  });
});

describe('niceTicks', () => {
  it('covers the maximum with round steps from zero', () => {
    expect(niceTicks(1234)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(7.3)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0)).toEqual([0, 1]);
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e6, noNaN: true }), (max) => {
        const ticks = niceTicks(max);
        expect(ticks[0]).toBe(0);
        expect(ticks.at(-1)!).toBeGreaterThanOrEqual(max);
        expect(ticks.length).toBeLessThanOrEqual(7);
      }),
    );
  });
});
