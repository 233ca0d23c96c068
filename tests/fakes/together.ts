// Together's API (api.together.ai, OpenAI's protocol) as recorded: a bare-array model list with
// `type` and `pricing` per model, two kinds of 401 body (a short one on /v1/models, a full one with
// the answer's `id` on inference), pretty-printed error bodies, stream chunks with `text`,
// `token_id` and `reasoning` fields, and usage in a `choices: []` chunk of its own without being
// asked. Sources per scenario below; anything without one is marked synthetic.
import { demoKeysOf, openAICompatibleFake, type Canned } from './openai-compatible.ts';


/**
 * Entries of `GET /v1/models` as recorded in Warmup.yaml (maruel/genai, providers/togetherai/testdata/TestClient at 66b63e6, committed 2026-08-17), `config`
 * (chat templates, most of the 444 KB) left out. Qwen2.5-7B-Instruct is one of the models Together
 * lists at $0 without an endpoint `uuid`: served on dedicated endpoints only.
 */
export const TOGETHER_MODELS = [
  { id: 'moonshotai/Kimi-K3', uuid: 'endpoint-kk-moonshotai-kimi-k3', object: 'model', created: 1785049898, type: 'chat', running: false, display_name: 'Kimi K3', organization: 'Moonshot AI', link: 'https://huggingface.co/moonshotai', license: 'other', context_length: 1000000, pricing: { hourly: 0, input: 3, output: 15, base: 0, finetune: 0, cached_input: 0.3, image_pixel: 0, transcribe: 0, image: 0, video: 0 } },
  { id: 'deepseek-ai/DeepSeek-V4-Pro', uuid: 'endpoint-94151073-7212-43f8-9357-42a6043e1eef', object: 'model', created: 0, type: 'chat', running: false, display_name: 'Deepseek V4 Pro', organization: 'Deepseek', context_length: 512000, pricing: { hourly: 0, input: 1.74, output: 3.48, base: 0, finetune: 0, cached_input: 0.2, image_pixel: 0, transcribe: 0, image: 0, video: 0 } },
  { id: 'openai/gpt-oss-20b', uuid: 'endpoint-f382c20a-6806-4ac2-abfb-d00d7a0b0c2b', object: 'model', created: 1774480577, type: 'chat', running: false, display_name: 'OpenAI GPT-OSS 20B', organization: 'OpenAI', link: 'https://huggingface.co/api/models/openai/gpt-oss-20b', license: 'apache-2.0', context_length: 131072, pricing: { hourly: 0, input: 0.05, output: 0.2, base: 0, finetune: 0, image_pixel: 0, transcribe: 0, image: 0, video: 0 } },
  { id: 'black-forest-labs/FLUX.1-schnell', uuid: 'endpoint-e4638297-e0d0-4be4-85d4-62449ad55023', object: 'model', created: 1778115148, type: 'image', running: false, display_name: 'FLUX.1 Schnell', organization: 'Black Forest Labs', link: 'https://huggingface.co/black-forest-labs/FLUX.1-schnell', pricing: { hourly: 0, input: 0, output: 0, base: 0, finetune: 0, image_pixel: { price_per_megapixel: 0.0027, min_steps: 4 }, transcribe: 0, image: 0, video: 0 } },
  { id: 'meta-llama/Llama-Guard-4-12B', uuid: 'endpoint-2095a2fc-bb95-48df-b94f-f95ccb22fa93', object: 'model', created: 1746038486, type: 'moderation', running: false, display_name: 'Llama Guard 4 12B', organization: 'Meta', link: 'https://huggingface.co/meta-llama/Llama-Guard-4-12B', license: 'other llama4', context_length: 1048576, pricing: { hourly: 0, input: 0.2, output: 0.2, base: 0, finetune: 0, image_pixel: 0, transcribe: 0, image: 0, video: 0 } },
  { id: 'intfloat/multilingual-e5-large-instruct', uuid: 'endpoint-b1b563e5-5ec2-4577-9017-16b52ac5c841', object: 'model', created: 1745513588, type: 'embedding', running: false, display_name: 'Multilingual E5 Large Instruct', organization: 'Intfloat', link: 'https://huggingface.co/api/models/intfloat/multilingual-e5-large-instruct', license: 'mit', context_length: 514, pricing: { hourly: 0, input: 0.02, output: 0.02, base: 0, finetune: 0, image_pixel: 0, transcribe: 0, image: 0, video: 0 } },
  { id: 'meta-llama/Meta-Llama-3.1-8B', uuid: 'model-59f15f56-68d2-4233-b92d-36f67253c408', object: 'model', created: 1713420479, type: 'language', running: false, display_name: 'Meta Llama 3.1 8B', organization: 'Meta', link: 'https://huggingface.co/meta-llama/Meta-Llama-3.1-8B', license: 'Llama-3.1 (Other)', context_length: 16384, pricing: { hourly: 0, input: 0.2, output: 0.2, base: 0, finetune: 0, image_pixel: 0, transcribe: 0, image: 0, video: 0 } },
  { id: 'Salesforce/Llama-Rank-V1', uuid: 'endpoint-ec76d175-b4d5-430a-9b2b-d9a7d45755ec', object: 'model', created: 1723745254, type: 'rerank', running: false, display_name: 'Salesforce Llama Rank V1 (8B)', organization: 'salesforce', license: 'llama3', context_length: 8192, pricing: { hourly: 0, input: 0.1, output: 0.1, base: 0, finetune: 0, image_pixel: 0, transcribe: 0, image: 0, video: 0 } },
  { id: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo', uuid: 'endpoint-b29b431f-6184-4685-9abc-b4d39cdc771d', object: 'model', created: 1741298134, type: 'chat', running: false, display_name: 'Meta Llama 3.1 8B Instruct Turbo', organization: 'Meta', link: 'https://huggingface.co/meta-llama/Meta-Llama-3.1-8B-Instruct', license: 'Llama-3.1 (Other)', context_length: 131072, pricing: { hourly: 0, input: 0.18000000000000002, output: 0.18000000000000002, base: 0, finetune: 0, image_pixel: 0, transcribe: 0, image: 0, video: 0 } },
  { id: 'Qwen/Qwen2.5-7B-Instruct', object: 'model', created: 1744695400, type: 'chat', running: false, display_name: 'Qwen2.5 7B Instruct', organization: 'Qwen', link: 'https://huggingface.co/api/models/Qwen/Qwen2.5-7B-Instruct', license: 'apache-2.0', context_length: 32768, pricing: { hourly: 0, input: 0, output: 0, base: 0, finetune: 0, image_pixel: 0, transcribe: 0, image: 0, video: 0 } },
  { id: 'BAAI/bge-base-en-v1.5', uuid: 'endpoint-9a567e7b-15a8-40b7-b8b1-b5ae0f2163aa', object: 'model', created: 1749601524, type: 'embedding', running: false, display_name: 'BAAI-Bge-Base-1.5', organization: 'BAAI', link: 'https://huggingface.co/api/models/BAAI/bge-base-en-v1.5', license: 'MIT', context_length: 512, pricing: { hourly: 0, input: 0.008, output: 0.008, base: 0, finetune: 0, image_pixel: 0, transcribe: 0, image: 0, video: 0 } },
  { id: 'Qwen/Qwen3-Next-80B-A3B-Instruct', uuid: 'endpoint-acf17972-4582-4b74-9ecc-6081ee0c1169', object: 'model', created: 0, type: 'chat', running: false, display_name: 'Qwen3 Next 80B A3b Instruct', organization: 'Qwen', link: 'https://huggingface.co/api/models/Qwen/Qwen3-Next-80B-A3B-Instruct', license: 'apache-2.0', context_length: 262144, pricing: { hourly: 0, input: 0.15, output: 1.5, base: 0, finetune: 0, image_pixel: 0, transcribe: 0, image: 0, video: 0 } },
];

/** Together's ids end with the Cloudflare ray id (`omJGQkS-2kFHot-a04666c1ed02a2f9`); the fake's are of that form. */
const togetherId = (from: string) => `omJK92o-4YNCb4-${from.replace(/^chatcmpl-/, '').padEnd(16, '0').slice(0, 16)}`;
const pretty = (value: unknown) => JSON.stringify(value, null, 2);
const json = { 'content-type': 'application/json; charset=utf-8' };

const SCENARIOS = ['modelRateLimit', 'nonServerless', 'overloaded', 'legacyStream'] as const;
type TogetherScenario = (typeof SCENARIOS)[number];

export const togetherFake = openAICompatibleFake<TogetherScenario>({
  id: 'together',
  extraScenarios: SCENARIOS,
  key: { prefix: 'tgp_v1_', length: 50, alphabet: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-' },
  basePath: '/v1',
  models: TOGETHER_MODELS,
  chatModels: TOGETHER_MODELS.filter((m) => m.type === 'chat' && m.uuid !== undefined).map((m) => m.id),
  embeddingModels: TOGETHER_MODELS.filter((m) => m.type === 'embedding').map((m) => m.id),
  // Every recorded answer carries Cf-Ray (`a04666c2ae9da2f9-YUL`), the CORS header, and Cloudflare's server.
  requestIdHeader: 'cf-ray',
  requestId: () => `${Math.floor(Math.random() * 2 ** 48).toString(16).padStart(16, '0')}-YUL`,
  headers: { 'access-control-allow-origin': '*', server: 'cloudflare' },
  // No preflight was recorded; the methods are those /models answers list (Access-Control-Allow-Methods: GET,POST,PATCH).
  preflight: { allowOrigin: '*', allowMethods: 'GET,POST,PATCH' },
  inferenceHeaders: () => ({ 'x-api-received': new Date().toISOString(), 'x-api-call-start': new Date().toISOString(), 'x-inference-version': 'v2' }),
  // 2026 recordings (GenStream-Text.yaml): usage in a chunk of its own, unasked. The 2024 style
  // (AIProxySwift fixture, public code search) put it on a finish chunk whose reason was `eos`.
  streamUsage: (call) => (call.scenario === 'legacyStream' ? 'last_chunk' : 'separate_chunk'),
  finishReason: (call) => (call.scenario === 'legacyStream' ? 'eos' : 'stop'),
  separateFinish: true,
  decorateChunk(chunk, kind) {
    const out: Record<string, unknown> = { ...chunk, id: togetherId(String(chunk.id)) };
    if (kind === 'usage') return out;
    out.choices = (chunk.choices as { index: number; delta: { content?: string }; finish_reason: string | null }[]).map((c) => ({
      index: c.index,
      text: c.delta.content ?? '',
      logprobs: null,
      finish_reason: c.finish_reason,
      delta: { token_id: null, role: 'assistant', content: c.delta.content ?? '', reasoning: null },
    }));
    if (!('usage' in chunk)) out.usage = null;
    return out;
  },
  decorateCompletion: (body) => ({ ...body, id: togetherId(String(body.id)) }),
  answers: {
    // The short body on the model list, the full one (pretty-printed, with the answer's id) on inference.
    invalid: (call): Canned =>
      call.path === '/v1/models'
        ? { status: 401, body: { error: { message: 'Unauthorized' } } }
        : {
            status: 401,
            body: pretty({ id: 'omJGQiH-2kFHot-a04666c029ada2f9', error: { message: 'Invalid API key provided. You can find your API key at https://api.together.ai/settings/api-keys.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } }),
            headers: json,
          },
    // Synthetic: no Together 403 body was found; the shape is its inference error envelope.
    forbidden: { status: 403, body: pretty({ id: 'omJGQxx-2kFHot-a04666c029ada2f0', error: { message: 'Forbidden', type: 'invalid_request_error', param: null, code: null } }), headers: json },
    // expectedparrot/edsl#2098 (2025-07), printed there in Python dict notation, JSON on the wire.
    quotaExhausted: {
      status: 402,
      body: { id: 'o3LiXw4-62bZhn-96040daf687810ab', error: { message: 'Credit limit exceeded. Please navigate to https://api.together.xyz/settings/billing to add credit or upgrade your plan.', type: 'credit_limit', param: null, code: null } },
    },
    // togethercomputer/MoA#27 (2024-06): an old free-account limit; Together's 429s say "rate limited".
    rateLimited: {
      status: 429,
      body: { error: { message: 'You have been rate limited. Your rate limit is 60 queries per minute. Please navigate to https://api.together.xyz/settings/billing to upgrade to a paid plan.', type: 'credit_limit', param: null, code: null } },
    },
    // xtekky/gpt4free#3032 (2025-06) quotes the words; the envelope around them is synthetic.
    modelRateLimit: { status: 429, body: { error: { message: 'You have reached the rate limit specific to this model meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo.', type: 'model_rate_limit', param: null, code: null } } },
    // errors/bad_model/GenSync.yaml (2026-05-31).
    notFound: {
      status: 404,
      body: pretty({ id: 'omJGRLq-2kFHot-a04666cdad62a2f9', error: { message: 'Unable to access model bad model. Please visit https://api.together.ai/models to view the list of supported models.', type: 'invalid_request_error', param: null, code: 'model_not_available' } }),
      headers: json,
    },
    // HeyPuter/puter#3168: a listed model that runs on dedicated endpoints only.
    nonServerless: {
      status: 400,
      body: { id: 'okkMQHz-2kFHot-a023f584e9c5ff7e', error: { message: 'Unable to access non-serverless model meta-llama/Llama-3-8b-chat-hf. Please visit https://api.together.ai/models/meta-llama/Llama-3-8b-chat-hf to create and start a new dedicated endpoint for the model.', type: 'invalid_request_error', param: null, code: 'model_not_available' } },
    },
    // Synthetic bodies: Together's 5xx bodies are not published; its docs name 503 for capacity.
    serverError: { status: 500, body: { error: { message: 'Internal server error', type: 'server_error', param: null, code: null } } },
    overloaded: { status: 503, body: { error: { message: 'The server is overloaded or not ready yet.', type: 'service_unavailable', param: null, code: null } } },
    echoBodyRequestId: { status: 401, body: {} },
  },
  inferenceOnly: ['quotaExhausted', 'modelRateLimit', 'nonServerless', 'overloaded'],
});

export const TOGETHER_DEMO_KEYS = demoKeysOf(togetherFake, {
  modelRateLimit: 'a model-specific rate limit (429)',
  nonServerless: 'the model runs on dedicated endpoints only (400)',
  overloaded: 'Together is short of capacity (503)',
  legacyStream: "working; streams end with finish_reason eos and usage on that chunk (Together's older style)",
});
