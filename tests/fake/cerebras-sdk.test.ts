// Fidelity: the official `openai` SDK parses what the Cerebras fake sends — the model list,
// completions with `time_info`, streams with a role-only first chunk and usage plus `time_info` on
// the finish chunk, and its flat error bodies (no `error` wrapper: the SDK keeps the raw words).
import OpenAI, { type APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { cerebrasFake } from '../fakes/cerebras.ts';
import { startFake } from '../fakes/framework.ts';
import { client, readStream, rejection } from './openai-sdk.ts';
import { useFake } from '../support/fake-server.ts';

const fake = useFake(() => startFake(cerebrasFake), { resetEachTest: false });

const sdk = (scenario: Parameters<typeof cerebrasFake.keyFor>[0]) => client(`${fake.origin}/v1`, cerebrasFake.keyFor(scenario));
const MODEL = 'gpt-oss-120b';
const messages = [{ role: 'user' as const, content: 'Say hello' }];

describe('the openai SDK against the Cerebras fake', () => {
  it('lists the models (created: 0, as recorded)', async () => {
    const page = await sdk('valid').models.list();
    expect(page.data.map((m) => [m.id, m.created, m.owned_by])).toEqual([
      ['zai-glm-4.7', 0, 'Cerebras'],
      ['gemma-4-31b', 0, 'Cerebras'],
      ['gpt-oss-120b', 0, 'Cerebras'],
    ]);
  });

  it('parses a completion and its rate-limit headers', async () => {
    const { data, response } = await sdk('valid').chat.completions.create({ model: MODEL, messages, max_completion_tokens: 4 }).withResponse();
    expect(data.choices[0]?.message.content).toBe(' Hello, this is');
    expect((data as unknown as { time_info: { queue_time: number } }).time_info.queue_time).toBeGreaterThan(0);
    expect(response.headers.get('x-ratelimit-limit-tokens-day')).toBe('2000000000');
  });

  it('streams to the end, with usage and time_info on the finish chunk, unasked', async () => {
    const read = await readStream(await sdk('valid').chat.completions.create({ model: MODEL, messages, max_completion_tokens: 6, stream: true }));
    expect(read.text).toBe(' Hello, this is a deterministic');
    expect(read.finish).toBe('length');
    expect(read.usage).toMatchObject({ completion_tokens: 6, completion_tokens_details: { reasoning_tokens: 0 } });
    const last = read.chunks.at(-1) as unknown as { time_info?: unknown; choices: unknown[] };
    expect(last.choices).toHaveLength(1);
    expect(last.time_info).toMatchObject({ queue_time: expect.any(Number), prompt_time: expect.any(Number) });
  });

  it('raises each flat error as its class, with Cerebras’ words', async () => {
    const list = (await rejection(sdk('invalid').models.list())) as APIError;
    expect(list).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(list.message).toContain('Wrong API Key');
    const chat = (scenario: Parameters<typeof cerebrasFake.keyFor>[0]) => rejection(sdk(scenario).chat.completions.create({ model: MODEL, messages })) as Promise<APIError>;
    expect(await chat('forbidden')).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((await chat('quotaExhausted')).status).toBe(402);
    const limited = await chat('rateLimited');
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited.message).toContain('Requests per minute limit exceeded');
    expect((await chat('queueExceeded')).message).toContain('high traffic');
    expect((await chat('notFound')).message).toContain('does not exist or you do not have access to it');
    expect(await chat('serverError')).toBeInstanceOf(OpenAI.InternalServerError);
  });
});
