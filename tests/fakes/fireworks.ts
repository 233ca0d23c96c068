// Fireworks' inference API (api.fireworks.ai/inference/v1, OpenAI's protocol). Fireworks is the
// least recorded of the providers: its headers and stream come from a real Fireworks-served answer
// relayed by Hugging Face's router (maruel/genai, providers/huggingface/testdata/TestClient/
// Scoreboard/deepseek-ai/DeepSeek-V4-Pro-0813, answers of 2026-05-31), its 412 from public reports;
// the 401, 403, 404, 429 and 5xx bodies use the error envelope of the Vercel AI SDK's Fireworks
// provider (`{"error":{"object":"error","type","message"}}`) with words marked synthetic where no
// report quotes them.
import { demoKeysOf, openAICompatibleFake } from './openai-compatible.ts';

/**
 * `GET /inference/v1/models`: the entry shape (kind, supports_chat/_image_input/_tools,
 * context_length) of a 2026 test fixture of enterpilot/gomodel (internal/providers/fireworks);
 * ids from Fireworks' serverless price list (pydantic/genai-prices fireworks.yml, 2026-08);
 * `created` and context lengths of the ids the fixture does not have are synthetic.
 */
export const FIREWORKS_MODELS = {
  object: 'list',
  data: [
    { id: 'accounts/fireworks/models/deepseek-v4-flash', object: 'model', owned_by: 'fireworks', created: 1777000000, kind: 'HF_BASE_MODEL', supports_chat: true, supports_image_input: false, supports_tools: true, context_length: 1048576 },
    { id: 'accounts/fireworks/models/gpt-oss-20b', object: 'model', owned_by: 'fireworks', created: 1754400000, kind: 'HF_BASE_MODEL', supports_chat: true, supports_image_input: false, supports_tools: true, context_length: 131072 },
    { id: 'accounts/fireworks/models/gpt-oss-120b', object: 'model', owned_by: 'fireworks', created: 1754400000, kind: 'HF_BASE_MODEL', supports_chat: true, supports_image_input: false, supports_tools: true, context_length: 131072 },
    { id: 'accounts/fireworks/models/kimi-k2p6', object: 'model', owned_by: 'fireworks', created: 1776455694, kind: 'HF_BASE_MODEL', supports_chat: true, supports_image_input: true, supports_tools: true, context_length: 262144 },
    { id: 'accounts/fireworks/models/qwen3-embedding-8b', object: 'model', owned_by: 'fireworks', created: 1755707090, kind: 'EMBEDDING_MODEL', supports_chat: true, supports_image_input: false, supports_tools: false, context_length: 40960 },
    { id: 'accounts/fireworks/models/qwen3p7-plus', object: 'model', owned_by: 'fireworks', created: 1781036419, kind: 'CUSTOM_MODEL', supports_chat: true, supports_image_input: true, supports_tools: true },
  ],
};

const envelope = (message: string, extra: Record<string, unknown> = {}) => ({ error: { object: 'error', type: 'invalid_request_error', message, ...extra } });

const SCENARIOS = ['suspended', 'rateLimitedAs400', 'listFails', 'overloaded', 'overLimit'] as const;
type FireworksScenario = (typeof SCENARIOS)[number];

