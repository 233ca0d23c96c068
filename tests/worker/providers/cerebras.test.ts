/**
 * Cerebras' tester, through the real handler in workerd against the Cerebras fake: flat error
 * bodies, six rate-limit windows (requests and tokens per minute, hour and day) on inference only,
 * usage and `time_info` on the finish chunk (Cerebras' own TTFT beside ours), gpt-oss at low effort
 * with max_completion_tokens, 402 as quota_exhausted, the capacity 429, and request ids from bodies.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { readCerebrasChunk } from '../../../src/server/providers/cerebras';
import { cerebrasFake } from '../../fakes/cerebras.ts';
import { eventsOf, fakeOrigin, fakeRequests, itReadsVerdicts, only, postTest, resetFake } from '../client.ts';

type Scenario = Parameters<typeof cerebrasFake.keyFor>[0];
const origin = fakeOrigin('cerebras');
const key = (scenario: Scenario) => cerebrasFake.keyFor(scenario);
const test = (scenario: Scenario, body: Record<string, unknown> = {}) => postTest({ provider: 'cerebras', ...body }, key(scenario));

beforeEach(() => resetFake(origin));

describe('a working key', () => {
  it('runs the whole tester: models, chat and stream checks, six limit windows, a benchmark with Cerebras’ own TTFT', async () => {
    const answer = await test('valid', { checks: ['chat', 'stream'], benchmark: { target: 'chat', runs: 2, maxTokens: 8 } });
    expect(answer.status).toBe(200);
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'models', 'rate_limits', 'check', 'check', 'sample', 'sample', 'sample', 'summary', 'outcome', 'done']);

    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'valid', httpStatus: 200, billing: 'unverified', errorPage: null });
    expect(validation.message).toMatch(/^Your key works on api\.cerebras\.ai\. It can use 3 models\./);
    expect(validation.requestId).toMatch(/^[0-9a-f]{16}-YUL$/);
    expect(only(answer, 'models').models.map((m) => [m.id, m.family])).toEqual([
      ['zai-glm-4.7', 'GLM'],
      ['gemma-4-31b', 'Gemma'],
      ['gpt-oss-120b', 'gpt-oss'],
    ]);

    const limits = only(answer, 'rate_limits');
    // The fake's second call (the model list, then the chat check).
    expect(limits.limits).toEqual([
      { name: 'Requests', limit: 1000, remaining: 998, window: 'minute' },
      { name: 'Tokens', limit: 1000000, remaining: 1000000 - 2 * 16391, window: 'minute' },
      { name: 'Requests', limit: 60000, remaining: 59998, window: 'hour' },
      { name: 'Tokens', limit: 120000000, remaining: 120000000 - 2 * 16391, window: 'hour' },
      { name: 'Requests', limit: 1440000, remaining: 1439998, window: 'day' },
      { name: 'Tokens', limit: 2000000000, remaining: 2000000000 - 2 * 16391, window: 'day' },
    ]);
    expect(limits.notes).toEqual([expect.stringMatching(/^Cerebras counts the prompt plus the whole max_completion_tokens/)]);

    const [chat, stream] = eventsOf(answer, 'check');
    expect(chat).toMatchObject({ name: 'chat', ok: true, model: 'gpt-oss-120b', httpStatus: 200 });
    expect(chat?.requestId).toMatch(/^chatcmpl-[0-9a-f]{16}$/);
    // time_info: queue 4.03 ms + prompt 1.58 ms.
    expect(stream).toMatchObject({ name: 'stream', ok: true, serverTtftMs: 5.6, tokenSource: 'usage' });
    expect(stream?.message).toMatch(/^Streamed 16 tokens; first content after [\d.]+ ms\. Cerebras reports 5\.6 ms to the first token on its side\.$/);
    expect(stream?.requestId).toMatch(/^chatcmpl-[0-9a-f]{16}$/);

    const samples = eventsOf(answer, 'sample');
    expect(samples.map((s) => [s.outputTokens, s.serverTtftMs])).toEqual([
      [8, 5.6],
      [8, 5.6],
      [8, 5.6],
    ]);

    const bodies = (await fakeRequests(origin)).filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    // Few tokens (Cerebras reserves max_completion_tokens against the limits) and the least reasoning.
    expect(bodies[0]).toEqual({ model: 'gpt-oss-120b', messages: [{ role: 'user', content: 'Reply with the single word OK.' }], max_completion_tokens: 16, reasoning_effort: 'low' });
    // Usage comes on the finish chunk unasked: no stream_options.
    expect(bodies[1]).toEqual({ model: 'gpt-oss-120b', messages: [{ role: 'user', content: 'Reply with the single word OK.' }], max_completion_tokens: 16, reasoning_effort: 'low', stream: true });
  });

  it('before any chat, says that Cerebras sends its limits only with inference answers', async () => {
    expect(only(await test('valid'), 'rate_limits')).toEqual({ type: 'rate_limits', limits: [], notes: ['Cerebras sends rate limits only with inference answers; run a check to see them.'] });
  });
});

describe('the finish chunk as recorded', () => {
  // Scoreboard/gpt-oss-120b_thinking/GenStream-Text.yaml (maruel/genai, 2026-07-21).
  const data =
    '{"id":"chatcmpl-670fbac7-4973-4c6d-ad56-fbb6603df06a","choices":[{"delta":{},"finish_reason":"stop","index":0}],"created":1784602498,"model":"gpt-oss-120b","system_fingerprint":"fp_109d9dad056b2cea1f40","object":"chat.completion.chunk","usage":{"total_tokens":114,"completion_tokens":39,"completion_tokens_details":{"accepted_prediction_tokens":0,"rejected_prediction_tokens":0,"reasoning_tokens":27},"prompt_tokens":75,"prompt_tokens_details":{"cached_tokens":0}},"time_info":{"created":1784602498.5051782,"queue_time":0.004025435,"prompt_time":0.00157694,"completion_time":0.019213431,"total_time":0.02756023406982422}}';

  it('gives the visible tokens (reasoning left out), Cerebras’ own TTFT and the answer’s id', () => {
    expect(readCerebrasChunk({ data })).toEqual({ outputTokens: 12, tokenSource: 'usage_excluding_reasoning', serverTtftMs: 5.6, requestId: 'chatcmpl-670fbac7-4973-4c6d-ad56-fbb6603df06a' });
  });

  it('a role-only first chunk carries no text', () => {
    const first = readCerebrasChunk({ data: '{"id":"chatcmpl-1","choices":[{"delta":{"role":"assistant"},"index":0}],"created":1,"model":"gpt-oss-120b","object":"chat.completion.chunk"}' });
    expect(first.text).toBeUndefined();
    expect(first.malformed).toBeUndefined();
  });
});

describe('validation verdicts (flat error bodies)', () => {
  const cases = [
    { scenario: 'invalid', verdict: 'invalid', status: 401, page: '/cerebras/errors/401/' },
    { scenario: 'notFound', verdict: 'not_found', status: 404, page: '/cerebras/errors/404/' },
    { scenario: 'serverError', verdict: 'provider_error', status: 500, page: '/cerebras/errors/5xx/' },
    { scenario: 'redirectForeign', verdict: 'provider_error', status: 302, page: '/cerebras/errors/5xx/' },
    { scenario: 'resetBeforeHeaders', verdict: 'unreachable', status: null, page: '/cerebras/errors/timeout/' },
  ] as const;
  itReadsVerdicts(cases, ({ scenario }) => test(scenario), { sameOutcome: true });

  it('reads the message of a flat body', async () => {
    const validation = only(await test('invalid'), 'validation');
    expect(validation.message).toBe('Cerebras rejected this key (401 Unauthorized). Cerebras said: “Wrong API Key”.');
  });
});

describe('what only a paid call reveals', () => {
  const check = async (scenario: Scenario, name = 'chat') => {
    const answer = await test(scenario, { checks: [name] });
    expect(only(answer, 'validation').verdict).toBe('valid');
    return { check: only(answer, 'check'), outcome: only(answer, 'outcome') };
  };

  it('402 payment_required is quota_exhausted', async () => {
    const { check: c, outcome } = await check('quotaExhausted');
    expect(c).toMatchObject({ ok: false, httpStatus: 402, verdict: 'quota_exhausted', errorPage: '/cerebras/errors/402/' });
    expect(c.message).toMatch(/^Your key is valid, but Cerebras wants payment before it serves this organization \(402\)\. Cerebras said: “Payment required to access this resource/);
    expect(outcome).toMatchObject({ verdict: 'quota_exhausted', basis: 'chat' });
  });

  it('403 multimodal_not_enabled is forbidden, with its page', async () => {
    const { check: c, outcome } = await check('forbidden');
    expect(c).toMatchObject({ ok: false, httpStatus: 403, verdict: 'forbidden', errorPage: '/cerebras/errors/403/' });
    expect(outcome.verdict).toBe('forbidden');
  });

  it('a per-minute 429 is rate_limited, told to wait a minute', async () => {
    const { check: c } = await check('rateLimited');
    expect(c).toMatchObject({ ok: false, httpStatus: 429, verdict: 'rate_limited', errorPage: '/cerebras/errors/429/' });
  });

  it('a spent daily token allowance says that waiting a minute will not help', async () => {
    const answer = await test('dailyTokens', { checks: ['chat'] });
    const c = only(answer, 'check');
    expect(c).toMatchObject({ ok: false, httpStatus: 429, verdict: 'rate_limited', errorPage: '/cerebras/errors/429/' });
    expect(c.message).toMatch(/^Your key is valid, but its allowance of tokens per day is used up \(429\): waiting a minute will not help\. Cerebras said: “Tokens per day limit exceeded/);
    const limits = only(answer, 'rate_limits').limits;
    expect(limits.find((l) => l.name === 'Tokens' && l.window === 'day')).toMatchObject({ remaining: 0 });
  });

  it('the capacity 429 (queue_exceeded) is Cerebras’ traffic, not the key’s limits', async () => {
    const { check: c } = await check('queueExceeded', 'stream');
    expect(c).toMatchObject({ ok: false, httpStatus: 429, verdict: 'rate_limited', errorPage: '/cerebras/errors/429/' });
    expect(c.message).toMatch(/^Your key is valid, but Cerebras is short of capacity right now \(429 queue_exceeded\): this is Cerebras' traffic, not your limits\./);
  });
});
