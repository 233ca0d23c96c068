/**
 * The xAI tester through the real handler in workerd, against the xAI fake: GET /v1/api-key as
 * validation (flags and ACLs into the account, never user or team ids), the gRPC-style error body,
 * 400 for a wrong key, billing refusals read by their words whatever the status, and the output
 * tokens the benchmark counts when reasoning is reported outside `completion_tokens`.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { providerData } from '../../../src/lib/provider-registry';
import { parseXaiError, xai } from '../../../src/server/providers/xai';
import { createRegistry, defaultTesters } from '../../../src/server/registry';
import type { Tester } from '../../../src/server/run-test';
import { xaiFake } from '../../fakes/xai.ts';
import { eventsOf, fakeOrigin, fakeRequests, itReadsVerdicts, only, postTest, resetFake } from '../client.ts';

const origin = fakeOrigin('xai');
const key = (scenario: Parameters<typeof xaiFake.keyFor>[0]) => xaiFake.keyFor(scenario);
const test = (body: Record<string, unknown>, scenario: Parameters<typeof key>[0]) => postTest({ provider: 'xai', ...body }, key(scenario));
/** The ids the fake's key info and messages carry; none may reach the user. */
const IDS = ['c853730f-fe0f-4537-b8a2-0e6e33c8342d', '0f5d3c2e-9a41-4b7e-8c0d-2e6f1a9b7c55', '6b1e2d9c-4f7a-4c3b-9e8d-1a2b3c4d5e6f'];
const ctx = { data: providerData('xai'), endpoint: providerData('xai').endpoints[0]!, host: 'api.x.ai', measuredFrom: 'local', call: 'chat' };

beforeEach(() => resetFake(origin));

