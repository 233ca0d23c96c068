// Fidelity 1: every body the fake sends validates against Mistral's OpenAPI 3.1 spec (ajv 2020-12),
// and the spec's known contradictions with the real API are proven with the real bodies themselves.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_KEYS, startFakeMistral } from '../fakes/mistral/server.ts';
import type { FakeMistral } from '../fakes/mistral/server.ts';
import { CHAT, EMBED, FIM, check, compileWithSpec, getJson, modelsFixture, postJson, spec, streamChunks } from './helpers.ts';

// Real bodies from FACTS §2.3 / sse_stream_samples.md (pydantic-ai cassettes).
const REAL_CHAT_2026 = {
  choices: [{ finish_reason: 'stop', index: 0, message: { content: 'Hello! ... ', role: 'assistant', tool_calls: null } }],
  created: 1782199134, id: '74b5a04853d2428f8c69b8b35dc2d30b', model: 'mistral-large-latest', object: 'chat.completion',
  usage: { completion_tokens: 36, prompt_tokens: 4, prompt_tokens_details: { cached_tokens: 0 }, total_tokens: 40 },
};
const REAL_LAST_CHUNK_2025 = {
  id: '1474ffaa42904bf3b040345bc85c775b', object: 'chat.completion.chunk', created: 1766420335, model: 'magistral-medium-latest',
  choices: [{ index: 0, delta: { content: '' }, finish_reason: 'stop' }], usage: { prompt_tokens: 10, total_tokens: 285, completion_tokens: 275 },
};
const REAL_THINKING_CHUNK_2025 = {
  id: '1474ffaa42904bf3b040345bc85c775b', object: 'chat.completion.chunk', created: 1766420335, model: 'magistral-medium-latest',
  choices: [{ index: 0, delta: { content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'Okay' }] }] }, finish_reason: null }],
};
const REAL_422_2025 = {
  object: 'error', message: { detail: [{ type: 'extra_forbidden', loc: ['body', 'max_completion_tokens'], msg: 'Extra inputs are not permitted', input: 32000 }] },
  type: 'invalid_request_error', param: null, code: null,
};

/** Mistral's error envelope around a pydantic error list (observed, not in the spec). */
const validation422 = compileWithSpec({
  type: 'object',
  required: ['object', 'message', 'type', 'param', 'code'],
  additionalProperties: false,
  properties: {
    object: { const: 'error' },
    message: { allOf: [{ $ref: 'mistral#/components/schemas/HTTPValidationError' }, { required: ['detail'], properties: { detail: { minItems: 1 } } }] },
    type: { const: 'invalid_request_error' },
    param: { type: 'null' },
    code: { type: 'null' },
  },
});

function fimExample(): unknown {
  const p = spec.paths['/v1/fim/completions']?.['post'] as { responses: Record<string, { content: Record<string, { examples: { userExample: { value: unknown } } }> }> };
  return p.responses['200']?.content['application/json']?.examples.userExample.value;
}
function embeddingExample(): unknown {
  const p = spec.paths['/v1/embeddings']?.['post'] as { responses: Record<string, { content: Record<string, { examples: { userExample: { value: unknown } } }> }> };
  return p.responses['200']?.content['application/json']?.examples.userExample.value;
}

describe('the spec against the real API (why two patches exist)', () => {
  it('unpatched, the spec rejects the real 2026 chat body for exactly the two patched reasons', () => {
    const errs = check('ChatCompletionResponse', REAL_CHAT_2026, { raw: true });
    expect(errs).toHaveLength(2);
    expect(errs.join('\n')).toContain('"additionalProperty":"prompt_tokens_details"');
    expect(errs.join('\n')).toContain('"missingProperty":"data"');
    expect(check('ChatCompletionResponse', REAL_CHAT_2026)).toEqual([]);
  });

  it("unpatched, the spec rejects its own FIM example (required `data`); patched it accepts it", () => {
    expect(check('FIMCompletionResponse', fimExample(), { raw: true })).toEqual([expect.stringContaining('"missingProperty":"data"')]);
    expect(check('FIMCompletionResponse', fimExample())).toEqual([]);
  });

  it("the spec's embeddings example omits the required `id` (the example is wrong, the schema and SDK require it)", () => {
    expect(check('EmbeddingResponse', embeddingExample(), { raw: true })).toEqual([expect.stringContaining('"missingProperty":"id"')]);
  });

  it('real stream chunks (usage in the last chunk, thinking content) validate unpatched', () => {
    expect(check('CompletionChunk', REAL_LAST_CHUNK_2025, { raw: true })).toEqual([]);
    expect(check('CompletionChunk', REAL_THINKING_CHUNK_2025, { raw: true })).toEqual([]);
    expect(check('CompletionEvent', { data: REAL_LAST_CHUNK_2025 }, { raw: true })).toEqual([]);
  });

  it('the real 422 body only matches HTTPValidationError vacuously: its `detail` is nested under `message`', () => {
    expect(check('HTTPValidationError', REAL_422_2025, { raw: true })).toEqual([]);
    expect('detail' in REAL_422_2025).toBe(false);
    expect(check('HTTPValidationError', REAL_422_2025.message, { raw: true })).toEqual([]);
    expect(validation422(REAL_422_2025)).toBe(true);
  });

  it('the real (transcribed) model list validates against ModelList unpatched and keeps its quirks', () => {
    expect(check('ModelList', modelsFixture, { raw: true })).toEqual([]);
    expect(modelsFixture.data).toHaveLength(66);
  });

  it('the request bodies used by these tests are valid spec requests', () => {
    expect(check('ChatCompletionRequest', CHAT, { raw: true })).toEqual([]);
    expect(check('FIMCompletionRequest', FIM, { raw: true })).toEqual([]);
    expect(check('EmbeddingRequest', EMBED, { raw: true })).toEqual([]);
  });
});

