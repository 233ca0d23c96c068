// Fidelity: the official SDK (openai 7.59.0) parses everything the OpenAI fake sends — the model
// list, completions, streams with usage, embeddings, and every error the tester reads.
import { describe, expect, it } from 'vitest';
import OpenAI, { APIError, AuthenticationError, InternalServerError, NotFoundError, PermissionDeniedError, RateLimitError } from 'openai';
import { openaiFake, startFakeOpenAI } from '../fakes/openai.ts';
import { rejectionOf, useFake } from '../support/fake-server.ts';

const global = useFake(() => startFakeOpenAI('global'));
const us = useFake(() => startFakeOpenAI('us'));

type Scenario = Parameters<typeof openaiFake.keyFor>[0];
const sdk = (scenario: Scenario, server = global) => new OpenAI({ apiKey: openaiFake.keyFor(scenario), baseURL: `${server.origin}/v1`, maxRetries: 0 });
const messages = [{ role: 'user' as const, content: 'Say hello' }];

const rejection = (p: Promise<unknown>) => rejectionOf<APIError>(p, APIError);

describe('the SDK against the fake: success', () => {
  it('models.list() pages through every model, with shutdown dates', async () => {
    const ids: string[] = [];
    let nano: unknown;
    for await (const model of sdk('valid').models.list()) {
      ids.push(model.id);
      if (model.id === 'gpt-4.1-nano') nano = model;
    }
    expect(ids).toHaveLength(22);
    expect(ids).toEqual(expect.arrayContaining(['gpt-6-luna', 'gpt-4o-mini', 'text-embedding-3-small']));
    expect(nano).toMatchObject({ object: 'model', owned_by: 'system', shutdown_date: '2026-10-23' });
  });

  it('chat.completions.create() parses the completion, usage and request id', async () => {
    const { data, request_id } = await sdk('valid').chat.completions.create({ model: 'gpt-6-luna', messages, max_completion_tokens: 4, reasoning_effort: 'none' }).withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0]?.message.content).toBe(' Hello, this is');
    expect(data.choices[0]?.finish_reason).toBe('length');
    expect(data.usage).toMatchObject({ completion_tokens: 4, prompt_tokens: 12, total_tokens: 16 });
    expect(request_id).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it('a stream with include_usage ends with a usage chunk; without it, no usage', async () => {
    const stream = await sdk('valid').chat.completions.create({ model: 'gpt-4o-mini', messages, max_completion_tokens: 6, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(' Hello, this is a deterministic');
    expect(usage).toMatchObject({ completion_tokens: 6 });

    let sawUsage = false;
    for await (const chunk of await sdk('valid').chat.completions.create({ model: 'gpt-4o-mini', messages, max_completion_tokens: 3, stream: true })) if (chunk.usage) sawUsage = true;
    expect(sawUsage).toBe(false);
  });

  it('embeddings.create() parses the vectors', async () => {
    const r = await sdk('valid').embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'float' });
    expect(r.data.map((d) => d.embedding.length)).toEqual([8, 8]);
    expect(r.usage).toMatchObject({ prompt_tokens: 4, total_tokens: 4 });
  });

  it('rate-limit headers come with inference only, as durations', async () => {
    const list = await sdk('valid').models.list().withResponse();
    expect(list.response.headers.get('x-ratelimit-limit-requests')).toBeNull();
    const chat = await sdk('valid').chat.completions.create({ model: 'gpt-6-luna', messages, max_completion_tokens: 1 }).withResponse();
    expect(chat.response.headers.get('x-ratelimit-reset-requests')).toBe('120ms');
  });
});

describe('the SDK against the fake: errors', () => {
  it('a wrong key: AuthenticationError, code invalid_api_key, the key echoed masked', async () => {
    const err = await rejection(sdk('invalid').models.list());
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ status: 401, code: 'invalid_api_key', type: 'invalid_request_error', param: null });
    expect(err.message).toMatch(/^401 Incorrect API key provided: sk-proj-\*+[A-Za-z0-9_-]{4}\./);
    expect(err.message).not.toContain(openaiFake.keyFor('invalid').slice(8, 20));
    expect(err.requestID).toMatch(/^req_/);
  });

  it('no credit: the list works, a completion is a RateLimitError with type insufficient_quota', async () => {
    await expect(sdk('quotaExhausted').models.list()).resolves.toBeDefined();
    const err = await rejection(sdk('quotaExhausted').chat.completions.create({ model: 'gpt-6-luna', messages }));
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ status: 429, type: 'insufficient_quota', code: 'insufficient_quota' });
    const credit = await rejection(sdk('creditExhausted').embeddings.create({ model: 'text-embedding-3-small', input: 'a' }));
    expect(credit).toMatchObject({ status: 429, type: 'insufficient_quota', code: 'credit_balance_exhausted' });
  });

  it('Missing scopes is an AuthenticationError although the key is valid', async () => {
    const err = await rejection(sdk('missingScopes').chat.completions.create({ model: 'gpt-6-luna', messages }));
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ status: 401, code: 'missing_scope' });
    expect(err.message).toContain('Missing scopes: model.request');
    const list = await rejection(sdk('missingScopesOnList').models.list());
    expect(list).toMatchObject({ status: 401, code: null });
  });

  it('no Models: Read: PermissionDeniedError on the list, chat works', async () => {
    expect(await rejection(sdk('noModelsRead').models.list())).toBeInstanceOf(PermissionDeniedError);
    const chat = await sdk('noModelsRead').chat.completions.create({ model: 'gpt-6-luna', messages, max_completion_tokens: 2 });
    expect(chat.choices[0]?.message.content).toBe(' Hello,');
  });

  it('an unsupported country: PermissionDeniedError with its code', async () => {
    const err = await rejection(sdk('unsupportedRegion').models.list());
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect(err).toMatchObject({ status: 403, code: 'unsupported_country_region_territory', type: 'request_forbidden' });
  });

  it('a US data-residency key: incorrect_hostname elsewhere, works on its own host', async () => {
    const err = await rejection(sdk('usProject').models.list());
    expect(err).toMatchObject({ status: 401, code: 'incorrect_hostname' });
    expect(err.message).toContain('Please make your request to us.api.openai.com');
    await expect(sdk('usProject', us).models.list()).resolves.toBeDefined();
  });

  it('rate limit, unknown model, server error: the SDK classes by status', async () => {
    const limited = await rejection(sdk('rateLimited').chat.completions.create({ model: 'gpt-6-luna', messages }));
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({ type: 'tokens', code: 'rate_limit_exceeded' });
    expect(limited.headers?.get('retry-after')).toBe('19');
    const missing = await rejection(sdk('valid').chat.completions.create({ model: 'gpt-9', messages }));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ code: 'model_not_found' });
    expect(missing.message).toContain('The model `gpt-9` does not exist');
    expect(await rejection(sdk('serverError').models.list())).toBeInstanceOf(InternalServerError);
  });

  it('an error inside a 200 stream makes the SDK throw while iterating', async () => {
    const stream = await sdk('streamError').chat.completions.create({ model: 'gpt-6-luna', messages, stream: true, stream_options: { include_usage: true } });
    const err = await rejection(
      (async () => {
        for await (const chunk of stream) void chunk;
      })(),
    );
    expect(err.message).toContain('The server had an error while processing your request');
  });
});
