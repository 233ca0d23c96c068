import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TestEvent, TestRequest } from '../../../src/lib/api-contract';
import { initialState, messages, progress, reduce, type Action, type RunState } from '../../../src/islands/key-tester/logic/state';

const request: TestRequest = { provider: 'mistral', endpoint: 'global', checks: ['chat', 'stream', 'embeddings', 'fim'], benchmark: { target: 'chat', model: 'mistral-small-latest', runs: 5, maxTokens: 32 } };

const validation: TestEvent = { type: 'validation', verdict: 'valid', httpStatus: 200, requestId: 'req-1', ms: 120, message: 'Your key works.', fix: '', errorPage: null, suggestedEndpoint: null, billing: null };
const model = { id: 'mistral-small-2603', name: 'mistral-small-2603', aliases: ['mistral-small-latest'], family: 'Small', capabilities: { completion_chat: true }, contextLength: 131072, deprecation: null, fineTuned: false } as const;
const check = (name: 'chat' | 'stream' | 'embeddings' | 'fim'): TestEvent => ({ type: 'check', name, ok: true, model: 'ministral-3b-latest', ms: 80, httpStatus: 200, message: 'Answered.', requestId: null });
const sample = (run: number): TestEvent => ({ type: 'sample', run, warmup: run === 0, ttfbMs: 100, ttftMs: 150, e2eMs: 400, outputTokens: 32, tokensPerSecond: 120, serverMs: 90 });
const summary: TestEvent = {
  type: 'summary',
  runs: 5,
  metrics: { ttfbMs: { p50: 1, p90: 2, min: 1, max: 2, mean: 1.5 }, ttftMs: null, e2eMs: null, tokensPerSecond: null },
  measuredFrom: 'CDG',
  clock: { resolutionMs: 1, advancesOnIoOnly: true },
  note: null,
};

const fold = (actions: Action[], from: RunState = initialState) => actions.reduce(reduce, from);
const events = (...list: unknown[]): Action[] => list.map((event) => ({ type: 'event', event }));