describe('fake responses validate against the spec', () => {
  let fake: FakeMistral;
  const key = FAKE_KEYS.validPaid;
  beforeAll(async () => { fake = await startFakeMistral(); });
  afterAll(async () => { await fake.close(); });
  beforeEach(() => { fake.reset(); });

  it('GET /v1/models: ModelList, exactly the real fixture with `created` = now for every entry', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await getJson(fake.origin, '/v1/models', key);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as typeof modelsFixture;
    expect(check('ModelList', body, { raw: true })).toEqual([]);
    const created = new Set(body.data.map((m) => m.created));
    expect(created.size).toBe(1);
    const [c] = [...created];
    expect(c).toBeGreaterThanOrEqual(before);
    expect(c).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(body).toEqual({ ...modelsFixture, data: modelsFixture.data.map((m) => ({ ...m, created: c })) });
    // Key order is the observed one.
    expect(Object.keys(body.data[0] ?? {})).toEqual(Object.keys(modelsFixture.data[0] ?? {}));
  });

  it('GET /v1/models keeps the real quirks: 66 entries, duplicate ids, aliases as their own entries', async () => {
    const body = (await (await getJson(fake.origin, '/v1/models', key)).json()) as typeof modelsFixture;
    expect(body.data).toHaveLength(66);
    const ids = body.data.map((m) => m.id);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(dupes.sort()).toEqual(['voxtral-mini-2507', 'voxtral-mini-latest']);
    const alias = body.data.find((m) => m.id === 'codestral-latest');
    expect(alias).toMatchObject({ name: 'codestral-2508', aliases: ['codestral-2508'] });
    expect(body.data.find((m) => m.id === 'mistral-large-latest')?.aliases).toEqual([]);
    expect(body.data.every((m) => m.type === 'base')).toBe(true);
    expect(body.data.filter((m) => m['deprecation'] !== null).length).toBeGreaterThan(0);
  });

  it('POST /v1/chat/completions: ChatCompletionResponse (raw spec fails only for the patched reasons)', async () => {
    const res = await postJson(fake.origin, '/v1/chat/completions', key, { ...CHAT, max_tokens: 100 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(check('ChatCompletionResponse', body)).toEqual([]);
    const raw = check('ChatCompletionResponse', body, { raw: true });
    expect(raw).toHaveLength(2);
    expect(raw.join('\n')).toMatch(/prompt_tokens_details[\s\S]*missingProperty":"data"|missingProperty":"data"[\s\S]*prompt_tokens_details/);
    expect(body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{32}$/), object: 'chat.completion', model: 'mistral-small-latest',
      choices: [{ index: 0, message: { role: 'assistant', tool_calls: null, content: expect.any(String) }, finish_reason: 'stop' }],
      usage: { prompt_tokens: expect.any(Number), completion_tokens: 16, total_tokens: expect.any(Number), prompt_tokens_details: { cached_tokens: 0 } },
    });
    expect(Object.keys(body)).toEqual(['id', 'object', 'created', 'model', 'choices', 'usage']);
  });

  it('chat stream: every chunk is a CompletionChunk/CompletionEvent; role first; finish_reason and usage together last; [DONE]', async () => {
    const res = await postJson(fake.origin, '/v1/chat/completions', key, { ...CHAT, stream: true, max_tokens: 5 });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await res.text();
    expect(text).toMatch(/^(data: [^\n]+\n\n)+$/);
    const { chunks, done } = streamChunks(text);
    expect(done).toBe(true);
    expect(chunks).toHaveLength(1 + 5);
    for (const c of chunks) {
      expect(check('CompletionChunk', c, { raw: true })).toEqual([]);
      expect(check('CompletionEvent', { data: c }, { raw: true })).toEqual([]);
      expect(c).toMatchObject({ id: chunks[0]?.['id'], created: chunks[0]?.['created'], model: 'mistral-small-latest', object: 'chat.completion.chunk' });
    }
    expect(chunks[0]?.['choices']).toEqual([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
    expect(chunks.slice(0, -1).every((c) => !('usage' in c))).toBe(true);
    const last = chunks.at(-1);
    expect(last?.['choices']).toEqual([{ index: 0, delta: { content: expect.any(String) }, finish_reason: 'length' }]);
    expect(last?.['usage']).toEqual({ prompt_tokens: expect.any(Number), total_tokens: expect.any(Number), completion_tokens: 5 });
  });

  it('reasoning models (magistral) send thinking chunks that validate, stream and non-stream', async () => {
    const s = streamChunks(await (await postJson(fake.origin, '/v1/chat/completions', key, { ...CHAT, model: 'magistral-medium-latest', stream: true, max_tokens: 3 })).text());
    const firstContent = (s.chunks[1]?.['choices'] as { delta: { content: unknown } }[])[0]?.delta.content;
    expect(firstContent).toEqual([{ type: 'thinking', thinking: [{ type: 'text', text: expect.any(String) }] }]);
    for (const c of s.chunks) expect(check('CompletionChunk', c, { raw: true })).toEqual([]);
    const body = await (await postJson(fake.origin, '/v1/chat/completions', key, { ...CHAT, model: 'magistral-medium-latest' })).json();
    expect(check('ChatCompletionResponse', body)).toEqual([]);
  });

  it('POST /v1/fim/completions: FIMCompletionResponse; stream chunks are CompletionChunks', async () => {
    const res = await postJson(fake.origin, '/v1/fim/completions', key, FIM);
    const body = (await res.json()) as Record<string, unknown>;
    expect(check('FIMCompletionResponse', body)).toEqual([]);
    expect(body).toMatchObject({ object: 'chat.completion', model: 'codestral-latest', choices: [{ message: { prefix: false, role: 'assistant' } }] });
    const s = streamChunks(await (await postJson(fake.origin, '/v1/fim/completions', key, { ...FIM, stream: true })).text());
    expect(s.done).toBe(true);
    for (const c of s.chunks) expect(check('CompletionEvent', { data: c }, { raw: true })).toEqual([]);
    expect(s.chunks.at(-1)?.['usage']).toMatchObject({ completion_tokens: 16 });
  });

  it('POST /v1/embeddings: EmbeddingResponse, one 1024-float vector per input', async () => {
    const res = await postJson(fake.origin, '/v1/embeddings', key, EMBED);
    const body = (await res.json()) as { data: { embedding: number[]; index: number; object: string }[]; usage: unknown; id: string };
    expect(check('EmbeddingResponse', body, { raw: true })).toEqual([]);
    expect(body.id).toMatch(/^[0-9a-f]{32}$/);
    expect(body.data.map((d) => [d.object, d.index, d.embedding.length])).toEqual([['embedding', 0, 1024], ['embedding', 1, 1024]]);
    expect(body.usage).toEqual({ prompt_tokens: expect.any(Number), total_tokens: expect.any(Number), completion_tokens: 0, prompt_audio_seconds: null });
    const norm = Math.sqrt(body.data[0]?.embedding.reduce((a, v) => a + v * v, 0) ?? 0);
    expect(norm).toBeCloseTo(1, 2);
  });

  it('422: the real envelope around an HTTPValidationError (extra_forbidden for stream_options)', async () => {
    const res = await postJson(fake.origin, '/v1/chat/completions', key, { ...CHAT, stream_options: { include_usage: true } });
    expect(res.status).toBe(422);
    const body = (await res.json()) as typeof REAL_422_2025;
    expect(validation422(body)).toBe(true);
    expect(check('HTTPValidationError', body.message, { raw: true })).toEqual([]);
    expect(body).toEqual({
      object: 'error',
      message: { detail: [{ type: 'extra_forbidden', loc: ['body', 'stream_options'], msg: 'Extra inputs are not permitted', input: { include_usage: true } }] },
      type: 'invalid_request_error', param: null, code: null,
    });
  });

  it('422 bodies for other violations (missing field, bad types, bad enum, JSON syntax) keep the envelope', async () => {
    const cases: [string, unknown][] = [
      ['/v1/chat/completions', { messages: CHAT.messages }],
      ['/v1/chat/completions', { ...CHAT, temperature: 3, max_tokens: 'many' }],
      ['/v1/chat/completions', { ...CHAT, reasoning_effort: 'extreme' }],
      ['/v1/fim/completions', { model: 'codestral-latest' }],
      ['/v1/embeddings', { model: 'mistral-embed', input: 42 }],
      ['/v1/chat/completions', '{"model": '],
    ];
    const types: string[][] = [];
    for (const [path, b] of cases) {
      const res = await postJson(fake.origin, path, key, b);
      expect(res.status).toBe(422);
      const body = (await res.json()) as typeof REAL_422_2025;
      expect(validation422(body), JSON.stringify(body)).toBe(true);
      types.push(body.message.detail.map((d) => d.type));
    }
    expect(types).toEqual([
      ['missing'],
      expect.arrayContaining(['less_than_equal', 'int_type']),
      ['enum'],
      ['missing'],
      expect.arrayContaining(['string_type', 'list_type']),
      ['json_invalid'],
    ]);
  });
});
