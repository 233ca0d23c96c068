// Fidelity 3: each scenario key returns the documented status, body and headers (README.md table).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_KEYS, SCENARIO_NAMES, startFakeMistral } from '../fakes/mistral/server.ts';
import type { FakeMistral } from '../fakes/mistral/server.ts';
import { CHAT, EMBED, FIM, getJson, postJson, streamChunks, timedRequest } from './helpers.ts';

let fake: FakeMistral;
let cs: FakeMistral;
beforeAll(async () => {
  [fake, cs] = await Promise.all([startFakeMistral(), startFakeMistral({ role: 'codestral' })]);
});
afterAll(async () => { await Promise.all([fake.close(), cs.close()]); });
beforeEach(() => { fake.reset(); cs.reset(); });

const HEX32 = /^[0-9a-f]{32}$/;
const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
// Timing assertions are exact (±3 ms); a retry absorbs a CPU-starved run on a loaded 2-core box, a
// consistently imprecise fake still fails every attempt.
const TIMING_RETRY = { retry: 2 };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const rl = (res: Response): Record<string, string> =>
  Object.fromEntries([...res.headers].filter(([k]) => k.includes('ratelimit')));

function expectInfra2026(res: Response, upstream = true): void {
  const h = res.headers;
  expect(h.get('mistral-correlation-id')).toMatch(UUID7);
  expect(h.get('x-kong-request-id')).toBe(h.get('mistral-correlation-id'));
  expect(h.get('server')).toBe('cloudflare');
  expect(h.get('cf-ray')).toMatch(/^[0-9a-f]{16}-CDG$/);
  expect(h.get('cf-cache-status')).toBe('DYNAMIC');
  expect(h.get('access-control-allow-origin')).toBe('*');
  expect(h.get('strict-transport-security')).toBe('max-age=15552000; includeSubDomains; preload');
  expect(h.get('x-content-type-options')).toBe('nosniff');
  expect(h.get('alt-svc')).toBe('h3=":443"; ma=86400');
  expect(h.get('x-kong-proxy-latency')).toMatch(/^\d+$/);
  if (upstream) {
    expect(h.get('x-envoy-upstream-service-time')).toMatch(/^\d+$/);
    expect(h.get('x-kong-upstream-latency')).toBe(h.get('x-envoy-upstream-service-time'));
  }
  expect(h.getSetCookie().map((c) => c.split('=')[0])).toEqual(['__cf_bm', '_cfuvid']);
}

describe('keys', () => {
  it('every scenario key looks like a real Mistral key: 32 chars of [A-Za-z0-9], unique, marked Fake', () => {
    const keys = Object.values(FAKE_KEYS);
    expect(keys).toHaveLength(SCENARIO_NAMES.length);
    expect(new Set(keys).size).toBe(keys.length);
    for (const [name, key] of Object.entries(FAKE_KEYS)) {
      expect(key).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(key.startsWith('Fake'), name).toBe(true);
    }
  });

  it('README documents every scenario with its key', () => {
    const readme = readFileSync(new URL('../fakes/mistral/README.md', import.meta.url), 'utf8');
    for (const [name, key] of Object.entries(FAKE_KEYS)) {
      expect(readme).toContain(`\`${name}\``);
      expect(readme).toContain(key);
    }
  });
});