export const fireworksFake = openAICompatibleFake<FireworksScenario>({
  id: 'fireworks',
  extraScenarios: SCENARIOS,
  // Synthetic length: keys are fw_ + alphanumerics (llm-key-validator: at least 20); the exact length is not published.
  key: { prefix: 'fw_', length: 27 },
  basePath: '/inference/v1',
  models: FIREWORKS_MODELS,
  chatModels: FIREWORKS_MODELS.data.filter((m) => m.kind !== 'EMBEDDING_MODEL').map((m) => m.id),
  // Docs: the effective limits are in these headers, in tokens per second (starting ~60k prompt, ~600 generated).
  rateLimitHeaders: () => ({ 'x-ratelimit-limit-tokens-prompt': '60000', 'x-ratelimit-limit-tokens-generated': '600' }),
  rateLimitsOnInferenceOnly: true,
  inferenceHeaders: (call, stream) => ({
    'fireworks-prompt-tokens': '12',
    'fireworks-cached-prompt-tokens': '0',
    'fireworks-speculation-prompt-matched-tokens': '0',
    'x-ratelimit-over-limit': call.scenario === 'overLimit' ? 'yes' : 'no',
    // Seconds, as strings: 0.779 on the recorded stream; 0.500 and 1.462 on the recorded completion.
    'fireworks-server-time-to-first-token': stream ? '0.779' : '0.500',
    ...(stream ? {} : { 'fireworks-server-processing-time': '1.462' }),
  }),
  // The recorded stream asked for include_usage and got a `choices: []` usage chunk after the finish chunk.
  streamUsage: 'include_usage',
  separateFinish: true,
  decorateChunk(chunk, kind) {
    if (kind === 'usage') return chunk;
    const choices = (chunk.choices as { index: number; delta: Record<string, unknown>; finish_reason: string | null }[]).map((c) => ({
      ...c,
      delta: kind === 'role' ? { role: 'assistant' } : c.delta,
      raw_output: null,
    }));
    return { ...chunk, choices, usage: null };
  },
  answers: {
    // Synthetic words in the SDK's envelope: no Fireworks 401 body is published.
    invalid: { status: 401, body: envelope('The API key you provided is invalid.') },
    forbidden: { status: 403, body: envelope('Forbidden.') },
    // FerroxLabs/wayland#545 (2026-07-02), the escaping of the relaying service removed.
    suspended: {
      status: 412,
      body: { error: { message: 'Account ferroxlabs is suspended, possibly due to reaching the monthly spending limit or failure to pay past invoices. Please go to https://fireworks.ai/account/billing for more information.', param: null, code: 'PRECONDITION_FAILED', type: 'error' }, request_id: 'chatcmpl-ebdfbe6116404a62bbd8856f06f6a81b' },
    },
    quotaExhausted: {
      status: 412,
      body: { error: { message: 'Account pollinations is suspended, possibly due to reaching the monthly spending limit or failure to pay past invoices. Please go to https://fireworks.ai/account/billing for more information.', param: null, code: 'PRECONDITION_FAILED', type: 'error' }, request_id: '11650e2f-ff1b-4aac-9719-98006adf7349' },
    },
    // Synthetic words; Fireworks' docs name the 429.
    rateLimited: { status: 429, body: envelope('Request rate limit exceeded, please try again later.'), headers: { 'x-ratelimit-over-limit': 'yes' } },
    // LiteLLM's test of a real Fireworks answer (public code search): a rate limit sent as a 400.
    rateLimitedAs400: { status: 400, body: envelope('rate limit exceeded, please try again later') },
    // Words quoted in public troubleshooting notes (code NOT_FOUND, param model); the envelope's other fields are the SDK's.
    notFound: { status: 404, body: envelope('Model not found, inaccessible, and/or not deployed', { param: 'model', code: 'NOT_FOUND' }) },
    serverError: { status: 500, body: { error: { object: 'error', type: 'internal_server_error', message: 'Internal server error' } } },
    // Docs: serverless capacity shortfalls are "503 Service Overloaded"; body synthetic.
    overloaded: { status: 503, body: { error: { object: 'error', type: 'service_unavailable', message: 'Service Overloaded' } } },
    echoBodyRequestId: { status: 401, body: {} },
  },
  // The suspension and overload come from inference; the list fails on its own route only.
  inferenceOnly: ['suspended', 'quotaExhausted', 'rateLimitedAs400', 'overloaded'],
  // can1357/oh-my-pi#3219 (2026-06) quotes the words; the body around them is synthetic. Chat works.
  extraScenario: (call) =>
    call.scenario === 'listFails' && call.path === '/inference/v1/models' ? { status: 500, body: { error: { object: 'error', type: 'internal_server_error', message: 'Error listing deployed models' } } } : false,
});

export const FIREWORKS_DEMO_KEYS = demoKeysOf(fireworksFake, {
  suspended: 'the account is suspended (412 PRECONDITION_FAILED)',
  rateLimitedAs400: 'a rate limit sent as a 400',
  listFails: 'the model list fails (500) for a valid key; chat works',
  overloaded: 'serverless capacity is short (503 Service Overloaded)',
  overLimit: 'working; the account is over its limit (X-Ratelimit-Over-Limit: yes)',
});
