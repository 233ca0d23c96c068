/**
 * The pure parts of "Test from this browser", in Node: which origins the CSP lets pages call (read
 * here from the provider files themselves, not through the code under test), which headers a
 * browser can read, how the fakes answer preflights, and the in-page run end to end against the
 * Mistral fake (a test fetch stands in for the browser's; CORS itself is Chromium's, tested in
 * tests/e2e/browser-direct.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../../src/server/providers/index.ts';
import { browserDirectOrigins, pageRules } from '../../src/integrations/security-headers.ts';
import { exposedToBrowsers } from '../../src/lib/cors.ts';
import { providerData } from '../../src/lib/provider-registry.ts';
import { PROVIDER_IDS } from '../../src/lib/provider-ids.ts';
import type { TestEvent } from '../../src/lib/api-contract.ts';
import { adapterExportName, loadAdapter, runDirect } from '../../src/islands/key-tester/direct.ts';
import type { Action } from '../../src/islands/key-tester/logic/state.ts';
import { FAKE_KEYS } from '../fakes/mistral/keys.ts';
import { startFakeMistral, type FakeMistral } from '../fakes/mistral/server.ts';
import { preflightAnswer, startFake } from '../fakes/framework.ts';
import { anthropicFake, anthropicKeyFor } from '../fakes/anthropic.ts';
import { geminiFake, geminiKeyFor } from '../fakes/gemini.ts';

const DIR = 'src/content/providers';
interface RawProvider {
  tester: boolean;
  endpoints: { origin: string; origins?: { validation?: string; streaming?: string } }[];
  browser?: { cors: string };
}
const raw = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(`${DIR}/${f}`, 'utf8')) as RawProvider] as const);

describe('the CSP for browser-direct tests', () => {
  it("connect-src is 'self' plus every origin of each testable provider whose CORS is verified, and nothing else", () => {
    const expected = raw
      .filter(([, p]) => p.tester && p.browser?.cors === 'yes')
      .flatMap(([, p]) => p.endpoints.flatMap((e) => [e.origin, e.origins?.validation, e.origins?.streaming]))
      .filter((o): o is string => o !== undefined && !o.includes('{'));
    expect(browserDirectOrigins().sort()).toEqual([...new Set(expected)].sort());
    const csp = /Content-Security-Policy: (.*)/.exec(pageRules(false, []))?.[1] ?? '';
    const connect = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('connect-src'));
    expect(connect).toBe(["connect-src 'self'", ...browserDirectOrigins()].join(' '));
    expect(browserDirectOrigins()).toContain('https://api.mistral.ai');
    expect(browserDirectOrigins()).not.toContain('https://api.cohere.com');
    for (const o of browserDirectOrigins()) expect(o, 'https origins of providers only, no loopback').toMatch(/^https:\/\/[a-z0-9.-]+\.[a-z]+$/);
  });

  it('every provider states its CORS with a source, and only verified ones are offered', () => {
    for (const [id, p] of raw) expect(p.browser?.cors, id).toMatch(/^(yes|no|unverified)$/);
    const offered = raw.filter(([, p]) => p.tester && p.browser?.cors === 'yes').map(([id]) => id).sort();
    expect(offered).toEqual(['anthropic', 'gemini', 'mistral', 'openai', 'openrouter', 'together']);
  });
});

describe('what a browser can read', () => {
  it('safelisted headers always; others only when exposed, in any case; * exposes all', () => {
    expect(exposedToBrowsers('Content-Type', [])).toBe(true);
    expect(exposedToBrowsers('x-ratelimit-limit-req-minute', [])).toBe(false);
    expect(exposedToBrowsers('x-request-id', ['X-Request-ID', 'CF-Ray'])).toBe(true);
    expect(exposedToBrowsers('x-ratelimit-limit', ['X-Generation-Id', 'cf-ray'])).toBe(false);
    expect(exposedToBrowsers('x-ratelimit-limit', ['*'])).toBe(true);
  });
});

describe('the fakes answer preflights', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as import('node:http').IncomingMessage;
  it('allowed: the asked headers echoed; a header outside an allow-list: 403 without Access-Control-*', () => {
    const open = preflightAnswer({ allowOrigin: '*', allowMethods: 'GET, POST' }, req({ origin: 'http://127.0.0.1:1', 'access-control-request-headers': 'authorization,content-type' }));
    expect(open).toEqual({ status: 204, headers: { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'authorization, content-type' } });
    const strict = { allowOrigin: '*', allowMethods: 'GET', allowHeaders: ['authorization', 'content-type'] };
    expect(preflightAnswer(strict, req({ 'access-control-request-headers': 'authorization, x-stainless-os' }))).toEqual({ status: 403, headers: {} });
  });
});

describe("the providers' own CORS rules, as their fakes play them", () => {
  const page = 'https://keyprobe.dev';

  it('Anthropic serves a page only with its opt-in header, and then exposes every header', async () => {
    const fake = await startFake(anthropicFake);
    try {
      const headers = { 'x-api-key': anthropicKeyFor('valid'), 'anthropic-version': '2023-06-01', origin: page };
      const refused = await fetch(`${fake.origin}/v1/models`, { headers });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(((await refused.json()) as { error: { message: string } }).error.message).toBe("CORS requests must set 'anthropic-dangerous-direct-browser-access' header");
      const served = await fetch(`${fake.origin}/v1/models`, { headers: { ...headers, 'anthropic-dangerous-direct-browser-access': 'true' } });
      expect(served.status).toBe(200);
      expect(served.headers.get('access-control-allow-origin')).toBe('*');
      expect(served.headers.get('access-control-expose-headers')).toBe('*');
      // A server's call (no Origin) is answered as before, without CORS headers.
      const server = await fetch(`${fake.origin}/v1/models`, { headers: { 'x-api-key': anthropicKeyFor('valid'), 'anthropic-version': '2023-06-01' } });
      expect(server.status).toBe(200);
      expect(server.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await fake.close();
    }
  });

  it('Gemini allows four request headers in a preflight and refuses any other; answers carry the Origin back', async () => {
    const fake = await startFake(geminiFake);
    try {
      const preflight = (asked: string) => fetch(`${fake.origin}/v1beta/models`, { method: 'OPTIONS', headers: { origin: page, 'access-control-request-method': 'GET', 'access-control-request-headers': asked } });
      const allowed = await preflight('content-type,x-goog-api-key,x-goog-api-client,authorization');
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(page);
      const refused = await preflight('x-goog-api-key,api-revision');
      expect(refused.status).toBe(403);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      const answer = await fetch(`${fake.origin}/v1beta/models`, { headers: { 'x-goog-api-key': geminiKeyFor('valid'), origin: page } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBe(page);
      expect(answer.headers.get('access-control-expose-headers')).toBeNull();
    } finally {
      await fake.close();
    }
  });
});

describe('the adapter a browser-direct run loads', () => {
  it('is the registered one, for every provider offered', async () => {
    for (const id of PROVIDER_IDS.filter((i) => providerData(i).browser?.cors === 'yes')) {
      expect(await loadAdapter(id), `${id} (export ${adapterExportName(id)})`).toBe(adapters[id]);
    }
    expect(await loadAdapter('no-such-provider')).toBeUndefined();
  });
});

describe('a run from the page (runDirect), against the Mistral fake', () => {
  let fake: FakeMistral;
  beforeAll(async () => {
    fake = await startFakeMistral();
  });
  afterAll(async () => {
    await fake.close();
  });
  /**
   * Stands in for the browser's fetch: Mistral's real origin answered by the fake, and the answer's
   * headers filtered as a browser filters a cross-origin answer (safelisted ones, plus those the
   * answer's own Access-Control-Expose-Headers lists).
   */
  const sent: string[] = [];
  const toFake: typeof fetch = async (input, init) => {
    const url = String(input);
    sent.push(url);
    const response = await fetch(url.replace('https://api.mistral.ai', fake.origin), init);
    const exposed = (response.headers.get('access-control-expose-headers') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    const headers = new Headers([...response.headers].filter(([name]) => exposedToBrowsers(name, exposed)));
    return new Response(response.body, { status: response.status, headers });
  };
  const run = async (key: string, request = { provider: 'mistral', endpoint: 'global', checks: ['chat' as const] }) => {
    const actions: Action[] = [];
    await runDirect({ key, request, signal: new AbortController().signal, dispatch: (a) => actions.push(a), fetch: toFake });
    return { actions, events: actions.flatMap((a) => (a.type === 'event' ? [a.event as TestEvent] : [])) };
  };

  it('the same events as the endpoint, measured from this browser; limits reported as not exposed, not as missing', async () => {
    const { actions, events } = await run(FAKE_KEYS.validFree);
    expect(actions[0]?.type).toBe('start');
    expect(actions.at(-1)?.type).toBe('end');
    // Limits read from no answer wait for the checks' answers, as on the endpoint.
    expect(events.map((e) => e.type)).toEqual(['validation', 'models', 'check', 'rate_limits', 'outcome', 'done']);
    const limits = events.find((e) => e.type === 'rate_limits');
    expect(limits).toMatchObject({ limits: [], notExposed: expect.arrayContaining(['x-ratelimit-limit-req-minute', 'x-ratelimit-limit-tokens-month']) });
    // Mistral's request-id headers are not exposed either: hidden, not missing.
    expect(events.find((e) => e.type === 'validation')).toMatchObject({ requestId: null, requestIdNotExposed: true });
    expect(JSON.stringify(limits)).toContain('does not expose its rate-limit headers to browsers');
    expect(sent.every((u) => u.startsWith('https://api.mistral.ai/'))).toBe(true);
  });

  it('a refused key: the 401 verdict, the key scrubbed from every event', async () => {
    const { events } = await run(FAKE_KEYS.unauthorizedKong);
    const validation = events.find((e) => e.type === 'validation');
    expect(validation).toMatchObject({ verdict: 'invalid', httpStatus: 401 });
    expect(JSON.stringify(events)).not.toContain(FAKE_KEYS.unauthorizedKong);
  });

  it("a call the browser refuses (CORS, or no network): unreachable, said as the browser's, not Keyprobe's", async () => {
    const actions: Action[] = [];
    // What a page's fetch does when a preflight is refused: a TypeError, whatever the reason.
    const refused: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    await runDirect({ key: FAKE_KEYS.validFree, request: { provider: 'mistral', endpoint: 'global' }, signal: new AbortController().signal, dispatch: (a) => actions.push(a), fetch: refused });
    const validation = actions.flatMap((a) => (a.type === 'event' ? [a.event as TestEvent] : [])).find((e) => e.type === 'validation');
    expect(validation).toMatchObject({ verdict: 'unreachable', message: 'This browser could not connect to api.mistral.ai, or Mistral refused a call from a web page.' });
  });

  it('a provider whose CORS is not verified is refused before any call', async () => {
    sent.length = 0;
    const { events } = await run(FAKE_KEYS.validFree, { provider: 'cohere', endpoint: 'default', checks: [] });
    expect(events.map((e) => e.type)).toEqual(['error', 'done']);
    expect(sent).toEqual([]);
  });
});
