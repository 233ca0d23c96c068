/**
 * The benchmark's runs: warm-up excluded, 429 back-offs, runs paced to the key's own rate limit.
 * Whether TTFB, TTFT, E2E and decode rate are measured from the right moments is in timing.test.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { FAKE_KEYS } from '../fakes/mistral/keys.ts';
import { bindings, eventsOf, fakeRequests, only, postTest, resetFake, setFakeTiming } from './client.ts';

beforeEach(async () => {
  await resetFake(bindings.FAKE_PLATFORM);
});

describe('warm-up', () => {
  it('leaves the warm-up run out of the summary', async () => {
    await setFakeTiming(bindings.FAKE_PLATFORM, FAKE_KEYS.validPaid, { headersMs: 10 });
    const answer = await postTest({ provider: 'mistral', benchmark: { target: 'models', runs: 2 } }, FAKE_KEYS.validPaid);
    const samples = eventsOf(answer, 'sample');
    expect(samples.filter((s) => s.warmup)).toHaveLength(1);
    const measured = samples.filter((s) => !s.warmup).map((s) => s.e2eMs);
    const summary = only(answer, 'summary');
    expect(summary.runs).toBe(2);
    expect(summary.metrics.e2eMs?.min).toBeCloseTo(Math.min(...measured), 1);
    expect(summary.metrics.e2eMs?.max).toBeCloseTo(Math.max(...measured), 1);
  });
});

describe('rate limits during a benchmark', () => {
  it('backs off on a 429 for as long as Retry-After says, says so, and still measures every run', async () => {
    const answer = await postTest({ provider: 'mistral', benchmark: { target: 'models', runs: 4 } }, FAKE_KEYS.burst429);
    const backoffs = eventsOf(answer, 'backoff');
    expect(backoffs.length).toBeGreaterThanOrEqual(1);
    for (const backoff of backoffs) {
      expect(backoff.waitMs).toBe(1000);
      expect(backoff.message).toMatch(/rate-limited run \d+ \(429\); waiting 1\.0 s/);
    }
    const summary = only(answer, 'summary');
    expect(summary).toMatchObject({ runs: 4, note: null });
    expect(eventsOf(answer, 'sample').map((s) => s.run)).toEqual([0, 1, 2, 3, 4]);
  });

  it('without a retry hint, waits a second and doubles on repeats', async () => {
    const answer = await postTest({ provider: 'mistral', benchmark: { target: 'models', runs: 2 } }, FAKE_KEYS.burst429NoHint);
    expect(eventsOf(answer, 'backoff').map((b) => b.waitMs)).toEqual([1000]);
    expect(only(answer, 'summary').runs).toBe(2);
  });
});

describe('pacing', () => {
  it('spaces a free key\'s calls by its own limit (60/min), so it never causes a 429', async () => {
    const answer = await postTest({ provider: 'mistral', checks: ['chat'], benchmark: { target: 'models', runs: 2 } }, FAKE_KEYS.validFree);
    expect(eventsOf(answer, 'backoff')).toHaveLength(0);
    expect(eventsOf(answer, 'check')[0]?.ok).toBe(true);
    expect(eventsOf(answer, 'sample')).toHaveLength(3);
    const starts = (await fakeRequests(bindings.FAKE_PLATFORM)).filter((r) => !r.path.startsWith('/__fake')).map((r) => r.at);
    expect(starts).toHaveLength(5); // validation, check, warm-up, 2 runs
    for (let i = 1; i < starts.length; i++) {
      expect((starts[i] ?? 0) - (starts[i - 1] ?? 0)).toBeGreaterThanOrEqual(1000);
    }
  });
});

describe('comparing endpoints', () => {
  it('validates each endpoint, interleaves the runs across them, and tags every event with its endpoint', async () => {
    const answer = await postTest({ provider: 'mistral', endpoint: 'global', benchmark: { target: 'models', runs: 2, endpoints: ['global', 'eu', 'us'] } }, FAKE_KEYS.validPaid);
    const validations = eventsOf(answer, 'validation');
    expect(validations.map((v) => [v.endpoint, v.verdict])).toEqual([['global', 'valid'], ['eu', 'valid'], ['us', 'valid']]);
    // Run 0 (warm-up) on each endpoint, then run 1 on each, then run 2: the same minute for all.
    expect(eventsOf(answer, 'sample').map((s) => `${s.run}:${s.endpoint}`)).toEqual(['0:global', '0:eu', '0:us', '1:global', '1:eu', '1:us', '2:global', '2:eu', '2:us']);
    const summaries = eventsOf(answer, 'summary');
    expect(summaries.map((s) => [s.endpoint, s.runs])).toEqual([['global', 2], ['eu', 2], ['us', 2]]);
    expect(only(answer, 'outcome').verdict).toBe('valid');
  });

  it('benchmarks only the endpoints the key works on, and says which it does not', async () => {
    const answer = await postTest({ provider: 'mistral', endpoint: 'codestral', confirmPaidValidation: true, benchmark: { target: 'fim', runs: 1, maxTokens: 4, endpoints: ['codestral', 'global'] } }, FAKE_KEYS.codestralOnly);
    expect(eventsOf(answer, 'validation').map((v) => [v.endpoint, v.verdict])).toEqual([['codestral', 'valid'], ['global', 'wrong_endpoint']]);
    expect(new Set(eventsOf(answer, 'sample').map((s) => s.endpoint))).toEqual(new Set(['codestral']));
    expect(eventsOf(answer, 'summary').map((s) => s.endpoint)).toEqual(['codestral']);
  });

  it('refuses an endpoint list that is too short, too long, repeated or unknown, before any call', async () => {
    for (const endpoints of [['global'], ['global', 'eu', 'us', 'codestral', 'global'], ['eu', 'eu'], ['global', 'mars']]) {
      const answer = await postTest({ provider: 'mistral', benchmark: { target: 'models', endpoints } }, FAKE_KEYS.validPaid);
      expect(answer.status, endpoints.join(',')).toBe(400);
    }
  });
});
