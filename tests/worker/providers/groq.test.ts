/**
 * Groq's tester in workerd against its fake: every verdict the adapter gives, the model list, the
 * asymmetric rate-limit windows (requests per day, tokens per minute) that come only with chat,
 * usage from `x_groq.usage`, the serving region, a short benchmark and request ids.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AdapterContext } from '../../../src/server/adapter';
import { providerData } from '../../../src/lib/provider-registry';
import { groq } from '../../../src/server/providers/groq';
import { groqFake } from '../../fakes/groq.ts';
import { eventsOf, fakeOrigin, fakeRequests, itReadsVerdicts, only, postTest, resetFake } from '../client.ts';

const origin = () => fakeOrigin('groq');
const key = (scenario: Parameters<typeof groqFake.keyFor>[0]) => groqFake.keyFor(scenario);
const test = (scenario: Parameters<typeof key>[0], body: Record<string, unknown> = {}) => postTest({ provider: 'groq', ...body }, key(scenario));

beforeEach(() => resetFake(origin()));

describe('a working key', () => {
  it('lists models, shows requests per day and tokens per minute from the first chat, reads usage from x_groq, benchmarks', async () => {
    const answer = await test('valid', { checks: ['chat', 'stream'], benchmark: { target: 'chat', runs: 2, maxTokens: 8 } });
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'models', 'rate_limits', 'check', 'check', 'sample', 'sample', 'sample', 'summary', 'outcome', 'done']);

    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'valid', httpStatus: 200, billing: null, message: 'Your key works on api.groq.com. It can use 13 models.' });
    expect(validation.requestId).toMatch(/^req_01[0-9a-z]{24}$/);

    const models = only(answer, 'models').models;
    const family = (id: string) => models.find((m) => m.id === id)?.family;
    expect([family('qwen/qwen3.6-27b'), family('openai/gpt-oss-20b'), family('whisper-large-v3'), family('canopylabs/orpheus-v1-english'), family('meta-llama/llama-prompt-guard-2-22m')]).toEqual([
      'Qwen',
      'GPT OSS',
      'Speech to text',
      'Text to speech',
      'Safety classifiers',
    ]);
    expect(models.find((m) => m.id === 'openai/gpt-oss-20b')?.contextLength).toBe(131072);

    expect(only(answer, 'rate_limits').limits).toEqual([
      { name: 'Requests', limit: 20000, remaining: 19998, window: 'day' },
      { name: 'Tokens', limit: 200000, remaining: 199926, window: 'minute' },
    ]);

    const [chat, stream] = eventsOf(answer, 'check');
    expect(chat).toMatchObject({ name: 'chat', ok: true, model: 'qwen/qwen3.6-27b', servedBy: 'dls' });
    expect(chat?.requestId).toMatch(/^req_01[0-9a-z]{24}$/);
    expect(stream).toMatchObject({ name: 'stream', ok: true, model: 'qwen/qwen3.6-27b', tokenSource: 'usage', servedBy: 'dls' });
    expect(stream?.message).toMatch(/^Streamed 4 tokens; first content after [\d.]+ ms\.$/);

    expect(eventsOf(answer, 'sample').map((s) => [s.run, s.outputTokens, s.tokenSource, s.servedBy])).toEqual([
      [0, 8, 'usage', 'dls'],
      [1, 8, 'usage', 'dls'],
      [2, 8, 'usage', 'dls'],
    ]);
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'valid', basis: 'validation' });

    // Paths under /openai/v1; Qwen told not to reason; no stream_options (Groq sends usage anyway).
    const sent = await fakeRequests(origin());
    expect(new Set(sent.map((r) => `${r.method} ${r.path}`))).toEqual(new Set(['GET /openai/v1/models', 'POST /openai/v1/chat/completions']));
    const bodies = sent.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies[0]).toEqual({ model: 'qwen/qwen3.6-27b', messages: [{ role: 'user', content: 'Reply with the single word OK.' }], max_completion_tokens: 4, reasoning_effort: 'none' });
    for (const body of bodies) expect(body).not.toHaveProperty('stream_options');
  });

  it('benchmarks a publisher-prefixed model the user names (gpt-oss, at its least reasoning)', async () => {
    const answer = await test('valid', { benchmark: { target: 'chat', model: 'openai/gpt-oss-20b', runs: 1, maxTokens: 4 } });
    expect(answer.status).toBe(200);
    expect(eventsOf(answer, 'sample')).toHaveLength(2);
    const bodies = (await fakeRequests(origin())).filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    for (const body of bodies) expect(body).toMatchObject({ model: 'openai/gpt-oss-20b', reasoning_effort: 'low', stream: true });
  });

  it('before any chat, says that Groq sends its limits only with chat answers', async () => {
    const answer = await test('valid');
    expect(only(answer, 'rate_limits')).toEqual({ type: 'rate_limits', limits: [], notes: ['Groq sends rate limits only with inference answers; run a check to see them.'] });
  });
});

describe('verdicts', () => {
  const cases = [
    { scenario: 'invalid', verdict: 'invalid', status: 401, page: '/groq/errors/401/' },
    { scenario: 'forbidden', verdict: 'forbidden', status: 403, page: '/groq/errors/403/' },
    { scenario: 'cloudflareBlock', verdict: 'forbidden', status: 403, page: '/groq/errors/403/' },
    { scenario: 'rateLimited', verdict: 'rate_limited', status: 429, page: '/groq/errors/429/' },
    { scenario: 'quotaExhausted', verdict: 'rate_limited', status: 429, page: '/groq/errors/429/' },
    { scenario: 'serverError', verdict: 'provider_error', status: 502, page: '/groq/errors/5xx/' },
    { scenario: 'resetBeforeHeaders', verdict: 'unreachable', status: null, page: '/groq/errors/timeout/' },
  ] as const;
  itReadsVerdicts(cases, ({ scenario }) => test(scenario), { fixLongerThan: 10 });

  it('quotes Groq on a bad key', async () => {
    expect(only(await test('invalid'), 'validation').message).toBe('Groq rejected this key (401 Unauthorized). Groq said: “Invalid API Key”.');
  });

  it('tells a Cloudflare block from a plan limit', async () => {
    expect(only(await test('cloudflareBlock'), 'validation').fix).toMatch(/^Cloudflare, in front of Groq, blocked the request/);
    expect(only(await test('forbidden'), 'validation').fix).toMatch(/not_available_for_plan/);
  });

  it('a spent daily allowance is a rate limit with a long wait, and the headers show the other windows', async () => {
    const answer = await test('quotaExhausted');
    const validation = only(answer, 'validation');
    expect(validation.message).toMatch(/on tokens per day \(TPD\)/);
    expect(validation.fix).toMatch(/^Wait 17 min and test again; .*a daily limit can mean a wait of many minutes/);
    expect(only(answer, 'rate_limits').limits).toEqual([
      { name: 'Requests', limit: 1000, remaining: 912, window: 'day' },
      { name: 'Tokens', limit: 12000, remaining: 12000, window: 'minute' },
    ]);
  });

  it('a retired or unknown model: the check says not found, with the page', async () => {
    const answer = await test('notFound', { checks: ['chat'] });
    expect(only(answer, 'validation').verdict).toBe('valid');
    const check = only(answer, 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 404, verdict: 'not_found', errorPage: '/groq/errors/404/' });
    expect(check.message).toMatch(/The model `qwen\/qwen3\.6-27b` does not exist/);
  });

  it('an error inside a 200 stream is a provider error', async () => {
    expect(only(await test('streamError', { checks: ['stream'] }), 'check')).toMatchObject({ ok: false, httpStatus: 200, verdict: 'provider_error', errorPage: '/groq/errors/5xx/' });
  });
});

describe('the adapter’s own readings', () => {
  const data = providerData('groq');
  const ctx: AdapterContext = { data, endpoint: data.endpoints[0]!, host: 'api.groq.com', measuredFrom: 'local', keyShape: null };

  it('asks gpt-oss for its least reasoning (it has no “none”), Qwen for none, others for nothing', () => {
    const body = (model: string) => groq.body({ work: 'chat', model, maxTokens: 4, stream: false, prompt: 'x' }) as Record<string, unknown>;
    expect(body('openai/gpt-oss-20b').reasoning_effort).toBe('low');
    expect(body('qwen/qwen3.6-27b').reasoning_effort).toBe('none');
    expect(body('allam-2-7b')).not.toHaveProperty('reasoning_effort');
  });

  it('never answers quota_exhausted (no page explains it for Groq): a limit of 0 is a rate limit', () => {
    const facts = { status: 429, host: 'api.groq.com', limits: { limits: [], notes: [], zeroAllowance: true, longWindowSpent: false, requestsPerMinute: null, tokensPerMinute: null, resetSeconds: null } };
    expect(groq.classify(facts, ctx).verdict).toBe('rate_limited');
    expect(groq.verdicts).not.toContain('quota_exhausted');
  });

  it('reads 498 capacity_exceeded as Groq’s side', () => {
    expect(groq.classify({ status: 498, host: 'api.groq.com' }, ctx)).toMatchObject({ verdict: 'provider_error' });
  });

  it('reads usage from the last chunk’s x_groq.usage (a real chunk of 2025-09)', () => {
    const last =
      '{"id":"chatcmpl-4ef9","object":"chat.completion.chunk","created":1758144596,"model":"deepseek-r1-distill-llama-70b","system_fingerprint":"fp_448a0d11e0","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"x_groq":{"id":"req_01k5csb2e4eskv0qcffjqbscqj","usage":{"queue_time":0.056572745,"prompt_tokens":21,"prompt_time":0.011126655,"completion_tokens":988,"completion_time":3.426243708,"total_tokens":1009,"total_time":3.437370363}}}';
    expect(groq.stream.read({ data: last })).toMatchObject({ outputTokens: 988, tokenSource: 'usage' });
    expect(groq.stream.read({ data: '[DONE]' })).toEqual({ end: true });
  });
});
