// Fidelity: the official SDK's Azure client (openai 7.59.0, AzureOpenAI) parses everything the
// Azure OpenAI fake sends: chat completions on a deployment route with an api-version, streams that
// open with the prompt-filter event of empty `choices` and end with a usage chunk, embeddings, the
// deployments list (read through the client's raw `get`), and Azure's error envelope with string
// codes (401, 403, 404 DeploymentNotFound, 400 content_filter, 429, 500).
import { describe, expect, it } from 'vitest';
import { APIError, AzureOpenAI } from 'openai';
import { azureFake, azureKeyFor, type AzureScenario } from '../fakes/azure-openai.ts';
import { startFake } from '../fakes/framework.ts';
import { rejection, useFake } from '../support/fake-server.ts';

const fake = useFake(() => startFake(azureFake));

const sdk = (scenario: AzureScenario, apiVersion = '2024-10-21') => new AzureOpenAI({ endpoint: fake.origin, apiKey: azureKeyFor(scenario), apiVersion, maxRetries: 0 });
const ask = { model: 'chat-mini', max_completion_tokens: 4, messages: [{ role: 'user' as const, content: 'Reply with the single word OK.' }] };

describe('the Azure client against the fake resource: successes', () => {
  it('chat.completions.create() on a deployment, with the key in api-key', async () => {
    const { data, response } = await sdk('valid').chat.completions.create(ask).withResponse();
    expect(data.choices[0]?.message.content).toBe('OK');
    expect(data.usage).toMatchObject({ completion_tokens: 1 });
    expect(response.headers.get('apim-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.requests[0]?.path).toBe('/openai/deployments/chat-mini/chat/completions?api-version=2024-10-21');
    expect(fake.requests[0]?.headers['api-key']).toBe(azureKeyFor('valid'));
  });

  it('a stream: the prompt-filter event with empty choices first, the text, then usage', async () => {
    const chunks = [];
    for await (const chunk of await sdk('valid').chat.completions.create({ ...ask, max_completion_tokens: 5, messages: [{ role: 'user', content: 'Count' }], stream: true, stream_options: { include_usage: true } })) chunks.push(chunk);
    expect(chunks[0]?.choices).toEqual([]);
    expect((chunks[0] as unknown as { prompt_filter_results: unknown[] }).prompt_filter_results).toHaveLength(1);
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe(' Hello, this is a');
    expect(chunks.at(-1)?.usage).toMatchObject({ completion_tokens: 5 });
  });

  it('embeddings.create() on an embeddings deployment', async () => {
    const result = await sdk('valid').embeddings.create({ model: 'embed-small', input: ['Keyprobe'] });
    expect(result.data[0]?.embedding).toHaveLength(8);
    expect(fake.requests[0]?.path).toBe('/openai/deployments/embed-small/embeddings?api-version=2024-10-21');
  });

  it('the deployments list answers only the old preview api-version', async () => {
    const list = (await sdk('valid', '2023-03-15-preview').get('/deployments')) as { data: { id: string; model: string; status: string }[] };
    expect(list.data.map((d) => [d.id, d.model, d.status])).toEqual([
      ['chat-next', 'gpt-4.1-mini', 'notRunning'],
      ['embed-small', 'text-embedding-3-small', 'succeeded'],
      ['chat-mini', 'gpt-4o-mini', 'succeeded'],
      ['images', 'dall-e-3', 'succeeded'],
    ]);
    expect((await rejection(sdk('valid').get('/deployments'))) as APIError).toMatchObject({ status: 404 });
  });
});

describe('the Azure client against the fake resource: errors', () => {
  const cases: [AzureScenario, string, number, string | null, RegExp][] = [
    ['invalid', 'chat-mini', 401, '401', /Access denied due to invalid subscription key or wrong API endpoint/],
    ['keyAuthDisabled', 'chat-mini', 403, 'AuthenticationTypeDisabled', /Key based authentication is disabled/],
    ['valid', 'gpt-4o-mini', 404, 'DeploymentNotFound', /The API deployment for this resource does not exist/],
    ['contentFilter', 'chat-mini', 400, 'content_filter', /content management policy/],
    ['rateLimited', 'chat-mini', 429, '429', /exceeded token rate limit/],
    ['serverError', 'chat-mini', 500, null, /The server had an error while processing your request/],
  ];
  for (const [scenario, deployment, status, code, words] of cases) {
    it(`${scenario} on ${deployment}: ${status}${code ? ` ${code}` : ''}`, async () => {
      const err = await rejection(sdk(scenario).chat.completions.create({ ...ask, model: deployment }));
      expect(err).toBeInstanceOf(APIError);
      expect((err as APIError).status).toBe(status);
      expect((err as APIError).code ?? null).toBe(code);
      expect((err as APIError).message).toMatch(words);
    });
  }
});
