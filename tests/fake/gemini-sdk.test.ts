// Fidelity: the official SDK (@google/genai 3.3.0) parses everything the fake Gemini API sends —
// the paged model list, answers, SSE streams (with thinking models' signature parts), embeddings,
// and every error scenario as its ApiError with the right status. If the SDK cannot read the fake,
// the fake is wrong.
import { describe, expect, it } from 'vitest';
import { ApiError, GoogleGenAI } from '@google/genai';
import { startFake } from '../fakes/framework.ts';
import { geminiFake, geminiKeyFor, type GeminiScenario } from '../fakes/gemini.ts';
import { rejectionOf, useFake } from '../support/fake-server.ts';

const fake = useFake(() => startFake(geminiFake));

// v1beta, as the tester calls it (the SDK's own default is v1 since 3.x; one test covers that too).
const sdk = (scenario: GeminiScenario, apiVersion: string | null = 'v1beta') =>
  new GoogleGenAI({ apiKey: geminiKeyFor(scenario), httpOptions: { baseUrl: fake.origin, ...(apiVersion === null ? {} : { apiVersion }) } });

const rejection = (p: Promise<unknown>) => rejectionOf<ApiError>(p, ApiError);

/** The error envelope inside an ApiError's message (the SDK puts the JSON body there). */
const envelopeOf = (err: ApiError) => (JSON.parse(err.message.replace(/^got status: \w+\. /, '')) as { error: { code: number; status: string; message: string; details?: { '@type': string; reason?: string }[] } }).error;

describe('the SDK against the fake: successes', () => {
  it('models.list() pages through the whole list with pageToken', async () => {
    const names: string[] = [];
    for await (const model of await sdk('valid').models.list({ config: { pageSize: 20 } })) names.push(model.name ?? '');
    expect(names).toHaveLength(50);
    expect(names).toContain('models/gemini-3.5-flash-lite');
    const lists = fake.requests.filter((r) => r.method === 'GET').map((r) => r.path);
    expect(lists).toHaveLength(3);
    expect(lists[1]).toMatch(/[?&]pageToken=/);
    // The SDK sends the key as a header, never in the URL; so does the fake expect.
    for (const r of fake.requests) {
      expect(r.headers['x-goog-api-key']).toBe(geminiKeyFor('valid'));
      expect(r.path).not.toContain('key=');
    }
  });

  it('the SDK\'s default API version (v1) is served too', async () => {
    const response = await sdk('valid', null).models.generateContent({ model: 'gemini-3.5-flash-lite', contents: 'Say OK', config: { maxOutputTokens: 1 } });
    expect(response.text).toBe('OK');
    expect(fake.requests.at(-1)?.path).toBe('/v1/models/gemini-3.5-flash-lite:generateContent');
  });

  it('models.get() reads one model with its methods', async () => {
    const model = await sdk('valid').models.get({ model: 'gemini-embedding-2' });
    expect(model).toMatchObject({ name: 'models/gemini-embedding-2', displayName: 'Gemini Embedding 2', inputTokenLimit: 8192 });
    expect(model.supportedActions).toContain('embedContent');
  });

  it('generateContent() parses the answer, its usage and its id', async () => {
    const response = await sdk('valid').models.generateContent({ model: 'gemini-3.5-flash-lite', contents: 'Say OK', config: { maxOutputTokens: 4, thinkingConfig: { thinkingLevel: 'MINIMAL' as never } } });
    expect(response.text).toBe('OK. This is');
    expect(response.usageMetadata).toMatchObject({ candidatesTokenCount: 4, promptTokenCount: expect.any(Number), totalTokenCount: expect.any(Number) });
    expect(response.candidates?.[0]?.finishReason).toBe('MAX_TOKENS');
    expect(response.responseId).toMatch(/^[A-Za-z0-9_-]{22,23}$/);
    expect(response.modelVersion).toBe('gemini-3.5-flash-lite');
  });

  it('generateContentStream() iterates every SSE chunk with running usage totals', async () => {
    const stream = await sdk('valid').models.generateContentStream({ model: 'gemini-3.5-flash-lite', contents: 'Count', config: { maxOutputTokens: 6 } });
    let text = '';
    const totals: (number | undefined)[] = [];
    let finish: string | undefined;
    for await (const chunk of stream) {
      text += chunk.text ?? '';
      totals.push(chunk.usageMetadata?.candidatesTokenCount);
      finish = chunk.candidates?.[0]?.finishReason ?? finish;
    }
    expect(text).toBe('OK. This is a deterministic');
    expect(totals).toEqual([1, 2, 3, 4, 5, 6]);
    expect(finish).toBe('MAX_TOKENS');
    // alt=sse is what the SDK asks for, and what the fake frames with \r\n\r\n.
    expect(fake.requests.at(-1)?.path).toBe('/v1beta/models/gemini-3.5-flash-lite:streamGenerateContent?alt=sse');
  });

  it('a thinking model\'s stream: thoughts counted apart, the closing signature part read as no text', async () => {
    const stream = await sdk('valid').models.generateContentStream({ model: 'gemini-2.5-pro', contents: 'Hi', config: { maxOutputTokens: 200 } });
    let text = '';
    let last: { thoughtsTokenCount?: number; candidatesTokenCount?: number } | undefined;
    let signature = false;
    for await (const chunk of stream) {
      text += chunk.text ?? '';
      last = chunk.usageMetadata ?? last;
      signature ||= chunk.candidates?.[0]?.content?.parts?.some((p) => typeof p.thoughtSignature === 'string') ?? false;
    }
    expect(text).toMatch(/^OK\. This is/);
    expect(last).toMatchObject({ thoughtsTokenCount: 120, candidatesTokenCount: 16 });
    expect(signature).toBe(true);
  });

  it('embedContent() (batchEmbedContents, as the SDK calls it) parses the vectors', async () => {
    // SDK 3.x sends the strings as parts of one content: Gemini Embedding 2 answers one embedding for it.
    const response = await sdk('valid').models.embedContent({ model: 'gemini-embedding-2', contents: ['a', 'b'], config: { outputDimensionality: 128 } });
    expect(response.embeddings?.map((e) => e.values?.length)).toEqual([128]);
    expect(fake.requests.at(-1)?.path).toBe('/v1beta/models/gemini-embedding-2:batchEmbedContents');
  });
});

