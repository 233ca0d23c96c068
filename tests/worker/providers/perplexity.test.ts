/**
 * Perplexity's tester, through the real handler in workerd against the Perplexity fake: no call
 * before the user agreed to the paid key check; the check itself (a perplexity/sonar Agent API
 * request without tools), the model list, rate limits shared by the API group, the checks and a
 * benchmark read from Responses-style events, every verdict the adapter gives, and request ids.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { perplexityKeyFor, type PerplexityScenario } from '../../fakes/perplexity-keys.ts';
import { eventsOf, fakeOrigin, fakeRequests, itReadsVerdicts, only, postTest, resetFake } from '../client.ts';

const origin = fakeOrigin('perplexity');
const key = (scenario: PerplexityScenario) => perplexityKeyFor(scenario);
const test = (scenario: PerplexityScenario, body: Record<string, unknown> = {}) => postTest({ provider: 'perplexity', confirmPaidValidation: true, ...body }, key(scenario));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The fake's words: "OK." then counting. */
const words = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? 'OK' : i === 1 ? '.' : ` ${i - 1}`)).join('');

beforeEach(() => resetFake(origin));

describe('the paid key check', () => {
  it('is not made until the request says the user agreed to its cost', async () => {
    for (const confirmPaidValidation of [undefined, false]) {
      const answer = await postTest({ provider: 'perplexity', confirmPaidValidation }, key('valid'));
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text)).toEqual({
        error: {
          code: 'cost_not_confirmed',
          message:
            'The key check here is a paid call (Agent API (api.perplexity.ai): perplexity/sonar, at most 56 tokens), billed to the key. Keyprobe makes it only after you have seen its cost and agreed: send "confirmPaidValidation": true.',
        },
      });
    }
    expect(await fakeRequests(origin)).toEqual([]);
  });

  it('is one perplexity/sonar request without tools, stored nowhere, then the free model list', async () => {
    const answer = await test('valid');
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'models', 'rate_limits', 'outcome', 'done']);
    const sent = await fakeRequests(origin);
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/agent', 'GET /v1/models']);
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({ model: 'perplexity/sonar', input: 'def', max_output_tokens: 16, store: false });
    for (const r of sent) expect(r.headers.authorization).toBe(`Bearer ${key('valid')}`);
  });
});

describe('a working key', () => {
  it('runs the whole tester: key check, models, limits, chat and stream checks, a benchmark', async () => {
    const answer = await test('valid', { checks: ['chat', 'stream'], benchmark: { target: 'chat', runs: 2, maxTokens: 8 } });
    expect(answer.status).toBe(200);
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'models', 'rate_limits', 'check', 'check', 'sample', 'sample', 'sample', 'summary', 'outcome', 'done']);

    const validation = only(answer, 'validation');
    // The key check spent money and went through: the key can spend.
    expect(validation).toMatchObject({ verdict: 'valid', httpStatus: 200, billing: 'verified', errorPage: null, message: 'Your key works on api.perplexity.ai. It can use 52 models.' });
    expect(validation.requestId).toMatch(UUID);

    const models = only(answer, 'models').models;
    expect(models).toHaveLength(52);
    const byId = (id: string) => models.find((m) => m.id === id);
    expect(byId('perplexity/sonar')).toMatchObject({ family: 'Sonar', price: { input: 0.25, output: 2.5, currency: 'USD' } });
    expect(byId('perplexity/glm-5.3-flash')?.family).toBe('Hosted by Perplexity');
    expect(byId('anthropic/claude-haiku-5-5')?.family).toBe('Anthropic');
    expect(byId('xai/grok-4.7')?.family).toBe('xAI');

    const limits = only(answer, 'rate_limits');
    expect(limits.limits).toEqual([{ name: 'Requests', limit: 50, remaining: expect.any(Number), window: 'second' }]);
    expect(limits.notes).toEqual(['Perplexity counts requests per API group: every key of the group shares this limit.']);

    const [chat, stream] = eventsOf(answer, 'check');
    expect(chat).toMatchObject({ name: 'chat', ok: true, model: 'perplexity/sonar', httpStatus: 200, message: `Answered “${words(16)}”.` });
    expect(chat?.requestId).toMatch(UUID);
    expect(stream).toMatchObject({ name: 'stream', ok: true, model: 'perplexity/sonar', tokenSource: 'usage' });
    expect(stream?.message).toMatch(/^Streamed 16 tokens; first content after [\d.]+ ms\.$/);

    const samples = eventsOf(answer, 'sample');
    expect(samples.map((s) => [s.run, s.warmup, s.outputTokens, s.tokenSource])).toEqual([
      [0, true, 8, 'usage'],
      [1, false, 8, 'usage'],
      [2, false, 8, 'usage'],
    ]);
    for (const s of samples) expect(s.ttftMs).toEqual(expect.any(Number));
    expect(only(answer, 'summary')).toMatchObject({ runs: 2, note: null });
    // The paid key check already proved the key can spend: the outcome rests on it.
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'valid', basis: 'validation' });

    const bodies = (await fakeRequests(origin)).filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies[1]).toEqual({ model: 'perplexity/sonar', input: 'Reply with the single word OK.', max_output_tokens: 16, store: false });
    expect(bodies[2]).toMatchObject({ model: 'perplexity/sonar', stream: true, max_output_tokens: 16 });
    expect(bodies[3]).toMatchObject({ model: 'perplexity/sonar', stream: true, max_output_tokens: 8 });
  });

  it('counts a reasoning model’s answer tokens without its reasoning, and says it reasoned first', async () => {
    const answer = await test('reasoning', { checks: ['stream'] });
    const check = only(answer, 'check');
    expect(check).toMatchObject({ ok: true, tokenSource: 'usage_excluding_reasoning' });
    expect(check.message).toMatch(/^Streamed 11 tokens; first content after [\d.]+ ms\. The model reasoned before answering\.$/);
  });
});

