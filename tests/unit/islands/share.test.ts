/**
 * Shared results: what a link carries (structured data only, never the key beyond its last 4
 * characters, never account facts or text), the fragment's encoding, the viewer's schema (which
 * refuses anything else), and the view rebuilt with Keyprobe's own messages.
 */
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'astro/zod';
import { benchmarkTargets, checkNames, verdicts, LIMITS, MEASURED_IN_BROWSER, type TestEvent, type TestRequest } from '../../../src/lib/api-contract';
import {
  buildShared,
  decodeFragment,
  encodeShared,
  endpointIdPattern,
  errorCodePattern,
  fromPattern,
  keyTailPattern,
  limitNamePattern,
  limitWindowPattern,
  MAX_JSON,
  modelIdPattern,
  requestIdPattern,
  SHARE_PREFIX,
  SHARE_VERSION,
  type SharedResult,
} from '../../../src/islands/key-tester/logic/share';
import { measuredWhere, SHARED_FROM_BROWSER } from '../../../src/islands/key-tester/logic/format';
import { buildReport } from '../../../src/islands/key-tester/logic/report';
import { parseShared } from '../../../src/islands/key-tester/logic/shared-schema';
import { problemText, sharedFromText, sharedView, verdictText, type SharedView } from '../../../src/islands/key-tester/logic/shared-view';
import { initialState, reduce, type RunState } from '../../../src/islands/key-tester/logic/state';
import { leaksOf } from '../../support/canary';
import { global, mistral } from './provider-fixture';

/** The viewer's rules as they were written with zod, before the hand-written guards: the reference. */
const sharedResultSchema = (() => {
  const ms = z.number().finite().min(0).max(600_000);
  const status = z.number().int().min(100).max(599).nullable();
  const count = z.number().int().min(0).max(1e12);
  const requestId = z.string().regex(requestIdPattern).nullable();
  const page = z.string().regex(errorCodePattern).nullable();
  const verdict = z.enum(verdicts);
  const dist = z.tuple([ms, ms, ms, ms, ms]).nullable();
  const rate = z.number().finite().min(0).max(1e7);
  const distRate = z.tuple([rate, rate, rate, rate, rate]).nullable();
  const run = z.number().int().min(0).max(LIMITS.runs.max);
  const sample = z.tuple([run, z.union([z.literal(0), z.literal(1)]), ms, ms.nullable(), ms, count.nullable(), rate.nullable()]);

  const lane = z.strictObject({
    endpoint: z.string().regex(endpointIdPattern),
    verdict: verdict.nullable(),
    status,
    ms: ms.nullable(),
    requestId,
    page,
    backoffs: z.number().int().min(0).max(100),
    summary: z.strictObject({ runs: run, ttfb: dist, ttft: dist, e2e: dist, tps: distRate }).nullable(),
    samples: z.array(sample).max(LIMITS.runs.max + 1),
  });

  return z.strictObject({
    v: z.literal(SHARE_VERSION),
    provider: z.string().regex(endpointIdPattern),
    endpoint: z.string().regex(endpointIdPattern),
    at: z.number().int().min(1_700_000_000).max(4_102_444_800),
    from: z.string().regex(fromPattern).nullable(),
    key: z.string().regex(keyTailPattern).nullable(),
    phase: z.enum(['finished', 'cancelled', 'failed']),
    failure: z.enum(['http', 'network', 'stream', 'internal', 'timeout']).nullable(),
    failureStatus: status,
    totalMs: ms.nullable(),
    validation: z
      .strictObject({
        verdict,
        status,
        ms,
        requestId,
        billing: z.enum(['verified', 'unverified', 'exhausted']).nullable(),
        page,
        suggested: z.string().regex(endpointIdPattern).nullable(),
      })
      .nullable(),
    outcome: z.strictObject({ verdict, basis: z.enum(['validation', ...checkNames]) }).nullable(),
    models: z.number().int().min(0).max(100_000).nullable(),
    limits: z
      .array(z.strictObject({ name: z.string().regex(limitNamePattern), window: z.string().regex(limitWindowPattern), limit: count, remaining: count.nullable() }))
      .max(20)
      .nullable(),
    checks: z
      .array(
        z.strictObject({
          name: z.enum(checkNames),
          ok: z.boolean(),
          model: z.string().regex(modelIdPattern).nullable(),
          status,
          ms,
          verdict: verdict.nullable(),
          page,
          requestId,
        }),
      )
      .max(checkNames.length),
    benchmark: z
      .strictObject({
        target: z.enum(benchmarkTargets),
        model: z.string().regex(modelIdPattern).nullable(),
        runs: run.min(1),
        maxTokens: z.number().int().min(LIMITS.maxTokens.min).max(LIMITS.maxTokens.max).nullable(),
        tokenSource: z.enum(['usage', 'usage_excluding_reasoning', 'usage_including_reasoning', 'metrics']).nullable(),
        lanes: z.array(lane).min(1).max(4),
      })
      .nullable(),
  });
})();

