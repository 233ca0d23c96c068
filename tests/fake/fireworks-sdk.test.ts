// Fidelity: the official `openai` SDK, pointed at the Fireworks fake's /inference/v1, parses its
// model list, completions, streams (usage in a `choices: []` chunk when asked, `raw_output` fields),
// and every error, the 412 suspension and the 500 of a failing model list among them.
import OpenAI, { type APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { fireworksFake } from '../fakes/fireworks.ts';
import { startFake } from '../fakes/framework.ts';
import { client, readStream, rejection } from './openai-sdk.ts';
import { useFake } from '../support/fake-server.ts';

const fake = useFake(() => startFake(fireworksFake), { resetEachTest: false });

const sdk = (scenario: Parameters<typeof fireworksFake.keyFor>[0]) => client(`${fake.origin}/inference/v1`, fireworksFake.keyFor(scenario));
const MODEL = 'accounts/fireworks/models/deepseek-v4-flash';
const messages = [{ role: 'user' as const, content: 'Say hello' }];

describe('the openai SDK against the Fireworks fake', () => {
  it('lists the models', async () => {
    const page = await sdk('valid').models.list();
    expect(page.data.map((m) => m.id)).toContain(MODEL);
    expect(page.data.find((m) => m.id === MODEL)).toMatchObject({ object: 'model', owned_by: 'fireworks' });
  });

  it('parses a completion and reads the server-timing headers in seconds', async () => {
    const { data, response } = await sdk('valid').chat.completions.create({ model: MODEL, messages, max_tokens: 4 }).withResponse();
    expect(data.choices[0]?.message.content).toBe(' Hello, this is');
    expect(data.usage).toMatchObject({ completion_tokens: 4 });
    expect(response.headers.get('fireworks-server-time-to-first-token')).toBe('0.500');
    expect(response.headers.get('fireworks-server-processing-time')).toBe('1.462');
  });

  it('streams to the end, with usage in its own chunk when asked', async () => {
    const read = await readStream(await sdk('valid').chat.completions.create({ model: MODEL, messages, max_tokens: 6, stream: true, stream_options: { include_usage: true } }));
    expect(read.text).toBe(' Hello, this is a deterministic');
    expect(read.finish).toBe('length');
    expect(read.usage).toMatchObject({ completion_tokens: 6 });
    const plain = await readStream(await sdk('valid').chat.completions.create({ model: MODEL, messages, max_tokens: 6, stream: true }));
    expect(plain.usage).toBeNull();
  });

  it('raises each error as its class, with the 412 suspension’s code and words', async () => {
    const chat = (scenario: Parameters<typeof fireworksFake.keyFor>[0]) => rejection(sdk(scenario).chat.completions.create({ model: MODEL, messages }));
    expect(await chat('invalid')).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(await chat('forbidden')).toBeInstanceOf(OpenAI.PermissionDeniedError);
    const suspended = (await chat('suspended')) as APIError;
    expect(suspended.status).toBe(412);
    expect(suspended.code).toBe('PRECONDITION_FAILED');
    expect(suspended.message).toMatch(/^412 Account ferroxlabs is suspended/);
    expect(await chat('rateLimited')).toBeInstanceOf(OpenAI.RateLimitError);
    expect(await chat('rateLimitedAs400')).toBeInstanceOf(OpenAI.BadRequestError);
    expect(await chat('notFound')).toMatchObject({ status: 404, code: 'NOT_FOUND', param: 'model' });
    expect(await chat('overloaded')).toMatchObject({ status: 503 });
    const list = await rejection(sdk('listFails').models.list());
    expect(list).toBeInstanceOf(OpenAI.InternalServerError);
    expect((list as APIError).message).toBe('500 Error listing deployed models');
  });

  it('raises an error sent inside a 200 stream', async () => {
    const err = await rejection(readStream(await sdk('streamError').chat.completions.create({ model: MODEL, messages, stream: true })));
    expect(err).toBeInstanceOf(OpenAI.APIError);
  });
});
