// Fidelity: the official `openai` SDK, the client xAI's own docs use with base URL
// https://api.x.ai/v1, parses everything the xAI fake sends: the key info, the model list,
// completions whose usage reports reasoning apart, streams with a final usage chunk, and every error
// scenario, including the gRPC-style `{"code", "error"}` bodies.
import { describe, expect, it } from 'vitest';
import OpenAI, { APIError, AuthenticationError, BadRequestError, InternalServerError, NotFoundError, PermissionDeniedError, RateLimitError } from 'openai';
import { xaiFake } from '../fakes/xai.ts';
import { startFake } from '../fakes/framework.ts';
import { rejection, useFake } from '../support/fake-server.ts';

type Scenario = Parameters<typeof xaiFake.keyFor>[0];
const fake = useFake(() => startFake(xaiFake));

const sdk = (scenario: Scenario) => new OpenAI({ apiKey: xaiFake.keyFor(scenario), baseURL: `${fake.origin}/v1`, maxRetries: 0 });
const messages = [{ role: 'user' as const, content: 'Say hello' }];

describe('the openai SDK against the xAI fake', () => {
  it('reads GET /v1/api-key', async () => {
    const info = await sdk('teamBlocked').get<Record<string, unknown>>('/api-key');
    expect(info).toMatchObject({ name: 'Default', team_blocked: true, api_key_blocked: false, api_key_disabled: false, acls: ['api-key:model:*', 'api-key:endpoint:*', ''] });
    expect(info.redacted_api_key).toBe(`xai-...${xaiFake.keyFor('teamBlocked').slice(-4)}`);
  });

  it('lists the models', async () => {
    const page = await sdk('valid').models.list();
    expect(page.data.map((m) => m.id)).toContain('grok-4.20-0309-non-reasoning');
    expect(page.data.every((m) => m.object === 'model' && m.owned_by === 'xai')).toBe(true);
  });

  it('parses completions, with reasoning tokens outside completion_tokens', async () => {
    const plain = await sdk('valid').chat.completions.create({ model: 'grok-4.20-0309-non-reasoning', messages, max_tokens: 4 });
    expect(plain.choices[0]?.message.content).toBe(' Hello, this is');
    expect(plain.usage).toEqual({ prompt_tokens: 12, completion_tokens: 4, total_tokens: 16, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } });
    const reasoning = await sdk('valid').chat.completions.create({ model: 'grok-4.3', messages, max_tokens: 4 });
    expect(reasoning.usage).toMatchObject({ completion_tokens: 4, total_tokens: 56, completion_tokens_details: { reasoning_tokens: 40 } });
  });

  it('iterates a stream to the end: the finish chunk apart, usage in a last chunk with no choices', async () => {
    const stream = await sdk('valid').chat.completions.create({ model: 'grok-4.20-0309-non-reasoning', messages, max_tokens: 6, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let finish: string | null | undefined;
    let usage: unknown;
    let last: OpenAI.Chat.Completions.ChatCompletionChunk | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
      last = chunk;
    }
    expect(text).toBe(' Hello, this is a deterministic');
    expect(finish).toBe('length');
    expect(last?.choices).toEqual([]);
    expect(usage).toMatchObject({ completion_tokens: 6 });
  });

  it('parses the gRPC-style error bodies into the SDK\'s error classes', async () => {
    const key = xaiFake.keyFor('invalid');
    const invalid = await rejection(sdk('invalid').models.list());
    expect(invalid).toBeInstanceOf(BadRequestError);
    // The SDK keeps the `error` field (a string here) and puts it in its message.
    expect((invalid as APIError).error).toBe(`Incorrect API key provided: ${key.slice(0, 2)}***${key.slice(-2)}. You can obtain an API key from https://console.x.ai.`);
    expect((invalid as APIError).message).toContain('Incorrect API key provided');

    expect(await rejection(sdk('revoked').models.list())).toBeInstanceOf(AuthenticationError);
    const noCredits = await rejection(sdk('teamBlocked').chat.completions.create({ model: 'grok-4.20-0309-non-reasoning', messages }));
    expect(noCredits).toBeInstanceOf(PermissionDeniedError);
    expect((noCredits as APIError).error).toMatch(/doesn't have any credits yet/);
    const spent = await rejection(sdk('quotaExhausted').chat.completions.create({ model: 'grok-4.20-0309-non-reasoning', messages }));
    expect(spent).toBeInstanceOf(RateLimitError);
    expect((spent as APIError).error).toMatch(/used all available credits or reached its monthly spending limit/);
    const badModel = await rejection(sdk('valid').chat.completions.create({ model: 'grok-beta', messages }));
    expect(badModel).toBeInstanceOf(BadRequestError);
    expect((badModel as APIError).error).toBe('Model not found: grok-beta');
    expect(await rejection(sdk('forbidden').chat.completions.create({ model: 'grok-4.20-0309-non-reasoning', messages }))).toBeInstanceOf(PermissionDeniedError);
    expect(await rejection(sdk('rateLimited').models.list())).toBeInstanceOf(RateLimitError);
    expect(await rejection(sdk('notFound').models.list())).toBeInstanceOf(NotFoundError);
    expect(await rejection(sdk('serverError').models.list())).toBeInstanceOf(InternalServerError);
  });

  it('throws on an error sent inside a 200 stream', async () => {
    const stream = await sdk('streamError').chat.completions.create({ model: 'grok-4.20-0309-non-reasoning', messages, stream: true });
    const err = await rejection((async () => {
      for await (const chunk of stream) void chunk;
    })());
    expect(err).toBeInstanceOf(APIError);
  });
});