const key = 'Zq7XkP2mNw9RtY4vBc6HdJ8sLf3GaQ1e';
const request: TestRequest = { provider: 'mistral', endpoint: 'global', checks: ['chat', 'fim'], benchmark: { target: 'chat', model: 'mistral-small-latest', runs: 2, maxTokens: 8 } };
const now = new Date('2026-11-30T14:02:00Z');
const d = (v: number) => ({ p50: v, p90: v + 10, min: v - 1, max: v + 11, mean: v + 4 });

/** A full run whose server texts repeat the key (an echoing provider), with account facts that must never travel. */
const events: TestEvent[] = [
  { type: 'validation', verdict: 'valid', httpStatus: 200, requestId: '0b1f3a4e-5c6d-7e8f-9a0b-1c2d3e4f5a6b', ms: 120.456, message: `Your key ${key} works. Paste your key at evil.example`, fix: key, errorPage: null, suggestedEndpoint: null, billing: 'verified' },
  { type: 'account', balances: [{ amount: '12.34', currency: 'USD' }], limit: 100, remaining: 50, canSpend: true, freeTier: false, keyLabel: `sk-…${key.slice(-4)} my prod key`, permissions: ['secret-scope'], expiresAt: '2027-01-01' },
  { type: 'models', models: [{ id: 'mistral-small-latest', name: 'x', aliases: [], family: 'Small', capabilities: {}, contextLength: 1, deprecation: null, fineTuned: false }, { id: `ft:${key}`, name: 'y', aliases: [], family: 'Other', capabilities: {}, contextLength: 1, deprecation: null, fineTuned: true }] },
  { type: 'rate_limits', limits: [{ name: 'Requests', limit: 60, remaining: 59, window: 'minute' }, { name: 'Secret limit', limit: 1, remaining: 1, window: 'day' }], notes: [`note with ${key}`] },
  { type: 'check', name: 'chat', ok: true, model: 'ministral-3b-latest', ms: 80, httpStatus: 200, message: `Answered: ${key}`, requestId: 'req_4f2a9c' },
  { type: 'check', name: 'fim', ok: false, model: `ft:${key}`, ms: 70, httpStatus: 429, message: 'no credit', requestId: key, verdict: 'quota_exhausted', errorPage: '/mistral/errors/429-quota/' },
  { type: 'sample', run: 0, warmup: true, ttfbMs: 90.123, ttftMs: 200, e2eMs: 500, outputTokens: 8, tokensPerSecond: 100, serverMs: 40, servedBy: key, tokenSource: 'usage' },
  { type: 'sample', run: 1, warmup: false, ttfbMs: 80, ttftMs: 150, e2eMs: 400, outputTokens: 8, tokensPerSecond: 110, serverMs: 40, tokenSource: 'usage' },
  { type: 'sample', run: 2, warmup: false, ttfbMs: 82, ttftMs: 160, e2eMs: 420, outputTokens: 8, tokensPerSecond: 105, serverMs: 40, tokenSource: 'usage' },
  { type: 'backoff', run: 2, waitMs: 1000, message: `waited for ${key}` },
  { type: 'summary', runs: 2, metrics: { ttfbMs: d(81), ttftMs: d(155), e2eMs: d(410), tokensPerSecond: d(107) }, measuredFrom: 'CDG', clock: { resolutionMs: 1, advancesOnIoOnly: true }, note: `note ${key}` },
  { type: 'outcome', verdict: 'quota_exhausted', basis: 'fim', message: `outcome ${key}` },
  { type: 'done', ms: 2100 },
];