describe('reduce', () => {
  it('builds the full view from a complete run, and tells the progress at each step', () => {
    const steps: [Action, string][] = [
      [{ type: 'start', request }, 'Checking the key…'],
      [{ type: 'event', event: validation }, 'Running checks (1 of 4)…'],
      [{ type: 'event', event: { type: 'models', models: [model] } }, 'Running checks (1 of 4)…'],
      [{ type: 'event', event: { type: 'rate_limits', limits: [{ name: 'Requests', limit: 60, remaining: 59, window: 'minute' }], notes: [] } }, 'Running checks (1 of 4)…'],
      [{ type: 'event', event: check('chat') }, 'Running checks (2 of 4)…'],
      [{ type: 'event', event: check('stream') }, 'Running checks (3 of 4)…'],
      [{ type: 'event', event: check('embeddings') }, 'Running checks (4 of 4)…'],
      [{ type: 'event', event: check('fim') }, 'Benchmark warm-up run…'],
      [{ type: 'event', event: sample(0) }, 'Benchmark run 1 of 5 (warm-up done)…'],
      [{ type: 'event', event: sample(1) }, 'Benchmark run 2 of 5 (warm-up done)…'],
      [{ type: 'event', event: sample(2) }, 'Benchmark run 3 of 5 (warm-up done)…'],
      [{ type: 'event', event: { type: 'backoff', run: 3, waitMs: 1000, message: 'Mistral rate-limited run 3 (429).' } }, 'Rate-limited; waiting 1.0 s…'],
      [{ type: 'event', event: sample(3) }, 'Benchmark run 4 of 5 (warm-up done)…'],
    ];
    let state = initialState;
    for (const [action, text] of steps) {
      state = reduce(state, action);
      expect(progress(state).text).toBe(text);
    }
    expect(progress(state)).toMatchObject({ done: 1 + 4 + 4, total: 1 + 4 + 6 });
    state = fold(events(sample(4), sample(5), summary, { type: 'done', ms: 4321 }), state);
    expect(state.phase).toBe('finished');
    expect(state.totalMs).toBe(4321);
    expect(state.validation).toEqual(validation);
    expect(state.models).toEqual([model]);
    expect(state.rateLimits?.limits).toHaveLength(1);
    expect(state.checks.map((c) => c.name)).toEqual(['chat', 'stream', 'embeddings', 'fim']);
    expect(state.samples).toHaveLength(6);
    expect(state.backoffs).toHaveLength(1);
    expect(state.waiting).toBeNull();
    expect(state.summary?.measuredFrom).toBe('CDG');
    expect(state.summary?.clock).toEqual({ resolutionMs: 1, advancesOnIoOnly: true });
    expect(state.failure).toBeNull();
    expect(state.ignored).toBe(0);
  });

  it('ends a failed validation after one step', () => {
    const state = fold([{ type: 'start', request }, ...events({ ...validation, verdict: 'invalid', httpStatus: 401, errorPage: '/mistral/errors/401/' }, { type: 'done', ms: 30 })]);
    expect(state.phase).toBe('finished');
    expect(state.validation?.verdict).toBe('invalid');
    expect(state.validation?.errorPage).toBe('/mistral/errors/401/');
    expect(progress(state).total).toBe(1);
  });

  it("shows our endpoint's own 4xx message, or a plain one when the body is not the contract's", () => {
    const start: Action = { type: 'start', request };
    const ok = fold([start, { type: 'http_error', status: 400, body: { error: { code: 'key_whitespace', message: 'Your key contains a space.' } } }]);
    expect(ok.phase).toBe('failed');
    expect(ok.failure).toEqual({ kind: 'http', status: 400, code: 'key_whitespace', message: 'Your key contains a space.' });
    const html = fold([start, { type: 'http_error', status: 502, body: null }]);
    expect(html.failure?.message).toBe(messages.http(502));
    const weird = fold([start, { type: 'http_error', status: 429, body: { error: 'slow down' } }]);
    expect(weird.failure?.message).toBe(messages.http(429));
  });

  it('says the endpoint could not be reached on a network failure', () => {
    const state = fold([{ type: 'start', request }, { type: 'network_error' }]);
    expect(state.failure?.kind).toBe('network');
    expect(state.failure?.message).toMatch(/could not be reached/);
  });

  it('keeps partial results when the stream ends without `done`, and says so', () => {
    const state = fold([{ type: 'start', request }, ...events(validation, check('chat')), { type: 'end' }]);
    expect(state.phase).toBe('failed');
    expect(state.failure?.message).toBe(messages.cut);
    expect(state.checks).toHaveLength(1);
  });

  it('reports a mid-stream internal error and still ends on `done`', () => {
    const state = fold([{ type: 'start', request }, ...events(validation, { type: 'error', code: 'internal_error', message: 'Something went wrong inside Keyprobe.' }, { type: 'done', ms: 5 })]);
    expect(state.phase).toBe('failed');
    expect(state.failure).toEqual({ kind: 'internal', message: 'Something went wrong inside Keyprobe.' });
    expect(state.validation).not.toBeNull();
  });

  it('ignores everything after a cancel', () => {
    let state = fold([{ type: 'start', request }, ...events(validation), { type: 'cancel' }]);
    expect(state.phase).toBe('cancelled');
    const after = fold([...events(check('chat'), { type: 'done', ms: 1 }), { type: 'network_error' }, { type: 'end' }], state);
    expect(after).toBe(state);
    state = reduce(state, { type: 'start', request });
    expect(state.phase).toBe('running');
    expect(state.validation).toBeNull();
  });

  it('keeps account facts, the outcome, and a failed check\'s verdict and page; drops foreign links and odd values', () => {
    const state = fold([
      { type: 'start', request },
      ...events(
        { ...validation, billing: 'unverified' },
        { type: 'account', balances: [{ amount: '110.00', currency: 'CNY' }, { amount: 5 }], limit: 100, remaining: 'lots', canSpend: true, freeTier: 'no', keyLabel: 'sk-…abcd', permissions: ['api-key:model:*', 7], expiresAt: null },
        { type: 'check', name: 'chat', ok: false, model: 'm', ms: 1, httpStatus: 429, message: 'no credit', requestId: null, verdict: 'quota_exhausted', errorPage: '/openai/errors/insufficient-quota/' },
        { type: 'check', name: 'stream', ok: false, model: 'm', ms: 1, httpStatus: 429, message: 'x', requestId: null, verdict: 'quota_exhausted', errorPage: '//evil.example/' },
        { type: 'outcome', verdict: 'quota_exhausted', basis: 'chat', message: 'valid key, no credit' },
        { type: 'done', ms: 10 },
      ),
    ]);
    expect(state.validation?.billing).toBe('unverified');
    expect(state.account).toEqual({ type: 'account', balances: [{ amount: '110.00', currency: 'CNY' }], limit: 100, remaining: null, canSpend: true, freeTier: null, keyLabel: 'sk-…abcd', permissions: ['api-key:model:*'], expiresAt: null });
    expect(state.checks[0]).toMatchObject({ verdict: 'quota_exhausted', errorPage: '/openai/errors/insufficient-quota/' });
    expect(state.checks[1]?.errorPage).toBeNull();
    expect(state.outcome).toEqual({ type: 'outcome', verdict: 'quota_exhausted', basis: 'chat', message: 'valid key, no credit' });
  });

  it('keeps an account type, a deployment\'s facts and a boot time; drops them when malformed', () => {
    const state = fold([
      { type: 'start', request },
      ...events(
        validation,
        { type: 'account', balances: [], limit: null, remaining: null, canSpend: null, freeTier: null, keyLabel: null, permissions: [], expiresAt: null, accountType: 'organization' },
        {
          type: 'models',
          models: [
            { id: 'chat-mini', name: 'gpt-4o-mini', deployment: { model: 'gpt-4o-mini', version: null, status: 'succeeded', ready: true } },
            { id: 'odd', deployment: { model: 5, ready: 'yes' } },
          ],
        },
        { type: 'check', name: 'stream', ok: true, model: 'm', ms: 1, httpStatus: 201, message: 'ok', requestId: null, bootMs: 1500, tokenSource: 'metrics' },
        { type: 'done', ms: 10 },
      ),
    ]);
    expect(state.account?.accountType).toBe('organization');
    expect(state.models?.[0]?.deployment).toEqual({ model: 'gpt-4o-mini', version: null, status: 'succeeded', ready: true });
    expect(state.models?.[1]).not.toHaveProperty('deployment');
    expect(state.checks[0]).toMatchObject({ bootMs: 1500, tokenSource: 'metrics' });
  });

  it('normalises half-formed events instead of passing holes to the view', () => {
    const state = fold([
      { type: 'start', request },
      ...events(
        { type: 'validation', verdict: 'valid' },
        { type: 'models', models: [{ id: 'x' }, { id: 'y', aliases: 'nope', family: 'Nonsense', capabilities: { vision: true, ocr: 'yes' }, deprecation: { date: '2026-01-31' } }, 'junk', null] },
        { type: 'rate_limits', limits: [{ limit: 5 }, { name: 'no limit' }] },
        { type: 'sample', run: 1, e2eMs: 300 },
        { type: 'summary', metrics: { ttfbMs: { p50: 'fast' } } },
        { type: 'backoff', run: 2, waitMs: -5 },
      ),
    ]);
    expect(state.validation).toMatchObject({ verdict: 'valid', httpStatus: null, requestId: null, message: '', fix: '', errorPage: null });
    expect(state.models).toEqual([
      { id: 'x', name: 'x', aliases: [], family: 'Other', capabilities: {}, contextLength: null, deprecation: null, fineTuned: false },
      // Families come from the provider's data now; one the island does not know is grouped under Other when shown.
      { id: 'y', name: 'y', aliases: [], family: 'Nonsense', capabilities: { vision: true }, contextLength: null, deprecation: { date: '2026-01-31', replacement: null }, fineTuned: false },
    ]);
    expect(state.rateLimits?.limits).toEqual([{ name: 'Limit', limit: 5, remaining: null, window: '' }]);
    expect(state.samples[0]).toMatchObject({ ttfbMs: 300, ttftMs: null, warmup: false });
    expect(state.summary?.metrics.ttfbMs).toBeNull();
    expect(state.backoffs[0]?.waitMs).toBe(0);
  });

  it("keeps a model's list price only when it is a price: numbers and a currency code", () => {
    const state = fold([
      { type: 'start', request },
      ...events(
        { type: 'validation', verdict: 'valid' },
        {
          type: 'models',
          models: [
            { id: 'a', price: { input: 0.05, output: 0.2, currency: 'USD' } },
            { id: 'b', price: { input: 0.008, output: null, currency: 'USD' } },
            { id: 'c', price: { input: 'free', output: null, currency: 'USD' } },
            { id: 'd', price: { input: 1, output: 2, currency: '<b>$</b>' } },
            { id: 'e', price: 3 },
          ],
        },
      ),
    ]);
    expect(state.models?.map((m) => m.price)).toEqual([{ input: 0.05, output: 0.2, currency: 'USD' }, { input: 0.008, output: null, currency: 'USD' }, undefined, undefined, undefined]);
  });

  it('counts lines that are not events of the contract and drops them', () => {
    const state = fold([{ type: 'start', request }, ...events(null, 42, 'done', [], { type: 'nope' }, { type: 'validation', verdict: 'great' }, { type: 'check', name: 'chat' }, { type: 'unreadable line' })]);
    expect(state.ignored).toBe(8);
    expect(state.validation).toBeNull();
    expect(state.checks).toEqual([]);
  });

  it('never throws, whatever arrives, and always has a progress text', () => {
    const eventLike = fc.oneof(
      fc.anything(),
      fc.record({ type: fc.constantFrom('validation', 'models', 'rate_limits', 'check', 'sample', 'backoff', 'summary', 'error', 'done'), verdict: fc.anything(), models: fc.anything(), limits: fc.anything(), notes: fc.anything(), name: fc.anything(), ok: fc.anything(), run: fc.anything(), e2eMs: fc.anything(), metrics: fc.anything(), message: fc.anything(), ms: fc.anything() }),
    );
    fc.assert(
      fc.property(fc.array(eventLike, { maxLength: 30 }), (list) => {
        const state = fold([{ type: 'start', request }, ...events(...list)]);
        expect(typeof progress(state).text).toBe('string');
        expect(state.phase === 'running' || state.phase === 'finished' || state.phase === 'failed').toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  describe('comparing endpoints', () => {
    const compare: TestRequest = { provider: 'mistral', endpoint: 'global', benchmark: { target: 'chat', model: 'mistral-small-latest', runs: 2, maxTokens: 8, endpoints: ['global', 'eu', 'us'] } };
    const on = (endpoint: string, event: TestEvent) => ({ ...event, endpoint });
    const metrics = { ttfbMs: { p50: 1, p90: 2, min: 1, max: 2, mean: 1.5 }, ttftMs: null, e2eMs: null, tokensPerSecond: null };

    it('keeps each endpoint\'s validation, samples and summary apart, in the order asked, and says how far the run is', () => {
      let state = reduce(initialState, { type: 'start', request: compare });
      expect(state.lanes.map((l) => l.endpoint)).toEqual(['global', 'eu', 'us']);
      expect(progress(state).text).toBe('Checking the key on 3 endpoints…');
      state = fold(events(on('global', validation)), state);
      expect(progress(state).text).toBe('Checking the key on 3 endpoints (2 of 3)…');
      state = fold(events(on('eu', validation), on('us', { ...validation, verdict: 'invalid', httpStatus: 401 })), state);
      expect(progress(state)).toMatchObject({ text: 'Benchmark warm-up run on 2 endpoints…', done: 3, total: 3 + 3 * 2 });
      state = fold(events(on('global', sample(0)), on('eu', sample(0))), state);
      expect(progress(state).text).toBe('Benchmark run 1 of 2 on 2 endpoints (warm-up done)…');
      state = fold(events(on('global', sample(1)), on('eu', sample(1)), { type: 'backoff', run: 2, waitMs: 500, message: '', endpoint: 'eu' }), state);
      expect(progress(state).text).toBe('Rate-limited; waiting 0.5 s…');
      state = fold(events(on('global', sample(2)), on('eu', sample(2)), on('global', { ...summary, runs: 2, measuredFrom: 'CDG' }), on('eu', { ...summary, runs: 2, metrics, measuredFrom: 'CDG' })), state);
      state = fold(events({ type: 'outcome', verdict: 'valid', basis: 'validation', message: 'ok' }, { type: 'done', ms: 900 }), state);
      expect(state.phase).toBe('finished');
      expect(state.validation).toMatchObject({ verdict: 'valid', endpoint: 'global' });
      expect(state.lanes.map((l) => [l.endpoint, l.validation?.verdict, l.samples.map((x) => x.run), l.summary?.runs ?? null, l.backoffs.length])).toEqual([
        ['global', 'valid', [0, 1, 2], 2, 0],
        ['eu', 'valid', [0, 1, 2], 2, 1],
        ['us', 'invalid', [], null, 0],
      ]);
      expect(state.lanes[1]?.samples.every((x) => x.endpoint === 'eu')).toBe(true);
      // The run's own summary is the main endpoint's; every sample is counted for the progress.
      expect(state.summary?.endpoint).toBe('global');
      expect(state.samples).toHaveLength(6);
      expect(progress(state)).toMatchObject({ done: 9, total: 9 });
      expect(state.ignored).toBe(0);
    });

    it('drops events of an endpoint the run did not ask for, and takes an untagged one for the main endpoint', () => {
      const state = fold([{ type: 'start', request: compare }, ...events(on('codestral', validation), on('mars', sample(1)), validation, sample(0))]);
      expect(state.ignored).toBe(2);
      expect(state.lanes[0]?.validation?.verdict).toBe('valid');
      expect(state.lanes[0]?.samples).toHaveLength(1);
      expect(state.validation?.endpoint).toBe('global');
    });

    it('compares only with another endpoint listed, whichever order it comes in', () => {
      expect(reduce(initialState, { type: 'start', request: { ...compare, benchmark: { target: 'models', endpoints: ['global'] } } }).lanes).toEqual([]);
      expect(reduce(initialState, { type: 'start', request: { ...compare, endpoint: 'eu', benchmark: { target: 'models', endpoints: ['global', 'eu', 'global'] } } }).lanes.map((l) => l.endpoint)).toEqual(['eu', 'global']);
      // Without a comparison an endpoint tag changes nothing.
      const single = fold([{ type: 'start', request }, ...events(on('eu', validation), on('eu', sample(0)))]);
      expect(single.lanes).toEqual([]);
      expect(single.validation?.endpoint).toBeUndefined();
      expect(single.samples).toHaveLength(1);
    });

    it('never throws, whatever arrives, and keeps every lane\'s events its own', () => {
      const eventLike = fc.record({
        type: fc.constantFrom('validation', 'sample', 'backoff', 'summary', 'models', 'check', 'done'),
        endpoint: fc.oneof(fc.constantFrom('global', 'eu', 'us', 'codestral', undefined), fc.anything()),
        verdict: fc.constantFrom('valid', 'invalid', 'nope'),
        run: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.anything()),
        e2eMs: fc.oneof(fc.double(), fc.anything()),
        warmup: fc.boolean(),
        metrics: fc.anything(),
      });
      fc.assert(
        fc.property(fc.array(eventLike, { maxLength: 40 }), (list) => {
          const state = fold([{ type: 'start', request: compare }, ...events(...list)]);
          expect(typeof progress(state).text).toBe('string');
          expect(state.lanes.map((l) => l.endpoint)).toEqual(['global', 'eu', 'us']);
          for (const lane of state.lanes) {
            for (const x of [...lane.samples, ...lane.backoffs, ...(lane.summary ? [lane.summary] : []), ...(lane.validation ? [lane.validation] : [])]) expect(x.endpoint).toBe(lane.endpoint);
          }
          const { done, total } = progress(state);
          expect(done).toBeLessThanOrEqual(total);
        }),
        { numRuns: 300 },
      );
    });
  });
});
