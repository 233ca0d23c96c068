import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TestEvent, TestRequest } from '../../../src/lib/api-contract';
import { buildReport, type ReportInput } from '../../../src/islands/key-tester/logic/report';
import { initialState, reduce, type RunState } from '../../../src/islands/key-tester/logic/state';
import { mistral } from './provider-fixture';

const key = 'AbCdEfGhIjKlMnOpQrStUvWxYz01WXYZ';
const request: TestRequest = { provider: 'mistral', endpoint: 'global', checks: ['chat'], benchmark: { target: 'chat', model: 'mistral-small-latest', runs: 2, maxTokens: 32 } };

function run(events: unknown[], from: RunState = reduce(initialState, { type: 'start', request })): RunState {
  return events.reduce<RunState>((s, event) => reduce(s, { type: 'event', event }), from);
}

const full: TestEvent[] = [
  { type: 'validation', verdict: 'valid', httpStatus: 200, requestId: 'req-123', ms: 120.4, message: 'Your key works on api.mistral.ai. It can use 2 models.', fix: '', errorPage: null, suggestedEndpoint: null },
  { type: 'models', models: [
    { id: 'mistral-small-2603', name: 'mistral-small-2603', aliases: ['mistral-small-latest'], family: 'Small', capabilities: { completion_chat: true }, contextLength: 131072, deprecation: null, fineTuned: false },
    { id: 'mistral-embed-2312', name: 'mistral-embed-2312', aliases: [], family: 'Embed', capabilities: {}, contextLength: 8192, deprecation: null, fineTuned: false },
  ] },
  { type: 'rate_limits', limits: [{ name: 'Requests', limit: 60, remaining: 59, window: 'minute' }, { name: 'Tokens', limit: 5000000, remaining: null, window: 'minute' }], notes: ['A limit | with a pipe.'] },
  { type: 'check', name: 'chat', ok: false, model: 'ministral-3b-latest', ms: 80, httpStatus: 400, message: 'Mistral refused | the request\nfor this model.', requestId: null },
  { type: 'sample', run: 0, warmup: true, ttfbMs: 90, ttftMs: 200, e2eMs: 500, outputTokens: 32, tokensPerSecond: 100, serverMs: null },
  { type: 'sample', run: 1, warmup: false, ttfbMs: 80, ttftMs: 150, e2eMs: 400, outputTokens: 32, tokensPerSecond: 110, serverMs: null },
  { type: 'summary', runs: 1, metrics: { ttfbMs: { p50: 80, p90: 80, min: 80, max: 80, mean: 80 }, ttftMs: { p50: 150, p90: 150, min: 150, max: 150, mean: 150 }, e2eMs: null, tokensPerSecond: { p50: 110, p90: 110, min: 110, max: 110, mean: 110 } }, measuredFrom: 'CDG', clock: { resolutionMs: 1, advancesOnIoOnly: true }, note: 'Stopped early.' },
  { type: 'done', ms: 2100 },
];

const input = (state: RunState, k = key): ReportInput => ({ providerName: 'Mistral', catalogue: mistral.catalogue, endpointLabel: 'Global (api.mistral.ai)', state, key: k, verdictTitle: 'Your key works', now: new Date('2026-11-26T10:32:00Z'), origin: 'https://keyprobe.dev' });