const fold = (list: unknown[], req: TestRequest = request): RunState => list.reduce<RunState>((s, event) => reduce(s, { type: 'event', event }), reduce(initialState, { type: 'start', request: req }));
const share = (state: RunState, k = key) => buildShared({ facts: mistral, state, key: k, now }) as SharedResult;
const strings = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(strings) : value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]) : []);
const viewOf = (r: SharedResult) => sharedView(r, mistral) as SharedView;

async function roundTrip(result: SharedResult): Promise<{ fragment: string; json: unknown }> {
  const fragment = await encodeShared(result);
  const decoded = await decodeFragment(`#${fragment}`);
  if (!('json' in decoded)) throw new Error(decoded.problem);
  return { fragment, json: decoded.json };
}

describe('buildShared', () => {
  it('carries the result as structured data, and nothing of the key but its last 4 characters', async () => {
    const { fragment, json } = await roundTrip(share(fold(events)));
    expect(fragment.startsWith(SHARE_PREFIX)).toBe(true);
    expect(fragment).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    const all = strings(json).join('\n');
    expect(leaksOf(key, all)).toEqual([]);
    expect(leaksOf(key, fragment)).toEqual([]);
    expect(json).toMatchObject({ v: 1, provider: 'mistral', endpoint: 'global', at: now.getTime() / 1000, from: 'CDG', key: key.slice(-4), phase: 'finished', models: 2 });
    // No account facts, no server text of any kind.
    for (const word of ['account', 'balances', 'keyLabel', 'permissions', 'secret-scope', '12.34', 'message', 'fix', 'note', 'notes', 'servedBy', 'evil', 'Answered', 'waited']) expect(all, word).not.toContain(word);
    // Ids it does not know are left out: a fine-tune's model id, a request id that is the key, a rate limit not in the data.
    expect((json as SharedResult).checks.map((c) => [c.name, c.model, c.requestId, c.page])).toEqual([['chat', 'ministral-3b-latest', 'req_4f2a9c', null], ['fim', null, null, '429-quota']]);
    expect((json as SharedResult).limits).toEqual([{ name: 'Requests', window: 'minute', limit: 60, remaining: 59 }]);
    expect((json as SharedResult).benchmark?.lanes[0]).toMatchObject({ endpoint: 'global', backoffs: 1, samples: [[0, 1, 90.12, 200, 500, 8, 100], [1, 0, 80, 150, 400, 8, 110], [2, 0, 82, 160, 420, 8, 105]] });
    expect(parseShared(json)).not.toBeNull();
  });

  it('has no key tail for a key too short to spare it, and nothing while a run goes on', () => {
    expect(share(fold(events), 'short-key1').key).toBeNull();
    expect(buildShared({ facts: mistral, state: reduce(initialState, { type: 'start', request }), key, now })).toBeNull();
  });

  it("never names the user's resource, even where a provider puts it in an id", async () => {
    const resource = 'contoso-prod1';
    const echoing = events.map((e) => (e.type === 'validation' || (e.type === 'check' && e.ok) ? { ...e, requestId: `${resource}-0b1f3a4e` } : e));
    const { json } = await roundTrip(share(fold(echoing, { ...request, resource })));
    expect(strings(json).filter((s) => s.includes(resource))).toEqual([]);
    expect((json as SharedResult).validation?.requestId).toBeNull();
    // Without a resource, the same ids travel.
    expect(share(fold(echoing)).validation?.requestId).toBe(`${resource}-0b1f3a4e`);
  });

  it('stays short enough for a chat message with a full benchmark', async () => {
    const runs = Array.from({ length: 21 }, (_, run) => ({ type: 'sample', run, warmup: run === 0, ttfbMs: 80 + run, ttftMs: 150 + run, e2eMs: 400 + run, outputTokens: 32, tokensPerSecond: 110 + run, serverMs: null }));
    const { fragment } = await roundTrip(share(fold([events[0], ...runs, events[10], events[12]], { ...request, benchmark: { ...request.benchmark!, runs: 20 } })));
    expect(fragment.length).toBeLessThan(1200);
  });
});

