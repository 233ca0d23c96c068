// A fake of one Azure OpenAI resource, a native module on the shared framework. Tests map a
// made-up resource's hosts (https://keyprobe-test.openai.azure.com and its cognitiveservices.azure.com
// twin) to it; the resource name itself never reaches the fake.
//
// Its own behaviour: the key in `api-key`; deployments, not models (`GET /openai/deployments` with
// api-version 2023-03-15-preview, and `/openai/deployments/{name}/chat/completions|embeddings` with
// an api-version); errors as `{"error":{"code":"<string>","message"}}`; streams that open with an
// event of empty `choices` carrying prompt filter results and end with a usage chunk when asked.
//
// Real (see src/content/errors/azure-openai/ and /work/shared/research/providers/azure-openai.md):
// the deployment record's fields and the `notRunning` status (openai-python#447 era docs and
// public outputs of the list, 2022-2023); the 401 body (Azure SDK nock recording); the 403 bodies
// AuthenticationTypeDisabled and "Access denied due to Virtual Network/Firewall rules."; the 404
// "Resource not found" (a missing api-version) and DeploymentNotFound bodies; the 429 body of an S0
// tier; the 500 server_error body; the content_filter 400 (its `innererror` shape from
// compl-ai#20, 2025-02); the first stream event verbatim (a LangChain4j recording); the header
// names apim-request-id, x-request-id, x-ms-region and x-ratelimit-remaining-*; -1 in
// x-ratelimit-limit-tokens / -remaining-tokens (openai-dotnet#838, 2025-11).
//
// Synthetic, marked where used: deployment names and dates, ids, the region, the answer text, the
// per-chunk content filter results (all "safe"), the retry-after header on the 429, the limit of
// requests beside the -1 tokens, the embedding values.
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { fakeKey, GENERIC_FAULTS, type FakeCall, type FakeModule, type GenericFault } from './framework.ts';

export const AZURE_SCENARIOS = [
  'valid',
  'aiServicesKey',
  'invalid',
  'keyAuthDisabled',
  'firewall',
  'routeNotFound',
  'noDeployments',
  'contentFilter',
  'rateLimited',
  'negativeLimits',
  'serverError',
  'chatReset',
  ...GENERIC_FAULTS,
] as const;

export type AzureScenario = (typeof AZURE_SCENARIOS)[number];

export const AZURE_DESCRIPTIONS: Record<AzureScenario, string> = {
  valid: 'a working classic key (32 hex) with chat and embeddings deployments',
  aiServicesKey: 'a working Azure AI services key (84 characters)',
  invalid: '401 Access denied (wrong key, or another resource’s key)',
  keyAuthDisabled: '403 AuthenticationTypeDisabled',
  firewall: '403 Access denied due to Virtual Network/Firewall rules',
  routeNotFound: '404 Resource not found on the deployments list',
  noDeployments: 'a working key on a resource without deployments',
  contentFilter: 'a working key; chat answers 400 content_filter',
  rateLimited: 'a working key; chat answers 429 (S0 tier token limit)',
  negativeLimits: 'a working key; chat reports -1 rate limits',
  serverError: '500 server_error',
  chatReset: 'a working key; chat calls lose their connection',
  hang: 'never answers (timeout)',
  resetBeforeHeaders: 'the connection is reset before any answer',
  redirectForeign: 'answers with a redirect',
  redirectForeignHost: 'redirects to a foreign host',
  hugeBody: 'an endless deployments list',
};

/** The made-up resource the tests use, and its two hosts. */
export const AZURE_TEST_RESOURCE = 'keyprobe-test';
export const AZURE_TEST_ORIGINS = [`https://${AZURE_TEST_RESOURCE}.openai.azure.com`, `https://${AZURE_TEST_RESOURCE}.cognitiveservices.azure.com`] as const;

const HEX = '0123456789abcdef';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Keys of the real shapes: 32 lower-case hex, or the 84-character AI services key with its fixed markers. */
export function azureKeyFor(scenario: AzureScenario): string {
  if (scenario !== 'aiServicesKey') return fakeKey(`azure:${scenario}`, { length: 32, alphabet: HEX });
  const part = (n: number, seed: string) => fakeKey(`azure:${scenario}:${seed}`, { length: n, alphabet: ALNUM });
  return `${part(52, 'a')}JQQJ99${part(2, 'b')}AC${part(5, 'c')}XJ3w3AAA${part(1, 'd')}ACOG${part(4, 'e')}`;
}

export const AZURE_DEMO_KEYS = AZURE_SCENARIOS.map((name) => ({ name, key: azureKeyFor(name), description: AZURE_DESCRIPTIONS[name] }));

/** The resource's deployments (synthetic names and dates; the record's fields are real). */
export const AZURE_DEPLOYMENTS = [
  { name: 'chat-next', model: 'gpt-4.1-mini', status: 'notRunning' },
  { name: 'embed-small', model: 'text-embedding-3-small', status: 'succeeded' },
  { name: 'chat-mini', model: 'gpt-4o-mini', status: 'succeeded' },
  { name: 'images', model: 'dall-e-3', status: 'succeeded' },
] as const;
const CHAT = new Set(['chat-next', 'chat-mini']);
const EMBED = new Set(['embed-small']);

