// Fidelity: the official SDK (@anthropic-ai/sdk 1.14.0) parses everything the Anthropic fake
// sends: the paged model list, messages, token counts, named-event streams (thinking blocks
// included), the error envelope with its request id and error_code, and an error event in a stream.
import { describe, expect, it } from 'vitest';
import Anthropic, { APIError, AuthenticationError, BadRequestError, InternalServerError, NotFoundError, OverloadedError, PermissionDeniedError, RateLimitError } from '@anthropic-ai/sdk';
import { ANTHROPIC_MODELS, anthropicFake, anthropicKeyFor, type AnthropicScenario } from '../fakes/anthropic.ts';
import { startFake } from '../fakes/framework.ts';
import { rejection, useFake } from '../support/fake-server.ts';

const fake = useFake(() => startFake(anthropicFake));

const sdk = (scenario: AnthropicScenario) => new Anthropic({ apiKey: anthropicKeyFor(scenario), baseURL: fake.origin, maxRetries: 0 });
const ask = { model: 'claude-haiku-5-5', max_tokens: 6, messages: [{ role: 'user' as const, content: 'Say hello' }] };

describe('the SDK against the Anthropic fake: successes', () => {
  it('models.list() pages through every model (after_id / has_more)', async () => {
    const ids: string[] = [];
    for await (const model of sdk('pagedModels').models.list({ limit: 1000 })) ids.push(model.id);
    expect(ids).toEqual(ANTHROPIC_MODELS.map((m) => m.id));
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/models?limit=1000', '/v1/models?limit=1000&after_id=claude-fable-5', '/v1/models?limit=1000&after_id=claude-opus-4-5-20251101']);

    const page = await sdk('valid').models.list({ limit: 1000 });
    expect(page.has_more).toBe(false);
    const haiku = page.data.find((m) => m.id === 'claude-haiku-4-5-20251001');
    expect(haiku).toMatchObject({ type: 'model', display_name: 'Claude Haiku 4.5', max_input_tokens: 200_000, max_tokens: 64_000 });
    expect(haiku?.capabilities?.code_execution.supported).toBe(false);
  });

  it('models.retrieve() accepts an alias', async () => {
    expect((await sdk('valid').models.retrieve('claude-haiku-4-5')).id).toBe('claude-haiku-4-5-20251001');
  });

  it('messages.create() parses the message, its usage and request id', async () => {
    const { data: message, response } = await sdk('valid').messages.create(ask).withResponse();
    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-haiku-5-5', stop_reason: 'max_tokens', usage: { output_tokens: 6 } });
    expect(message.id).toMatch(/^msg_01[A-Za-z0-9]{22}$/);
    expect(message.content).toEqual([{ type: 'text', text: 'Hello, this is a deterministic' }]);
    expect(response.headers.get('request-id')).toMatch(/^req_011C[A-Za-z0-9]{20}$/);
    expect(response.headers.get('anthropic-ratelimit-requests-reset')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('messages.countTokens() parses the count', async () => {
    expect(await sdk('valid').messages.countTokens({ model: 'claude-haiku-5-5', messages: ask.messages })).toEqual({ input_tokens: expect.any(Number) });
  });

  it('messages.stream() reads every named event, padded data lines included', async () => {
    const stream = sdk('valid').messages.stream({ ...ask, max_tokens: 8 });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalMessage();
    expect(types).toEqual(['message_start', 'content_block_start', ...Array(8).fill('content_block_delta'), 'content_block_stop', 'message_delta', 'message_stop']);
    expect(final.content).toEqual([{ type: 'text', text: 'Hello, this is a deterministic reply from' }]);
    expect(final.usage.output_tokens).toBe(8);
    expect(final.stop_reason).toBe('max_tokens');
  });

  it('a stream that thinks first has a thinking block with its signature, then the text', async () => {
    const final = await sdk('thinkingFirst').messages.stream(ask).finalMessage();
    expect(final.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    expect(final.content[0]).toMatchObject({ type: 'thinking', thinking: 'The user wants a short reply.', signature: expect.stringMatching(/^Eq/) });
    expect(final.usage.output_tokens).toBe(6 + 12);
  });
});

describe('the SDK against the Anthropic fake: errors', () => {
  it('401 invalid x-api-key is an AuthenticationError with the request id', async () => {
    const err = await rejection(sdk('invalid').models.list());
    expect(err).toBeInstanceOf(AuthenticationError);
    const e = err as AuthenticationError;
    expect(e.status).toBe(401);
    expect(e.type).toBe('authentication_error');
    expect(e.apiMessage).toBe('invalid x-api-key');
    expect(e.requestID).toMatch(/^req_011C/);
    expect((e.error as { request_id?: string }).request_id).toBe(e.requestID);
    expect(e.headers?.get('x-should-retry')).toBe('false');
  });

  it('a disabled key (404) and an admin key (401) are the SDK\'s own error classes', async () => {
    expect(await rejection(sdk('disabledKey').models.list())).toBeInstanceOf(NotFoundError);
    expect(await rejection(sdk('adminKey').models.list())).toBeInstanceOf(AuthenticationError);
    expect(await rejection(sdk('forbidden').models.list())).toBeInstanceOf(PermissionDeniedError);
  });

  it('no credit and a spend limit are 400 invalid_request_error on count_tokens and messages', async () => {
    for (const scenario of ['noCredit', 'usageLimit'] as const) {
      for (const call of [sdk(scenario).messages.countTokens({ model: ask.model, messages: ask.messages }), sdk(scenario).messages.create(ask)]) {
        const err = (await rejection(call)) as BadRequestError;
        expect(err).toBeInstanceOf(BadRequestError);
        expect(err.type).toBe('invalid_request_error');
        expect(err.apiMessage).toMatch(scenario === 'noCredit' ? /^Your credit balance is too low/ : /^You have reached your specified API usage limits/);
      }
    }
    // The model list does not look at the balance.
    expect((await sdk('noCredit').models.list()).data.length).toBeGreaterThan(0);
  });

  it('the monthly spend cap is the SDK\'s EnforcedSpendLimitReachedError, with its error_code', async () => {
    const err = (await rejection(sdk('spendCap').messages.create(ask))) as RateLimitError;
    expect(err).toBeInstanceOf(Anthropic.EnforcedSpendLimitReachedError);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.errorCode).toBe('enforced_spend_limit_reached');
    expect(err.headers?.get('retry-after')).toBeNull();
  });

  it('429 rate_limit_error carries retry-after', async () => {
    const err = (await rejection(sdk('rateLimited').messages.create(ask))) as RateLimitError;
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.headers?.get('retry-after')).toBe('1');
  });

  it('529 is an OverloadedError, 500 an InternalServerError', async () => {
    const overloaded = (await rejection(sdk('overloaded').messages.create(ask))) as OverloadedError;
    expect(overloaded).toBeInstanceOf(OverloadedError);
    expect(overloaded.type).toBe('overloaded_error');
    expect(overloaded.headers?.get('x-should-retry')).toBe('true');
    const server = (await rejection(sdk('serverError').messages.create(ask))) as InternalServerError;
    expect(server).toBeInstanceOf(InternalServerError);
    expect(server.apiMessage).toBe('Internal server error');
  });

  it('an unknown model is a NotFoundError "model: …"', async () => {
    const err = (await rejection(sdk('valid').messages.create({ ...ask, model: 'claude-does-not-exist' }))) as NotFoundError;
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.apiMessage).toBe('model: claude-does-not-exist');
  });

  it('an overloaded_error event inside a 200 stream ends the stream with an APIError of that type', async () => {
    const stream = sdk('streamOverloaded').messages.stream(ask);
    const texts: string[] = [];
    stream.on('text', (t) => texts.push(t));
    const err = (await rejection(stream.finalMessage())) as APIError;
    expect(err).toBeInstanceOf(APIError);
    expect(err.type).toBe('overloaded_error');
    expect(err.apiMessage).toBe('Overloaded');
    expect(texts).toEqual(['Hello', ',']);
  });
});
