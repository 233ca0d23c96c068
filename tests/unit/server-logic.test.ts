/**
 * The endpoint's pure pieces, in Node: reading error bodies and rate-limit headers (Mistral's real
 * ones), the shared verdict wording and Mistral's overrides, pacing, decode rate and the override
 * configuration. (The same code runs end to end inside workerd in tests/worker.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { providerData, testableProviderIds } from '../../src/lib/provider-registry';
import { defaultClassify, parseReset, quoted, readRateLimitHeaders, retryAfterSeconds, windowSeconds, type AdapterContext } from '../../src/server/adapter';
import { createAllowList, parseOverrides, providerOrigins } from '../../src/server/allow-list';
import { parseOpenAIError } from '../../src/server/openai-compatible';
import { callSpacingMs } from '../../src/server/pacing';
import { mistral } from '../../src/server/providers/mistral';
import { defaultRegistry } from '../../src/server/registry';
import { decodeRate } from '../../src/server/stream';

const data = providerData('mistral');
const ctx: AdapterContext = { data, endpoint: data.endpoints[0]!, host: 'api.mistral.ai', measuredFrom: 'local', keyShape: null };

describe('the OpenAI-style error parser reads every body shape seen from Mistral', () => {
  const cases: [string | null, string, Partial<ReturnType<typeof parseOpenAIError>>][] = [
    ['application/json', '{"detail":"Unauthorized"}', { message: 'Unauthorized' }],
    ['application/json', '{"message":"Unauthorized","request_id":"933f233947ff6d346065bb297e4a4d56"}', { message: 'Unauthorized', requestId: '933f233947ff6d346065bb297e4a4d56' }],
    ['application/json', '{"object":"error","message":"Rate limit exceeded","type":"rate_limited","param":null,"code":"1300","raw_status_code":429}', { message: 'Rate limit exceeded', type: 'rate_limited', code: '1300' }],
    ['application/json', '{"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","max_completion_tokens"],"msg":"Extra inputs are not permitted","input":32000}]},"type":"invalid_request_error","param":null,"code":null}', { message: 'max_completion_tokens: Extra inputs are not permitted', code: null }],
    ['application/json', '{"object":"error","message":"{\\"detail\\":[{\\"loc\\":[\\"body\\",\\"frequency_penalty\\"],\\"msg\\":\\"extra fields not permitted\\"}]}","type":"internal_error_proxy","param":null,"code":"1000"}', { message: 'frequency_penalty: extra fields not permitted', code: '1000' }],
    ['text/html', '<!DOCTYPE html><html><head><title>mistral.ai | 520: Web server is returning an unknown error</title></head></html>', { html: true, message: 'mistral.ai | 520: Web server is returning an unknown error' }],
    [null, '', { message: null, html: false }],
    ['application/json', '{"object":"list","data":[{"id":', { message: null }],
    // OpenAI's envelope, for the other providers on the same base.
    ['application/json', '{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}', { message: 'Incorrect API key provided', code: 'invalid_api_key' }],
  ];
  for (const [type, body, expected] of cases) {
    it(body.slice(0, 50) || '(empty)', () => expect(parseOpenAIError(body, type)).toMatchObject(expected));
  }

  it('takes the request id from the correlation header first, then Kong, then the body', () => {
    const body = parseOpenAIError('{"message":"Unauthorized","request_id":"b0"}', 'application/json');
    expect(mistral.requestId(new Headers({ 'mistral-correlation-id': 'c1', 'x-kong-request-id': 'k1' }), ctx, body)).toBe('c1');
    expect(mistral.requestId(new Headers({ 'x-kong-request-id': 'k1' }), ctx, body)).toBe('k1');
    expect(mistral.requestId(new Headers(), ctx, body)).toBe('b0');
  });

  it('reads retry hints and reset times in every format providers use', () => {
    expect(retryAfterSeconds(new Headers({ 'retry-after': '2' }))).toBe(2);
    expect(retryAfterSeconds(new Headers({ 'retry-after-ms': '1500' }))).toBe(1.5);
    expect(retryAfterSeconds(new Headers({ 'retry-after': new Date(61_000).toUTCString() }), 1_000)).toBe(60);
    expect(retryAfterSeconds(new Headers())).toBeNull();
    expect(parseReset('6m0s', 'duration')).toBe(360);
    expect(parseReset('120ms', 'duration')).toBeCloseTo(0.12);
    expect(parseReset('16m29.28s', 'duration')).toBeCloseTo(989.28);
    expect(parseReset('38.879', 'seconds')).toBe(38.879);
    expect(parseReset('2026-12-01T00:01:00Z', 'rfc3339', Date.parse('2026-12-01T00:00:00Z'))).toBe(60);
    expect(parseReset('soon', 'duration')).toBeNull();
    expect(windowSeconds('5 minutes')).toBe(300);
    expect(windowSeconds('month')).toBe(2_592_000);
  });
});

describe('Mistral rate limits', () => {
  it('reads the 2026 generation (real dump, 2026-02-18)', () => {
    const reading = mistral.readRateLimits(
      new Headers({
        'x-ratelimit-limit-req-minute': '60',
        'x-ratelimit-limit-tokens-minute': '50000',
        'x-ratelimit-limit-tokens-month': '4000000',
        'x-ratelimit-remaining-req-minute': '59',
        'x-ratelimit-remaining-tokens-minute': '47196',
        'x-ratelimit-remaining-tokens-month': '3950246',
        'x-ratelimit-tokens-query-cost': '2804',
      }),
      ctx,
    );
    expect(reading.limits).toEqual([
      { name: 'Requests', limit: 60, remaining: 59, window: 'minute' },
      { name: 'Tokens', limit: 50000, remaining: 47196, window: 'minute' },
      { name: 'Tokens', limit: 4000000, remaining: 3950246, window: 'month' },
    ]);
    expect(reading).toMatchObject({ requestsPerMinute: 60, tokensPerMinute: 50000, zeroAllowance: false, longWindowSpent: false });
    expect(reading.notes).toContain('This call counted 2804 tokens against the limits.');
  });

  it('reads the 2025 generation (real dump, 2025-05-13) without counting the minute limit twice', () => {
    const reading = mistral.readRateLimits(
      new Headers({
        'x-ratelimitbysize-remaining-minute': '467993',
        'ratelimitbysize-query-cost': '32007',
        'ratelimitbysize-limit': '500000',
        'ratelimitbysize-reset': '40',
        'x-ratelimitbysize-limit-month': '1000000000',
        'ratelimitbysize-remaining': '467993',
        'x-ratelimitbysize-limit-minute': '500000',
        'x-ratelimitbysize-remaining-month': '999967993',
      }),
      ctx,
    );
    expect(reading.limits).toEqual([
      { name: 'Tokens', limit: 500000, remaining: 467993, window: 'minute' },
      { name: 'Tokens', limit: 1000000000, remaining: 999967993, window: 'month' },
    ]);
    expect(reading.resetSeconds).toBe(40);
  });

  it('says what a limit of 0 means, and when no headers came', () => {
    expect(mistral.readRateLimits(new Headers({ 'x-ratelimit-limit-req-minute': '0', 'x-ratelimit-remaining-req-minute': '0' }), ctx)).toMatchObject({ zeroAllowance: true });
    expect(mistral.readRateLimits(new Headers(), ctx).notes).toEqual(['Mistral sent no rate-limit headers on this call.']);
  });
});

describe('rate-limit headers that give no limit', () => {
  const headers = {
    ...data.headers,
    rateLimits: [
      { name: 'Requests', limit: 'x-ratelimit-limit-requests', remaining: 'x-ratelimit-remaining-requests', window: 'minute' },
      { name: 'Tokens', limit: 'x-ratelimit-limit-tokens', remaining: 'x-ratelimit-remaining-tokens', window: 'minute' },
    ],
  };
  const made: AdapterContext = { ...ctx, data: { ...data, shortName: 'Made-up', headers } };

  it('read a negative count as "not reported", never as a limit of -1', () => {
    const reading = readRateLimitHeaders(new Headers({ 'x-ratelimit-limit-tokens': '-1', 'x-ratelimit-remaining-tokens': '-1', 'x-ratelimit-limit-requests': '100', 'x-ratelimit-remaining-requests': '-1' }), made);
    expect(reading.limits).toEqual([{ name: 'Requests', limit: 100, remaining: null, window: 'minute' }]);
    expect(reading.notes).toEqual(['Tokens per minute: not reported (Made-up sent -1).']);
    expect(reading).toMatchObject({ zeroAllowance: false, reported: true });
  });

  it('say what is left when only the count left is sent', () => {
    const reading = readRateLimitHeaders(new Headers({ 'x-ratelimit-remaining-requests': '99', 'x-ratelimit-remaining-tokens': '-1' }), made);
    expect(reading.limits).toEqual([]);
    expect(reading.notes).toEqual(['Requests per minute: 99 left (Made-up does not send the limit itself).', 'Tokens per minute: not reported (Made-up sent -1).']);
    expect(reading.reported).toBe(true);
    expect(readRateLimitHeaders(new Headers(), made)).toMatchObject({ notes: ['Made-up sent no rate-limit headers on this call.'], reported: false });
  });
});

describe('verdict wording', () => {
  const facts = { host: 'api.mistral.ai' };
  const limits = (headers: Record<string, string>) => mistral.readRateLimits(new Headers(headers), ctx);
  it('maps statuses to verdicts, and 429 with a limit of 0 to quota_exhausted', () => {
    expect(mistral.classify({ ...facts, status: 401 }, ctx).verdict).toBe('invalid');
    expect(mistral.classify({ ...facts, status: 403 }, ctx).verdict).toBe('forbidden');
    expect(mistral.classify({ ...facts, status: 404 }, ctx).verdict).toBe('not_found');
    expect(mistral.classify({ ...facts, status: 429 }, ctx).verdict).toBe('rate_limited');
    expect(mistral.classify({ ...facts, status: 429, limits: limits({ 'x-ratelimit-limit-req-minute': '0' }) }, ctx).verdict).toBe('quota_exhausted');
    expect(mistral.classify({ ...facts, status: 503 }, ctx).verdict).toBe('provider_error');
    expect(mistral.classify({ ...facts, status: 302 }, ctx).message).toMatch(/never follows redirects/);
    expect(mistral.classify({ ...facts, status: null, failure: 'timeout' }, ctx).verdict).toBe('timeout');
    expect(mistral.classify({ ...facts, status: null, failure: 'unreachable' }, ctx).verdict).toBe('unreachable');
  });

  it('a spent monthly allowance is quota_exhausted, not "wait a moment"', () => {
    const spent = limits({ 'x-ratelimit-limit-tokens-month': '4000000', 'x-ratelimit-remaining-tokens-month': '0', 'x-ratelimit-limit-req-minute': '60', 'x-ratelimit-remaining-req-minute': '59' });
    expect(spent.longWindowSpent).toBe(true);
    const finding = mistral.classify({ ...facts, status: 429, limits: spent }, ctx);
    expect(finding.verdict).toBe('quota_exhausted');
    expect(finding.fix).toMatch(/Waiting a moment will not help/);
    // A spent minute is only a rate limit.
    const minute = limits({ 'x-ratelimit-limit-req-minute': '60', 'x-ratelimit-remaining-req-minute': '0', 'x-ratelimit-limit-tokens-month': '4000000', 'x-ratelimit-remaining-tokens-month': '10' });
    expect(mistral.classify({ ...facts, status: 429, limits: minute }, ctx).verdict).toBe('rate_limited');
  });

  it('reads "Service tier capacity exceeded" as Mistral\'s capacity, with its own page, not a quota', () => {
    const error = parseOpenAIError('{"object":"error","message":"Service tier capacity exceeded for this model.","type":"invalid_request_error","param":null,"code":null}', 'application/json');
    expect(mistral.classify({ ...facts, status: 429, error }, ctx)).toMatchObject({ verdict: 'rate_limited', reason: 'capacity' });
    expect(defaultClassify({ ...facts, status: 429, error }, ctx).reason).toBeUndefined();
  });

  it('quotes the provider, clipped to 300 characters', () => {
    const error = parseOpenAIError(JSON.stringify({ detail: 'x'.repeat(1000) }), 'application/json');
    expect(quoted({ ...facts, status: 401, error }, ctx)).toHaveLength(' Mistral said: “'.length + 301 + '”.'.length);
  });
});

describe('Mistral model list', () => {
  const real = JSON.parse(readFileSync('tests/fixtures/mistral/models_list_2025-12-30_transcribed.json', 'utf8')) as { data: { id: string }[] };

  it('merges the 66 entries of the real list into one row per model', () => {
    expect(real.data).toHaveLength(66);
    const models = mistral.parseModels(real, ctx) ?? [];
    expect(models.length).toBeLessThan(40);
    const everyId = new Set(models.flatMap((m) => [m.id, ...m.aliases]));
    for (const card of real.data) expect(everyId.has(card.id)).toBe(true);
  });

  it('classifies families by id, from the data', () => {
    const family = (id: string) => mistral.parseModels({ data: [{ id }] }, ctx)?.[0]?.family;
    expect(family('codestral-embed-2505')).toBe('Embed');
    expect(family('pixtral-large-2411')).toBe('Pixtral');
    expect(family('mistral-vibe-cli-latest')).toBe('Devstral');
    expect(family('open-mistral-nemo')).toBe('Other');
  });

  it('classifies fine-tuned models by their base model', () => {
    const [ft] = mistral.parseModels({ data: [{ id: 'ft:open-mistral-7b:abc', type: 'fine-tuned', root: 'ministral-8b-2512', capabilities: { completion_chat: true } }] }, ctx) ?? [];
    expect(ft).toMatchObject({ family: 'Ministral', fineTuned: true });
  });

  it('rejects a body that is not a model list', () => {
    expect(mistral.parseModels({ detail: 'x' }, ctx)).toBeNull();
    expect(mistral.parseModels('nope', ctx)).toBeNull();
  });
});

describe('measuring', () => {
  it('decode rate = (tokens − 1) / (last − first content); null when not measurable', () => {
    expect(decodeRate(24, 1000, 1175)).toBeCloseTo(23 / 0.175, 0);
    expect(decodeRate(1, 1000, 1000)).toBeNull();
    expect(decodeRate(null, 1000, 2000)).toBeNull();
    expect(decodeRate(10, 1000, 1000)).toBeNull();
  });

  it('spaces calls by requests and tokens per minute', () => {
    expect(callSpacingMs({ requestsPerMinute: 60, tokensPerMinute: 50_000 }, 62)).toBe(1050);
    expect(callSpacingMs({ requestsPerMinute: 720, tokensPerMinute: 5_000_000 }, 62)).toBe(134);
    expect(callSpacingMs({ requestsPerMinute: null, tokensPerMinute: 600 }, 60)).toBe(6050);
    expect(callSpacingMs({ requestsPerMinute: null, tokensPerMinute: null }, 60)).toBe(0);
  });
});

describe('UPSTREAM_OVERRIDES and the allow-list', () => {
  const allowed = defaultRegistry.origins;
  it('is empty when unset', () => {
    expect(parseOverrides(undefined, allowed).size).toBe(0);
    expect(parseOverrides('', allowed).size).toBe(0);
  });

  it('maps allow-listed origins to loopback replacements only', () => {
    const list = createAllowList(allowed, parseOverrides('{"https://api.mistral.ai":"http://127.0.0.1:9100"}', allowed));
    expect(list.resolve('https://api.mistral.ai')).toBe('http://127.0.0.1:9100');
    expect(list.resolve('https://api.eu.mistral.ai')).toBe('https://api.eu.mistral.ai');
    expect(list.permits('https://evil.example')).toBe(false);
    expect(() => parseOverrides('{"https://evil.example":"http://127.0.0.1:1"}', allowed)).toThrow(/not a provider origin/);
    expect(() => parseOverrides('{"https://api.mistral.ai":"https://evil.example"}', allowed)).toThrow(/loopback/);
    expect(() => parseOverrides('{"https://api.mistral.ai":"http://127.0.0.1:9100/v1"}', allowed)).toThrow(/loopback origin/);
    expect(() => parseOverrides('[]', allowed)).toThrow();
  });

  it('allows exactly the testable providers\' origins, from their data', () => {
    const expected = new Set(testableProviderIds().flatMap((id) => providerOrigins(providerData(id))));
    expect(new Set(allowed)).toEqual(expected);
    expect(allowed).toContain('https://api.mistral.ai');
    expect(allowed).toContain('https://codestral.mistral.ai');
    // Only https origins, never a path; a template's placeholder stands for one DNS label.
    for (const origin of allowed) expect(origin).toMatch(/^https:\/\/(?:[a-z0-9-]+\.|\{resource\}\.|\{label\}\.)+[a-z0-9-]+$/);
  });
});

describe('the client network an address is limited as', () => {
  it('is an IPv4 address itself, and an IPv6 address\'s /64', async () => {
    const { clientNetwork } = await import('../../src/server/abuse');
    expect(clientNetwork('203.0.113.9')).toBe('203.0.113.9');
    expect(clientNetwork('2001:db8:77:1:aaaa::1')).toBe('2001:db8:77:1::/64');
    expect(clientNetwork('2001:0db8:0077:0001:ffff:ffff:ffff:ffff')).toBe('2001:db8:77:1::/64');
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    expect(clientNetwork('::ffff:192.0.2.1')).toBe('0:0:0:0::/64');
    for (const bad of ['', 'not-an-ip', '999.1.1.1', '1.2.3', '2001:db8::1::2', '2001:db8:1:2:3:4:5:6:7', 'gggg::1']) expect(clientNetwork(bad), bad).toBeNull();
  });
});

describe('origins that depend on the user\'s resource', () => {
  it('permit only a well-formed resource name in the template\'s place', async () => {
    const { createAllowList, forResource, instanceOf } = await import('../../src/server/allow-list');
    const template = 'https://{resource}.openai.azure.com';
    expect(instanceOf(template, 'https://my-team.openai.azure.com')).toBe(true);
    for (const bad of ['https://evil.example/x.openai.azure.com', 'https://a.b.openai.azure.com', 'https://-x.openai.azure.com', 'https://.openai.azure.com', 'https://my_team.openai.azure.com', 'http://my-team.openai.azure.com', 'https://my-team.openai.azure.com.evil.example']) {
      expect(instanceOf(template, bad), bad).toBe(false);
    }
    const list = createAllowList(['https://api.mistral.ai', template]);
    expect(list.permits('https://my-team.openai.azure.com')).toBe(true);
    expect(list.permits('https://api.mistral.ai')).toBe(true);
    expect(list.permits('https://openai.azure.com')).toBe(false);
    const endpoint = { id: 'openai', label: 'x', description: 'x', origin: template, origins: { streamLinks: [] }, validation: { call: 'models', inputTokens: 0, maxTokens: 0 }, models: [], alternatives: [] };
    expect(forResource(endpoint, 'my-team').origin).toBe('https://my-team.openai.azure.com');
    expect(() => forResource(endpoint, 'Evil.example/')).toThrow();
    expect(() => forResource(endpoint, undefined)).toThrow();
    const fixed = { ...endpoint, origin: 'https://api.mistral.ai' };
    expect(forResource(fixed, undefined)).toBe(fixed);
  });
});

describe('stream hosts a provider\'s answer may link to', () => {
  it('match one provider-chosen DNS label in the {label} place, and nothing else', async () => {
    const { createAllowList, forResource, matchesOrigin } = await import('../../src/server/allow-list');
    const links = ['https://stream.replicate.com', 'https://stream-b.svc.{label}.c.replicate.net'];
    for (const good of ['https://stream.replicate.com', 'https://stream-b.svc.ric1.c.replicate.net', 'https://stream-b.svc.rno2.c.replicate.net']) {
      expect(matchesOrigin(links, good), good).toBe(true);
    }
    for (const bad of [
      'https://stream-b.svc.c.replicate.net',
      'https://stream-b.svc..c.replicate.net',
      'https://stream-b.svc.a.b.c.replicate.net',
      'https://stream-b.svc.evil.example/.c.replicate.net',
      'https://stream-b.svc.ric1.c.replicate.net.evil.example',
      'http://stream-b.svc.ric1.c.replicate.net',
      'https://stream-b.svc.RIC1.c.replicate.net',
      'https://stream.replicate.com:8443',
      'http://127.0.0.1:1',
      'https://evil.example',
    ]) {
      expect(matchesOrigin(links, bad), bad).toBe(false);
    }
    expect(createAllowList(links).permits('https://stream-b.svc.ric1.c.replicate.net')).toBe(true);
    // A request's resource name never fills a stream host's label.
    const endpoint = { id: 'default', label: 'x', description: 'x', origin: 'https://api.replicate.com', origins: { streamLinks: links }, validation: { call: 'account', inputTokens: 0, maxTokens: 0 }, models: [], alternatives: [] };
    expect(forResource(endpoint, undefined)).toBe(endpoint);
  });

  it('are data checked by the schema: https, no path, one {label} at most, under a fixed domain', async () => {
    const { endpointSchema } = await import('../../src/lib/provider-schema');
    const withLinks = (streamLinks: string[]) => endpointSchema.safeParse({ id: 'default', label: 'x', description: 'x', origin: 'https://api.example.com', origins: { streamLinks } }).success;
    expect(withLinks(['https://stream.example.com', 'https://s.{label}.c.example.net'])).toBe(true);
    for (const bad of ['https://{label}.net', 'https://{label}.{label}.example.com', 'http://s.example.com', 'https://s.example.com/v1', 'https://{resource}.example.com']) {
      expect(withLinks([bad]), bad).toBe(false);
    }
  });
});

describe('provider APIs of their own', () => {
  it('a streaming variant of a call (`chatStream`) needs the call it streams', async () => {
    const { providerSchema } = await import('../../src/lib/provider-schema');
    const acme = JSON.parse(readFileSync('tests/fixtures/acme/provider.json', 'utf8')) as { calls: Record<string, unknown> };
    const stream = { method: 'POST', path: '/v1/models/{model}:stream?alt=sse', cost: 'tokens', purpose: 'streaming check' };
    expect(providerSchema.safeParse({ ...acme, calls: { ...acme.calls, chatStream: stream } }).success).toBe(true);
    const orphan = providerSchema.safeParse({ ...acme, calls: { ...acme.calls, fimStream: stream } });
    expect(orphan.success).toBe(false);
    expect(orphan.error?.issues.map((i) => i.message)).toEqual(['"fimStream" streams the "fim" call, which is not in "calls"']);
  });

  it('a stream names its answer when the dialect finds an id in the body (the first one wins)', async () => {
    const { readStream } = await import('../../src/server/stream');
    const body = 'data: {"id":"r1","text":"a"}\r\n\r\ndata: {"id":"r2","text":"b"}\r\n\r\n';
    const dialect = {
      terminated: false,
      read: (event: { data: string }) => {
        const chunk = JSON.parse(event.data) as { id: string; text: string };
        return { text: chunk.text, requestId: chunk.id };
      },
    };
    const reading = await readStream(new Response(body), dialect, { sentAt: performance.now(), headersAt: performance.now() }, 1024);
    expect(reading).toMatchObject({ requestId: 'r1', done: true, contentPreview: 'ab', thoughtFirst: false });
    // Thinking reported in the same event as the first text (Gemini's thought count) came first.
    const thinking = { ...dialect, read: (event: { data: string }) => ({ ...dialect.read(event), thinking: true }) };
    expect((await readStream(new Response(body), thinking, { sentAt: performance.now(), headersAt: performance.now() }, 1024)).thoughtFirst).toBe(true);
  });
});
