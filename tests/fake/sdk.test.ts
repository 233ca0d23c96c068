// Fidelity 2: the official SDK (@mistralai/mistralai 2.7.0) parses everything the fake sends.
import { describe, expect, it } from 'vitest';
import { Mistral } from '@mistralai/mistralai';
import { HTTPValidationError, MistralError, SDKError } from '@mistralai/mistralai/models/errors';
import { FAKE_KEYS, startFakeMistral } from '../fakes/mistral/server.ts';
import { rejection, useFake } from '../support/fake-server.ts';

const platform = useFake(() => startFakeMistral());
const codestral = useFake(() => startFakeMistral({ role: 'codestral' }));

const sdk = (key: string, origin: string): Mistral => new Mistral({ apiKey: key, serverURL: origin });
const messages = [{ role: 'user' as const, content: 'Say hello' }];

describe('the SDK against the platform fake', () => {
  it('models.list() with the free key parses all 66 cards', async () => {
    const list = await sdk(FAKE_KEYS.validFree, platform.origin).models.list();
    expect(list.data).toHaveLength(66);
    // Every card parses as a known BaseModelCard (none falls back to the SDK's Unknown variant).
    const base = (list.data ?? []).flatMap((m) => (m.type === 'base' ? [m] : []));
    expect(base).toHaveLength(66);
    const codestralLatest = base.find((m) => m.id === 'codestral-latest');
    expect(codestralLatest).toMatchObject({ type: 'base', name: 'codestral-2508', capabilities: { completionFim: true } });
    const deprecated = base.find((m) => m.id === 'open-mistral-7b');
    expect(deprecated?.deprecation).toBeInstanceOf(Date);
  });

  it('chat.complete() parses the completion and usage', async () => {
    const r = await sdk(FAKE_KEYS.validPaid, platform.origin).chat.complete({ model: 'mistral-small-latest', messages, maxTokens: 6 });
    expect(r.id).toMatch(/^[0-9a-f]{32}$/);
    expect(r.model).toBe('mistral-small-latest');
    expect(r.choices[0]?.finishReason).toBe('length');
    expect(r.choices[0]?.message?.content).toBe('Bonjour! This is a deterministic');
    expect(r.usage).toMatchObject({ completionTokens: 6, promptTokens: expect.any(Number), totalTokens: expect.any(Number) });
  });

  it('chat.stream() iterates to the end with content and the final usage', async () => {
    const stream = await sdk(FAKE_KEYS.validPaid, platform.origin).chat.stream({ model: 'mistral-large-latest', messages, maxTokens: 8 });
    let text = '';
    let finish: string | null | undefined;
    let usage: unknown;
    let events = 0;
    for await (const ev of stream) {
      events++;
      const c = ev.data.choices[0];
      if (typeof c?.delta.content === 'string') text += c.delta.content;
      if (c?.finishReason) finish = c.finishReason;
      if (ev.data.usage) usage = ev.data.usage;
    }
    expect(events).toBe(9);
    expect(text).toBe('Bonjour! This is a deterministic reply from');
    expect(finish).toBe('length');
    expect(usage).toMatchObject({ completionTokens: 8 });
  });

  it('chat.complete() with a reasoning model returns thinking + text chunks', async () => {
    const r = await sdk(FAKE_KEYS.validPaid, platform.origin).chat.complete({ model: 'magistral-small-latest', messages, maxTokens: 4 });
    const content = r.choices[0]?.message?.content;
    expect(Array.isArray(content)).toBe(true);
    expect((content as { type: string }[]).map((c) => c.type)).toEqual(['thinking', 'text']);
  });

  it('embeddings.create() parses 1024-dimension vectors', async () => {
    const r = await sdk(FAKE_KEYS.validPaid, platform.origin).embeddings.create({ model: 'mistral-embed', inputs: ['a', 'b', 'c'] });
    expect(r.data.map((d) => d.embedding?.length)).toEqual([1024, 1024, 1024]);
    expect(r.usage.completionTokens).toBe(0);
  });

  it('fim.complete() and fim.stream() work on api.mistral.ai with a platform key', async () => {
    const client = sdk(FAKE_KEYS.validPaid, platform.origin);
    const r = await client.fim.complete({ model: 'codestral-latest', prompt: 'def add(a, b):\n    return ', suffix: '\n', maxTokens: 3 });
    expect(r.choices[0]?.message?.content).toBe('a + b');
    const s = await client.fim.stream({ model: 'codestral-2508', prompt: 'def f():', maxTokens: 4 });
    let text = '';
    let usage: unknown;
    for await (const ev of s) {
      const d = ev.data.choices[0]?.delta.content;
      if (typeof d === 'string') text += d;
      if (ev.data.usage) usage = ev.data.usage;
    }
    expect(text).toBe('a + b\n');
    expect(usage).toMatchObject({ completionTokens: 4 });
  });

  it('the SDK\'s own request bodies pass the fake\'s spec validation (no 422 for defaults)', async () => {
    await sdk(FAKE_KEYS.validPaid, platform.origin).chat.complete({
      model: 'mistral-small-latest', messages, temperature: 0.2, topP: 0.9, randomSeed: 1, safePrompt: false,
      responseFormat: { type: 'text' }, tools: [{ type: 'function', function: { name: 'f', parameters: {} } }], toolChoice: 'auto',
    });
    const sent = JSON.parse(platform.requests.at(-1)?.body ?? '{}') as Record<string, unknown>;
    expect(sent).toMatchObject({ model: 'mistral-small-latest', stream: false, safe_prompt: false });
  });
});