describe('routing and authentication', () => {
  it('missing Authorization → 401 Kong "No API key found in request"', async () => {
    const res = await getJson(fake.origin, '/v1/models');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'No API key found in request', request_id: expect.stringMatching(HEX32) });
    expectInfra2026(res, false);
  });

  it('an unknown 32-char key, a short key and a non-Bearer header → 401', async () => {
    const a = await getJson(fake.origin, '/v1/models', 'abcdefghijklmnopqrstuvwxyz012345');
    expect([a.status, await a.json()]).toEqual([401, { detail: 'Unauthorized' }]);
    const b = await getJson(fake.origin, '/v1/models', 'short');
    expect(b.status).toBe(401);
    const c = await fetch(`${fake.origin}/v1/models`, { headers: { authorization: `Basic ${FAKE_KEYS.validPaid}` } });
    expect([c.status, await c.json()]).toMatchObject([401, { message: 'No API key found in request' }]);
  });

  it('unknown route on the platform → 404 Kong body (before auth)', async () => {
    for (const key of [undefined, FAKE_KEYS.validPaid]) {
      const res = await getJson(fake.origin, '/v1/chat/models', key);
      expect(res.status).toBe(404);
      const body = (await res.json()) as { request_id: string };
      expect(body).toEqual({ message: 'no Route matched with those values', request_id: expect.stringMatching(HEX32) });
      expect(body.request_id).toBe(res.headers.get('x-kong-request-id')?.replace(/-/g, ''));
    }
  });

  it('wrong method → 405 {"detail":"Method Not Allowed"}', async () => {
    const a = await getJson(fake.origin, '/v1/chat/completions', FAKE_KEYS.validPaid);
    expect([a.status, await a.json(), a.headers.get('allow')]).toEqual([405, { detail: 'Method Not Allowed' }, 'POST']);
    const b = await postJson(fake.origin, '/v1/models', FAKE_KEYS.validPaid, {});
    expect(b.status).toBe(405);
  });

  it('codestral role: only FIM and chat exist; anything else is 404 {"detail":"Not Found"}', async () => {
    for (const path of ['/v1/models', '/v1/embeddings', '/v1/nope']) {
      const res = await getJson(cs.origin, path, FAKE_KEYS.codestralOnly);
      expect([res.status, await res.json()]).toEqual([404, { detail: 'Not Found' }]);
    }
  });
});

