// Fidelity: the official `openai` SDK, the client DeepSeek's own docs use, parses everything the
// DeepSeek fake sends: the balance, the model list, completions (with and without thinking),
// streams with usage on the finish chunk, answers padded with keep-alives and blank lines, and
// every error scenario.
import { describe, expect, it } from 'vitest';
import OpenAI, { APIError, AuthenticationError, BadRequestError, InternalServerError, NotFoundError, PermissionDeniedError, RateLimitError } from 'openai';
import { deepseekFake } from '../fakes/deepseek.ts';
import { startFake } from '../fakes/framework.ts';
import { rejection, useFake } from '../support/fake-server.ts';

type Scenario = Parameters<typeof deepseekFake.keyFor>[0];
const fake = useFake(() => startFake(deepseekFake));

// DeepSeek's docs: base_url https://api.deepseek.com (no /v1).
const sdk = (scenario: Scenario) => new OpenAI({ apiKey: deepseekFake.keyFor(scenario), baseURL: fake.origin, maxRetries: 0 });
const messages = [{ role: 'user' as const, content: 'Say hello' }];
/** DeepSeek's own request field, sent as the docs say: in the body next to the OpenAI fields. */
const noThinking = { thinking: { type: 'disabled' } } as Record<string, unknown>;

interface Balance {
  is_available: boolean;
  balance_infos: { currency: string; total_balance: string; granted_balance: string; topped_up_balance: string }[];
}

describe('the openai SDK against the DeepSeek fake', () => {
  it('reads GET /user/balance (amounts as strings)', async () => {
    const balance = await sdk('twoCurrencies').get<Balance>('/user/balance');
    expect(balance).toEqual({
      is_available: true,
      balance_infos: [
        { currency: 'CNY', total_balance: '110.00', granted_balance: '10.00', topped_up_balance: '100.00' },
        { currency: 'USD', total_balance: '4.25', granted_balance: '0.00', topped_up_balance: '4.25' },
      ],
    });
    expect((await sdk('quotaExhausted').get<Balance>('/user/balance')).is_available).toBe(false);
  });

  it('lists the models', async () => {
    const page = await sdk('valid').models.list();
    expect(page.data.map((m) => m.id)).toEqual(['deepseek-v4-flash', 'deepseek-v4-pro']);
  });

  it('parses a completion without thinking, and one with it (reasoning_content)', async () => {
    const plain = await sdk('valid').chat.completions.create({ model: 'deepseek-flash', messages, max_tokens: 4, ...noThinking });
    expect(plain.choices[0]?.message.content).toBe(' Hello, this is');
    expect(plain.usage).toMatchObject({ completion_tokens: 4, completion_tokens_details: { reasoning_tokens: 0 } });
    const thinking = await sdk('valid').chat.completions.create({ model: 'deepseek-flash', messages, max_tokens: 4 });
    expect((thinking.choices[0]?.message as unknown as { reasoning_content?: string }).reasoning_content).toBeTruthy();
    // DeepSeek counts reasoning inside completion_tokens.
    expect(thinking.usage).toMatchObject({ completion_tokens: 10, completion_tokens_details: { reasoning_tokens: 6 } });
  });

  it('iterates a stream to the end, with usage on the finish chunk', async () => {
    const stream = await sdk('valid').chat.completions.create({ model: 'deepseek-flash', messages, max_tokens: 6, stream: true, stream_options: { include_usage: true }, ...noThinking });
    let text = '';
    let finish: string | null | undefined;
    let usage: unknown;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      text += choice?.delta.content ?? '';
      if (choice?.finish_reason) {
        finish = choice.finish_reason;
        usage = chunk.usage;
      }
    }
    expect(text).toBe(' Hello, this is a deterministic');
    expect(finish).toBe('length');
    expect(usage).toMatchObject({ completion_tokens: 6, total_tokens: 18 });
  });

  it('parses answers held open under load: keep-alive comments before a stream, blank lines before JSON', async () => {
    fake.setTiming('keepAlive', { firstTokenMs: 200 });
    const client = sdk('keepAlive');
    expect((await client.get<Balance>('/user/balance')).is_available).toBe(true);
    const completion = await client.chat.completions.create({ model: 'deepseek-flash', messages, max_tokens: 4, ...noThinking });
    expect(completion.choices[0]?.message.content).toBe(' Hello, this is');
    const stream = await client.chat.completions.create({ model: 'deepseek-flash', messages, max_tokens: 4, stream: true, ...noThinking });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(' Hello, this is');
  });

  it('parses the error answers into the SDK\'s error classes', async () => {
    const key = deepseekFake.keyFor('invalid');
    const invalid = await rejection(sdk('invalid').models.list());
    expect(invalid).toBeInstanceOf(AuthenticationError);
    expect((invalid as APIError).message).toBe(`401 Authentication Fails, Your api key: ****${key.slice(-4)} is invalid`);
    expect((invalid as APIError).type).toBe('authentication_error');

    const noBalance = await rejection(sdk('quotaExhausted').chat.completions.create({ model: 'deepseek-flash', messages, ...noThinking }));
    expect(noBalance).toBeInstanceOf(APIError);
    expect((noBalance as APIError).status).toBe(402);
    expect((noBalance as APIError).message).toBe('402 Insufficient Balance');

    const badModel = await rejection(sdk('valid').chat.completions.create({ model: 'deepseek-chat', messages }));
    expect(badModel).toBeInstanceOf(BadRequestError);
    expect((badModel as APIError).message).toContain('The supported API model names are deepseek-v4-pro or deepseek-v4-flash, but you passed deepseek-chat.');

    expect(await rejection(sdk('forbidden').models.list())).toBeInstanceOf(PermissionDeniedError);
    expect(await rejection(sdk('rateLimited').models.list())).toBeInstanceOf(RateLimitError);
    expect(await rejection(sdk('notFound').models.list())).toBeInstanceOf(NotFoundError);
    const overloaded = await rejection(sdk('serverError').models.list());
    expect(overloaded).toBeInstanceOf(InternalServerError);
    expect((overloaded as APIError).status).toBe(503);
  });

  it('throws on an error sent inside a 200 stream', async () => {
    const stream = await sdk('streamError').chat.completions.create({ model: 'deepseek-flash', messages, stream: true, ...noThinking });
    const err = await rejection((async () => {
      for await (const chunk of stream) void chunk;
    })());
    expect(err).toBeInstanceOf(APIError);
  });
});
