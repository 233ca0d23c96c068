/**
 * Cohere's tester, through the real handler in workerd against the Cohere fake: every verdict and
 * reason its adapter can give, the model list (paged too), trial-key limits, the v2 checks and
 * stream dialect, a short benchmark with Cohere's own token counts, and Cohere's request ids.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { cohereKeyFor, type CohereScenario } from '../../fakes/cohere-keys.ts';
import { eventsOf, fakeOrigin, fakeRequests, itReadsVerdicts, only, postTest, resetFake } from '../client.ts';

const origin = fakeOrigin('cohere');
const key = (scenario: CohereScenario) => cohereKeyFor(scenario);
const test = (scenario: CohereScenario, body: Record<string, unknown> = {}) => postTest({ provider: 'cohere', ...body }, key(scenario));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeEach(() => resetFake(origin));

describe('a working production key', () => {
  it('runs the whole tester: validation, models, v2 chat, stream and embed checks, a benchmark', async () => {
    const answer = await test('valid', { checks: ['chat', 'stream', 'embeddings'], benchmark: { target: 'chat', runs: 2, maxTokens: 8 } });
    expect(answer.status).toBe(200);
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'models', 'check', 'check', 'check', 'rate_limits', 'sample', 'sample', 'sample', 'summary', 'outcome', 'done']);

    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'valid', httpStatus: 200, billing: 'unverified', errorPage: null });
    expect(validation.message).toBe('Your key works on api.cohere.com. It can use 31 models. Whether it can spend is not known yet: the free call does not say. A paid check settles it.');
    expect(validation.requestId).toMatch(/^[0-9a-f]{32}$/);

    const models = only(answer, 'models').models;
    expect(models).toHaveLength(31);
    const byId = (id: string) => models.find((m) => m.id === id);
    expect(byId('command-r7b-12-2024')).toMatchObject({ family: 'Command R', contextLength: 132000, capabilities: { generate: true, chat: true }, deprecation: null, fineTuned: false });
    expect(byId('command-a-reasoning-08-2025')).toMatchObject({ family: 'Command A', capabilities: { chat: true, reasoning: true, tools: true } });
    expect(Object.keys(byId('command-a-03-2025')?.capabilities ?? {})).not.toContain('json_schema');
    expect(byId('embed-v4.0')).toMatchObject({ family: 'Embed', capabilities: { embed: true } });
    expect(byId('rerank-v3.5')).toMatchObject({ family: 'Rerank', capabilities: { rerank: true } });
    expect(byId('tiny-aya-global')?.family).toBe('Aya');
    // The image-only embed variants report a context of 0: no context is shown rather than "0".
    expect(byId('embed-english-v3.0-image')).toMatchObject({ contextLength: null, capabilities: { embed_image: true } });

    const [chat, stream, embeddings] = eventsOf(answer, 'check');
    expect(chat).toMatchObject({ name: 'chat', ok: true, model: 'command-r7b-12-2024', httpStatus: 200, message: 'Answered “OK. 1”.' });
    expect(chat?.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(stream).toMatchObject({ name: 'stream', ok: true, model: 'command-r7b-12-2024', tokenSource: 'usage' });
    // Billed output tokens (3), not the raw count Cohere's template adds to (4).
    expect(stream?.message).toMatch(/^Streamed 3 tokens; first content after [\d.]+ ms\.$/);
    expect(embeddings).toMatchObject({ name: 'embeddings', ok: true, model: 'embed-v4.0', message: 'Returned a 1536-dimension vector.' });

    // No trial headers on any answer: the notes say what that means.
    expect(only(answer, 'rate_limits')).toEqual({
      type: 'rate_limits',
      limits: [],
      notes: [expect.stringMatching(/^Cohere sent no rate-limit headers here\. It sends them to trial keys only, so none on a chat or embed answer means a production key/)],
    });

    const samples = eventsOf(answer, 'sample');
    expect(samples.map((s) => [s.run, s.warmup, s.outputTokens, s.tokenSource])).toEqual([
      [0, true, 7, 'usage'],
      [1, false, 7, 'usage'],
      [2, false, 7, 'usage'],
    ]);
    for (const s of samples) expect(s.serverMs).toEqual(expect.any(Number));
    expect(only(answer, 'summary')).toMatchObject({ runs: 2, note: null });
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'valid', basis: 'chat' });

    // What reached Cohere: the data's paths only, its own request bodies, the key as a bearer token.
    const sent = await fakeRequests(origin);
    expect(new Set(sent.map((r) => `${r.method} ${r.path}`))).toEqual(new Set(['GET /v1/models?page_size=1000', 'POST /v2/chat', 'POST /v2/embed']));
    for (const r of sent) {
      expect(r.headers.authorization).toBe(`Bearer ${key('valid')}`);
      expect(r.path).not.toContain(key('valid'));
    }
    const bodies = sent.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies[0]).toEqual({ model: 'command-r7b-12-2024', messages: [{ role: 'user', content: 'Reply with the single word OK.' }], max_tokens: 4 });
    expect(bodies[1]).toMatchObject({ model: 'command-r7b-12-2024', max_tokens: 4, stream: true });
    expect(bodies[2]).toEqual({ model: 'embed-v4.0', texts: ['Keyprobe'], input_type: 'search_document', embedding_types: ['float'] });
  });

  it('follows next_page_token through a paged model list', async () => {
    const answer = await test('pagedModels');
    expect(only(answer, 'validation').message).toMatch(/It can use 31 models\./);
    expect(only(answer, 'models').models).toHaveLength(31);
    const paths = (await fakeRequests(origin)).map((r) => r.path);
    expect(paths).toHaveLength(4);
    expect(paths[0]).toBe('/v1/models?page_size=1000');
    for (const path of paths.slice(1)) expect(path).toMatch(/^\/v1\/models\?page_size=1000&page_token=[A-Za-z0-9_-]+$/);
  });

  it('benchmarks embeddings on embed-v4.0', async () => {
    const answer = await test('valid', { benchmark: { target: 'embeddings', runs: 1 } });
    expect(eventsOf(answer, 'sample')).toHaveLength(2);
    expect(only(answer, 'summary')).toMatchObject({ runs: 1, note: null });
  });
});

describe('a trial key', () => {
  it('is named as one, with its per-minute and monthly limits from the trial headers', async () => {
    const answer = await test('validTrial', { checks: ['chat'] });
    expect(only(answer, 'validation').verdict).toBe('valid');
    const limits = only(answer, 'rate_limits');
    expect(limits.limits).toEqual([
      { name: 'Requests', limit: 500, remaining: 499, window: 'minute' },
      { name: 'Calls', limit: 1000, remaining: null, window: 'month' },
    ]);
    expect(limits.notes).toEqual([expect.stringMatching(/^Trial key: Cohere sends x-trial-\* limits only to trial keys\./)]);
    expect(only(answer, 'check')).toMatchObject({ ok: true, model: 'command-r7b-12-2024' });
  });

  it('whose monthly allowance is used up is valid but quota_exhausted (trial_limit), not rate-limited', async () => {
    const answer = await test('trialMonthly');
    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'quota_exhausted', httpStatus: 429, errorPage: '/cohere/errors/429-trial-limit/' });
    expect(validation.message).toMatch(/^Your key is valid, but its monthly allowance of API calls is used up \(429\)\. Cohere said: “You are using a Trial key, which is limited to 1000 API calls \/ month/);
    expect(validation.fix).toMatch(/^Waiting a minute will not help/);
    expect(validation.requestId).toMatch(UUID);
  });

  it('over its per-minute limit is rate_limited, told to wait a minute', async () => {
    const validation = only(await test('trialPerMinute'), 'validation');
    expect(validation).toMatchObject({ verdict: 'rate_limited', httpStatus: 429, errorPage: '/cohere/errors/429/' });
    expect(validation.fix).toMatch(/^Wait a minute and test again: trial keys have low per-minute limits/);
  });
});

describe('validation verdicts', () => {
  const cases = [
    { scenario: 'invalid', verdict: 'invalid', status: 401, page: '/cohere/errors/401/' },
    { scenario: 'expired', verdict: 'invalid', status: 401, page: '/cohere/errors/401/' },
    { scenario: 'rateLimited', verdict: 'rate_limited', status: 429, page: '/cohere/errors/429/' },
    { scenario: 'trialMonthly', verdict: 'quota_exhausted', status: 429, page: '/cohere/errors/429-trial-limit/' },
    { scenario: 'forbiddenHtml', verdict: 'provider_error', status: 403, page: '/cohere/errors/5xx/' },
    { scenario: 'routeNotFound', verdict: 'not_found', status: 404, page: '/cohere/errors/404/' },
    { scenario: 'serverError', verdict: 'provider_error', status: 500, page: '/cohere/errors/5xx/' },
    { scenario: 'redirectForeign', verdict: 'provider_error', status: 302, page: '/cohere/errors/5xx/' },
    { scenario: 'resetBeforeHeaders', verdict: 'unreachable', status: null, page: '/cohere/errors/timeout/' },
  ] as const;
  itReadsVerdicts(cases, ({ scenario }) => test(scenario), { sameOutcome: true, endsWithDone: true });

  it('a wrong key: Cohere’s words, and the body id for support (its 401s carry no trace header)', async () => {
    const validation = only(await test('invalid'), 'validation');
    expect(validation.message).toBe('Cohere rejected this key (401 Unauthorized). Cohere said: “invalid api token”.');
    expect(validation.requestId).toMatch(UUID);
  });

  it('an expired key is told to create a new one', async () => {
    const validation = only(await test('expired'), 'validation');
    expect(validation.fix).toBe('The key has expired. Create a production key (or a new trial key) at dashboard.cohere.com/api-keys.');
  });

  it('an HTML 403 from the load balancer is not blamed on the key', async () => {
    const validation = only(await test('forbiddenHtml'), 'validation');
    expect(validation.message).toMatch(/refused the connection with an HTML “403 Forbidden” page, not Cohere's API error\..*says nothing about your key\.$/);
    expect(validation.fix).toMatch(/from another network/);
  });

  it('a 500 quotes Cohere and passes on the body id Cohere support asks for', async () => {
    const validation = only(await test('serverError'), 'validation');
    expect(validation.message).toMatch(/^Cohere had a problem answering \(HTTP 500\)\. Cohere said: “internal server error, this has been reported to our developers/);
    expect(validation.requestId).toMatch(UUID);
  });

  it('a key that hangs ends in a timeout', async () => {
    const validation = only(await test('hang'), 'validation');
    expect(validation).toMatchObject({ verdict: 'timeout', httpStatus: null, errorPage: '/cohere/errors/timeout/' });
  });

  it('an endless model list is cut at the size cap', async () => {
    const validation = only(await test('hugeBody'), 'validation');
    expect(validation).toMatchObject({ verdict: 'provider_error', httpStatus: 200, errorPage: '/cohere/errors/5xx/' });
    expect(validation.message).toMatch(/far larger than expected/);
  });
});

describe('what only a paid call reveals', () => {
  it('402 payment method: the free list works, the chat check fails, the outcome is quota_exhausted', async () => {
    const answer = await test('paymentRequired', { checks: ['chat'] });
    expect(only(answer, 'validation')).toMatchObject({ verdict: 'valid', billing: 'unverified' });
    const check = only(answer, 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 402, verdict: 'quota_exhausted', errorPage: '/cohere/errors/402/' });
    expect(check.message).toMatch(/^Your key is valid, but Cohere cannot bill it \(402 Payment Required\)\. Cohere said: “Please add or update your payment method/);
    expect(check.requestId).toMatch(UUID);
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'quota_exhausted', basis: 'chat' });
  });

  it('402 maximum billing: the same verdict, with the billing limit named', async () => {
    const answer = await test('billingLimit', { checks: ['embeddings'] });
    expect(only(answer, 'check')).toMatchObject({ ok: false, verdict: 'quota_exhausted', errorPage: '/cohere/errors/402/' });
    expect(only(answer, 'outcome').verdict).toBe('quota_exhausted');
  });

  it('a listed model that chat no longer serves is not_found, with Cohere’s words', async () => {
    const answer = await test('modelGone', { checks: ['chat'] });
    const check = only(answer, 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 404, verdict: 'not_found', errorPage: '/cohere/errors/404/' });
    expect(check.message).toMatch(/Cohere said: “model 'command-r7b-12-2024' not found/);
    expect(only(answer, 'outcome').verdict).toBe('valid');
  });
});

describe('v2 streams that go wrong', () => {
  const stream = async (scenario: CohereScenario) => only(await test(scenario, { checks: ['stream'] }), 'check');

  it('a message-end with finish_reason ERROR is an error inside the stream', async () => {
    const check = await stream('streamError');
    expect(check).toMatchObject({ ok: false, httpStatus: 200, verdict: 'provider_error', errorPage: '/cohere/errors/5xx/' });
    expect(check.message).toBe('The stream started, then Cohere sent an error in it: “internal server error, the generation failed”.');
  });

  it('names broken events, a cut connection and a stream without message-end', async () => {
    expect(await stream('malformedSse')).toMatchObject({ ok: false, message: 'The stream contained 2 unreadable events.' });
    expect(await stream('resetMidStream')).toMatchObject({ ok: false, message: 'The stream was cut off before it finished.' });
    expect(await stream('streamNoEnd')).toMatchObject({ ok: false, message: 'The stream ended without its closing event.' });
  });
});