describe('valid keys', () => {
  it('validFree: 2026 headers with free values counting down, query cost, 1 request/second, paid-only models at zero allowance', async () => {
    const key = FAKE_KEYS.validFree;
    const m = await getJson(fake.origin, '/v1/models', key);
    expect(m.status).toBe(200);
    expectInfra2026(m);
    expect(rl(m)).toEqual({
      'x-ratelimit-limit-req-minute': '60', 'x-ratelimit-remaining-req-minute': '59',
      'x-ratelimit-limit-tokens-minute': '50000', 'x-ratelimit-remaining-tokens-minute': '50000',
      'x-ratelimit-limit-tokens-month': '4000000', 'x-ratelimit-remaining-tokens-month': '4000000',
      'x-ratelimit-tokens-query-cost': '0',
    });
    // Immediately again: the per-second rule (Kong's own message, rate headers still present).
    const fast = await postJson(fake.origin, '/v1/chat/completions', key, CHAT);
    expect(fast.status).toBe(429);
    expect(await fast.json()).toEqual({ message: 'Requests rate limit exceeded' });
    expect(fast.headers.get('x-ratelimit-remaining-req-minute')).toBe('59');
    await sleep(1010);
    const ok = await postJson(fake.origin, '/v1/chat/completions', key, CHAT);
    expect(ok.status).toBe(200);
    const usage = ((await ok.json()) as { usage: { total_tokens: number } }).usage;
    expect(rl(ok)).toMatchObject({
      'x-ratelimit-remaining-req-minute': '58',
      'x-ratelimit-tokens-query-cost': String(usage.total_tokens),
      'x-ratelimit-remaining-tokens-minute': String(50000 - usage.total_tokens),
      'x-ratelimit-remaining-tokens-month': String(4000000 - usage.total_tokens),
    });
    await sleep(1010);
    const paidOnly = await postJson(fake.origin, '/v1/chat/completions', key, { ...CHAT, model: 'devstral-latest' });
    expect(paidOnly.status).toBe(429);
    expect(await paidOnly.json()).toEqual({ object: 'error', message: 'Rate limit exceeded', type: 'rate_limited', param: null, code: '1300', raw_status_code: 429 });
    expect(paidOnly.headers.get('x-ratelimit-limit-req-minute')).toBe('0');
    expect(paidOnly.headers.get('x-ratelimit-remaining-req-minute')).toBe('0');
  });

  it('validFree: the 1 s rule is exact at the boundary (judged on the fake\'s own arrival times)', TIMING_RETRY, async () => {
    fake.reset(); // also on a retry
    const key = FAKE_KEYS.validFree;
    const t0 = performance.now();
    const statuses: number[] = [(await getJson(fake.origin, '/v1/models', key)).status];
    for (const at of [990, 1008]) {
      await sleep(Math.max(0, t0 + at - performance.now()));
      statuses.push((await getJson(fake.origin, '/v1/models', key)).status);
    }
    const times = fake.requests.map((r) => r.at);
    const [a, b, c] = times as [number, number, number];
    // The probes really straddle the boundary …
    expect(b - a).toBeGreaterThan(950);
    expect(b - a).toBeLessThan(1000);
    expect(c - a).toBeGreaterThanOrEqual(1000);
    // … and the verdicts follow the arrival times.
    expect(statuses).toEqual([200, 429, 200]);
  });

  it('validPaid: paid values, no per-second limit', async () => {
    const key = FAKE_KEYS.validPaid;
    const [a, b] = await Promise.all([getJson(fake.origin, '/v1/models', key), getJson(fake.origin, '/v1/models', key)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(rl(a)).toMatchObject({ 'x-ratelimit-limit-req-minute': '720', 'x-ratelimit-limit-tokens-minute': '5000000', 'x-ratelimit-limit-tokens-month': '1000000000' });
    expect(new Set([a.headers.get('x-ratelimit-remaining-req-minute'), b.headers.get('x-ratelimit-remaining-req-minute')])).toEqual(new Set(['719', '718']));
    const devstral = await postJson(fake.origin, '/v1/chat/completions', key, { ...CHAT, model: 'devstral-latest' });
    expect(devstral.status).toBe(200);
  });

  it('validLegacyHeaders: only the 2025 ratelimitbysize family, 32-hex x-kong-request-id, no correlation id', async () => {
    const res = await postJson(fake.origin, '/v1/chat/completions', FAKE_KEYS.validLegacyHeaders, CHAT);
    expect(res.status).toBe(200);
    const usage = ((await res.json()) as { usage: { total_tokens: number } }).usage;
    expect(rl(res)).toEqual({
      'ratelimitbysize-limit': '500000',
      'ratelimitbysize-remaining': String(500000 - usage.total_tokens),
      // Seconds left in the key's minute window, which began at its first call in this file.
      'ratelimitbysize-reset': expect.stringMatching(/^([1-9]|[1-5]\d|60)$/),
      'ratelimitbysize-query-cost': String(usage.total_tokens),
      'x-ratelimitbysize-limit-minute': '500000',
      'x-ratelimitbysize-remaining-minute': String(500000 - usage.total_tokens),
      'x-ratelimitbysize-limit-month': '1000000000',
      'x-ratelimitbysize-remaining-month': String(1000000000 - usage.total_tokens),
    });
    expect(res.headers.get('x-kong-request-id')).toMatch(HEX32);
    expect(res.headers.get('mistral-correlation-id')).toBeNull();
    expect(res.headers.get('x-envoy-upstream-service-time')).toMatch(/^\d+$/);
  });

  it('validFiveMinute: paid headers plus the 5-minute token window', async () => {
    const res = await postJson(fake.origin, '/v1/embeddings', FAKE_KEYS.validFiveMinute, EMBED);
    expect(res.status).toBe(200);
    const cost = Number(res.headers.get('x-ratelimit-tokens-query-cost'));
    expect(cost).toBeGreaterThan(0);
    expect(res.headers.get('x-ratelimit-limit-tokens-5-minute')).toBe('20000000');
    expect(res.headers.get('x-ratelimit-remaining-tokens-5-minute')).toBe(String(20000000 - cost));
    expect(res.headers.get('x-ratelimit-limit-req-minute')).toBe('720');
  });

  it('400 Invalid model for unknown ids and for models without the capability', async () => {
    const key = FAKE_KEYS.validPaid;
    const cases: [string, unknown, string][] = [
      ['/v1/chat/completions', { ...CHAT, model: 'mistral-medium-3.5' }, 'mistral-medium-3.5'],
      ['/v1/chat/completions', { ...CHAT, model: 'mistral-embed' }, 'mistral-embed'],
      ['/v1/fim/completions', { ...FIM, model: 'mistral-small-latest' }, 'mistral-small-latest'],
      ['/v1/embeddings', { ...EMBED, model: 'mistral-small-latest' }, 'mistral-small-latest'],
    ];
    for (const [path, body, model] of cases) {
      const res = await postJson(fake.origin, path, key, body);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ object: 'error', message: `Invalid model: ${model}`, type: 'invalid_model', param: null, code: '1500', raw_status_code: 400 });
      expect(res.headers.get('x-ratelimit-limit-req-minute')).toBe('720');
    }
  });
});