describe('verdicts of the key check', () => {
  const cases = [
    { scenario: 'invalid', verdict: 'invalid', status: 401, page: '/perplexity/errors/401/' },
    { scenario: 'invalidHtml', verdict: 'invalid', status: 401, page: '/perplexity/errors/401/' },
    { scenario: 'insufficientQuota', verdict: 'quota_exhausted', status: 401, page: '/perplexity/errors/insufficient-quota/' },
    { scenario: 'rateLimited', verdict: 'rate_limited', status: 429, page: '/perplexity/errors/429/' },
    { scenario: 'serverError', verdict: 'provider_error', status: 500, page: '/perplexity/errors/5xx/' },
    { scenario: 'badGateway', verdict: 'provider_error', status: 502, page: '/perplexity/errors/5xx/' },
    { scenario: 'forbiddenHtml', verdict: 'provider_error', status: 403, page: '/perplexity/errors/5xx/' },
    { scenario: 'runFailed', verdict: 'provider_error', status: 200, page: '/perplexity/errors/5xx/' },
    { scenario: 'redirectForeign', verdict: 'provider_error', status: 302, page: '/perplexity/errors/5xx/' },
    { scenario: 'resetBeforeHeaders', verdict: 'unreachable', status: null, page: '/perplexity/errors/timeout/' },
  ] as const;
  itReadsVerdicts(cases, ({ scenario }) => test(scenario), { sameOutcome: true, endsWithDone: true });

  it('a wrong key: Perplexity’s words; the old HTML page is read as a refusal and never shown', async () => {
    expect(only(await test('invalid'), 'validation').message).toBe('Perplexity rejected this key (401 Unauthorized). Perplexity said: “Invalid API key provided. Ensure your API key is correct and active”.');
    const html = await test('invalidHtml');
    const validation = only(html, 'validation');
    expect(validation.message).toBe('Perplexity rejected this key (401 Unauthorized).');
    expect(validation.fix).toMatch(/check the credit balance of the key's API group/);
    expect(html.text).not.toMatch(/<html|openresty|<script|Authorization Required/);
  });

  it('a group without credits: the key is real, and the fix is the group’s balance', async () => {
    const validation = only(await test('insufficientQuota'), 'validation');
    expect(validation.message).toMatch(/^Your key is real, but its API group has no credits left: Perplexity blocks the group's keys at a zero balance, and says so with a 401\. Perplexity said: “Your API group has no credits left/);
    expect(validation.fix).toMatch(/^Open console\.perplexity\.ai, select the API group that owns the key and add credits under Billing/);
  });

  it('rate-limited: waits as long as Perplexity says, and shows the spent limit', async () => {
    const answer = await test('rateLimited');
    expect(only(answer, 'validation').fix).toBe('Wait 1 s and test again; the limits below show which window ran out. Every key of the API group shares its limits.');
    expect(only(answer, 'rate_limits').limits).toEqual([{ name: 'Requests', limit: 50, remaining: 0, window: 'second' }]);
  });

  it('a blocked network’s 403 is not blamed on the key, and its HTML is not shown', async () => {
    const answer = await test('forbiddenHtml');
    expect(only(answer, 'validation').message).toBe('api.perplexity.ai refused the call itself (HTTP 403), not the key.');
    expect(answer.text).not.toContain('<html');
  });

  it('a run that failed on Perplexity’s side says so', async () => {
    expect(only(await test('runFailed'), 'validation').message).toBe(
      'api.perplexity.ai accepted the key but the request failed on Perplexity\'s side (status failed). Perplexity said: “The model failed to generate a response”.',
    );
  });

  it('a key check that hangs ends in a timeout; an endless answer is cut at the size cap', async () => {
    expect(only(await test('hang'), 'validation')).toMatchObject({ verdict: 'timeout', httpStatus: null, errorPage: '/perplexity/errors/timeout/' });
    expect(only(await test('hugeBody'), 'validation')).toMatchObject({ verdict: 'provider_error', httpStatus: 200 });
  });
});

describe('Agent API streams that go wrong', () => {
  const stream = async (scenario: PerplexityScenario) => only(await test(scenario, { checks: ['stream'] }), 'check');

  it('a response.failed event is an error inside the stream', async () => {
    const check = await stream('streamFailed');
    expect(check).toMatchObject({ ok: false, httpStatus: 200, verdict: 'provider_error', errorPage: '/perplexity/errors/5xx/' });
    expect(check.message).toBe('The stream started, then Perplexity sent an error in it: “The model failed to generate a response.”.');
  });

  it('names broken events, a cut connection and a stream without response.completed', async () => {
    expect(await stream('malformedSse')).toMatchObject({ ok: false, message: 'The stream contained 2 unreadable events.' });
    expect(await stream('resetMidStream')).toMatchObject({ ok: false, message: 'The stream was cut off before it finished.' });
    expect(await stream('streamNoEnd')).toMatchObject({ ok: false, message: 'The stream ended without its closing event.' });
  });
});
