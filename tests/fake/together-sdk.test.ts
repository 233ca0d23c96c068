// Fidelity: the official `openai` SDK parses what the Together fake sends — the bare-array model
// list (through a raw GET: the SDK's list reads `data` only), completions, streams with usage in a
// `choices: []` chunk and the older `eos` finish, embeddings, and every error by status.
import OpenAI, { type APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { startFake } from '../fakes/framework.ts';
import { togetherFake } from '../fakes/together.ts';
import { client, readStream, rejection } from './openai-sdk.ts';
import { useFake } from '../support/fake-server.ts';

const fake = useFake(() => startFake(togetherFake), { resetEachTest: false });

const sdk = (scenario: Parameters<typeof togetherFake.keyFor>[0]) => client(`${fake.origin}/v1`, togetherFake.keyFor(scenario));
const MODEL = 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo';
const messages = [{ role: 'user' as const, content: 'Say hello' }];

describe('the openai SDK against the Together fake', () => {
  it('reads the model list as the bare array it is (models.list() finds no `data` in it)', async () => {
    const raw: unknown = await sdk('valid').get('/models');
    expect(Array.isArray(raw)).toBe(true);
    expect(raw as unknown[]).toContainEqual(expect.objectContaining({ id: MODEL, type: 'chat', pricing: expect.objectContaining({ input: 0.18000000000000002 }) }));
    const page = await sdk('valid').models.list();
    expect(page.data).toEqual([]);
  });

  it('parses a completion', async () => {
    const r = await sdk('valid').chat.completions.create({ model: MODEL, messages, max_tokens: 4 });
    expect(r.id).toMatch(/^omJK92o-4YNCb4-[0-9a-f]{16}$/);
    expect(r.choices[0]?.message.content).toBe(' Hello, this is');
    expect(r.usage).toMatchObject({ completion_tokens: 4 });
  });

  it('streams to the end, with usage from the separate choices: [] chunk it sends unasked', async () => {
    const read = await readStream(await sdk('valid').chat.completions.create({ model: MODEL, messages, max_tokens: 6, stream: true }));
    expect(read.text).toBe(' Hello, this is a deterministic');
    expect(read.finish).toBe('length');
    expect(read.usage).toMatchObject({ completion_tokens: 6 });
    expect(read.chunks.at(-1)?.choices).toEqual([]);
  });

  it('streams the older style: finish_reason eos with usage on that chunk', async () => {
    const read = await readStream(await sdk('legacyStream').chat.completions.create({ model: MODEL, messages, stream: true }));
    expect(read.finish).toBe('eos');
    expect(read.usage).toMatchObject({ completion_tokens: 16 });
  });

  it('parses embeddings', async () => {
    const r = await sdk('valid').embeddings.create({ model: 'BAAI/bge-base-en-v1.5', input: 'Keyprobe' });
    expect(r.data[0]?.embedding).toHaveLength(8);
  });

  it('raises each error as its class, with Together’s words and codes', async () => {
    const list = await rejection(sdk('invalid').get('/models'));
    expect(list).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((list as APIError).message).toBe('401 Unauthorized');

    const chat = (scenario: Parameters<typeof togetherFake.keyFor>[0]) => rejection(sdk(scenario).chat.completions.create({ model: MODEL, messages }));
    const invalid = (await chat('invalid')) as APIError;
    expect(invalid).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(invalid.code).toBe('invalid_api_key');
    const credit = (await chat('quotaExhausted')) as APIError;
    expect(credit.status).toBe(402);
    expect(credit.type).toBe('credit_limit');
    expect(await chat('forbidden')).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(await chat('rateLimited')).toBeInstanceOf(OpenAI.RateLimitError);
    expect(await chat('notFound')).toMatchObject({ status: 404, code: 'model_not_available' });
    expect(await chat('nonServerless')).toMatchObject({ status: 400, code: 'model_not_available' });
    expect(await chat('serverError')).toBeInstanceOf(OpenAI.InternalServerError);
    expect(await chat('overloaded')).toMatchObject({ status: 503 });
  });

  it('raises an error sent inside a 200 stream', async () => {
    const err = await rejection(readStream(await sdk('streamError').chat.completions.create({ model: MODEL, messages, stream: true })));
    expect(err).toBeInstanceOf(OpenAI.APIError);
  });
});