describe('error scenarios', () => {
  it('unauthorizedDetail: 401 {"detail":"Unauthorized"}, application/json; charset=utf-8, no rate headers', async () => {
    const res = await getJson(fake.origin, '/v1/models', FAKE_KEYS.unauthorizedDetail);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.text()).toBe('{"detail":"Unauthorized"}');
    expect(rl(res)).toEqual({});
  });

  it('unauthorizedKong: 401 {"message":"Unauthorized","request_id":<32 hex>}', async () => {
    const res = await postJson(fake.origin, '/v1/chat/completions', FAKE_KEYS.unauthorizedKong, CHAT);
    expect([res.status, await res.json()]).toEqual([401, { message: 'Unauthorized', request_id: expect.stringMatching(HEX32) }]);
  });

  it('unauthorizedNoBody: 401 with an empty body', async () => {
    const res = await getJson(fake.origin, '/v1/models', FAKE_KEYS.unauthorizedNoBody);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
    expect(res.headers.get('content-length')).toBe('0');
  });

  it('forbidden: 403 {"detail":"Forbidden"} (synthetic)', async () => {
    const res = await getJson(fake.origin, '/v1/models', FAKE_KEYS.forbidden);
    expect([res.status, await res.json()]).toEqual([403, { detail: 'Forbidden' }]);
  });

  it('rateLimited / rateLimitedRetryAfter: 429 code 1300 with remaining-req-minute 0 of 60; Retry-After only on the second', async () => {
    for (const [name, retry] of [['rateLimited', null], ['rateLimitedRetryAfter', '2']] as const) {
      for (const path of ['/v1/models', '/v1/chat/completions']) {
        const res = path === '/v1/models' ? await getJson(fake.origin, path, FAKE_KEYS[name]) : await postJson(fake.origin, path, FAKE_KEYS[name], CHAT);
        expect(res.status).toBe(429);
        expect(await res.json()).toEqual({ object: 'error', message: 'Rate limit exceeded', type: 'rate_limited', param: null, code: '1300', raw_status_code: 429 });
        expect(res.headers.get('x-ratelimit-limit-req-minute')).toBe('60');
        expect(res.headers.get('x-ratelimit-remaining-req-minute')).toBe('0');
        expect(res.headers.get('retry-after')).toBe(retry);
      }
    }
  });

  it('zeroAllowance: 429 with req-minute and tokens-month limits of 0', async () => {
    const res = await getJson(fake.origin, '/v1/models', FAKE_KEYS.zeroAllowance);
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ code: '1300', type: 'rate_limited' });
    expect(rl(res)).toMatchObject({
      'x-ratelimit-limit-req-minute': '0', 'x-ratelimit-remaining-req-minute': '0',
      'x-ratelimit-limit-tokens-month': '0', 'x-ratelimit-remaining-tokens-month': '0',
    });
  });

  it('capacity: models and embeddings work; chat and FIM → 429 "Service tier capacity exceeded"', async () => {
    const key = FAKE_KEYS.capacity;
    expect((await getJson(fake.origin, '/v1/models', key)).status).toBe(200);
    expect((await postJson(fake.origin, '/v1/embeddings', key, EMBED)).status).toBe(200);
    for (const [path, body] of [['/v1/chat/completions', CHAT], ['/v1/fim/completions', FIM]] as const) {
      const res = await postJson(fake.origin, path, key, body);
      expect(res.status).toBe(429);
      expect(await res.json()).toEqual({ object: 'error', message: 'Service tier capacity exceeded for this model.', type: 'invalid_request_error', param: null, code: null });
      expect(res.headers.get('x-ratelimit-limit-req-minute')).toBe('720');
    }
  });

  it('codestralOnly: 401 Kong body on the platform; FIM and chat on the codestral role, codestral models only', async () => {
    const key = FAKE_KEYS.codestralOnly;
    const p = await getJson(fake.origin, '/v1/models', key);
    expect([p.status, await p.json()]).toEqual([401, { message: 'Unauthorized', request_id: expect.stringMatching(HEX32) }]);
    const fim = await postJson(cs.origin, '/v1/fim/completions', key, FIM);
    expect(fim.status).toBe(200);
    expect(rl(fim)).toEqual({}); // codestral.mistral.ai rate-limit headers are unknown (synthetic: none)
    expect((await postJson(cs.origin, '/v1/chat/completions', key, { ...CHAT, model: 'codestral-2508' })).status).toBe(200);
    const other = await postJson(cs.origin, '/v1/chat/completions', key, CHAT);
    expect([other.status, ((await other.json()) as { type: string }).type]).toEqual([400, 'invalid_model']);
    // A La Plateforme key on the Codestral host is a 401 (continue#2242).
    expect((await postJson(cs.origin, '/v1/fim/completions', FAKE_KEYS.validPaid, FIM)).status).toBe(401);
  });

  it('serverError: 500 with the exact observed body text', async () => {
    const res = await postJson(fake.origin, '/v1/chat/completions', FAKE_KEYS.serverError, CHAT);
    expect([res.status, await res.text()]).toEqual([500, '{"detail": "Internal Server Error"}']);
  });

  it('badGateway: 502 {"detail":"Bad Gateway"} (synthetic)', async () => {
    const res = await getJson(fake.origin, '/v1/models', FAKE_KEYS.badGateway);
    expect([res.status, await res.json()]).toEqual([502, { detail: 'Bad Gateway' }]);
  });

  it('cloudflare520: 520 Cloudflare HTML page', async () => {
    const res = await getJson(fake.origin, '/v1/models', FAKE_KEYS.cloudflare520);
    expect(res.status).toBe(520);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('server')).toBe('cloudflare');
    const html = await res.text();
    expect(html).toContain('<title>mistral.ai | 520: Web server is returning an unknown error</title>');
    expect(html).toContain(res.headers.get('cf-ray')?.split('-')[0] ?? 'missing');
    expect(res.headers.get('mistral-correlation-id')).toBeNull();
  });

  it('echoKey: 401 whose body echoes the presented key', async () => {
    const res = await getJson(fake.origin, '/v1/models', FAKE_KEYS.echoKey);
    expect([res.status, await res.json()]).toEqual([401, { detail: `Invalid API key: ${FAKE_KEYS.echoKey}` }]);
  });
});