const deploymentList = (scenario: AzureScenario) => ({
  data:
    scenario === 'noDeployments'
      ? []
      : AZURE_DEPLOYMENTS.map((d, i) => ({
          scale_settings: { scale_type: 'standard' },
          model: d.model,
          owner: 'organization-owner',
          id: d.name,
          status: d.status,
          created_at: 1721347200 + i * 86_400,
          updated_at: 1721347200 + i * 86_400,
          object: 'deployment',
        })),
  object: 'list',
});

const err = (status: number, body: unknown): [number, unknown] => [status, body];
const ERRORS = {
  invalid: err(401, {
    error: {
      code: '401',
      message:
        'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
    },
  }),
  keyAuthDisabled: err(403, { error: { code: 'AuthenticationTypeDisabled', message: 'Key based authentication is disabled for this resource.' } }),
  firewall: err(403, { error: { code: '403', message: 'Access denied due to Virtual Network/Firewall rules.' } }),
  routeNotFound: err(404, { error: { code: '404', message: 'Resource not found' } }),
  deploymentNotFound: err(404, {
    error: { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.' },
  }),
  rateLimited: err(429, {
    error: {
      code: '429',
      message:
        'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-05-01-preview have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 60 seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.',
    },
  }),
  serverError: err(500, {
    error: {
      message:
        'The server had an error while processing your request. Sorry about that! You can retry your request, or contact us through an Azure support request at: https://go.microsoft.com/fwlink/?linkid=2213926 if the error persists. (Please include the request ID 6d6321f8-e4aa-4a77-9aa0-67868802d7ca in your message.)',
      type: 'server_error',
      param: null,
      code: null,
    },
  }),
  contentFilter: err(400, {
    error: {
      message:
        'The response was filtered due to the prompt triggering Azure OpenAI’s content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766',
      type: null,
      param: 'prompt',
      code: 'content_filter',
      status: 400,
      innererror: {
        code: 'ResponsibleAIPolicyViolation',
        content_filter_result: {
          hate: { filtered: false, severity: 'safe' },
          jailbreak: { filtered: false, detected: false },
          self_harm: { filtered: false, severity: 'safe' },
          sexual: { filtered: false, severity: 'safe' },
          violence: { filtered: true, severity: 'medium' },
        },
      },
    },
  }),
};

const SAFE = { hate: { filtered: false, severity: 'safe' }, self_harm: { filtered: false, severity: 'safe' }, sexual: { filtered: false, severity: 'safe' }, violence: { filtered: false, severity: 'safe' } };
/** The first event of every stream, verbatim from a recording (LangChain4j's Azure tests). */
const PROMPT_FILTER_EVENT =
  'data: {"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}}}]}\n\n';

const WORDS = [' Hello', ',', ' this', ' is', ' a', ' deterministic', ' reply', ' from', ' a', ' fake', ' API', '.'];
const MODEL_VERSIONS: Record<string, string> = { 'gpt-4o-mini': 'gpt-4o-mini-2024-07-18', 'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14' };

function headersFor(scenario: AzureScenario, inference: boolean): Record<string, string> {
  const h: Record<string, string> = { 'apim-request-id': randomUUID(), 'x-request-id': randomUUID(), 'x-ms-region': 'East US', 'x-content-type-options': 'nosniff' };
  if (!inference) return h;
  if (scenario === 'negativeLimits') {
    return { ...h, 'x-ratelimit-limit-tokens': '-1', 'x-ratelimit-remaining-tokens': '-1', 'x-ratelimit-reset-tokens': '0', 'x-ratelimit-limit-requests': '100', 'x-ratelimit-remaining-requests': '99' };
  }
  return { ...h, 'x-ratelimit-remaining-requests': '99', 'x-ratelimit-remaining-tokens': '99984' };
}

function readBody(body: string): { stream: boolean; max: number; usage: boolean } {
  try {
    const b = JSON.parse(body) as { stream?: unknown; max_completion_tokens?: unknown; max_tokens?: unknown; stream_options?: { include_usage?: unknown } };
    const max = typeof b.max_completion_tokens === 'number' ? b.max_completion_tokens : typeof b.max_tokens === 'number' ? b.max_tokens : 16;
    return { stream: b.stream === true, max, usage: b.stream_options?.include_usage === true };
  } catch {
    return { stream: false, max: 16, usage: false };
  }
}

async function chat(call: FakeCall<AzureScenario>, deployment: string, headers: Record<string, string>): Promise<void> {
  const { stream, max, usage } = readBody(call.body);
  const model = MODEL_VERSIONS[AZURE_DEPLOYMENTS.find((d) => d.name === deployment)?.model ?? ''] ?? 'gpt-4o-mini-2024-07-18';
  const n = Math.max(1, Math.min(max, call.timing.completionTokens));
  const words = /single word OK/.test(call.body) ? ['OK'] : Array.from({ length: n }, (_, i) => WORDS[i % WORDS.length] ?? '');
  const id = `chatcmpl-${randomUUID().replace(/-/g, '').slice(0, 29)}`;
  const created = Math.floor(Date.now() / 1000);
  const counts = { completion_tokens: words.length, prompt_tokens: 14, total_tokens: 14 + words.length };
  const common = { created, id, model, system_fingerprint: 'fp_f3927aa00d' };
  if (!stream) {
    return call.json(200, {
      choices: [{ content_filter_results: SAFE, finish_reason: words.length >= max ? 'length' : 'stop', index: 0, logprobs: null, message: { content: words.join(''), refusal: null, role: 'assistant' } }],
      ...common,
      object: 'chat.completion',
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: SAFE }],
      usage: counts,
    }, headers);
  }
  const chunk = (delta: Record<string, unknown>, finish: string | null, filters: unknown = SAFE) =>
    `data: ${JSON.stringify({ choices: [{ content_filter_results: filters, delta, finish_reason: finish, index: 0, logprobs: null }], ...common, object: 'chat.completion.chunk' })}\n\n`;
  const timed = words.map((w, i) => chunk(i === 0 ? { content: w, refusal: null, role: 'assistant' } : { content: w }, null));
  const tail = [chunk({}, words.length >= max ? 'length' : 'stop', {})];
  if (usage) tail.push(`data: ${JSON.stringify({ choices: [], ...common, object: 'chat.completion.chunk', usage: counts })}\n\n`);
  tail.push('data: [DONE]\n\n');
  await call.stream(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8' }, { head: [PROMPT_FILTER_EVENT], timed, tail });
}

