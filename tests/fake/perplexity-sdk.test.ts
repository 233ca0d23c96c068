// Fidelity: OpenAI's official SDK (`openai` 7.59.0), which Perplexity documents for its Agent API
// (base URL https://api.perplexity.ai/v1; `responses.create()` calls the /v1/responses alias of
// /v1/agent), reads what the Perplexity fake sends: the model list, a response and its text, the
// Responses-style event stream to response.completed, and the errors as its own classes.
import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { perplexityKeyFor, startFakePerplexity, type PerplexityScenario } from '../fakes/perplexity.ts';
import { rejectionOf, useFake } from '../support/fake-server.ts';

const fake = useFake(() => startFakePerplexity());

// No retries: a retried error would hide which answer the SDK could not read.
const sdk = (scenario: PerplexityScenario) => new OpenAI({ apiKey: perplexityKeyFor(scenario), baseURL: `${fake.origin}/v1`, maxRetries: 0 });
const ask = { model: 'perplexity/sonar', input: 'Reply with the single word OK.', max_output_tokens: 16 };

describe('openai reads the Perplexity fake', () => {
  it('models.list() parses the recorded list with its prices', async () => {
    const page = await sdk('valid').models.list();
    expect(page.data).toHaveLength(52);
    expect(page.data.find((m) => m.id === 'perplexity/sonar')).toMatchObject({ owned_by: 'perplexity', pricing: { input: 0.25, output: 2.5 } });
  });

  it('responses.create() parses the response, its text, usage and cost', async () => {
    const { data, response } = await sdk('valid').responses.create(ask).withResponse();
    expect(data.id).toMatch(/^resp_[0-9a-f-]{36}$/);
    expect(data.status).toBe('incomplete');
    expect(data.incomplete_details?.reason).toBe('max_output_tokens');
    expect(data.output_text).toBe('OK. 1 2 3 4 5 6 7 8 9 10 11 12 13 14');
    expect(data.usage).toMatchObject({ input_tokens: 39, output_tokens: 16, output_tokens_details: { reasoning_tokens: 0 } });
    expect((data.usage as unknown as { cost: { total_cost: number } }).cost.total_cost).toBeGreaterThan(0);
    expect(response.headers.get('x-request-id')).toBe(data.id.slice('resp_'.length));
  });

  it('a stream yields the events in order, the text from its deltas, and the usage on response.completed', async () => {
    const stream = await sdk('valid').responses.create({ ...ask, max_output_tokens: 8, stream: true });
    const types: string[] = [];
    let text = '';
    let outputTokens: number | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') outputTokens = event.response.usage?.output_tokens;
    }
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      ...Array<string>(8).fill('response.output_text.delta'),
      'response.output_text.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(text).toBe('OK. 1 2 3 4 5 6');
    expect(outputTokens).toBe(8);
  });

  it('responses.stream(), the SDK’s accumulating helper, cannot read it: the recorded message item starts with content null', async () => {
    // Perplexity's own stream (vercel/ai agent-web-search.chunks.txt, 2026-09-25) opens the message
    // with "content": null where OpenAI sends []; the helper then fails. Plain iteration (above) works.
    const stream = sdk('valid').responses.stream({ ...ask, max_output_tokens: 6 });
    await expect(stream.finalResponse()).rejects.toThrow(/content is not iterable/);
  });

  it('raises its own classes for Perplexity’s errors, JSON or HTML', async () => {
    const bad = await rejectionOf(sdk('invalid').responses.create(ask), OpenAI.AuthenticationError);
    expect(bad.message).toContain('Invalid API key provided');
    expect(bad.type).toBe('invalid_api_key');
    const html = await rejectionOf(sdk('invalidHtml').responses.create(ask), OpenAI.AuthenticationError);
    expect(html.status).toBe(401);
    const quota = await rejectionOf(sdk('insufficientQuota').responses.create(ask), OpenAI.AuthenticationError);
    expect(quota.type).toBe('insufficient_quota');
    const limited = await rejectionOf(sdk('rateLimited').responses.create(ask), OpenAI.RateLimitError);
    expect(limited.headers?.get('x-ratelimit-remaining')).toBe('0');
    const model = await rejectionOf(sdk('valid').responses.create({ ...ask, model: 'sonar' }), OpenAI.BadRequestError);
    expect(model.type).toBe('invalid_model');
    // The retired Sonar API's chat completions, at the host's root as they were.
    const sonar = new OpenAI({ apiKey: perplexityKeyFor('valid'), baseURL: fake.origin, maxRetries: 0 });
    const retired = await rejectionOf(sonar.chat.completions.create({ model: 'sonar', messages: [{ role: 'user', content: 'hi' }] }), OpenAI.PermissionDeniedError);
    expect(retired.type).toBe('chat_completions_not_available');
  });

  it('a response.failed event ends the stream with an APIError', async () => {
    const stream = await sdk('streamFailed').responses.create({ ...ask, stream: true });
    const read = async () => {
      for await (const event of stream) void event;
    };
    const err = await rejectionOf(read(), OpenAI.APIError);
    expect(err.message).toContain('The model failed to generate a response.');
  });
});