describe('the SDK against the fake: errors', () => {
  const cases: [GeminiScenario, number, string, string | null][] = [
    ['invalid', 400, 'INVALID_ARGUMENT', 'API_KEY_INVALID'],
    ['keyNotFound', 400, 'INVALID_ARGUMENT', 'API_KEY_INVALID'],
    ['keyExpired', 400, 'INVALID_ARGUMENT', 'API_KEY_INVALID'],
    ['accessTokenUnsupported', 401, 'UNAUTHENTICATED', 'ACCESS_TOKEN_TYPE_UNSUPPORTED'],
    ['serviceDisabled', 403, 'PERMISSION_DENIED', 'SERVICE_DISABLED'],
    ['leakedKey', 403, 'PERMISSION_DENIED', null],
    ['serviceBlocked', 403, 'PERMISSION_DENIED', 'API_KEY_SERVICE_BLOCKED'],
    ['suspended', 403, 'PERMISSION_DENIED', 'CONSUMER_SUSPENDED'],
    ['rateLimitedDaily', 429, 'RESOURCE_EXHAUSTED', null],
    ['rateLimitedBare', 429, 'RESOURCE_EXHAUSTED', null],
    ['unsupportedLocation', 400, 'FAILED_PRECONDITION', null],
    ['freeTierCountry', 400, 'FAILED_PRECONDITION', null],
    ['overloaded', 503, 'UNAVAILABLE', null],
  ];
  for (const [scenario, status, rpc, reason] of cases) {
    it(`${scenario}: models.list() throws ApiError ${status} ${rpc}${reason ? ` (${reason})` : ''}`, async () => {
      const err = await rejection(sdk(scenario).models.list());
      expect(err.status).toBe(status);
      const error = envelopeOf(err);
      expect(error).toMatchObject({ code: status, status: rpc });
      const reasons = (error.details ?? []).flatMap((d) => (d.reason ? [d.reason] : []));
      expect(reasons).toEqual(reason ? [reason] : []);
    });
  }

  it('generation-only failures: the list works, generateContent throws (401, 429 with QuotaFailure and RetryInfo, 404)', async () => {
    for (const [scenario, status] of [['generationUnauthorized', 401], ['zeroQuota', 429], ['rateLimited', 429], ['prepaymentDepleted', 429], ['modelNotFound', 404]] as const) {
      await sdk(scenario).models.list();
      const err = await rejection(sdk(scenario).models.generateContent({ model: 'gemini-3.5-flash-lite', contents: 'Hi' }));
      expect(err.status, scenario).toBe(status);
    }
    const quota = envelopeOf(await rejection(sdk('zeroQuota').models.generateContent({ model: 'gemini-3.5-flash-lite', contents: 'Hi' })));
    expect(quota.details?.map((d) => d['@type'])).toEqual(['type.googleapis.com/google.rpc.QuotaFailure', 'type.googleapis.com/google.rpc.Help', 'type.googleapis.com/google.rpc.RetryInfo']);
  });

  it('an error on the streaming route (sent as text/event-stream, as Google does) still throws ApiError with its status', async () => {
    const err = await rejection(sdk('invalid').models.generateContentStream({ model: 'gemini-3.5-flash-lite', contents: 'Hi' }));
    expect(err.status).toBe(400);
    expect(err.message).toContain('API_KEY_INVALID');
  });

  it('an error event inside a 200 stream throws ApiError mid-iteration', async () => {
    const stream = await sdk('streamError').models.generateContentStream({ model: 'gemini-3.5-flash-lite', contents: 'Hi' });
    let chunks = 0;
    const err = await rejection(
      (async () => {
        for await (const chunk of stream) if (chunk.text) chunks++;
      })(),
    );
    expect(chunks).toBe(1);
    expect(err.status).toBe(503);
    expect(err.message).toMatch(/^got status: UNAVAILABLE\. /);
  });

  it('an unknown model is a 404 NOT_FOUND with Google\'s wording', async () => {
    const err = await rejection(sdk('valid').models.generateContent({ model: 'gemini-pro', contents: 'Hi' }));
    expect(err.status).toBe(404);
    expect(envelopeOf(err).message).toBe('models/gemini-pro is not found for API version v1beta, or is not supported for generateContent. Call ModelService.ListModels to see the list of available models and their supported methods.');
  });
});
