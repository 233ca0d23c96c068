// Fidelity: the official `openai` SDK, pointed at OpenRouter's fake the way OpenRouter's docs point it
// (baseURL …/api/v1), parses everything the fake sends: the public model list, the key check,
// completions, streams with `: OPENROUTER PROCESSING` comments and usage with cost in the last chunk,
// every error status, and errors inside a 200 stream.
import OpenAI, { APIError, AuthenticationError, InternalServerError, NotFoundError, PermissionDeniedError, RateLimitError } from 'openai';
import { describe, expect, it } from 'vitest';
import { startFake } from '../fakes/framework.ts';
import { openrouterFake, openrouterKeyFor, type OpenRouterScenario } from '../fakes/openrouter/server.ts';
import { rejection, useFake } from '../support/fake-server.ts';

const fake = useFake(() => startFake(openrouterFake));

const sdk = (scenario: OpenRouterScenario) => new OpenAI({ apiKey: openrouterKeyFor(scenario), baseURL: `${fake.origin}/api/v1`, maxRetries: 0 });
const messages = [{ role: 'user' as const, content: 'Say hello' }];
const model = 'mistralai/mistral-nemo';

/** Extra fields OpenRouter adds to OpenAI's shapes, which the SDK passes through untyped. */
type WithExtras<T> = T & { provider?: string; usage?: { cost?: number } | null };

describe('the openai SDK against OpenRouter’s fake', () => {
  it('models.list() parses the public list, cards and all', async () => {
    const page = await sdk('valid').models.list();
    const ids = page.data.map((m) => m.id);
    expect(ids).toHaveLength(10);
    expect(ids).toContain('mistralai/mistral-nemo');
    const nemo = page.data.find((m) => m.id === model) as unknown as Record<string, unknown>;
    expect(nemo).toMatchObject({ name: 'Mistral: Mistral Nemo', context_length: 131072, pricing: { prompt: '0.000000019', completion: '0.00000003' } });
  });

  it('the key check (GET /key) parses through the client’s raw get', async () => {
    const info = await sdk('capped').get<{ data: Record<string, unknown> }>('/key');
    expect(info.data).toMatchObject({ limit: 100, limit_remaining: 74.5, limit_reset: 'monthly', is_free_tier: false, expires_at: '2027-12-31T23:59:59Z' });
  });

  it('chat.completions.create() parses the completion, its generation id, usage and cost', async () => {
    const { data, response } = await sdk('valid').chat.completions.create({ model, messages, max_tokens: 6 }).withResponse();
    const completion = data as WithExtras<typeof data>;
    expect(completion.id).toMatch(/^gen-\d+-[A-Za-z0-9]{20}$/);
    expect(response.headers.get('x-generation-id')).toBe(completion.id);
    expect(completion.provider).toBe('Mistral');
    expect(completion.choices[0]?.message.content).toBe(' Hello, this is a deterministic');
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 });
    expect(completion.usage?.cost).toBeGreaterThan(0);
  });

  it('a stream with processing comments iterates to [DONE], usage and cost in its last chunk', async () => {
    const stream = await sdk('processing').chat.completions.create({ model, messages, max_tokens: 5, stream: true });
    let text = '';
    let chunks = 0;
    let last: WithExtras<OpenAI.Chat.Completions.ChatCompletionChunk> | undefined;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
      last = chunk;
    }
    expect(chunks).toBe(7);
    expect(text).toBe(' Hello, this is a');
    expect(last?.provider).toBe('Mistral');
    expect(last?.choices[0]?.finish_reason).toBe('length');
    expect(last?.usage).toMatchObject({ completion_tokens: 5 });
    expect(last?.usage?.cost).toBeGreaterThan(0);
  });

  it('every error status comes back as the SDK’s error for it, with OpenRouter’s message and metadata', async () => {
    const create = (scenario: OpenRouterScenario) => rejection(sdk(scenario).chat.completions.create({ model, messages, max_tokens: 4 }));
    const cases: [OpenRouterScenario, new (...args: never[]) => APIError, number, RegExp][] = [
      ['invalid', AuthenticationError, 401, /User not found\./],
      ['managementKey', AuthenticationError, 401, /User not found\./],
      ['freeTier', APIError, 402, /requires more credits, or fewer max_tokens/],
      ['keyCapReached', APIError, 402, /settings\/keys and create a key with a higher monthly limit/],
      ['keyLimitExceeded', PermissionDeniedError, 403, /Key limit exceeded \(monthly limit\)/],
      ['guardrail', PermissionDeniedError, 403, /Request blocked/],
      ['regionRestricted', PermissionDeniedError, 403, /not available in your region/],
      ['notFound', NotFoundError, 404, /No allowed providers/],
      ['requestTimeout', APIError, 408, /Your request timed out/],
      ['rateLimited', RateLimitError, 429, /free-models-per-min/],
      ['freeDailyLimit', RateLimitError, 429, /free-models-per-day/],
      ['upstreamRateLimited', RateLimitError, 429, /Provider returned error/],
      ['capacityExhausted', RateLimitError, 429, /at capacity/],
      ['badGateway', InternalServerError, 502, /Upstream error from AtlasCloud/],
    ];
    for (const [scenario, type, status, message] of cases) {
      const err = await create(scenario);
      expect(err, scenario).toBeInstanceOf(type);
      expect((err as APIError).status, scenario).toBe(status);
      expect((err as APIError).message, scenario).toMatch(message);
    }
    const upstream = (await create('upstreamRateLimited')) as APIError;
    expect(upstream.error).toMatchObject({ code: 429, metadata: { provider_name: 'BaseTen', limit_source: 'upstream_provider_shared_pool' } });
    const daily = (await create('freeDailyLimit')) as APIError;
    expect(Number(daily.headers?.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now());
    const region = (await create('regionRestricted')) as APIError;
    expect(region.error).toMatchObject({ availability: { code: 'region_restricted' } });
    const keyCheck = await rejection(sdk('serverError').get('/key'));
    expect(keyCheck).toBeInstanceOf(InternalServerError);
  });

  it('a 402 for a call without max_tokens, and none with a small one', async () => {
    const err = await rejection(sdk('lowCredit').chat.completions.create({ model, messages }));
    expect((err as APIError).status).toBe(402);
    expect((err as APIError).message).toMatch(/You requested up to 16384 tokens, but can only afford 200/);
    const ok = await sdk('lowCredit').chat.completions.create({ model, messages, max_tokens: 4 });
    expect(ok.usage?.completion_tokens).toBe(4);
  });

  it('an error inside a 200 stream is thrown by the SDK mid-iteration', async () => {
    for (const [scenario, message] of [['streamError', 'Token limit reached'], ['streamRateLimited', 'Rate limit exceeded']] as const) {
      const stream = await sdk(scenario).chat.completions.create({ model, messages, max_tokens: 3, stream: true });
      let text = '';
      const err = await rejection(
        (async () => {
          for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
        })(),
      );
      expect(err, scenario).toBeInstanceOf(APIError);
      expect((err as APIError).message, scenario).toContain(message);
      expect(text, scenario).toBe(' Hello, this');
    }
  });
});
