/**
 * Together's tester, through the real handler in workerd against the Together fake: the bare-array
 * model list with its prices and types, every verdict its adapter gives, billing settled by the chat
 * check, usage from the separate `choices: []` chunk (and the older `eos` finish chunk), and the
 * answer's `id` as request id.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { togetherFake } from '../../fakes/together.ts';
import { eventsOf, fakeOrigin, fakeRequests, itReadsVerdicts, only, postTest, resetFake } from '../client.ts';

type Scenario = Parameters<typeof togetherFake.keyFor>[0];
const origin = fakeOrigin('together');
const key = (scenario: Scenario) => togetherFake.keyFor(scenario);
const test = (scenario: Scenario, body: Record<string, unknown> = {}) => postTest({ provider: 'together', ...body }, key(scenario));
const TOGETHER_ID = /^omJK92o-4YNCb4-[0-9a-f]{16}$/;

beforeEach(() => resetFake(origin));

describe('a working key', () => {
  it('runs the whole tester: the priced model list, chat, stream and embeddings checks, a benchmark', async () => {
    const answer = await test('valid', { checks: ['chat', 'stream', 'embeddings'], benchmark: { target: 'chat', runs: 2, maxTokens: 8 } });
    expect(answer.status).toBe(200);
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'models', 'check', 'check', 'check', 'rate_limits', 'sample', 'sample', 'sample', 'summary', 'outcome', 'done']);

    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'valid', httpStatus: 200, billing: 'unverified', errorPage: null });
    expect(validation.message).toBe('Your key works on api.together.ai. It can use 12 models. Whether it can spend is not known yet: the free call does not say. A paid check settles it.');
    // The model list has no body id: the Cloudflare ray id is the one to quote.
    expect(validation.requestId).toMatch(/^[0-9a-f]{16}-YUL$/);

    const models = only(answer, 'models').models;
    const byId = (id: string) => models.find((m) => m.id === id);
    expect(byId('meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo')).toMatchObject({
      name: 'Meta Llama 3.1 8B Instruct Turbo',
      family: 'Llama',
      capabilities: { chat: true },
      contextLength: 131072,
      price: { input: 0.18000000000000002, output: 0.18000000000000002, currency: 'USD' },
    });
    expect(byId('moonshotai/Kimi-K3')).toMatchObject({ family: 'Kimi', price: { input: 3, output: 15, currency: 'USD' } });
    expect(byId('BAAI/bge-base-en-v1.5')).toMatchObject({ family: 'Embeddings', capabilities: { embedding: true }, price: { input: 0.008, output: 0.008 } });
    expect(byId('meta-llama/Meta-Llama-3.1-8B')?.capabilities).toEqual({ language: true });
    expect(byId('Salesforce/Llama-Rank-V1')?.capabilities).toEqual({ rerank: true });
    // Listed at $0 (dedicated endpoints only; an image model priced per megapixel): no price shown rather than a false "free".
    expect(byId('Qwen/Qwen2.5-7B-Instruct')).not.toHaveProperty('price');
    expect(byId('black-forest-labs/FLUX.1-schnell')).toMatchObject({ capabilities: { image: true }, contextLength: null });
    expect(byId('black-forest-labs/FLUX.1-schnell')).not.toHaveProperty('price');

    expect(only(answer, 'rate_limits')).toEqual({ type: 'rate_limits', limits: [], notes: [expect.stringMatching(/^Together sends no rate-limit headers: its serverless limits are dynamic/)] });

    const [chat, stream, embeddings] = eventsOf(answer, 'check');
    expect(chat).toMatchObject({ name: 'chat', ok: true, model: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo', httpStatus: 200, message: 'Answered “Hello, this is”.' });
    expect(chat?.requestId).toMatch(TOGETHER_ID);
    // Usage arrives unasked in a `choices: []` chunk after the finish chunk.
    expect(stream).toMatchObject({ name: 'stream', ok: true, tokenSource: 'usage' });
    expect(stream?.message).toMatch(/^Streamed 4 tokens; first content after [\d.]+ ms\.$/);
    expect(stream?.requestId).toMatch(TOGETHER_ID);
    expect(embeddings).toMatchObject({ name: 'embeddings', ok: true, model: 'BAAI/bge-base-en-v1.5', message: 'Returned a 8-dimension vector.' });

    const samples = eventsOf(answer, 'sample');
    expect(samples.map((s) => [s.run, s.outputTokens, s.tokenSource])).toEqual([
      [0, 8, 'usage'],
      [1, 8, 'usage'],
      [2, 8, 'usage'],
    ]);
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'valid', basis: 'chat', message: 'Your key works and can spend: the chat check passed.' });

    const sent = await fakeRequests(origin);
    expect(new Set(sent.map((r) => `${r.method} ${r.path}`))).toEqual(new Set(['GET /v1/models', 'POST /v1/chat/completions', 'POST /v1/embeddings']));
    for (const r of sent) expect(r.headers.authorization).toBe(`Bearer ${key('valid')}`);
    const bodies = sent.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies[0]).toEqual({ model: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo', messages: [{ role: 'user', content: 'Reply with the single word OK.' }], max_tokens: 4 });
    // Together sends usage unasked: no stream_options.
    expect(bodies[1]).toEqual({ model: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo', messages: [{ role: 'user', content: 'Reply with the single word OK.' }], max_tokens: 4, stream: true });
  });

  it('reads the older stream: usage on a finish chunk whose reason is eos', async () => {
    const answer = await test('legacyStream', { checks: ['stream'], benchmark: { target: 'chat', runs: 1, maxTokens: 8 } });
    expect(only(answer, 'check')).toMatchObject({ ok: true, tokenSource: 'usage' });
    expect(only(answer, 'check').message).toMatch(/^Streamed 4 tokens;/);
    expect(eventsOf(answer, 'sample').map((s) => s.outputTokens)).toEqual([8, 8]);
  });

  it('benchmarks a publisher-prefixed model the user names', async () => {
    const answer = await test('valid', { benchmark: { target: 'chat', model: 'Qwen/Qwen3-Next-80B-A3B-Instruct', runs: 1, maxTokens: 4 } });
    expect(answer.status).toBe(200);
    expect(eventsOf(answer, 'sample')).toHaveLength(2);
    const bodies = (await fakeRequests(origin)).filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    for (const body of bodies) expect(body).toMatchObject({ model: 'Qwen/Qwen3-Next-80B-A3B-Instruct', stream: true });
  });
});

describe('validation verdicts', () => {
  const cases = [
    { scenario: 'invalid', verdict: 'invalid', status: 401, page: '/together/errors/401/' },
    { scenario: 'forbidden', verdict: 'invalid', status: 403, page: '/together/errors/401/' },
    { scenario: 'rateLimited', verdict: 'rate_limited', status: 429, page: '/together/errors/429/' },
    { scenario: 'notFound', verdict: 'not_found', status: 404, page: '/together/errors/404/' },
    { scenario: 'serverError', verdict: 'provider_error', status: 500, page: '/together/errors/5xx/' },
    { scenario: 'redirectForeign', verdict: 'provider_error', status: 302, page: '/together/errors/5xx/' },
    { scenario: 'resetBeforeHeaders', verdict: 'unreachable', status: null, page: '/together/errors/timeout/' },
    { scenario: 'hang', verdict: 'timeout', status: null, page: '/together/errors/timeout/' },
  ] as const;
  itReadsVerdicts(cases, ({ scenario }) => test(scenario), { sameOutcome: true });

  it("a wrong key on the model list gets Together's short body: its words, and the ray id", async () => {
    const validation = only(await test('invalid'), 'validation');
    expect(validation.message).toBe('Together rejected this key (401 Unauthorized). Together said: “Unauthorized”.');
    expect(validation.requestId).toMatch(/-YUL$/);
  });
});

describe('what only a paid call reveals', () => {
  it('402 credit_limit: the free list works, the chat check fails, the outcome is quota_exhausted', async () => {
    const answer = await test('quotaExhausted', { checks: ['chat'] });
    expect(only(answer, 'validation')).toMatchObject({ verdict: 'valid', billing: 'unverified' });
    const check = only(answer, 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 402, verdict: 'quota_exhausted', errorPage: '/together/errors/402/' });
    expect(check.message).toMatch(/^Your key is valid, but Together will not bill it: the account's credit or usage limit is used up \(402\)\. Together said: “Credit limit exceeded/);
    // The error body's own id, for support.
    expect(check.requestId).toBe('o3LiXw4-62bZhn-96040daf687810ab');
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'quota_exhausted', basis: 'chat' });
  });

  it('a model-specific 429 says the model has its own limit', async () => {
    const check = only(await test('modelRateLimit', { checks: ['chat'] }), 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 429, verdict: 'rate_limited', errorPage: '/together/errors/429/' });
  });

  it('a model served on dedicated endpoints only (400 model_not_available) is not_found, linked to the 404 page', async () => {
    const answer = await test('nonServerless', { checks: ['stream'] });
    const check = only(answer, 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 400, verdict: 'not_found', errorPage: '/together/errors/404/' });
    expect(check.requestId).toBe('okkMQHz-2kFHot-a023f584e9c5ff7e');
    expect(only(answer, 'outcome').verdict).toBe('valid');
  });

  it('a 503 under load is Together short of capacity, not the key', async () => {
    const check = only(await test('overloaded', { checks: ['chat'] }), 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 503, verdict: 'provider_error', errorPage: '/together/errors/5xx/' });
  });
});

describe('streams that go wrong', () => {
  const stream = async (scenario: Scenario) => only(await test(scenario, { checks: ['stream'] }), 'check');
  it('names an error inside the stream, broken events, a cut connection and a missing [DONE]', async () => {
    expect(await stream('streamError')).toMatchObject({ ok: false, verdict: 'provider_error', errorPage: '/together/errors/5xx/' });
    expect(await stream('malformedSse')).toMatchObject({ ok: false, message: 'The stream contained 2 unreadable events.' });
    expect(await stream('resetMidStream')).toMatchObject({ ok: false, message: 'The stream was cut off before it finished.' });
    expect(await stream('streamNoDone')).toMatchObject({ ok: false, message: 'The stream ended without its closing event.' });
  });
});
