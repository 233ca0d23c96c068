/** Benchmark statistics and the price helpers behind every price shown. */
import { describe, expect, it } from 'vitest';
import { clockResolution, distribution, percentile } from '../../src/lib/stats';
import { estimateTokenCostUsd, formatUsd, lifecycleOn, partitionByLifecycle, type PricedModel } from '../../src/lib/pricing';

describe('percentile and distribution', () => {
  it('interpolates between ranks like numpy', () => {
    const sorted = [10, 20, 30, 40];
    expect(percentile(sorted, 50)).toBe(25);
    expect(percentile(sorted, 90)).toBeCloseTo(37, 10);
    expect(percentile([5], 90)).toBe(5);
  });

  it('summarises the values that exist and ignores missing ones', () => {
    expect(distribution([100, null, 300, 200])).toEqual({ p50: 200, p90: 280, min: 100, max: 300, mean: 200 });
    expect(distribution([null, null])).toBeNull();
    expect(distribution([])).toBeNull();
  });
});

const model = (over: Partial<PricedModel>): PricedModel => ({
  name: 'M',
  ids: ['m-2501', 'm-latest'],
  family: 'Small',
  use: 'chat',
  status: 'ga',
  unit: '1M tokens',
  input: 0.15,
  output: 0.6,
  free: false,
  ...over,
});

describe("a clock's step, from its readings", () => {
  it('whole milliseconds (Workers), a browser’s 0.1 ms and 5 µs, and nothing to tell from fewer than two readings', () => {
    expect(clockResolution([1_000, 1_042, 1_043, 1_100])).toBe(1);
    expect(clockResolution([12.1, 15.3, 40])).toBe(0.1);
    expect(clockResolution([12.105, 15.3])).toBe(0.005);
    expect(clockResolution([1.0004, 2])).toBeNull();
    expect(clockResolution([5])).toBeNull();
    expect(clockResolution([])).toBeNull();
  });
});

describe('pricing', () => {
  it('calls a deprecated model retired once its date has passed', () => {
    const old = model({ status: 'deprecated', deprecation: { announced: '2026-01-01', retires: '2026-07-31', replacement: 'N' } });
    expect(lifecycleOn(old, '2026-07-31')).toBe('deprecated');
    expect(lifecycleOn(old, '2026-08-01')).toBe('retired');
    const { current, ageing } = partitionByLifecycle([model({}), old], '2026-11-26');
    expect(current).toHaveLength(1);
    expect(ageing).toEqual([old]);
  });

  it('estimates the worst-case cost of a run from the price per million tokens', () => {
    const table = { models: [model({})] };
    // 30 input tokens at $0.15/M + 32 output tokens at $0.60/M
    expect(estimateTokenCostUsd(table, 'm-latest', 30, 32)).toBeCloseTo((30 * 0.15 + 32 * 0.6) / 1e6, 12);
    expect(estimateTokenCostUsd(table, 'unknown', 30, 32)).toBeNull();
    expect(estimateTokenCostUsd({ models: [model({ unit: '1K pages' })] }, 'm-latest', 1, 1)).toBeNull();
    expect(estimateTokenCostUsd({ models: [model({ free: true, input: null, output: null })] }, 'm-latest', 1, 1)).toBe(0);
  });

  it('prints prices exactly, without rounding small ones away', () => {
    expect(formatUsd(0.15)).toBe('$0.15');
    expect(formatUsd(0.004)).toBe('$0.004');
    expect(formatUsd(7.5)).toBe('$7.5');
    expect(formatUsd(null)).toBe('—');
    expect(formatUsd(null, true)).toBe('Free');
  });
});
