/**
 * The Anthropic tester in workerd against the fake Anthropic API: every verdict and reason the
 * adapter gives, the free billing probe (count_tokens), the paged model list, rate limits that come
 * only with inference, named-event streams, the benchmark, request ids, and what is sent.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { anthropicKeyFor, type AnthropicScenario } from '../../fakes/anthropic.ts';
import { eventsOf, fakeOrigin, fakeRequests, itReadsVerdicts, only, postTest, resetFake } from '../client.ts';

const origin = fakeOrigin('anthropic');
const key = (scenario: AnthropicScenario) => anthropicKeyFor(scenario);
const test = (scenario: AnthropicScenario, body: Record<string, unknown> = {}) => postTest({ provider: 'anthropic', ...body }, key(scenario));
const sent = async () => (await fakeRequests(origin)).map((r) => `${r.method} ${r.path}`);

beforeEach(() => resetFake(origin));

describe('validation verdicts', () => {
  const cases = [
    { scenario: 'valid', verdict: 'valid', status: 200, page: null },
    { scenario: 'invalid', verdict: 'invalid', status: 401, page: '/anthropic/errors/401/' },
    { scenario: 'disabledKey', verdict: 'invalid', status: 404, page: '/anthropic/errors/401/' },
    { scenario: 'adminKey', verdict: 'invalid', status: 401, page: '/anthropic/errors/401/' },
    { scenario: 'forbidden', verdict: 'forbidden', status: 403, page: '/anthropic/errors/403/' },
    { scenario: 'corsRefused', verdict: 'forbidden', status: 401, page: '/anthropic/errors/403/' },
    // Decided by the free token count's 400, after the model list's 200.
    { scenario: 'noCredit', verdict: 'quota_exhausted', status: 400, page: '/anthropic/errors/400-credit-balance-too-low/' },
    { scenario: 'usageLimit', verdict: 'quota_exhausted', status: 400, page: '/anthropic/errors/400-usage-limits/' },
    { scenario: 'rateLimited', verdict: 'rate_limited', status: 429, page: '/anthropic/errors/429/' },
    { scenario: 'overloaded', verdict: 'provider_error', status: 529, page: '/anthropic/errors/529-overloaded/' },
    { scenario: 'serverError', verdict: 'provider_error', status: 500, page: '/anthropic/errors/5xx/' },
    { scenario: 'hugeBody', verdict: 'provider_error', status: 200, page: '/anthropic/errors/5xx/' },
    { scenario: 'redirectForeign', verdict: 'provider_error', status: 302, page: '/anthropic/errors/5xx/' },
    { scenario: 'resetBeforeHeaders', verdict: 'unreachable', status: null, page: '/anthropic/errors/timeout/' },
  ] as const;

  itReadsVerdicts(cases, ({ scenario }) => test(scenario), { sameOutcome: true, endsWithDone: true }, (answer, { verdict }) => {
    const validation = only(answer, 'validation');
    expect(answer.status).toBe(200);
    expect(validation.message.length).toBeGreaterThan(10);
    if (verdict !== 'valid') expect(validation.fix.length).toBeGreaterThan(10);
  });

  it('a key that hangs ends in a timeout within the call deadline', async () => {
    const started = Date.now();
    const validation = only(await test('hang'), 'validation');
    expect(validation).toMatchObject({ verdict: 'timeout', httpStatus: null, errorPage: '/anthropic/errors/timeout/' });
    expect(Date.now() - started).toBeLessThan(13_000);
  });

  it('quotes Anthropic and explains a wrong key', async () => {
    const validation = only(await test('invalid'), 'validation');
    expect(validation.message).toBe('Anthropic rejected this key (401 Unauthorized). Anthropic said: “invalid x-api-key”.');
    expect(validation.fix).toMatch(/sk-ant-api03- and are 108 characters long/);
    expect(validation.requestId).toMatch(/^req_011C[A-Za-z0-9]{20}$/);
  });

  it('reads a 404 on the model list as a disabled or deleted key', async () => {
    const validation = only(await test('disabledKey'), 'validation');
    expect(validation.message).toMatch(/^Anthropic does not know this key: the model list answered 404/);
  });

  it('recognises an admin key and says it cannot call Claude', async () => {
    const validation = only(await test('adminKey'), 'validation');
    expect(validation.message).toMatch(/^This is an Admin API key \(sk-ant-admin01-…\), and Anthropic refused it here \(401\)\. Admin keys only work on the Admin API/);
    expect(validation.message).toMatch(/cannot list models or call Claude/);
    expect(validation.fix).toMatch(/create a standard API key \(sk-ant-api03-…\)/);
    // An ordinary key refused the same way is not called an admin key.
    expect(only(await test('invalid'), 'validation').message).not.toMatch(/Admin/);
  });

  it('does not blame the key when the organization refuses browser calls', async () => {
    const validation = only(await test('corsRefused'), 'validation');
    expect(validation.message).toMatch(/does not allow browser \(CORS\) requests\. This says nothing against the key\./);
  });

  it('says 529 is the provider being overloaded, not the key', async () => {
    const validation = only(await test('overloaded'), 'validation');
    expect(validation.message).toMatch(/the provider is overloaded, not your key/);
    expect(validation.message).toMatch(/Anthropic said: “Overloaded”/);
    expect(validation.message).not.toMatch(/Cloudflare/);
  });

  it('a rate-limited key is valid-but-limited, with when to retry', async () => {
    const validation = only(await test('rateLimited'), 'validation');
    expect(validation.message).toMatch(/Your key is valid, but Anthropic is rate-limiting it right now \(429\)/);
    expect(validation.fix).toMatch(/^Wait 1 s and test again/);
  });
});

describe('billing, settled for free', () => {
  it('a key with credit: the token count verifies billing without a paid call', async () => {
    const validation = only(await test('valid'), 'validation');
    expect(validation).toMatchObject({ verdict: 'valid', billing: 'verified' });
    expect(validation.message).toBe('Your key works on api.anthropic.com. It can use 12 models.');
    expect(await sent()).toEqual(['GET /v1/models?limit=1000', 'POST /v1/messages/count_tokens']);
    const count = (await fakeRequests(origin)).find((r) => r.path === '/v1/messages/count_tokens');
    expect(JSON.parse(count?.body ?? '{}')).toEqual({ model: 'claude-haiku-5-5', messages: [{ role: 'user', content: 'Keyprobe' }] });
  });

  it('no credit: a 400 "credit balance is too low" is quota_exhausted, never invalid, and nothing is spent', async () => {
    const answer = await test('noCredit', { checks: ['chat', 'stream'], benchmark: { target: 'chat', runs: 1 } });
    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'quota_exhausted', billing: 'exhausted', errorPage: '/anthropic/errors/400-credit-balance-too-low/' });
    expect(validation.message).toMatch(/^Your key is valid, but its organization has no API credit left: Anthropic refused the free token count with its credit error \(400\)\. Anthropic said: “Your credit balance is too low/);
    expect(validation.fix).toMatch(/Plans & Billing/);
    expect(validation.requestId).toMatch(/^req_011C[A-Za-z0-9]{20}$/);
    expect(eventsOf(answer, 'check')).toEqual([]);
    expect(await sent()).not.toContain('POST /v1/messages');
  });

  it('a spend limit the organization set: quota_exhausted with its own page', async () => {
    const validation = only(await test('usageLimit'), 'validation');
    expect(validation).toMatchObject({ verdict: 'quota_exhausted', billing: 'exhausted', errorPage: '/anthropic/errors/400-usage-limits/' });
    expect(validation.message).toMatch(/a spend limit set for its organization or workspace is reached/);
    expect(validation.message).toMatch(/You will regain access on 2026-04-01 at 00:00 UTC/);
  });

  it('the tier\'s monthly cap (429 enforced_spend_limit_reached) on a check is quota, not a rate limit', async () => {
    const answer = await test('spendCap', { checks: ['chat'] });
    expect(only(answer, 'validation')).toMatchObject({ verdict: 'valid', billing: 'verified' });
    const check = only(answer, 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 429, verdict: 'quota_exhausted', errorPage: '/anthropic/errors/400-usage-limits/' });
    expect(check.message).toMatch(/monthly spend cap \(429 enforced_spend_limit_reached\)\. This is not a rate limit/);
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'quota_exhausted', basis: 'chat' });
    // Waiting does not lift a spend cap: the check is not retried.
    expect((await sent()).filter((c) => c === 'POST /v1/messages')).toHaveLength(1);
  });

  it('a benchmark that hits the spend cap stops with its reason instead of backing off', async () => {
    const answer = await test('spendCap', { benchmark: { target: 'chat', runs: 2 } });
    expect(eventsOf(answer, 'backoff')).toEqual([]);
    expect(only(answer, 'summary').note).toMatch(/^Run 0 failed: Your key is valid, but the organization has reached its usage tier's monthly spend cap/);
  });
});

describe('a working key', () => {
  it('runs the full tester: models, rate limits from inference, chat, stream, benchmark', async () => {
    const answer = await test('valid', { checks: ['chat', 'stream'], benchmark: { target: 'chat', runs: 2, maxTokens: 8 } });
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'models', 'rate_limits', 'check', 'check', 'sample', 'sample', 'sample', 'summary', 'outcome', 'done']);

    const models = only(answer, 'models').models;
    expect(models.map((m) => m.id)).toContain('claude-haiku-5-5');
    const haiku45 = models.find((m) => m.id === 'claude-haiku-4-5-20251001');
    expect(haiku45).toMatchObject({ name: 'Claude Haiku 4.5', family: 'Haiku', contextLength: 200_000, deprecation: null });
    expect(haiku45?.capabilities).toMatchObject({ image_input: true, code_execution: false, thinking: true, effort: false });
    expect(new Set(models.map((m) => m.family))).toEqual(new Set(['Opus', 'Sonnet', 'Haiku', 'Fable']));

    const limits = only(answer, 'rate_limits');
    expect(limits.limits).toEqual([
      { name: 'Requests', limit: 4000, remaining: 3999, window: 'minute' },
      { name: 'Tokens', limit: 4_800_000, remaining: 4_800_000, window: 'minute' },
      { name: 'Input tokens', limit: 4_000_000, remaining: 4_000_000, window: 'minute' },
      { name: 'Output tokens', limit: 800_000, remaining: 800_000, window: 'minute' },
    ]);
    expect(limits.notes.join(' ')).toMatch(/rounds the remaining token counts to the nearest thousand/);

    const [chat, stream] = eventsOf(answer, 'check');
    expect(chat).toMatchObject({ name: 'chat', ok: true, model: 'claude-haiku-5-5', httpStatus: 200, message: 'Answered “Hello, this is”.' });
    expect(chat?.requestId).toMatch(/^req_011C[A-Za-z0-9]{20}$/);
    expect(stream).toMatchObject({ name: 'stream', ok: true, model: 'claude-haiku-5-5', tokenSource: 'usage' });
    expect(stream?.message).toMatch(/^Streamed 4 tokens; first content after [\d.]+ ms\.$/);
    expect(stream?.requestId).toMatch(/^req_011C/);

    const samples = eventsOf(answer, 'sample');
    expect(samples.map((s) => [s.run, s.warmup, s.outputTokens])).toEqual([
      [0, true, 8],
      [1, false, 8],
      [2, false, 8],
    ]);
    expect(samples.every((s) => s.ttftMs !== null && s.ttftMs >= s.ttfbMs)).toBe(true);
    expect(only(answer, 'summary')).toMatchObject({ runs: 2, note: null });
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'valid' });
  });

  it('sends the key in x-api-key with anthropic-version, and Messages API bodies', async () => {
    const k = key('valid');
    await test('valid', { checks: ['chat', 'stream'] });
    const requests = await fakeRequests(origin);
    expect(new Set(requests.map((r) => `${r.method} ${r.path}`))).toEqual(new Set(['GET /v1/models?limit=1000', 'POST /v1/messages/count_tokens', 'POST /v1/messages']));
    for (const r of requests) {
      expect(r.headers['x-api-key']).toBe(k);
      expect(r.headers['anthropic-version']).toBe('2023-06-01');
      expect(r.headers.authorization).toBeUndefined();
      expect(r.path).not.toContain(k.slice(13, 30));
    }
    const bodies = requests.filter((r) => r.path === '/v1/messages').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies).toEqual([
      { model: 'claude-haiku-5-5', max_tokens: 4, messages: [{ role: 'user', content: 'Reply with the single word OK.' }], thinking: { type: 'disabled' } },
      { model: 'claude-haiku-5-5', max_tokens: 4, messages: [{ role: 'user', content: 'Reply with the single word OK.' }], thinking: { type: 'disabled' }, stream: true },
    ]);
  });

  it('says rate limits come only with inference when no check ran', async () => {
    const limits = only(await test('valid'), 'rate_limits');
    expect(limits.limits).toEqual([]);
    expect(limits.notes).toEqual(['Anthropic sends rate limits only with inference answers; run a check to see them.']);
  });

  it('reads every page of a paged model list', async () => {
    const answer = await test('pagedModels');
    expect(only(answer, 'models').models).toHaveLength(12);
    expect(await sent()).toEqual([
      'GET /v1/models?limit=1000',
      'GET /v1/models?limit=1000&after_id=claude-fable-5',
      'GET /v1/models?limit=1000&after_id=claude-opus-4-5-20251101',
      'POST /v1/messages/count_tokens',
    ]);
  });
});

describe('checks that fail, and streams', () => {
  const stream = async (scenario: AnthropicScenario) => only(await test(scenario, { checks: ['stream'] }), 'check');

  it('a model the API does not serve is not_found, not an invalid key', async () => {
    const answer = await test('modelNotFound', { checks: ['chat'] });
    expect(only(answer, 'check')).toMatchObject({ ok: false, httpStatus: 404, verdict: 'not_found', errorPage: '/anthropic/errors/404/' });
    expect(only(answer, 'check').message).toMatch(/model: claude-haiku-5-5/);
    expect(only(answer, 'outcome').verdict).toBe('valid');
  });

  it('an overloaded_error event inside a 200 stream is the provider overloaded, not the key', async () => {
    const check = await stream('streamOverloaded');
    expect(check).toMatchObject({ ok: false, httpStatus: 200, verdict: 'provider_error', errorPage: '/anthropic/errors/529-overloaded/' });
    expect(check.message).toBe('The stream started, then Anthropic sent an error in it: “Overloaded”.');
  });

  it('an overloaded stream fails a benchmark run, saying so', async () => {
    const answer = await test('streamOverloaded', { benchmark: { target: 'chat', runs: 1 } });
    expect(only(answer, 'summary').note).toBe('Run 0 failed: Anthropic sent an error inside the stream.');
  });

  it('a model that thinks first: TTFT waits for the first text, and the run says it reasoned', async () => {
    const check = await stream('thinkingFirst');
    expect(check).toMatchObject({ ok: true, tokenSource: 'usage_excluding_reasoning' });
    expect(check.message).toMatch(/^Streamed 4 tokens; first content after [\d.]+ ms\. The model reasoned before answering\.$/);
  });

  it('names a stream that breaks', async () => {
    expect(await stream('resetMidStream')).toMatchObject({ ok: false, message: 'The stream was cut off before it finished.' });
    expect(await stream('streamNoStop')).toMatchObject({ ok: false, message: 'The stream ended without its closing event.' });
    expect(await stream('malformedSse')).toMatchObject({ ok: false, message: 'The stream contained 1 unreadable events.' });
  });
});