describe('a working xAI key', () => {
  it('is validated by GET /v1/api-key, then gets its models, checks and a benchmark', async () => {
    const answer = await test({ checks: ['chat', 'stream'], benchmark: { target: 'chat', runs: 2, maxTokens: 8 } }, 'valid');
    expect(answer.status).toBe(200);
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'account', 'models', 'check', 'check', 'rate_limits', 'sample', 'sample', 'sample', 'summary', 'outcome', 'done']);
    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'valid', httpStatus: 200, billing: 'verified', errorPage: null, message: 'Your key works on api.x.ai. It can use 10 models.' });
    expect(validation.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(only(answer, 'account')).toEqual({
      type: 'account',
      balances: [],
      limit: null,
      remaining: null,
      canSpend: true,
      freeTier: null,
      keyLabel: 'Default',
      // The live answer's empty ACL entry is dropped.
      permissions: ['api-key:model:*', 'api-key:endpoint:*'],
      expiresAt: null,
    });
    for (const id of IDS) expect(answer.text).not.toContain(id);

    const models = only(answer, 'models').models;
    expect(models.map((m) => m.id)).toContain('grok-4.20-0309-non-reasoning');
    expect(models.find((m) => m.id === 'grok-imagine-image')?.family).toBe('Grok Imagine');

    const [chat, stream] = eventsOf(answer, 'check');
    expect(chat).toMatchObject({ name: 'chat', ok: true, model: 'grok-4.20-0309-non-reasoning', message: 'Answered “Hello, this is”.' });
    expect(chat?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(stream).toMatchObject({ name: 'stream', ok: true, tokenSource: 'usage_excluding_reasoning' });
    expect(stream?.message).toMatch(/^Streamed 4 tokens; first content after [\d.]+ ms\.$/);
    expect(eventsOf(answer, 'sample').map((s) => [s.outputTokens, s.tokenSource])).toEqual([
      [8, 'usage_excluding_reasoning'],
      [8, 'usage_excluding_reasoning'],
      [8, 'usage_excluding_reasoning'],
    ]);
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'valid', basis: 'validation' });

    const sent = await fakeRequests(origin);
    expect(new Set(sent.map((r) => `${r.method} ${r.path}`))).toEqual(new Set(['GET /v1/api-key', 'GET /v1/models', 'POST /v1/chat/completions']));
    for (const r of sent.filter((r) => r.body.includes('"stream":true'))) expect(JSON.parse(r.body)).toMatchObject({ stream_options: { include_usage: true } });
  });

  it('counts the output of a reasoning model without its reasoning tokens, and says so', async () => {
    // The fake's grok-4.3 reasons 40 tokens before answering: completion_tokens 8, reasoning 40, total 60.
    const raw = await fetch(`${origin}/v1/chat/completions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key('valid')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'grok-4.3', messages: [{ role: 'user', content: 'hi' }], max_tokens: 8 }),
    });
    expect(((await raw.json()) as { usage: unknown }).usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 8, total_tokens: 60, completion_tokens_details: { reasoning_tokens: 40 } });

    const answer = await test({ benchmark: { target: 'chat', model: 'grok-4.3', runs: 1, maxTokens: 8 } }, 'valid');
    for (const sample of eventsOf(answer, 'sample')) {
      expect(sample).toMatchObject({ outputTokens: 8, tokenSource: 'usage_excluding_reasoning' });
    }
  });
});

describe('xAI key flags', () => {
  it('a team without credits (team_blocked) is a valid key that cannot spend, with its account', async () => {
    const answer = await test({ checks: ['chat'] }, 'teamBlocked');
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'account', 'outcome', 'done']);
    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'quota_exhausted', httpStatus: 200, billing: 'exhausted', errorPage: '/xai/errors/403-no-credits/' });
    expect(validation.message).toMatch(/^Your key is valid, but its team cannot make API calls \(team_blocked: true\)/);
    expect(only(answer, 'account')).toMatchObject({ canSpend: false, permissions: ['api-key:model:*', 'api-key:endpoint:*'] });
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'quota_exhausted', basis: 'validation' });
    for (const id of IDS) expect(answer.text).not.toContain(id);
    expect((await fakeRequests(origin)).map((r) => r.path)).toEqual(['/v1/api-key']);
  });

  for (const [scenario, words] of [
    ['keyBlocked', /api_key_blocked: true/],
    ['keyDisabled', /api_key_disabled: true/],
  ] as const) {
    it(`${scenario} is invalid, with the 400 page`, async () => {
      const answer = await test({ checks: ['chat'] }, scenario);
      const validation = only(answer, 'validation');
      expect(validation).toMatchObject({ verdict: 'invalid', httpStatus: 200, errorPage: '/xai/errors/400/' });
      expect(validation.message).toMatch(words);
      expect(eventsOf(answer, 'check')).toEqual([]);
    });
  }

  it('shows a restricted key\'s ACLs, and a check outside them is forbidden', async () => {
    const answer = await test({ checks: ['chat'] }, 'forbidden');
    expect(only(answer, 'validation').verdict).toBe('valid');
    expect(only(answer, 'account')).toMatchObject({ keyLabel: 'ci-restricted', permissions: ['api-key:model:grok-4.7', 'api-key:endpoint:chat'] });
    const chat = only(answer, 'check');
    expect(chat).toMatchObject({ ok: false, httpStatus: 403, verdict: 'forbidden', errorPage: '/xai/errors/403/' });
    expect(chat.message).toMatch(/^xAI accepted the key but refused access \(403 Forbidden\)\. xAI said: “The API key is not allowed to use the model grok-4\.20-0309-non-reasoning”\.$/);
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'forbidden', basis: 'chat' });
  });
});

describe('xAI billing refusals, read by their words', () => {
  for (const [scenario, status] of [
    ['quotaExhausted', 429],
    ['spendingLimit403', 403],
  ] as const) {
    it(`"used all available credits or reached its monthly spending limit" with ${status} is quota_exhausted`, async () => {
      const answer = await test({ checks: ['chat'] }, scenario);
      expect(only(answer, 'validation')).toMatchObject({ verdict: 'valid', billing: 'verified' });
      const chat = only(answer, 'check');
      expect(chat).toMatchObject({ ok: false, httpStatus: status, verdict: 'quota_exhausted', errorPage: '/xai/errors/403-no-credits/' });
      expect(chat.message).toContain('Your team <id> has either used all available credits or reached its monthly spending limit');
      expect(only(answer, 'outcome')).toMatchObject({ verdict: 'quota_exhausted', basis: 'chat' });
      for (const id of IDS) expect(answer.text).not.toContain(id);
    });
  }

  it('"doesn\'t have any credits yet" (403) is quota_exhausted, not forbidden', () => {
    const body = '{"code":"The caller does not have permission to execute the specified operation","error":"Your newly created teams doesn\'t have any credits yet. You can purchase credits on https://console.x.ai/team/c853730f-fe0f-4537-b8a2-0e6e33c8342d."}';
    const finding = xai.classify({ status: 403, host: 'api.x.ai', error: parseXaiError(body, 'application/json') }, ctx);
    expect(finding.verdict).toBe('quota_exhausted');
    expect(finding.message).toContain('console.x.ai/team/<id>');
    expect(finding.message).not.toContain('c853730f');
    const subscription = xai.classify({ status: 403, host: 'api.x.ai', error: parseXaiError('{"code":"***","error":"You have run out of credits or need a Grok subscription."}', null) }, ctx);
    expect(subscription).toMatchObject({ verdict: 'quota_exhausted', fix: expect.stringMatching(/Grok subscription is not API credit/) });
  });
});

describe('xAI verdicts', () => {
  const cases = [
    { scenario: 'invalid', verdict: 'invalid', status: 400, page: '/xai/errors/400/' },
    { scenario: 'revoked', verdict: 'invalid', status: 401, page: '/xai/errors/400/' },
    { scenario: 'rateLimited', verdict: 'rate_limited', status: 429, page: '/xai/errors/429/' },
    { scenario: 'notFound', verdict: 'not_found', status: 404, page: '/xai/errors/404/' },
    { scenario: 'serverError', verdict: 'provider_error', status: 500, page: '/xai/errors/5xx/' },
    { scenario: 'hugeBody', verdict: 'provider_error', status: 200, page: '/xai/errors/5xx/' },
    { scenario: 'redirectForeign', verdict: 'provider_error', status: 302, page: '/xai/errors/5xx/' },
    { scenario: 'resetBeforeHeaders', verdict: 'unreachable', status: null, page: '/xai/errors/timeout/' },
  ] as const;
  itReadsVerdicts(cases, ({ scenario }) => test({}, scenario), { fixLongerThan: 10, endsWithDone: true });

  it('reads the 400 gRPC-style body of a wrong key as invalid, quoting xAI', async () => {
    const k = key('invalid');
    const validation = only(await test({}, 'invalid'), 'validation');
    expect(validation.message).toBe(`xAI rejected this key (400). xAI said: “Incorrect API key provided: ${k.slice(0, 2)}***${k.slice(-2)}. You can obtain an API key from https://console.x.ai”.`);
    expect(validation.fix).toMatch(/^xAI answers a wrong key with 400, not 401/);
  });

  it('keeps team ids out of a rate-limit message', async () => {
    const answer = await test({}, 'rateLimited');
    expect(only(answer, 'validation').message).toContain('Too many tokens for team <id> and model');
    for (const id of IDS) expect(answer.text).not.toContain(id);
  });

  it('the runner tells the adapter which call it reads', async () => {
    const seen: (string | undefined)[] = [];
    const spy: Tester = { id: 'xai', data: providerData('xai'), adapter: { ...xai, classify: (facts, c) => (seen.push(c.call), xai.classify(facts, c)) } };
    const registry = createRegistry([...defaultTesters.filter((t) => t.id !== 'xai'), spy]);
    await postTest({ provider: 'xai' }, key('invalid'), { meta: { registry } });
    await postTest({ provider: 'xai', checks: ['chat'] }, key('quotaExhausted'), { meta: { registry } });
    // The runner may read one answer twice (to decide on a retry, then to report it).
    expect([...new Set(seen)]).toEqual(['apiKey', 'chat']);
  });

  it('any 400 on the key check is about the key; on a completion only the key words make it so', () => {
    const error = parseXaiError('{"code":"Client specified an invalid argument","error":"Malformed authorization header."}', null);
    expect(xai.classify({ status: 400, host: 'api.x.ai', error }, { ...ctx, call: 'apiKey' }).verdict).toBe('invalid');
    expect(xai.classify({ status: 400, host: 'api.x.ai', error }, { ...ctx, call: 'chat' }).verdict).toBe('provider_error');
  });

  it('a 400 that is not about the key is not "invalid"', () => {
    const unknownModel = xai.classify({ status: 400, host: 'api.x.ai', error: parseXaiError('{"code":"Client specified an invalid argument","error":"Model not found: grok-beta"}', null) }, ctx);
    expect(unknownModel.verdict).toBe('not_found');
    const badParameter = xai.classify({ status: 400, host: 'api.x.ai', error: parseXaiError('{"code":"invalid-argument","error":"Model grok-4.6 does not support parameter presencePenalty."}', null) }, ctx);
    expect(badParameter.verdict).toBe('provider_error');
  });

  it('parses both of xAI\'s error shapes, and a percent-encoded message', () => {
    expect(parseXaiError('{"code":"Unauthenticated","error":"The provided token has been revoked."}', 'application/json')).toMatchObject({ message: 'The provided token has been revoked.', code: 'Unauthenticated' });
    expect(parseXaiError('{"error":{"message":"Bad request","type":"invalid_request_error","code":"x"}}', 'application/json')).toMatchObject({ message: 'Bad request', type: 'invalid_request_error' });
    expect(parseXaiError('{"code":"Client specified an invalid argument","error":"Incorrect%20API%20key%20provided:%20ba***na."}', null).message).toBe('Incorrect API key provided: ba***na.');
  });

  it('a 200 from the key check without its flags is a provider error, not a verdict on the key', () => {
    expect(xai.readValidation({ object: 'list', data: [] }, ctx).finding?.verdict).toBe('provider_error');
  });

  it('names a stream that carries an error as a provider error, with its page', async () => {
    const check = only(await test({ checks: ['stream'] }, 'streamError'), 'check');
    expect(check).toMatchObject({ ok: false, verdict: 'provider_error', errorPage: '/xai/errors/5xx/' });
  });

  it('removes the key wherever xAI would echo it', async () => {
    for (const scenario of ['echoRequestIdHeader', 'echoBodyRequestId', 'echoModelId'] as const) {
      const answer = await test({}, scenario);
      expect(answer.text, scenario).not.toContain(key(scenario).slice(4, 12));
    }
  });
});
