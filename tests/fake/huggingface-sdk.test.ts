// Fidelity: two official clients read what the Hugging Face router fake sends. `openai` (7.59.0), which
// Hugging Face documents for router.huggingface.co/v1, lists the models, chats, streams to [DONE] and
// raises its own error classes; `@huggingface/inference` (4.13.30), pointed at the router with
// endpointUrl as its docs show, chats and streams too and reads the router's `{"error": text}` bodies.
import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { InferenceClient, InferenceClientProviderApiError } from '@huggingface/inference';
import { huggingfaceKeyFor, startFakeHuggingFace, type HuggingFaceScenario } from '../fakes/huggingface.ts';
import { rejectionOf, useFake } from '../support/fake-server.ts';

const router = useFake(() => startFakeHuggingFace({ role: 'router' }));

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct:cheapest';
const messages = [{ role: 'user' as const, content: 'Reply with the single word OK.' }];
// No retries: a retried error would hide which answer the client could not read.
const openai = (scenario: HuggingFaceScenario) => new OpenAI({ apiKey: huggingfaceKeyFor(scenario), baseURL: `${router.origin}/v1`, maxRetries: 0 });
const hf = (scenario: HuggingFaceScenario) => new InferenceClient(huggingfaceKeyFor(scenario), { endpointUrl: `${router.origin}/v1` });

describe('openai reads the router fake', () => {
  it('models.list() parses the catalogue, providers included', async () => {
    const page = await openai('valid').models.list();
    expect(page.data).toHaveLength(9);
    const llama = page.data.find((m) => m.id === 'meta-llama/Llama-3.1-8B-Instruct') as unknown as { providers: { provider: string }[] };
    expect(llama.providers.map((p) => p.provider)).toEqual(['novita', 'nscale', 'cerebras', 'featherless-ai']);
  });

  it('chat.completions.create() parses the answer and exposes the serving provider', async () => {
    const { data, response } = await openai('valid').chat.completions.create({ model: MODEL, messages, max_tokens: 4 }).withResponse();
    expect(data.choices[0]?.message.content).toBe('OK. 1 2');
    expect(data.choices[0]?.finish_reason).toBe('length');
    expect(data.usage).toMatchObject({ completion_tokens: 4, prompt_tokens: 43 });
    expect(response.headers.get('x-inference-provider')).toBe('novita');
  });

  it('a stream iterates every chunk, the usage-only one last, and stops at [DONE]', async () => {
    const stream = await openai('valid').chat.completions.create({ model: MODEL, messages, max_tokens: 6, stream: true, stream_options: { include_usage: true } });
    let text = '';
    const last: (number | undefined)[] = [];
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      last.push(chunk.usage?.completion_tokens);
    }
    expect(text).toBe('OK. 1 2 3 4');
    expect(last.at(-1)).toBe(6);
  });

  it('raises its own classes for the router’s errors, with their words', async () => {
    const bad = await rejectionOf(openai('invalid').chat.completions.create({ model: MODEL, messages }), OpenAI.AuthenticationError);
    expect(bad.status).toBe(401);
    expect(bad.message).toContain('Invalid credentials in Authorization header');
    expect(bad.headers?.get('x-error-message')).toBe('Invalid credentials in Authorization header');

    const credits = await rejectionOf(openai('creditsDepleted').chat.completions.create({ model: MODEL, messages }), OpenAI.APIError);
    expect(credits.status).toBe(402);
    expect(credits.message).toContain('You have depleted your monthly included credits');

    const permission = await rejectionOf(openai('noInferencePermission').chat.completions.create({ model: MODEL, messages }), OpenAI.PermissionDeniedError);
    expect(permission.message).toContain('sufficient permissions to call Inference Providers');

    const missing = await rejectionOf(openai('modelNotFound').chat.completions.create({ model: MODEL, messages }), OpenAI.BadRequestError);
    expect(missing.code).toBe('model_not_found');
    expect(missing.message).toContain(`The requested model '${MODEL}' does not exist.`);
  });

  it('an error inside the stream is raised as an APIError', async () => {
    const stream = await openai('streamError').chat.completions.create({ model: MODEL, messages, max_tokens: 4, stream: true });
    const read = async () => {
      for await (const chunk of stream) void chunk;
    };
    const err = await rejectionOf(read(), OpenAI.APIError);
    expect(err.message).toContain('The model server failed while generating.');
  });
});

describe('@huggingface/inference reads the router fake', () => {
  it('chatCompletion() parses the answer', async () => {
    const out = await hf('valid').chatCompletion({ model: MODEL, messages, max_tokens: 4 });
    expect(out.choices[0]?.message.content).toBe('OK. 1 2');
    expect(out.usage.completion_tokens).toBe(4);
  });

  it('chatCompletionStream() yields the text and ends', async () => {
    let text = '';
    for await (const chunk of hf('valid').chatCompletionStream({ model: MODEL, messages, max_tokens: 6 })) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('OK. 1 2 3 4');
  });

  it('reads the router’s {"error": text} bodies into its provider error, with status and request id', async () => {
    const err = await rejectionOf(hf('creditsExceeded').chatCompletion({ model: MODEL, messages }), InferenceClientProviderApiError);
    expect(err.message).toBe('Failed to perform inference: You have exceeded your monthly included credits for Inference Providers. Subscribe to PRO to get 20x more monthly included credits.');
    expect(err.httpResponse.status).toBe(402);
    expect(err.httpResponse.requestId).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });
});