const HUGE = { open: '{"object":"list","data":[', item: (i: number) => JSON.stringify({ id: `deployment-${i}`, model: 'gpt-4o-mini', object: 'deployment', status: 'succeeded' }), close: ']}' };

export const azureFake: FakeModule<AzureScenario> = {
  scenarios: AZURE_SCENARIOS,
  keyFor: azureKeyFor,
  keyOf: (req: IncomingMessage) => {
    const key = req.headers['api-key'];
    return typeof key === 'string' && key !== '' ? key : undefined;
  },
  async handle(call) {
    const scenario = call.scenario;
    const version = call.url.searchParams.get('api-version');
    const list = call.path === '/openai/deployments';
    const inference = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/.exec(call.path);
    const headers = headersFor(scenario ?? 'valid', inference !== null);
    const fail = ([status, body]: [number, unknown]) => call.json(status, body, headers);
    if (!(await call.waitHeaders())) return;
    if (scenario !== undefined && (GENERIC_FAULTS as readonly string[]).includes(scenario)) {
      await call.fault(scenario as GenericFault, HUGE);
      return;
    }
    if (call.key === undefined || scenario === undefined || scenario === 'invalid') return fail(ERRORS.invalid);
    if (scenario === 'keyAuthDisabled') return fail(ERRORS.keyAuthDisabled);
    if (scenario === 'firewall') return fail(ERRORS.firewall);
    if (scenario === 'serverError') return fail(ERRORS.serverError);
    // A route without its api-version is "Resource not found" (MicrosoftDocs/azure-docs#114602).
    if (version === null || scenario === 'routeNotFound') return fail(ERRORS.routeNotFound);

    if (list && call.method === 'GET') {
      // Only the old preview version still lists deployments.
      if (version !== '2023-03-15-preview') return fail(ERRORS.routeNotFound);
      return call.json(200, deploymentList(scenario), headers);
    }
    if (inference && call.method === 'POST') {
      const name = decodeURIComponent(inference[1] ?? '');
      const exists = scenario !== 'noDeployments' && AZURE_DEPLOYMENTS.some((d) => d.name === name);
      if (!exists) return fail(ERRORS.deploymentNotFound);
      if (inference[2] === 'embeddings') {
        // Synthetic wording: a deployment asked for work its model cannot do.
        if (!EMBED.has(name)) return fail(err(400, { error: { code: 'OperationNotSupported', message: 'The embeddings operation does not work with the specified model. Please choose different model and try again.' } }));
        return call.json(200, { data: [{ embedding: [0.0023, -0.0094, 0.0151, -0.0208, 0.0029, 0.0117, -0.0041, 0.0088], index: 0, object: 'embedding' }], model: 'text-embedding-3-small', object: 'list', usage: { prompt_tokens: 2, total_tokens: 2 } }, headers);
      }
      // Synthetic wording, as above.
      if (!CHAT.has(name)) return fail(err(400, { error: { code: 'OperationNotSupported', message: 'The chatCompletion operation does not work with the specified model. Please choose different model and try again.' } }));
      if (scenario === 'contentFilter') return fail(ERRORS.contentFilter);
      if (scenario === 'chatReset') return void call.req.socket.resetAndDestroy();
      if (scenario === 'rateLimited') return call.json(429, ERRORS.rateLimited[1], { ...headers, 'retry-after': '60' });
      return chat(call, name, headers);
    }
    return fail(ERRORS.routeNotFound);
  },
};