describe('fault scenarios', () => {
  it('resetBeforeHeaders: the connection is reset without a response', async () => {
    const err = await fetch(`${fake.origin}/v1/models`, { headers: { authorization: `Bearer ${FAKE_KEYS.resetBeforeHeaders}` } }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(fake.requests).toHaveLength(1);
  });

  it('resetMidStream: 3 SSE events then a reset; non-stream requests work', async () => {
    const res = await postJson(fake.origin, '/v1/chat/completions', FAKE_KEYS.resetMidStream, { ...CHAT, stream: true });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    let text = '';
    const dec = new TextDecoder();
    let failed: unknown = null;
    try {
      for (;;) {
        const r = await reader?.read();
        if (!r || r.done) break;
        text += dec.decode(r.value);
      }
    } catch (e) {
      failed = e;
    }
    expect(failed).not.toBeNull();
    expect(text.match(/^data: /gm)).toHaveLength(3);
    expect(text).not.toContain('[DONE]');
    expect((await postJson(fake.origin, '/v1/chat/completions', FAKE_KEYS.resetMidStream, CHAT)).status).toBe(200);
  });

  it('malformedJson: 200 application/json with a truncated body', async () => {
    const res = await getJson(fake.origin, '/v1/models', FAKE_KEYS.malformedJson);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(text).toBe('{"object":"list","data":[{"id":');
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('malformedSse: 200 text/event-stream with garbage lines and invalid JSON in data:', async () => {
    const res = await postJson(fake.origin, '/v1/chat/completions', FAKE_KEYS.malformedSse, { ...CHAT, stream: true });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await res.text();
    const datas = [...text.matchAll(/^data: (.*)$/gm)].map((m) => m[1] ?? '');
    const bad = datas.filter((d) => d !== '[DONE]' && (() => { try { JSON.parse(d); return false; } catch { return true; } })());
    expect(bad.length).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/^this line is not an SSE field$/m);
  });

  it('streamNoDone: a good stream without data: [DONE]', async () => {
    const text = await (await postJson(fake.origin, '/v1/chat/completions', FAKE_KEYS.streamNoDone, { ...CHAT, stream: true, max_tokens: 3 })).text();
    const s = streamChunks(text);
    expect(s.done).toBe(false);
    expect(s.chunks).toHaveLength(4);
    expect(s.chunks.at(-1)).toMatchObject({ usage: { completion_tokens: 3 }, choices: [{ finish_reason: 'length' }] });
  });

  it('redirectForeign: 302 to the trap, which counts hits; redirectForeignHost: 302 to https://evil.example/', async () => {
    const res = await fetch(`${fake.origin}/v1/models`, { headers: { authorization: `Bearer ${FAKE_KEYS.redirectForeign}` }, redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${fake.origin}/__fake/trap`);
    expect(fake.trapHits).toBe(0);
    const followed = await fetch(`${fake.origin}/v1/models`, { headers: { authorization: `Bearer ${FAKE_KEYS.redirectForeign}` } });
    expect(followed.status).toBe(200);
    expect(fake.trapHits).toBe(1);
    const evil = await fetch(`${fake.origin}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(CHAT), headers: { authorization: `Bearer ${FAKE_KEYS.redirectForeignHost}` }, redirect: 'manual' });
    expect([evil.status, evil.headers.get('location')]).toEqual([302, 'https://evil.example/']);
  });

  it('hugeBody: 200 JSON that keeps coming; the fake stops writing when the client goes away', async () => {
    const ac = new AbortController();
    const res = await fetch(`${fake.origin}/v1/models`, { headers: { authorization: `Bearer ${FAKE_KEYS.hugeBody}` }, signal: ac.signal });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    let got = 0;
    let head = '';
    while (got < 2 * 1024 * 1024) {
      const r = await reader?.read();
      if (!r || r.done) break;
      if (head.length < 100) head += new TextDecoder().decode(r.value).slice(0, 100);
      got += r.value.byteLength;
    }
    expect(head.startsWith('{"object":"list","data":[{"id":"')).toBe(true);
    ac.abort();
    const deadline = performance.now() + 2000;
    while (!fake.lastHugeBody?.aborted && performance.now() < deadline) await sleep(5);
    expect(fake.lastHugeBody?.aborted).toBe(true);
    const written = fake.lastHugeBody?.bytesWritten ?? 0;
    await sleep(50);
    expect(fake.lastHugeBody?.bytesWritten).toBe(written);
    expect(fake.lastHugeBody?.finished).toBe(false);
    expect(written).toBeLessThan(20 * 1024 * 1024);
  });

  it('hugeBody really is 50 MB of valid JSON when read to the end', async () => {
    const res = await timedRequest(fake.origin, '/v1/models', { key: FAKE_KEYS.hugeBody });
    expect(Buffer.byteLength(res.body)).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    const parsed = JSON.parse(res.body) as { object: string; data: unknown[] };
    expect(parsed.object).toBe('list');
    expect(parsed.data.length).toBeGreaterThan(10_000);
    expect(fake.lastHugeBody).toMatchObject({ finished: true, aborted: false });
  });

  it('hang: never sends headers (the client gives up after 300 ms)', async () => {
    const t0 = performance.now();
    const err = await fetch(`${fake.origin}/v1/models`, { headers: { authorization: `Bearer ${FAKE_KEYS.hang}` }, signal: AbortSignal.timeout(300) }).then(() => null, (e: unknown) => e);
    expect((err as Error).name).toBe('TimeoutError');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(295);
    expect(fake.requests).toHaveLength(1);
  });

  it('slow: default timing makes the headers wait 1500 ms', TIMING_RETRY, async () => {
    const res = await timedRequest(fake.origin, '/v1/models', { key: FAKE_KEYS.slow });
    expect(res.status).toBe(200);
    // Never early; late only by a busy machine's timer lateness (tests/fake/timing.test.ts checks the timing itself).
    expect(res.tHeaders).toBeGreaterThanOrEqual(1497);
    expect(res.tHeaders).toBeLessThan(1540);
  });
});