describe('the viewer', () => {
  it('rebuilds the same result view, with Keyprobe’s own messages', async () => {
    const state = fold(events);
    const { json } = await roundTrip(share(state));
    const view = viewOf(parseShared(json)!);
    const s = view.state;
    expect(view.keyTail).toBe(`…${key.slice(-4)}`);
    expect(view.at.toISOString()).toBe(now.toISOString());
    expect(view.endpoint.id).toBe('global');
    expect(view.modelCount).toBe(2);
    expect(s.validation).toMatchObject({ verdict: 'valid', httpStatus: 200, requestId: '0b1f3a4e-5c6d-7e8f-9a0b-1c2d3e4f5a6b', billing: 'verified', ...verdictText('valid', 'Mistral', 200, global, null) });
    expect(s.validation?.message).toBe('Mistral accepted the key on api.mistral.ai.');
    expect(s.checks.map((c) => [c.name, c.ok, c.message, c.errorPage ?? null])).toEqual([['chat', true, 'Passed.', null], ['fim', false, 'Valid key, but no allowance left (HTTP 429).', '/mistral/errors/429-quota/']]);
    expect(s.outcome).toEqual({ type: 'outcome', verdict: 'quota_exhausted', basis: 'fim', message: 'The fim check decided it.' });
    expect(s.summary?.metrics).toEqual(state.summary?.metrics);
    expect(s.samples.map((x) => [x.run, x.warmup, x.ttftMs])).toEqual(state.samples.map((x) => [x.run, x.warmup, x.ttftMs]));
    expect(s.rateLimits).toEqual({ type: 'rate_limits', limits: [{ name: 'Requests', limit: 60, remaining: 59, window: 'minute' }], notes: [] });
    expect(s.account).toBeNull();
    expect(s.models).toBeNull();
    expect(leaksOf(key, JSON.stringify(view))).toEqual([]);
    expect(JSON.stringify(view)).not.toMatch(/evil|Paste/);
  });

  it("says a test ran from the sharer's browser as that, never as the viewer's browser or a Cloudflare location", async () => {
    const report = (state: RunState) => buildReport({ providerName: 'Mistral', catalogue: mistral.catalogue, endpointLabel: 'Global', state, key: '', verdictTitle: null, now, origin: 'https://keyprobe.dev' });
    const fromBrowser = events.map((e) => (e.type === 'summary' ? { ...e, measuredFrom: MEASURED_IN_BROWSER } : e));
    const { json } = await roundTrip(share(fold(fromBrowser)));
    expect(json).toMatchObject({ from: 'this browser' });
    const view = viewOf(parseShared(json)!);
    expect(view.from).toBe(MEASURED_IN_BROWSER);
    expect(view.state.summary?.measuredFrom).toBe(SHARED_FROM_BROWSER);
    expect(measuredWhere(view.state.summary?.measuredFrom)).toBe("measured from the sharer's browser (their network, their browser's clock)");
    expect(report(view.state)).toContain("Measured runs: 2, measured from the sharer's browser");
    expect(sharedFromText(view.from, 'Mistral')).toBe(", from the sharer's own browser (the key went straight to Mistral, not through Keyprobe's server)");
    expect(sharedFromText('CDG', 'Mistral')).toBe(', from Cloudflare CDG');
    // A link that does not say where: nothing is made up.
    const { json: nowhere } = await roundTrip({ ...share(fold(events)), from: null });
    const unknown = viewOf(parseShared(nowhere)!);
    expect(measuredWhere(unknown.state.summary?.measuredFrom)).toBe('');
    expect(report(unknown.state)).toContain('Measured runs: 2.');
  });

  it('keeps compared endpoints side by side', async () => {
    const compare: TestRequest = { provider: 'mistral', endpoint: 'global', benchmark: { target: 'models', runs: 1, endpoints: ['global', 'eu', 'us'] } };
    const v = (endpoint: string, verdict: string, httpStatus: number) => ({ ...events[0], endpoint, verdict, httpStatus, errorPage: verdict === 'valid' ? null : '/mistral/errors/401/' });
    const sample = (endpoint: string, run: number) => ({ ...events[7], endpoint, run, warmup: run === 0, ttftMs: null });
    const state = fold([v('global', 'valid', 200), v('eu', 'valid', 200), v('us', 'invalid', 401), sample('global', 0), sample('eu', 0), sample('global', 1), sample('eu', 1), { ...events[10], endpoint: 'global', runs: 1 }, { ...events[10], endpoint: 'eu', runs: 1 }, events[12]], compare);
    const { json } = await roundTrip(share(state));
    const view = viewOf(parseShared(json)!);
    expect(view.state.request?.benchmark?.endpoints).toEqual(['global', 'eu', 'us']);
    expect(view.state.lanes.map((l) => [l.endpoint, l.validation?.verdict, l.validation?.errorPage, l.samples.length, l.summary?.runs ?? null])).toEqual([
      ['global', 'valid', null, 2, 1],
      ['eu', 'valid', null, 2, 1],
      ['us', 'invalid', '/mistral/errors/401/', 0, null],
    ]);
    expect(view.state.lanes[2]?.validation?.message).toBe('Mistral rejected the key on api.us.mistral.ai (HTTP 401).');
  });

  it('refuses free text, unknown fields and out-of-range values; says why a fragment cannot be read', async () => {
    const good = share(fold(events));
    expect(parseShared(good)).not.toBeNull();
    const tampered: unknown[] = [
      { ...good, message: 'Paste your key at https://evil.example' },
      { ...good, validation: { ...good.validation, fix: 'Paste your key at https://evil.example' } },
      { ...good, validation: { ...good.validation, requestId: 'paste your key at evil.example' } },
      { ...good, validation: { ...good.validation, requestId: 'https://evil.example/x1' } },
      { ...good, validation: { ...good.validation, verdict: 'paste_your_key' } },
      { ...good, from: 'Paste your key here' },
      { ...good, key: 'https://evil' },
      { ...good, provider: 'Mistral says paste your key' },
      { ...good, checks: [{ ...good.checks[0], model: 'paste your key at evil.example' }] },
      { ...good, totalMs: -1 },
      { ...good, v: 2 },
      { ...good, benchmark: { ...good.benchmark, lanes: [] } },
      'paste your key at evil.example',
      null,
    ];
    for (const bad of tampered) expect(parseShared(bad), JSON.stringify(bad).slice(0, 120)).toBeNull();
    expect(await decodeFragment('')).toEqual({ problem: 'empty' });
    expect(await decodeFragment('#v2.abc')).toEqual({ problem: 'version' });
    expect(await decodeFragment('#hello')).toEqual({ problem: 'broken' });
    expect(await decodeFragment('#v1.not base64!')).toEqual({ problem: 'broken' });
    const fragment = await encodeShared(good);
    expect(await decodeFragment(`#${fragment.slice(0, -20)}`)).toEqual({ problem: 'broken' });
    // A small fragment that inflates past what a viewer reads.
    const bomb = deflateRawSync(Buffer.alloc(MAX_JSON * 4, 32)).toString('base64url');
    expect(await decodeFragment(`#${SHARE_PREFIX}${bomb}`)).toEqual({ problem: 'broken' });
    for (const text of Object.values(problemText)) expect(text).not.toMatch(/\{|\}/);
  });

  it("shows only what the provider's data names: a made-up rate limit, model or error page is left out, an unknown endpoint refuses the link", () => {
    const good = share(fold(events));
    const crafted: SharedResult = {
      ...good,
      limits: [{ name: 'Paste your key at evil', window: 'day', limit: 1, remaining: null }],
      checks: [{ ...good.checks[0]!, ok: false, verdict: 'invalid', model: 'evil.example', page: 'paste-your-key' }],
    };
    expect(parseShared(crafted)).not.toBeNull();
    const view = viewOf(crafted);
    expect(view.dropped).toBe(3);
    expect(JSON.stringify(view)).not.toMatch(/evil|Paste|paste/);
    expect(sharedView({ ...good, endpoint: 'mars' }, mistral)).toEqual({ problem: 'endpoint' });
    expect(sharedView({ ...good, benchmark: { ...good.benchmark!, lanes: [good.benchmark!.lanes[0]!, { ...good.benchmark!.lanes[0]!, endpoint: 'mars' }] } }, mistral)).toEqual({ problem: 'endpoint' });
  });

  it('never throws, and whatever it accepts holds only enums, numbers and ids of fixed shapes', () => {
    const allowed = /^([A-Za-z0-9][A-Za-z0-9._:/-]{0,99}|[A-Z][A-Za-z ]{0,39}|(\d{1,3} )?(second|minute|hour|day|week|month)s?)$/;
    const base = share(fold(events));
    const mutate = fc.tuple(fc.constantFrom(...Object.keys(base)), fc.anything()).map(([k, v]) => ({ ...base, [k]: v }));
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), mutate), (input) => {
        const parsed = parseShared(input);
        if (parsed === null) return;
        for (const text of strings(parsed)) expect(text).toMatch(allowed);
        expect(() => sharedView(parsed, mistral)).not.toThrow();
      }),
      { numRuns: 500 },
    );
    expect(sharedResultSchema.safeParse(base).success).toBe(true);
  });

  it('accepts and refuses exactly what the zod schema it replaced did, at every depth', () => {
    const base = share(fold(events));
    // Every place in a link: [path, value there]. Paths reach into lanes, samples and tuples.
    const places: [(string | number)[], unknown][] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
      places.push([path, value]);
      if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    };
    walk(base, []);
    const edges: unknown[] = [
      0, -0, 1, -1, 0.5, 1.5, 99, 100, 200.5, 599, 600, 600_000, 600_001, 1e7, 1e7 + 1, 1e12, 1e12 + 1, 2 ** 53, Number.NaN, Infinity, 1_700_000_000, 1_700_000_000.5, 4_102_444_801,
      '', 'a', 'req_4f2a9c', 'abcd', 'abc', 'CDG', 'cdg', 'local', 'global', 'Global', 'x'.repeat(40), 'x'.repeat(41), 'minute', '10 seconds', '1000 days', 'Requests', 'valid', 'chat', 'usage',
      'mistral-small-latest', 'a b', true, false, null, [], {}, [0, 0, 1, 2, 3], [1, 2, 3, 4, 5, 6],
    ];
    const set = (root: unknown, path: (string | number)[], value: unknown, op: 'set' | 'delete' | 'add'): unknown => {
      const copy = structuredClone(root) as Record<string | number, unknown>;
      if (path.length === 0) return op === 'set' ? value : copy;
      let at: Record<string | number, unknown> = copy;
      for (const step of path.slice(0, -1)) at = at[step] as Record<string | number, unknown>;
      const last = path.at(-1) as string | number;
      if (op === 'delete') {
        if (Array.isArray(at)) at.splice(Number(last), 1);
        else delete at[last];
      } else if (op === 'add') {
        const target = at[last];
        if (Array.isArray(target)) target.push(value);
        else if (target && typeof target === 'object') (target as Record<string, unknown>).extra = value;
        else at[last] = value;
      } else at[last] = value;
      return copy;
    };
    let accepted = 0;
    let checked = 0;
    const agree = (input: unknown) => {
      checked++;
      const reference = sharedResultSchema.safeParse(input);
      const parsed = parseShared(input);
      expect(parsed !== null, String(JSON.stringify(input)).slice(0, 300)).toBe(reference.success);
      if (reference.success) {
        accepted++;
        expect(parsed).toEqual(reference.data);
      }
    };
    // Every place with every edge value, without it, and with one field or item too many.
    for (const [path] of places) {
      for (const value of edges) agree(set(base, path, value, 'set'));
      agree(set(base, path, undefined, 'delete'));
      agree(set(base, path, 0, 'add'));
    }
    // Then anything at all, anywhere.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: places.length - 1 }), fc.anything(), (i, value) => agree(set(base, (places[i] as [(string | number)[], unknown])[0], value, 'set'))),
      { numRuns: 2000 },
    );
    agree(base);
    // Both outcomes are exercised.
    expect(checked).toBe(places.length * (edges.length + 2) + 2001);
    expect(accepted).toBeGreaterThan(checked / 10);
    expect(accepted).toBeLessThan(checked * 0.9);
  });
});
