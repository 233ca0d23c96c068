// Fidelity: the official SDK (cohere-ai 8.1.0) parses everything the Cohere fake sends — the model
// list and its pages, v2 chat, the v2 stream to its end, v2 embed, and the errors, each as the SDK's
// own error class with the body it read.
import { describe, expect, it } from 'vitest';
import { Cohere, CohereClientV2, CohereError } from 'cohere-ai';
import { cohereKeyFor, startFakeCohere, type CohereScenario } from '../fakes/cohere.ts';
import { rejectionOf, useFake } from '../support/fake-server.ts';

const fake = useFake(() => startFakeCohere());

// No retries: a retried error would hide which answer the SDK could not read.
const sdk = (scenario: CohereScenario) => new CohereClientV2({ token: cohereKeyFor(scenario), baseUrl: fake.origin, maxRetries: 0 });
const messages = [{ role: 'user' as const, content: 'Reply with the single word OK.' }];

const rejection = (p: Promise<unknown>) => rejectionOf<CohereError>(p, CohereError);

describe('the SDK reads the fake’s answers', () => {
  it('models.list() parses the recorded list (31 models, one page at page_size 1000)', async () => {
    const list = await sdk('valid').models.list({ pageSize: 1000 });
    expect(list.models).toHaveLength(31);
    expect(list.nextPageToken).toBeUndefined();
    expect(list.models.find((m) => m.name === 'command-r7b-12-2024')).toMatchObject({ endpoints: ['generate', 'chat'], contextLength: 132000, finetuned: false });
    expect(list.models.find((m) => m.name === 'embed-v4.0')?.endpoints).toEqual(['embed']);
  });

  it('models.list() pages with next_page_token / page_token, 20 a page by default', async () => {
    const client = sdk('valid');
    const first = await client.models.list();
    expect(first.models).toHaveLength(20);
    expect(first.nextPageToken).toEqual(expect.any(String));
    const second = await client.models.list({ pageToken: first.nextPageToken });
    expect(second.models).toHaveLength(11);
    expect(second.nextPageToken).toBeUndefined();
    expect(new Set([...first.models, ...second.models].map((m) => m.name)).size).toBe(31);
  });

  it('chat() parses the answer, its finish reason and both usages', async () => {
    const r = await sdk('valid').chat({ model: 'command-r7b-12-2024', messages, maxTokens: 4 });
    expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.finishReason).toBe('MAX_TOKENS');
    expect(r.message.content?.[0]).toMatchObject({ type: 'text', text: 'OK. 1' });
    expect(r.usage).toMatchObject({ billedUnits: { outputTokens: 3 }, tokens: { outputTokens: 4 } });
  });

  it('chatStream() iterates the named events to message-end and stops at [DONE]', async () => {
    const stream = await sdk('validTrial').chatStream({ model: 'command-r7b-12-2024', messages, maxTokens: 8 });
    const types: string[] = [];
    let text = '';
    let usage: Cohere.Usage | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'content-delta') text += event.delta?.message?.content?.text ?? '';
      if (event.type === 'message-end') usage = event.delta?.usage;
    }
    expect(types).toEqual(['message-start', 'content-start', ...Array<string>(7).fill('content-delta'), 'content-end', 'message-end']);
    expect(text).toBe('OK. 1 2 3 4 5');
    expect(usage).toMatchObject({ billedUnits: { outputTokens: 7 }, tokens: { outputTokens: 8 } });
  });

  it('chatStream() reads the failed generation of a message-end with finish_reason ERROR', async () => {
    const stream = await sdk('streamError').chatStream({ model: 'command-r7b-12-2024', messages, maxTokens: 4 });
    let end: Cohere.ChatMessageEndEventDelta | undefined;
    for await (const event of stream) if (event.type === 'message-end') end = event.delta;
    expect(end).toMatchObject({ finishReason: 'ERROR', error: expect.stringContaining('internal server error') });
  });

  it('embed() parses float embeddings of 1536 dimensions for embed-v4.0', async () => {
    const r = await sdk('valid').embed({ model: 'embed-v4.0', texts: ['a', 'b'], inputType: 'search_document', embeddingTypes: ['float'] });
    expect(r.embeddings.float?.map((v) => v.length)).toEqual([1536, 1536]);
    expect(r.meta?.billedUnits?.inputTokens).toBe(2);
  });
});

describe('the SDK reads the fake’s errors', () => {
  const cases: [CohereScenario, () => Promise<unknown>, number, unknown, RegExp][] = [
    ['invalid', () => sdk('invalid').models.list(), 401, Cohere.UnauthorizedError, /^invalid api token$/],
    ['expired', () => sdk('expired').models.list(), 401, Cohere.UnauthorizedError, /has expired/],
    ['trialMonthly', () => sdk('trialMonthly').chat({ model: 'command-r7b-12-2024', messages }), 429, Cohere.TooManyRequestsError, /1000 API calls \/ month/],
    ['rateLimited', () => sdk('rateLimited').embed({ model: 'embed-v4.0', texts: ['a'], inputType: 'search_document' }), 429, Cohere.TooManyRequestsError, /per minute request limit/],
    ['modelGone', () => sdk('modelGone').chatStream({ model: 'command-r7b-12-2024', messages }), 404, Cohere.NotFoundError, /model 'command-r7b-12-2024' not found/],
    ['serverError', () => sdk('serverError').models.list(), 500, Cohere.InternalServerError, /^internal server error/],
    // The SDK has no class for 402 (Cohere's docs list it): it throws its base error with the status.
    ['paymentRequired', () => sdk('paymentRequired').chat({ model: 'command-r7b-12-2024', messages }), 402, CohereError, /payment method/],
  ];
  for (const [scenario, call, status, kind, words] of cases) {
    it(`${scenario}: ${status} as ${(kind as { name: string }).name} with the {id, message} body`, async () => {
      const err = await rejection(call());
      expect(err).toBeInstanceOf(kind as typeof CohereError);
      expect(err.statusCode).toBe(status);
      expect(err.body).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), message: expect.stringMatching(words) });
    });
  }

  it('the HTML 403 of the load balancer arrives as ForbiddenError with the page as text', async () => {
    const err = await rejection(sdk('forbiddenHtml').models.list());
    expect(err).toBeInstanceOf(Cohere.ForbiddenError);
    expect(err.body).toMatch(/<title>403<\/title>403 Forbidden$/);
  });

  it('the SDK’s own request bodies are what the fake expects (v2 chat, embed with input_type)', async () => {
    const client = sdk('valid');
    await client.chat({ model: 'command-r7b-12-2024', messages, maxTokens: 2 });
    await client.embed({ model: 'embed-v4.0', texts: ['a'], inputType: 'search_query', embeddingTypes: ['float'] });
    const [chat, embed] = fake.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(chat).toMatchObject({ model: 'command-r7b-12-2024', max_tokens: 2, stream: false });
    expect(embed).toMatchObject({ model: 'embed-v4.0', input_type: 'search_query', embedding_types: ['float'] });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v2/chat', 'POST /v2/embed']);
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${cohereKeyFor('valid')}`);
  });
});
