/**
 * The Gemini tester in workerd against the fake Gemini API (tests/fakes/gemini.ts): the key only in
 * `x-goog-api-key`, never in a URL; the paged model list; every verdict and reason from Google's
 * own error details; the quota and retry delay read from a 429's body (Gemini sends no rate-limit
 * headers); SSE streams with running usage and no end event; embeddings; request ids from bodies.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { geminiKeyFor, type GeminiScenario } from '../../fakes/gemini.ts';
import { eventsOf, fakeOrigin, fakeRequests, itReadsVerdicts, only, postTest, resetFake } from '../client.ts';

const origin = fakeOrigin('gemini');
const key = (scenario: GeminiScenario) => geminiKeyFor(scenario);
const test = (body: Record<string, unknown>, scenario: GeminiScenario, meta: { onSend?: (url: string, method: string) => void; colo?: string } = {}) =>
  postTest({ provider: 'gemini', ...body }, key(scenario), { meta: { onSend: meta.onSend }, colo: meta.colo });

const HOST = 'generativelanguage.googleapis.com';
/** A responseId as Google writes them: 22–23 URL-safe base64 characters. */
const RESPONSE_ID = /^[A-Za-z0-9_-]{22,23}$/;

beforeEach(() => resetFake(origin));

describe('a working Gemini key', () => {
  it('runs validation, models, limits, chat, stream, embeddings and a benchmark, sending the key only in x-goog-api-key', async () => {
    const urls: string[] = [];
    const answer = await test({ checks: ['chat', 'stream', 'embeddings'], benchmark: { target: 'chat', runs: 2, maxTokens: 8 } }, 'valid', { onSend: (url) => urls.push(url) });
    expect(answer.status).toBe(200);
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'models', 'check', 'check', 'check', 'rate_limits', 'sample', 'sample', 'sample', 'summary', 'outcome', 'done']);
    expect(only(answer, 'validation')).toMatchObject({ verdict: 'valid', httpStatus: 200, requestId: null, message: `Your key works on ${HOST}. It can use 50 models.` });

    const [chat, stream, embeddings] = eventsOf(answer, 'check');
    expect(chat).toMatchObject({ name: 'chat', ok: true, model: 'gemini-3.5-flash-lite', httpStatus: 200 });
    expect(chat?.message).toMatch(/^Answered “OK\. This is a deterministic reply/);
    expect(chat?.requestId).toMatch(RESPONSE_ID);
    expect(stream).toMatchObject({ name: 'stream', ok: true, model: 'gemini-3.5-flash-lite', tokenSource: 'usage_excluding_reasoning' });
    expect(stream?.message).toMatch(/^Streamed 16 tokens; first content after [\d.]+ ms\.$/);
    expect(stream?.requestId).toMatch(RESPONSE_ID);
    expect(embeddings).toMatchObject({ name: 'embeddings', ok: true, model: 'gemini-embedding-2', message: 'Returned a 3072-dimension vector.' });

    // No headers to read: the limits panel says where Gemini's limits are instead.
    expect(only(answer, 'rate_limits')).toEqual({ type: 'rate_limits', limits: [], notes: [expect.stringMatching(/^Gemini sends no rate-limit headers\./)] });
    const samples = eventsOf(answer, 'sample');
    expect(samples.map((s) => [s.run, s.warmup, s.outputTokens, s.tokenSource])).toEqual([
      [0, true, 8, 'usage_excluding_reasoning'],
      [1, false, 8, 'usage_excluding_reasoning'],
      [2, false, 8, 'usage_excluding_reasoning'],
    ]);
    expect(samples.every((s) => s.ttftMs !== null && s.ttftMs >= s.ttfbMs)).toBe(true);
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'valid' });

    // Where the key went: every URL is one of the data's calls, and none carries the key.
    const k = key('valid');
    expect(urls.length).toBeGreaterThanOrEqual(6);
    for (const url of urls) {
      expect(url).not.toContain(k);
      expect(new URL(url).searchParams.has('key')).toBe(false);
    }
    const sent = await fakeRequests(origin);
    expect(new Set(sent.map((r) => `${r.method} ${r.path}`))).toEqual(
      new Set([
        'GET /v1beta/models?pageSize=1000',
        'POST /v1beta/models/gemini-3.5-flash-lite:generateContent',
        'POST /v1beta/models/gemini-3.5-flash-lite:streamGenerateContent?alt=sse',
        'POST /v1beta/models/gemini-embedding-2:embedContent',
      ]),
    );
    for (const r of sent) {
      expect(r.headers['x-goog-api-key']).toBe(k);
      expect(r.headers.authorization).toBeUndefined();
      expect(r.path).not.toContain(k.slice(6, 14));
    }
    // Native bodies: contents/parts, the output cap, the least thinking the model allows.
    const generate = sent.find((r) => r.path.endsWith(':generateContent'));
    expect(JSON.parse(generate?.body ?? '{}')).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Reply with the single word OK.' }] }],
      generationConfig: { maxOutputTokens: 16, thinkingConfig: { thinkingLevel: 'minimal' } },
    });
    const embed = sent.find((r) => r.path.endsWith(':embedContent'));
    expect(JSON.parse(embed?.body ?? '{}')).toEqual({ content: { parts: [{ text: 'Keyprobe' }] } });
  });

  it('maps the model list: ids without "models/", display names, generation methods as capabilities, context', async () => {
    const models = only(await test({}, 'valid'), 'models').models;
    expect(models).toHaveLength(50);
    const byId = (id: string) => models.find((m) => m.id === id);
    expect(byId('gemini-3.5-flash-lite')).toEqual({
      id: 'gemini-3.5-flash-lite',
      name: 'Gemini 3.5 Flash Lite',
      aliases: [],
      family: 'Flash-Lite',
      capabilities: { generateContent: true, countTokens: true, createCachedContent: true, batchGenerateContent: true, thinking: true },
      contextLength: 1_048_576,
      deprecation: null,
      fineTuned: false,
    });
    expect(byId('gemini-embedding-2')).toMatchObject({ family: 'Embedding', capabilities: { embedContent: true, countTokens: true } });
    expect(byId('gemini-embedding-2')?.capabilities.generateContent).toBeUndefined();
    expect(byId('gemini-3.1-pro-preview')?.family).toBe('Pro');
    expect(byId('gemini-3.6-flash')?.family).toBe('Flash');
    expect(byId('gemini-3.1-flash-image')?.family).toBe('Image');
    expect(byId('gemini-2.5-flash-preview-tts')?.family).toBe('Speech (TTS)');
    expect(byId('gemini-3.1-flash-live-preview')).toMatchObject({ family: 'Live and audio', capabilities: { bidiGenerateContent: true } });
    expect(byId('veo-3.1-generate-preview')).toMatchObject({ family: 'Veo (video)', capabilities: { predictLongRunning: true } });
  });

  it('follows nextPageToken through a paged model list', async () => {
    const answer = await test({}, 'pagedModels');
    expect(only(answer, 'models').models).toHaveLength(50);
    expect(new Set(only(answer, 'models').models.map((m) => m.id)).size).toBe(50);
    const lists = (await fakeRequests(origin)).filter((r) => r.method === 'GET').map((r) => r.path);
    expect(lists).toHaveLength(3);
    expect(lists[0]).toBe('/v1beta/models?pageSize=1000');
    expect(lists[1]).toMatch(/^\/v1beta\/models\?pageSize=1000&pageToken=[A-Za-z0-9_-]+$/);
  });

  it('turns thinking down per model generation, and counts only visible tokens', async () => {
    const bench = async (model: string) => {
      await resetFake(origin);
      const answer = await test({ benchmark: { target: 'chat', model, runs: 1, maxTokens: 8 } }, 'valid');
      const body = JSON.parse((await fakeRequests(origin)).find((r) => r.path.includes(':streamGenerateContent'))?.body ?? '{}') as { generationConfig?: Record<string, unknown> };
      return { samples: eventsOf(answer, 'sample'), config: body.generationConfig };
    };
    const flash25 = await bench('gemini-2.5-flash');
    expect(flash25.config).toEqual({ maxOutputTokens: 8, thinkingConfig: { thinkingBudget: 0 } });
    expect(flash25.samples.map((s) => s.outputTokens)).toEqual([8, 8]);
    const flash36 = await bench('gemini-3.6-flash');
    expect(flash36.config).toEqual({ maxOutputTokens: 8, thinkingConfig: { thinkingLevel: 'minimal' } });
    expect(flash36.samples.map((s) => s.outputTokens)).toEqual([8, 8]);
    // Gemini 2.5 Pro cannot stop thinking: the fake spends the 8 tokens on thoughts, no text comes.
    const pro25 = await bench('gemini-2.5-pro');
    expect(pro25.config).toEqual({ maxOutputTokens: 8 });
    expect(pro25.samples.map((s) => [s.outputTokens, s.ttftMs])).toEqual([
      [null, null],
      [null, null],
    ]);
  });
});

