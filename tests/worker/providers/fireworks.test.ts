/**
 * Fireworks' tester, through the real handler in workerd against the Fireworks fake: /inference/v1
 * paths, its own rate-limit headers (tokens per second, over-limit flag), its server-side TTFT in
 * seconds shown in ms beside the measured one, 412 suspension as quota_exhausted, a 500 on the model
 * list that is not the key's fault (and checks that still run), and request ids from bodies.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fireworksFake } from '../../fakes/fireworks.ts';
import { eventsOf, fakeOrigin, fakeRequests, itReadsVerdicts, only, postTest, resetFake } from '../client.ts';

type Scenario = Parameters<typeof fireworksFake.keyFor>[0];
const origin = fakeOrigin('fireworks');
const key = (scenario: Scenario) => fireworksFake.keyFor(scenario);
const test = (scenario: Scenario, body: Record<string, unknown> = {}) => postTest({ provider: 'fireworks', ...body }, key(scenario));
const FLASH = 'accounts/fireworks/models/deepseek-v4-flash';

beforeEach(() => resetFake(origin));

describe('a working key', () => {
  it('runs the whole tester: models, chat and stream checks with server timings, its own limits, a benchmark', async () => {
    const answer = await test('valid', { checks: ['chat', 'stream'], benchmark: { target: 'chat', runs: 2, maxTokens: 8 } });
    expect(answer.status).toBe(200);
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'models', 'rate_limits', 'check', 'check', 'sample', 'sample', 'sample', 'summary', 'outcome', 'done']);

    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'valid', httpStatus: 200, billing: 'unverified', errorPage: null });
    expect(validation.message).toMatch(/^Your key works on api\.fireworks\.ai\. It can use 6 models\./);

    const models = only(answer, 'models').models;
    const byId = (id: string) => models.find((m) => m.id === id);
    expect(byId(FLASH)).toMatchObject({ family: 'DeepSeek', capabilities: { chat: true, tools: true }, contextLength: 1048576 });
    expect(byId('accounts/fireworks/models/kimi-k2p6')?.capabilities).toEqual({ chat: true, vision: true, tools: true });
    // Embedding models say supports_chat too; their kind tells them apart.
    expect(byId('accounts/fireworks/models/qwen3-embedding-8b')).toMatchObject({ family: 'Embeddings', capabilities: { embeddings: true } });
    expect(byId('accounts/fireworks/models/qwen3p7-plus')?.contextLength).toBeNull();

    const [chat, stream] = eventsOf(answer, 'check');
    expect(chat).toMatchObject({ name: 'chat', ok: true, model: FLASH, httpStatus: 200, serverTtftMs: 500 });
    expect(chat?.requestId).toMatch(/^chatcmpl-[0-9a-f]{16}$/);
    // 0.779 s in Fireworks' header, shown in ms beside the measured TTFT.
    expect(stream).toMatchObject({ name: 'stream', ok: true, serverTtftMs: 779, tokenSource: 'usage' });
    expect(stream?.message).toMatch(/^Streamed 4 tokens; first content after [\d.]+ ms\. Fireworks reports 779 ms to the first token on its side\.$/);
    expect(stream?.requestId).toMatch(/^chatcmpl-[0-9a-f]{16}$/);

    const limits = only(answer, 'rate_limits');
    expect(limits.limits).toEqual([
      { name: 'Prompt tokens', limit: 60000, remaining: null, window: 'second' },
      { name: 'Generated tokens', limit: 600, remaining: null, window: 'second' },
    ]);
    expect(limits.notes).toEqual([expect.stringMatching(/adapts to your usage/), 'Fireworks says this account is within its rate limits (X-Ratelimit-Over-Limit: no).']);

    const samples = eventsOf(answer, 'sample');
    expect(samples.map((s) => [s.outputTokens, s.serverTtftMs])).toEqual([
      [8, 779],
      [8, 779],
      [8, 779],
    ]);
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'valid', basis: 'chat' });

    const sent = await fakeRequests(origin);
    expect(new Set(sent.map((r) => `${r.method} ${r.path}`))).toEqual(new Set(['GET /inference/v1/models', 'POST /inference/v1/chat/completions']));
    const bodies = sent.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    // DeepSeek V4 without thinking; usage asked for in streams.
    expect(bodies[0]).toEqual({ model: FLASH, messages: [{ role: 'user', content: 'Reply with the single word OK.' }], max_tokens: 4, reasoning_effort: 'none' });
    expect(bodies[1]).toMatchObject({ model: FLASH, stream: true, stream_options: { include_usage: true }, reasoning_effort: 'none' });
  });

  it('benchmarks gpt-oss at its least reasoning effort (it cannot switch reasoning off)', async () => {
    const answer = await test('valid', { benchmark: { target: 'chat', model: 'accounts/fireworks/models/gpt-oss-20b', runs: 1, maxTokens: 4 } });
    expect(eventsOf(answer, 'sample')).toHaveLength(2);
    const bodies = (await fakeRequests(origin)).filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    for (const body of bodies) expect(body).toMatchObject({ model: 'accounts/fireworks/models/gpt-oss-20b', reasoning_effort: 'low' });
  });

  it('says when Fireworks reports the account over its limit', async () => {
    const limits = only(await test('overLimit', { checks: ['chat'] }), 'rate_limits');
    expect(limits.notes).toContain('Fireworks says this account is over its rate limit right now (X-Ratelimit-Over-Limit: yes).');
  });
});

describe('validation verdicts', () => {
  const cases = [
    { scenario: 'invalid', verdict: 'invalid', status: 401, page: '/fireworks/errors/401/' },
    { scenario: 'forbidden', verdict: 'invalid', status: 403, page: '/fireworks/errors/401/' },
    { scenario: 'rateLimited', verdict: 'rate_limited', status: 429, page: '/fireworks/errors/429/' },
    { scenario: 'notFound', verdict: 'not_found', status: 404, page: '/fireworks/errors/404/' },
    { scenario: 'serverError', verdict: 'provider_error', status: 500, page: '/fireworks/errors/5xx/' },
    { scenario: 'redirectForeign', verdict: 'provider_error', status: 302, page: '/fireworks/errors/5xx/' },
    { scenario: 'resetBeforeHeaders', verdict: 'unreachable', status: null, page: '/fireworks/errors/timeout/' },
  ] as const;
  itReadsVerdicts(cases, ({ scenario }) => test(scenario), { sameOutcome: true });
});

describe('a model list that fails on Fireworks’ side', () => {
  it('is not read as a bad key, and says to run the chat check', async () => {
    const answer = await test('listFails');
    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'provider_error', httpStatus: 500, errorPage: '/fireworks/errors/5xx/' });
    expect(validation.message).toMatch(/^Fireworks could not list the models \(HTTP 500\)\. This says nothing against your key/);
    expect(validation.fix).toMatch(/Run the chat check/);
    expect(only(answer, 'outcome').verdict).toBe('provider_error');
  });

  it('still runs the checks the user asked for, and the outcome follows them', async () => {
    const answer = await test('listFails', { checks: ['chat', 'stream'] });
    expect(only(answer, 'validation').verdict).toBe('provider_error');
    expect(eventsOf(answer, 'check').map((c) => [c.model, c.ok])).toEqual([
      [FLASH, true],
      [FLASH, true],
    ]);
    expect(only(answer, 'outcome')).toEqual({ type: 'outcome', verdict: 'valid', basis: 'chat', message: "Fireworks' free call failed on its side, but the key works: the chat check passed." });
  });

  it('a key that is refused on chat too is invalid', async () => {
    const answer = await test('invalid', { checks: ['chat'] });
    expect(only(answer, 'validation').verdict).toBe('invalid');
    expect(eventsOf(answer, 'check')).toHaveLength(0);
  });
});

describe('what only a paid call reveals', () => {
  it('412 PRECONDITION_FAILED: the account is suspended, the outcome is quota_exhausted, with its request_id', async () => {
    const answer = await test('suspended', { checks: ['chat'] });
    expect(only(answer, 'validation')).toMatchObject({ verdict: 'valid', billing: 'unverified' });
    const check = only(answer, 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 412, verdict: 'quota_exhausted', errorPage: '/fireworks/errors/412/', requestId: 'chatcmpl-ebdfbe6116404a62bbd8856f06f6a81b' });
    expect(check.message).toMatch(/^Your key is valid, but the Fireworks account is suspended \(412\)\. Fireworks said: “Account ferroxlabs is suspended, possibly due to reaching the monthly spending limit/);
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'quota_exhausted', basis: 'chat' });
  });

  it('a rate limit sent as a 400 is rate_limited', async () => {
    const check = only(await test('rateLimitedAs400', { checks: ['chat'] }), 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 400, verdict: 'rate_limited', errorPage: '/fireworks/errors/429/' });
  });

  it('503 Service Overloaded is Fireworks’ capacity, not the key', async () => {
    const check = only(await test('overloaded', { checks: ['stream'] }), 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 503, verdict: 'provider_error', errorPage: '/fireworks/errors/5xx/' });
    expect(check.message).toMatch(/Service Overloaded/);
  });
});
