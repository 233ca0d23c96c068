/**
 * The provider seam, proved: a made-up OpenAI-compatible provider — a JSON file, an adapter of one
 * line on the shared base, and a fake — gets the whole tester (validation, models, rate limits,
 * chat, stream, embeddings, benchmark) with no runner, island or page code of its own. Also: the
 * scrubbing choke point holds whatever a provider echoes, and the allow-list follows the data.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { providerSchema } from '../../src/lib/provider-schema';
import { createOpenAICompatible } from '../../src/server/openai-compatible';
import { createRegistry, defaultTesters } from '../../src/server/registry';
import type { Tester } from '../../src/server/run-test';
import acmeData from '../fixtures/acme/provider.json';
import { acmeFake } from '../fakes/acme.ts';
import { bindings, eventsOf, fakeRequests, only, postTest, resetFake } from './client.ts';

// The adapter: the OpenAI-compatible base, asking for usage in streams.
const acme: Tester = { id: 'acme', data: providerSchema.parse(acmeData), adapter: createOpenAICompatible({ includeUsage: true }) };

const registry = createRegistry([...defaultTesters, acme]);
const env = { ...bindings, UPSTREAM_OVERRIDES: JSON.stringify({ ...JSON.parse(bindings.UPSTREAM_OVERRIDES), 'https://api.acme-llm.test': bindings.FAKE_ACME }) };
const key = (scenario: Parameters<typeof acmeFake.keyFor>[0]) => acmeFake.keyFor(scenario);
const test = (body: Record<string, unknown>, k: string) => postTest({ provider: 'acme', ...body }, k, { env, meta: { registry } });

beforeEach(() => resetFake(bindings.FAKE_ACME));

describe('a provider that is only data, a one-line adapter and a fake', () => {
  it('runs the full tester: validation, models, rate limits, chat, stream, embeddings, benchmark', async () => {
    const answer = await test({ checks: ['chat', 'stream', 'embeddings'], benchmark: { target: 'chat', runs: 2, maxTokens: 8 } }, key('valid'));
    expect(answer.status).toBe(200);
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'models', 'rate_limits', 'check', 'check', 'check', 'sample', 'sample', 'sample', 'summary', 'outcome', 'done']);
    expect(only(answer, 'validation')).toMatchObject({ verdict: 'valid', httpStatus: 200, message: 'Your key works on api.acme-llm.test. It can use 3 models.' });
    expect(only(answer, 'validation').requestId).toMatch(/^req_[0-9a-f]{24}$/);
    const models = only(answer, 'models').models;
    expect(models.map((m) => [m.id, m.family])).toEqual([
      ['acme-mini', 'Chat'],
      ['acme-large', 'Chat'],
      ['acme-embed', 'Embeddings'],
    ]);
    expect(only(answer, 'rate_limits').limits).toEqual([
      { name: 'Requests', limit: 600, remaining: 599, window: 'minute' },
      { name: 'Tokens', limit: 100000, remaining: 99960, window: 'minute' },
    ]);
    const [chat, stream, embeddings] = eventsOf(answer, 'check');
    expect(chat).toMatchObject({ name: 'chat', ok: true, model: 'acme-mini', httpStatus: 200, message: 'Answered “Hello, this is”.' });
    expect(stream).toMatchObject({ name: 'stream', ok: true, model: 'acme-mini', tokenSource: 'usage' });
    expect(stream?.message).toMatch(/^Streamed 4 tokens; first content after [\d.]+ ms\.$/);
    expect(embeddings).toMatchObject({ name: 'embeddings', ok: true, model: 'acme-embed', message: 'Returned a 8-dimension vector.' });
    const samples = eventsOf(answer, 'sample');
    expect(samples.map((s) => [s.run, s.warmup, s.outputTokens])).toEqual([
      [0, true, 8],
      [1, false, 8],
      [2, false, 8],
    ]);
    expect(only(answer, 'summary')).toMatchObject({ runs: 2, note: null, measuredFrom: 'local' });

    // What reached the fake: every path is the data's, usage was asked for, nothing else was called.
    const sent = (await fakeRequests(bindings.FAKE_ACME)).map((r) => `${r.method} ${r.path}`);
    expect(new Set(sent)).toEqual(new Set(['GET /v1/models', 'POST /v1/chat/completions', 'POST /v1/embeddings']));
    const streamed = (await fakeRequests(bindings.FAKE_ACME)).filter((r) => r.body.includes('"stream":true'));
    for (const r of streamed) expect(JSON.parse(r.body)).toMatchObject({ stream_options: { include_usage: true } });
  });

  it('reads its failures with the shared classification', async () => {
    const verdict = async (scenario: Parameters<typeof key>[0]) => only(await test({}, key(scenario)), 'validation');
    expect(await verdict('invalid')).toMatchObject({ verdict: 'invalid', httpStatus: 401 });
    expect((await verdict('invalid')).message).toBe('Acme rejected this key (401 Unauthorized). Acme said: “Incorrect API key provided”.');
    expect(await verdict('forbidden')).toMatchObject({ verdict: 'forbidden', httpStatus: 403 });
    expect(await verdict('rateLimited')).toMatchObject({ verdict: 'rate_limited', httpStatus: 429 });
    expect((await verdict('rateLimited')).fix).toMatch(/^Wait 1 s and test again/);
    expect(await verdict('serverError')).toMatchObject({ verdict: 'provider_error', httpStatus: 500 });
  });

  it('names a stream that breaks, or carries an error, as a failed check', async () => {
    const stream = async (scenario: Parameters<typeof key>[0]) => only(await test({ checks: ['stream'] }, key(scenario)), 'check');
    expect(await stream('resetMidStream')).toMatchObject({ ok: false, message: 'The stream was cut off before it finished.' });
    expect(await stream('streamNoDone')).toMatchObject({ ok: false, message: 'The stream ended without its closing event.' });
    expect(await stream('malformedSse')).toMatchObject({ ok: false, message: 'The stream contained 2 unreadable events.' });
    const error = await stream('streamError');
    expect(error).toMatchObject({ ok: false, verdict: 'provider_error', httpStatus: 200 });
    expect(error.message).toMatch(/^The stream started, then Acme sent an error in it: “The server had an error/);
  });
});

describe('a paid key check, from the data alone', () => {
  // The same provider, had it no free call: its key check is a one-token chat, as the data says.
  const paid: Tester = {
    ...acme,
    data: providerSchema.parse({ ...acmeData, endpoints: acmeData.endpoints.map((e) => ({ ...e, validation: { call: 'chat', model: 'acme-mini', inputTokens: 4, maxTokens: 1 } })) }),
  };
  const paidRegistry = createRegistry([...defaultTesters, paid]);
  const run = (body: Record<string, unknown>) => postTest({ provider: 'acme', ...body }, key('valid'), { env, meta: { registry: paidRegistry } });

  it('is refused with cost_not_confirmed until the request says the user agreed, and nothing is called before', async () => {
    const refused = await run({});
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text)).toMatchObject({ error: { code: 'cost_not_confirmed' } });
    expect(await fakeRequests(bindings.FAKE_ACME)).toEqual([]);

    const confirmed = await run({ confirmPaidValidation: true });
    expect(only(confirmed, 'validation')).toMatchObject({ verdict: 'valid', httpStatus: 200 });
    expect((await fakeRequests(bindings.FAKE_ACME)).map((r) => `${r.method} ${r.path}`)[0]).toBe('POST /v1/chat/completions');
  });

  it('is not asked of the free provider', async () => {
    expect((await test({}, key('valid'))).status).toBe(200);
  });
});

describe('the scrubbing choke point', () => {
  it('removes the key wherever a provider echoes it: a request-id header, a body request_id, a model id', async () => {
    for (const scenario of ['echoRequestIdHeader', 'echoBodyRequestId', 'echoModelId'] as const) {
      const k = key(scenario);
      const answer = await test({}, k);
      expect(answer.text, scenario).not.toContain(k.slice(3, 11));
      expect(answer.text, scenario).toMatch(/\[(your key|part of your key)\]/);
    }
    // The request id still comes through, with the key taken out of it.
    expect(only(await test({}, key('echoRequestIdHeader')), 'validation').requestId).toBe('req_[your key]');
  });
});

describe('the allow-list follows the data', () => {
  it('accepts an override only for an origin some tester uses', async () => {
    const stray = { ...bindings, UPSTREAM_OVERRIDES: JSON.stringify({ 'https://api.acme-llm.test': bindings.FAKE_ACME }) };
    // Without Acme in the registry its origin is not a provider origin: the deployment is misconfigured.
    const refused = await postTest({ provider: 'mistral' }, 'FakeKeyThatDoesNotMatter0000000x', { env: stray });
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.text)).toEqual({ error: { code: 'misconfigured', message: 'Keyprobe is misconfigured; the test was not run.' } });
    // With it, the same setting is accepted.
    expect((await postTest({ provider: 'acme' }, key('valid'), { env: stray, meta: { registry } })).status).toBe(200);
  });
});