describe('verdicts from Google\'s error details', () => {
  const cases: { scenario: GeminiScenario; verdict: string; status: number | null; page: string; message: RegExp }[] = [
    { scenario: 'invalid', verdict: 'invalid', status: 400, page: '/gemini/errors/api-key-invalid/', message: /^Google did not accept this key \(400 API_KEY_INVALID\)\. Gemini said: “API key not valid\. Please pass a valid API key”\.$/ },
    { scenario: 'keyNotFound', verdict: 'invalid', status: 400, page: '/gemini/errors/api-key-invalid/', message: /API Key not found/ },
    { scenario: 'keyExpired', verdict: 'invalid', status: 400, page: '/gemini/errors/api-key-invalid/', message: /API key expired/ },
    { scenario: 'accessTokenUnsupported', verdict: 'invalid', status: 401, page: '/gemini/errors/401-access-token-type-unsupported/', message: /^Google refused this kind of key \(401 ACCESS_TOKEN_TYPE_UNSUPPORTED\)/ },
    { scenario: 'serviceDisabled', verdict: 'forbidden', status: 403, page: '/gemini/errors/403-service-disabled/', message: /^The key is valid, but the Generative Language API \(the Gemini API\) is not enabled in its Google Cloud project \(projects\/123456789012\) \(403 SERVICE_DISABLED\)/ },
    { scenario: 'leakedKey', verdict: 'forbidden', status: 403, page: '/gemini/errors/403-leaked-key/', message: /^Google blocked this key because it was reported as leaked/ },
    { scenario: 'serviceBlocked', verdict: 'forbidden', status: 403, page: '/gemini/errors/403/', message: /API restrictions exclude the Gemini API \(403 API_KEY_SERVICE_BLOCKED\)/ },
    { scenario: 'suspended', verdict: 'forbidden', status: 403, page: '/gemini/errors/403/', message: /^Google suspended the project/ },
    { scenario: 'rateLimitedDaily', verdict: 'rate_limited', status: 429, page: '/gemini/errors/429-resource-exhausted/', message: /^Your key is valid, but a Gemini quota of its project ran out \(429 RESOURCE_EXHAUSTED\): requests per day for gemini-3\.6-flash \(free tier\), limit 20\.$/ },
    { scenario: 'rateLimitedBare', verdict: 'rate_limited', status: 429, page: '/gemini/errors/429-resource-exhausted/', message: /ran out \(429 RESOURCE_EXHAUSTED\)\. Gemini said: “You exceeded your current quota/ },
    { scenario: 'unsupportedLocation', verdict: 'unsupported_region', status: 400, page: '/gemini/errors/user-location-not-supported/', message: /^Gemini does not serve the place this test ran from \(the machine running Keyprobe\)\. This says nothing against your key\./ },
    { scenario: 'freeTierCountry', verdict: 'unsupported_region', status: 400, page: '/gemini/errors/user-location-not-supported/', message: /free tier is not available in your country/ },
    { scenario: 'overloaded', verdict: 'provider_error', status: 503, page: '/gemini/errors/5xx/', message: /^Gemini had a problem answering \(HTTP 503\)\. Gemini said: “This model is currently experiencing high demand/ },
    { scenario: 'redirectForeign', verdict: 'provider_error', status: 302, page: '/gemini/errors/5xx/', message: /redirect/ },
    { scenario: 'hugeBody', verdict: 'provider_error', status: 200, page: '/gemini/errors/5xx/', message: /far larger than expected/ },
    { scenario: 'resetBeforeHeaders', verdict: 'unreachable', status: null, page: '/gemini/errors/timeout/', message: /could not connect/ },
  ];
  itReadsVerdicts(cases, ({ scenario }) => test({}, scenario), { fixLongerThan: 20, sameOutcome: true }, (answer, { message }) => {
    const validation = only(answer, 'validation');
    expect(validation.message).toMatch(message);
  });

  it('says which fix each refusal needs', async () => {
    const fix = async (scenario: GeminiScenario) => only(await test({}, scenario), 'validation').fix;
    expect(await fix('serviceDisabled')).toMatch(/^Enable the API: open https:\/\/console\.developers\.google\.com\/apis\/api\/generativelanguage\.googleapis\.com\/overview\?project=123456789012 as an owner or editor/);
    expect(await fix('leakedKey')).toMatch(/^Create a new key at aistudio\.google\.com\/apikey, replace the old one everywhere, delete the old key/);
    expect(await fix('keyNotFound')).toMatch(/^Google does not know this key: it was deleted/);
    expect(await fix('keyExpired')).toMatch(/^The key has expired/);
    expect(await fix('invalid')).toMatch(/Gemini answers a wrong key with 400, not 401/);
    expect(await fix('accessTokenUnsupported')).toMatch(/2026-06-19.*AQ\./);
    expect(await fix('freeTierCountry')).toMatch(/Enable billing/);
    expect(await fix('rateLimitedDaily')).toMatch(/^Wait 36 s and test again \(Google's retry delay\)\. A per-day quota lasts until midnight Pacific time/);
    expect(await fix('rateLimitedBare')).toMatch(/^Wait a minute and test again\./);
  });

  it('names the place the test ran from when Google refuses the location', async () => {
    expect(only(await test({}, 'unsupportedLocation', { colo: 'HKG' }), 'validation').message).toMatch(/\(Cloudflare's HKG data centre\)/);
  });

  it('reads the quota and the retry delay from the 429 body into the limits panel', async () => {
    const answer = await test({}, 'rateLimitedDaily');
    const limits = only(answer, 'rate_limits');
    expect(limits.limits).toEqual([{ name: 'Requests', limit: 20, remaining: 0, window: 'day' }]);
    expect(limits.notes).toEqual([
      'Quota used up: requests per day for gemini-3.6-flash (free tier), limit 20 (GenerateRequestsPerDayPerProjectPerModel-FreeTier).',
      'Google asks to retry in 36 s (RetryInfo).',
      'Daily quotas reset at midnight Pacific time.',
    ]);
    // A 429 that names no quota leaves the panel out: there is nothing to show.
    expect(eventsOf(await test({}, 'rateLimitedBare'), 'rate_limits')).toEqual([]);
  });

  it('a key that hangs ends in a timeout verdict within the call deadline', async () => {
    const started = Date.now();
    const validation = only(await test({}, 'hang'), 'validation');
    expect(validation).toMatchObject({ verdict: 'timeout', httpStatus: null, errorPage: '/gemini/errors/timeout/' });
    expect(Date.now() - started).toBeLessThan(13_000);
  });

  it('never passes on a key Google repeats in its message', async () => {
    const k = key('suspended');
    const answer = await test({}, 'suspended');
    expect(answer.text).not.toContain(k.slice(6, 14));
    expect(only(answer, 'validation').message).toMatch(/\[(your key|part of your key)\]/);
  });
});

describe('checks that find what the free call cannot', () => {
  const check = async (scenario: GeminiScenario, name: 'chat' | 'stream' = 'chat') => {
    const answer = await test({ checks: [name] }, scenario);
    expect(only(answer, 'validation').verdict).toBe('valid');
    return { answer, check: only(answer, 'check'), outcome: only(answer, 'outcome') };
  };

  it('a project with no quota for the model: quota_exhausted (zero_quota), with the quota in the message and the limits', async () => {
    const { answer, check: c, outcome } = await check('zeroQuota');
    expect(c).toMatchObject({ ok: false, httpStatus: 429, verdict: 'quota_exhausted', errorPage: '/gemini/errors/429-resource-exhausted/' });
    expect(c.message).toBe("gemini-3.5-flash-lite is not available to this key's project: Google reports a limit of 0 (429): requests per day for gemini-3.5-flash-lite (free tier), limit 0.");
    expect(outcome).toMatchObject({ verdict: 'quota_exhausted', basis: 'chat' });
    expect(only(answer, 'rate_limits').limits).toEqual([{ name: 'Requests', limit: 0, remaining: 0, window: 'day' }]);
    expect(only(answer, 'rate_limits').notes).toContain("A limit of 0 means the key's project has no allowance for this model on its tier: the free tier does not include it, or the project has no quota at all.");
    // No retry: waiting does not help a limit of 0.
    expect((await fakeRequests(origin)).filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('depleted prepaid credit: quota_exhausted, linked to the 402 page', async () => {
    const { check: c, outcome } = await check('prepaymentDepleted');
    expect(c).toMatchObject({ ok: false, httpStatus: 429, verdict: 'quota_exhausted', errorPage: '/gemini/errors/402/' });
    expect(c.message).toMatch(/^Your key is valid, but the prepaid Gemini credit of its billing account is used up \(429 RESOURCE_EXHAUSTED\)/);
    expect(outcome.verdict).toBe('quota_exhausted');
  });

  it('a per-minute quota with a long retry delay: reported at once, not waited for', async () => {
    const started = Date.now();
    const { answer, check: c, outcome } = await check('rateLimited');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(c).toMatchObject({ ok: false, httpStatus: 429, verdict: 'rate_limited', errorPage: '/gemini/errors/429-resource-exhausted/' });
    expect(c.message).toBe('Your key is valid, but a Gemini quota of its project ran out (429 RESOURCE_EXHAUSTED): input tokens per minute for gemini-3.5-flash-lite (free tier), limit 250000.');
    expect(outcome.verdict).toBe('valid');
    expect(only(answer, 'rate_limits').limits).toEqual([{ name: 'Input tokens', limit: 250_000, remaining: 0, window: 'minute' }]);
    expect(only(answer, 'rate_limits').notes).toContain('Google asks to retry in 26 s (RetryInfo).');
    expect((await fakeRequests(origin)).filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('a model list that works while generation refuses the key type: invalid, on the 401 page', async () => {
    const { check: c, outcome } = await check('generationUnauthorized');
    expect(c).toMatchObject({ ok: false, httpStatus: 401, verdict: 'invalid', errorPage: '/gemini/errors/401-access-token-type-unsupported/' });
    expect(outcome.verdict).toBe('invalid');
  });

  it('a model gone for this project: not_found, the key is fine', async () => {
    const { check: c, outcome } = await check('modelNotFound');
    expect(c).toMatchObject({ ok: false, httpStatus: 404, verdict: 'not_found', errorPage: '/gemini/errors/404/' });
    expect(c.message).toMatch(/models\/gemini-3\.5-flash-lite is not found for API version v1beta/);
    expect(outcome.verdict).toBe('valid');
  });

  it('the location refused on generation: unsupported_region, said as such', async () => {
    // The fake refuses every route here, so the validation says it first.
    const answer = await test({ checks: ['chat'] }, 'unsupportedLocation');
    expect(only(answer, 'validation').verdict).toBe('unsupported_region');
  });

  it('streams that break: an error event, a cut connection, unreadable events', async () => {
    const streamError = (await check('streamError', 'stream')).check;
    expect(streamError).toMatchObject({ ok: false, httpStatus: 200, verdict: 'provider_error', errorPage: '/gemini/errors/5xx/' });
    expect(streamError.message).toBe('The stream started, then Gemini sent an error in it: “The model is overloaded. Please try again later.”.');
    expect((await check('resetMidStream', 'stream')).check).toMatchObject({ ok: false, message: 'The stream was cut off before it finished.' });
    expect((await check('malformedSse', 'stream')).check).toMatchObject({ ok: false, message: 'The stream contained 2 unreadable events.' });
  });
});