describe('buildReport', () => {
  it('carries everything a support ticket needs', () => {
    const text = buildReport(input(run(full)));
    expect(text).toContain('# Keyprobe report: Mistral API key');
    expect(text).toContain('- Date: 2026-11-26 10:32 UTC');
    expect(text).toContain('- Endpoint: Global (api.mistral.ai)');
    expect(text).toContain('- Verdict: **valid** (Your key works)');
    expect(text).toContain('- Request id: `req-123`');
    expect(text).toContain('## Models (2)');
    expect(text).toContain('- Small: `mistral-small-2603` (128k)');
    expect(text).toContain('| Requests per minute | 60 | 59 |');
    expect(text).toContain('| Tokens per minute | 5,000,000 | — |');
    expect(text).toContain('> A limit | with a pipe.');
    expect(text).toContain('| chat | failed | ministral-3b-latest | 400 | 80 ms | Mistral refused \\| the request for this model. |');
    expect(text).toContain('Settings: target chat, model `mistral-small-latest`, 2 runs + 1 warm-up, max 32 tokens.');
    expect(text).toContain('Measured runs: 1, measured from Cloudflare CDG.');
    expect(text).toContain('Times come from Cloudflare CDG’s clock, which counts in steps of 1 ms, and moves only when data arrives, not while code runs: each time may read up to 1 ms short or long.');
    expect(text).toContain('_Made with Keyprobe (https://keyprobe.dev/). The key itself is not in this report._');
    expect(text).toContain('| TTFT | 150 ms | 150 ms | 150 ms | 150 ms | 150 ms |');
    expect(text).toContain('> Stopped early.');
    expect(text).not.toContain('| End to end |');
    expect(text).toContain('- Total time: 2,100 ms');
  });

  it("lists a model's price when the provider's list states one", () => {
    const priced = run([
      full[0],
      { type: 'models', models: [{ id: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo', name: 'x', aliases: [], family: 'Small', capabilities: {}, contextLength: 131072, deprecation: null, fineTuned: false, price: { input: 0.18000000000000002, output: 0.18000000000000002, currency: 'USD' } }] },
    ]);
    expect(buildReport(input(priced))).toContain('- Small: `meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo` (128k; $0.18 in · $0.18 out per 1M tokens)');
  });

  it('says when the model list is the provider’s public one, not the key’s', () => {
    const publicList = full.map((e) => (e.type === 'models' ? { ...e, public: true } : e));
    const text = buildReport(input(run(publicList)));
    expect(text).toContain('## Models Mistral offers (2; its public list, the same for every key)');
    expect(text).not.toContain('## Models (2)');
    expect(run(publicList).modelsPublic).toBe(true);
    expect(run(full).modelsPublic).toBe(false);
  });

  it('a run from the browser says so, and names a request id it could not read as not exposed', () => {
    const hidden = full.map((e) => (e.type === 'validation' ? { ...e, requestId: null, requestIdNotExposed: true } : e));
    const text = buildReport({ ...input(run(hidden)), fromBrowser: true });
    expect(text).toContain("- Tested from the browser: the key went straight to the provider; times are the user's network and browser clock");
    expect(text).toContain('- Request id: not exposed to browsers');
    expect(buildReport(input(run(full)))).not.toContain('Tested from the browser');
  });

  it('shows the key only as … and its last 4 characters', () => {
    const text = buildReport(input(run(full)));
    expect(text).toContain('- Key: `…WXYZ` (last 4 characters only)');
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.slice(0, 8));
  });

  it('never contains the key, even when a message repeats it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{12,64}$/), (k) => {
        const echoing = run([
          { type: 'validation', verdict: 'invalid', httpStatus: 401, requestId: k, ms: 5, message: `Mistral said: “bad key ${k}”.`, fix: `Replace ${k}.`, errorPage: '/mistral/errors/401/' },
          { type: 'rate_limits', limits: [], notes: [k] },
          { type: 'done', ms: 9 },
        ]);
        const text = buildReport(input(echoing, k));
        expect(text).not.toContain(k);
        expect(text).toContain(`\`…${k.slice(-4)}\``);
      }),
      { numRuns: 200 },
    );
  });

  it('says which output-token count the benchmark used, when the provider says', () => {
    expect(buildReport(input(run(full)))).not.toContain('Output tokens as');
    const counted = full.map((e) => (e.type === 'sample' ? { ...e, tokenSource: 'usage_excluding_reasoning' as const } : e));
    expect(buildReport({ ...input(run(counted)), providerName: 'xAI' })).toContain('Output tokens as xAI reported them in its usage, reasoning tokens left out');
  });

  it('does not print a fingerprint of a key too short to spare 4 characters', () => {
    expect(buildReport(input(run(full), 'short1'))).toContain('- Key: `…`');
  });

  it('reports a failure that happened before any verdict', () => {
    const failed = reduce(reduce(initialState, { type: 'start', request }), { type: 'network_error' });
    const text = buildReport(input(failed));
    expect(text).toMatch(/- Problem: Keyprobe's test endpoint could not be reached/);
    expect(text).not.toContain('Verdict');
  });

  it('puts compared endpoints side by side, the best value of each row in bold', () => {
    const compare: TestRequest = { provider: 'mistral', endpoint: 'global', benchmark: { target: 'models', runs: 2, endpoints: ['global', 'eu', 'us'] } };
    const d = (v: number) => ({ p50: v, p90: v + 10, min: v, max: v + 10, mean: v + 5 });
    const v = (endpoint: string, verdict = 'valid', httpStatus = 200) => ({ ...full[0], endpoint, verdict, httpStatus });
    const sum = (endpoint: string, ttfb: number) => ({ type: 'summary', endpoint, runs: 2, metrics: { ttfbMs: d(ttfb), ttftMs: null, e2eMs: d(ttfb + 5), tokensPerSecond: null }, measuredFrom: 'CDG', note: null });
    const state = run([v('global'), v('eu'), v('us', 'invalid', 401), sum('global', 50), sum('eu', 40), { type: 'done', ms: 900 }], reduce(initialState, { type: 'start', request: compare }));
    const text = buildReport({ ...input(state), endpoints: mistral.endpoints });
    expect(text).toContain('## Endpoints compared');
    expect(text).toContain('Measured from Cloudflare CDG.');
    expect(text).toContain('|  | Global (api.mistral.ai) | EU (api.eu.mistral.ai) | US (api.us.mistral.ai) |');
    expect(text).toContain('| Key check | valid, HTTP 200 | valid, HTTP 200 | invalid, HTTP 401 |');
    expect(text).toContain('| TTFB p50 | 50 ms | **40 ms** | — |');
    expect(text).not.toContain('## Benchmark');
  });
});