describe('SDK errors from the fake', () => {
  it('unauthorizedDetail: the SDK throws an error with status 401', async () => {
    const err = await rejection(sdk(FAKE_KEYS.unauthorizedDetail, platform.origin).models.list());
    expect(err).toBeInstanceOf(SDKError);
    expect(err).toBeInstanceOf(MistralError);
    expect((err as SDKError).statusCode).toBe(401);
    expect((err as SDKError).body).toBe('{"detail":"Unauthorized"}');
    // The SDK notes the non-exact content type in the message.
    expect((err as SDKError).message).toContain('Content-Type "application/json; charset=utf-8"');
  });

  it('422: the SDK throws HTTPValidationError; with the real envelope its `detail` is empty and the details are in `body`', async () => {
    const err = await rejection(sdk(FAKE_KEYS.validPaid, platform.origin).chat.complete({ model: 'mistral-small-latest', messages, temperature: 3 }));
    expect(err).toBeInstanceOf(HTTPValidationError);
    const e = err as HTTPValidationError;
    expect(e.statusCode).toBe(422);
    expect(e.detail).toBeUndefined();
    expect(JSON.parse(e.body)).toMatchObject({ object: 'error', message: { detail: [{ type: 'less_than_equal', loc: ['body', 'temperature'] }] } });
  });

  it('429 and 400 come back as SDKError with the status (no retries by default)', async () => {
    const e429 = await rejection(sdk(FAKE_KEYS.rateLimited, platform.origin).chat.complete({ model: 'mistral-small-latest', messages }));
    expect((e429 as SDKError).statusCode).toBe(429);
    expect(platform.requests).toHaveLength(1);
    const e400 = await rejection(sdk(FAKE_KEYS.validPaid, platform.origin).chat.complete({ model: 'mistral-nonexistent', messages }));
    expect((e400 as SDKError).statusCode).toBe(400);
    expect((e400 as SDKError).body).toContain('Invalid model: mistral-nonexistent');
  });
});

describe('the SDK against the Codestral fake', () => {
  it('codestralOnly: fim.complete(), fim.stream() and chat.complete() work on codestral.mistral.ai', async () => {
    const client = sdk(FAKE_KEYS.codestralOnly, codestral.origin);
    const r = await client.fim.complete({ model: 'codestral-latest', prompt: 'def add(a, b):\n    return ', maxTokens: 3 });
    expect(r.choices[0]?.message?.content).toBe('a + b');
    let n = 0;
    for await (const ev of await client.fim.stream({ model: 'codestral-2508', prompt: 'x', maxTokens: 2 })) { n++; expect(ev.data.model).toBe('codestral-2508'); }
    expect(n).toBe(3);
    const c = await client.chat.complete({ model: 'codestral-latest', messages, maxTokens: 2 });
    expect(c.choices[0]?.message?.content).toBe('Bonjour!');
  });

  it('codestralOnly: models.list() is a 404 there, and the key is a 401 on api.mistral.ai', async () => {
    const e404 = await rejection(sdk(FAKE_KEYS.codestralOnly, codestral.origin).models.list());
    expect((e404 as SDKError).statusCode).toBe(404);
    const e401 = await rejection(sdk(FAKE_KEYS.codestralOnly, platform.origin).fim.complete({ model: 'codestral-latest', prompt: 'x' }));
    expect((e401 as SDKError).statusCode).toBe(401);
    expect(JSON.parse((e401 as SDKError).body)).toEqual({ message: 'Unauthorized', request_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });
});
