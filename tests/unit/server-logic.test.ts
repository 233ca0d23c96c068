/**
 * The endpoint's pure pieces, in Node: reading Mistral's error bodies and rate-limit headers,
 * scrubbing keys out of provider text, the verdict wording, pacing, decode rate and the override
 * configuration. (The same code runs end to end inside workerd in tests/worker.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeRate } from '../../src/server/measure';
import { callSpacingMs } from '../../src/server/pacing';
import { isCapacityError, parseProviderError, requestIdOf, retryAfterSeconds, serverTimeOf } from '../../src/server/providers/mistral/errors';
import { familyOf, mergeModels, parseModelList } from '../../src/server/providers/mistral/models';
import { readRateLimits } from '../../src/server/providers/mistral/rate-limits';
import { describe as describeAnswer } from '../../src/server/providers/mistral/verdict';
import { scrubKey } from '../../src/server/scrub';
import { allowedOrigins, effectiveOrigin, parseOverrides } from '../../src/server/upstream';

const key = 'Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4f';

describe('parseProviderError reads every body shape seen from Mistral', () => {
  const cases: [string | null, string, Partial<ReturnType<typeof parseProviderError>>][] = [
    ['application/json', '{"detail":"Unauthorized"}', { message: 'Unauthorized' }],
    ['application/json', '{"message":"Unauthorized","request_id":"933f233947ff6d346065bb297e4a4d56"}', { message: 'Unauthorized', requestId: '933f233947ff6d346065bb297e4a4d56' }],
    ['application/json', '{"object":"error","message":"Rate limit exceeded","type":"rate_limited","param":null,"code":"1300","raw_status_code":429}', { message: 'Rate limit exceeded', type: 'rate_limited', code: '1300' }],
    ['application/json', '{"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","max_completion_tokens"],"msg":"Extra inputs are not permitted","input":32000}]},"type":"invalid_request_error","param":null,"code":null}', { message: 'max_completion_tokens: Extra inputs are not permitted', code: null }],
    ['application/json', '{"object":"error","message":"{\\"detail\\":[{\\"loc\\":[\\"body\\",\\"frequency_penalty\\"],\\"msg\\":\\"extra fields not permitted\\"}]}","type":"internal_error_proxy","param":null,"code":"1000"}', { message: 'frequency_penalty: extra fields not permitted', code: '1000' }],
    ['text/html', '<!DOCTYPE html><html><head><title>mistral.ai | 520: Web server is returning an unknown error</title></head></html>', { html: true, message: 'mistral.ai | 520: Web server is returning an unknown error' }],
    [null, '', { message: null, html: false }],
    ['application/json', '{"object":"list","data":[{"id":', { message: null }],
  ];
  for (const [type, body, expected] of cases) {
    it(body.slice(0, 50) || '(empty)', () => expect(parseProviderError(type, body)).toMatchObject(expected));
  }

  it('recognises "Service tier capacity exceeded" as capacity, not quota', () => {
    expect(isCapacityError(parseProviderError('application/json', '{"object":"error","message":"Service tier capacity exceeded for this model.","type":"invalid_request_error","param":null,"code":null}'))).toBe(true);
  });

  it('takes the request id from the correlation header first, then Kong, then the body', () => {
    const body = parseProviderError('application/json', '{"message":"Unauthorized","request_id":"b0"}');
    expect(requestIdOf(new Headers({ 'mistral-correlation-id': 'c1', 'x-kong-request-id': 'k1' }), body)).toBe('c1');
    expect(requestIdOf(new Headers({ 'x-kong-request-id': 'k1' }), body)).toBe('k1');
    expect(requestIdOf(new Headers(), body)).toBe('b0');
  });

  it('reads server time and retry hints', () => {
    expect(serverTimeOf(new Headers({ 'x-kong-upstream-latency': '10229' }))).toBe(10229);
    expect(serverTimeOf(new Headers({ 'x-envoy-upstream-service-time': '28' }))).toBe(28);
    expect(serverTimeOf(new Headers())).toBeNull();
    expect(retryAfterSeconds(new Headers({ 'retry-after': '2' }))).toBe(2);
    expect(retryAfterSeconds(new Headers({ 'retry-after': new Date(61_000).toUTCString() }), 1_000)).toBe(60);
    expect(retryAfterSeconds(new Headers({ 'ratelimitbysize-reset': '40' }))).toBe(40);
    expect(retryAfterSeconds(new Headers())).toBeNull();
  });
});

describe('readRateLimits', () => {
  it('reads the 2026 generation (real dump, 2026-02-18)', () => {
    const reading = readRateLimits(
      new Headers({
        'x-ratelimit-limit-req-minute': '60',
        'x-ratelimit-limit-tokens-minute': '50000',
        'x-ratelimit-limit-tokens-month': '4000000',
        'x-ratelimit-remaining-req-minute': '59',
        'x-ratelimit-remaining-tokens-minute': '47196',
        'x-ratelimit-remaining-tokens-month': '3950246',
        'x-ratelimit-tokens-query-cost': '2804',
      }),
    );
    expect(reading.limits).toEqual([
      { name: 'Requests', limit: 60, remaining: 59, window: 'minute' },
      { name: 'Tokens', limit: 50000, remaining: 47196, window: 'minute' },
      { name: 'Tokens', limit: 4000000, remaining: 3950246, window: 'month' },
    ]);
    expect(reading).toMatchObject({ requestsPerMinute: 60, tokensPerMinute: 50000, zeroAllowance: false });
    expect(reading.notes).toContain('This call counted 2804 tokens against the limits.');
  });

  it('reads the 2025 generation (real dump, 2025-05-13) without counting the minute limit twice', () => {
    const reading = readRateLimits(
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
    );
    expect(reading.limits).toEqual([
      { name: 'Tokens', limit: 500000, remaining: 467993, window: 'minute' },
      { name: 'Tokens', limit: 1000000000, remaining: 999967993, window: 'month' },
    ]);
    expect(reading.resetSeconds).toBe(40);
  });

  it('says what a limit of 0 means, and when no headers came', () => {
    expect(readRateLimits(new Headers({ 'x-ratelimit-limit-req-minute': '0', 'x-ratelimit-remaining-req-minute': '0' }))).toMatchObject({ zeroAllowance: true, exhausted: true });
    expect(readRateLimits(new Headers()).notes).toEqual(['Mistral sent no rate-limit headers on this call.']);
  });
});

describe('scrubKey', () => {
  it('removes the key and key-like fragments of it, keeps ordinary words', () => {
    expect(scrubKey(`Invalid API key: ${key}`, key)).toBe('Invalid API key: [your key]');
    expect(scrubKey(`Invalid key ${key.slice(0, 12)}…`, key)).toBe('Invalid key [part of your key]');
    expect(scrubKey('Unauthorized', 'FakeUnauthorizedKong000000000000')).toBe('Unauthorized');
    expect(scrubKey('Invalid model: labs-devstral-small-2512', key)).toBe('Invalid model: labs-devstral-small-2512');
  });

  it('caps provider text at 300 characters', () => {
    expect(scrubKey('x'.repeat(1000), key)).toHaveLength(301);
  });
});

describe('verdict wording', () => {
  const facts = { host: 'api.mistral.ai', key };
  it('maps statuses to verdicts, and 429 with a limit of 0 to quota_exhausted', () => {
    expect(describeAnswer({ ...facts, status: 401 }).verdict).toBe('invalid');
    expect(describeAnswer({ ...facts, status: 403 }).verdict).toBe('forbidden');
    expect(describeAnswer({ ...facts, status: 404 }).verdict).toBe('not_found');
    expect(describeAnswer({ ...facts, status: 429 }).verdict).toBe('rate_limited');
    expect(describeAnswer({ ...facts, status: 429, limits: readRateLimits(new Headers({ 'x-ratelimit-limit-req-minute': '0' })) }).verdict).toBe('quota_exhausted');
    expect(describeAnswer({ ...facts, status: 503 }).verdict).toBe('provider_error');
    expect(describeAnswer({ ...facts, status: 302 }).message).toMatch(/never follows redirects/);
    expect(describeAnswer({ ...facts, status: null, failure: 'timeout' }).verdict).toBe('timeout');
    expect(describeAnswer({ ...facts, status: null, failure: 'unreachable' }).verdict).toBe('unreachable');
  });

  it('quotes the provider only after removing the key', () => {
    const finding = describeAnswer({ ...facts, status: 401, error: parseProviderError('application/json', JSON.stringify({ detail: `Invalid API key: ${key}` })) });
    expect(finding.message).toContain('[your key]');
    expect(finding.message).not.toContain(key);
  });
});

describe('model list', () => {
  const real = JSON.parse(readFileSync('tests/fixtures/mistral/models_list_2025-12-30_transcribed.json', 'utf8')) as unknown;

  it('merges the 66 entries of the real list into one row per model', () => {
    const cards = parseModelList(real);
    expect(cards).toHaveLength(66);
    const models = mergeModels(cards ?? []);
    expect(models.length).toBeLessThan(40);
    const everyId = new Set(models.flatMap((m) => [m.id, ...m.aliases]));
    for (const card of cards ?? []) expect(everyId.has(card.id)).toBe(true);
  });

  it('classifies families by id', () => {
    expect(familyOf('codestral-embed-2505')).toBe('Embed');
    expect(familyOf('pixtral-large-2411')).toBe('Pixtral');
    expect(familyOf('mistral-vibe-cli-latest')).toBe('Devstral');
    expect(familyOf('open-mistral-nemo')).toBe('Other');
  });

  it('classifies fine-tuned models by their base model', () => {
    const [ft] = mergeModels([{ id: 'ft:open-mistral-7b:abc', type: 'fine-tuned', root: 'ministral-8b-2512', capabilities: { completion_chat: true } }]);
    expect(ft).toMatchObject({ family: 'Ministral', fineTuned: true });
  });

  it('rejects a body that is not a model list', () => {
    expect(parseModelList({ detail: 'x' })).toBeNull();
    expect(parseModelList('nope')).toBeNull();
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

describe('UPSTREAM_OVERRIDES', () => {
  it('is empty when unset', () => {
    expect(parseOverrides(undefined).size).toBe(0);
    expect(parseOverrides('').size).toBe(0);
  });

  it('maps allow-listed origins to loopback replacements only', () => {
    const overrides = parseOverrides('{"https://api.mistral.ai":"http://127.0.0.1:9100"}');
    expect(effectiveOrigin('https://api.mistral.ai', overrides)).toBe('http://127.0.0.1:9100');
    expect(effectiveOrigin('https://api.eu.mistral.ai', overrides)).toBe('https://api.eu.mistral.ai');
    expect(() => parseOverrides('{"https://evil.example":"http://127.0.0.1:1"}')).toThrow(/not a provider origin/);
    expect(() => parseOverrides('{"https://api.mistral.ai":"https://evil.example"}')).toThrow(/loopback/);
    expect(() => parseOverrides('{"https://api.mistral.ai":"http://127.0.0.1:9100/v1"}')).toThrow(/loopback origin/);
    expect(() => parseOverrides('[]')).toThrow();
  });

  it('allows exactly the testable providers\' origins', () => {
    expect(allowedOrigins().sort()).toEqual(['https://api.eu.mistral.ai', 'https://api.mistral.ai', 'https://api.us.mistral.ai', 'https://codestral.mistral.ai']);
  });
});
