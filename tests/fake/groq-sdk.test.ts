// Fidelity: the official SDK (groq-sdk 1.6.0) parses everything the Groq fake sends — the model
// list, completions, streams with usage in x_groq, and every error the tester reads.
import { describe, expect, it } from 'vitest';
import Groq, { APIError, AuthenticationError, InternalServerError, NotFoundError, PermissionDeniedError, RateLimitError } from 'groq-sdk';
import { groqFake, startFakeGroq } from '../fakes/groq.ts';
import { rejectionOf, useFake } from '../support/fake-server.ts';

const fake = useFake(() => startFakeGroq());

type Scenario = Parameters<typeof groqFake.keyFor>[0];
// The SDK's base URL is the host: it adds /openai/v1 itself.
const sdk = (scenario: Scenario) => new Groq({ apiKey: groqFake.keyFor(scenario), baseURL: fake.origin, maxRetries: 0 });
const messages = [{ role: 'user' as const, content: 'Say hello' }];

const rejection = (p: Promise<unknown>) => rejectionOf<APIError>(p, APIError);

describe('the SDK against the fake: success', () => {
  it('models.list() parses the real 2026 list, Groq fields included', async () => {
    const list = await sdk('valid').models.list();
    expect(list.data).toHaveLength(13);
    expect(list.data.find((m) => m.id === 'qwen/qwen3.6-27b')).toMatchObject({ object: 'model', owned_by: 'Alibaba Cloud', context_window: 131072 });
    expect(fake.requests.at(-1)?.path).toBe('/openai/v1/models');
  });

  it('chat.completions.create() parses the completion, usage, region and request id', async () => {
    const { data, response } = await sdk('valid').chat.completions.create({ model: 'qwen/qwen3.6-27b', messages, max_completion_tokens: 4, reasoning_effort: 'none' }).withResponse();
    expect(data.choices[0]?.message.content).toBe(' Hello, this is');
    expect(data.usage).toMatchObject({ completion_tokens: 4 });
    expect(response.headers.get('x-groq-region')).toBe('dls');
    expect(response.headers.get('x-request-id')).toMatch(/^req_01[0-9a-z]{24}$/);
    expect(response.headers.get('x-ratelimit-reset-requests')).toBe('38.879s');
  });

  it('a stream carries its usage in the last chunk’s x_groq.usage, without stream_options', async () => {
    const stream = await sdk('valid').chat.completions.create({ model: 'openai/gpt-oss-20b', messages, max_completion_tokens: 5, stream: true, reasoning_effort: 'low' });
    let text = '';
    let usage: unknown;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.choices[0]?.finish_reason) finish = chunk.choices[0].finish_reason;
      if (chunk.x_groq?.usage) usage = chunk.x_groq.usage;
    }
    expect(text).toBe(' Hello, this is a');
    expect(finish).toBe('length');
    expect(usage).toMatchObject({ completion_tokens: 5, prompt_tokens: 12 });
  });
});

describe('the SDK against the fake: errors', () => {
  it('a wrong key: AuthenticationError with Groq’s body', async () => {
    const err = await rejection(sdk('invalid').models.list());
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.status).toBe(401);
    expect(err.error).toEqual({ error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } });
  });

  it('403 as JSON (plan) and as Cloudflare HTML: PermissionDeniedError both', async () => {
    const plan = await rejection(sdk('forbidden').models.list());
    expect(plan).toBeInstanceOf(PermissionDeniedError);
    expect(plan.error).toMatchObject({ error: { type: 'permissions_error', code: 'not_available_for_plan' } });
    const blocked = await rejection(sdk('cloudflareBlock').models.list());
    expect(blocked).toBeInstanceOf(PermissionDeniedError);
    expect(blocked.message).toContain('Attention Required! | Cloudflare');
  });

  it('the daily and the per-minute 429: RateLimitError, with retry-after', async () => {
    const daily = await rejection(sdk('quotaExhausted').chat.completions.create({ model: 'qwen/qwen3.6-27b', messages }));
    expect(daily).toBeInstanceOf(RateLimitError);
    expect(daily.message).toContain('on tokens per day (TPD)');
    expect(daily.headers?.get('retry-after')).toBe('990');
    const minute = await rejection(sdk('rateLimited').models.list());
    expect(minute).toBeInstanceOf(RateLimitError);
    expect(minute.error).toMatchObject({ error: { type: 'tokens', code: 'rate_limit_exceeded' } });
  });

  it('a retired model: NotFoundError with model_not_found; a 502 page: InternalServerError', async () => {
    const missing = await rejection(sdk('valid').chat.completions.create({ model: 'llama-3.3-70b-versatile', messages }));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toContain('The model `llama-3.3-70b-versatile` does not exist or you do not have access to it.');
    expect(await rejection(sdk('serverError').models.list())).toBeInstanceOf(InternalServerError);
  });

  it('an error inside a 200 stream makes the SDK throw while iterating', async () => {
    const stream = await sdk('streamError').chat.completions.create({ model: 'qwen/qwen3.6-27b', messages, stream: true });
    const err = await rejection(
      (async () => {
        for await (const chunk of stream) void chunk;
      })(),
    );
    expect(err.message).toContain('The server had an error while processing your request');
  });
});
