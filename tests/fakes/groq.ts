// The fake of GroqCloud's OpenAI-compatible API (api.groq.com/openai/v1), on the shared module.
// Bodies and headers are Groq's real ones from the error pages' sources (src/content/errors/groq/)
// and the fact sheet; anything synthetic says so where it is.
import { randomBytes } from 'node:crypto';
import { startFake, type FakeModule, type FakeServer } from './framework.ts';
import { demoKeysOf, openAICompatibleFake, type CommonScenario } from './openai-compatible.ts';

const OWN_SCENARIOS = [
  // Cloudflare in front of Groq blocks the caller's network with an HTML page.
  'cloudflareBlock',
] as const;
type OwnScenario = (typeof OWN_SCENARIOS)[number];
type Scenario = CommonScenario | OwnScenario;

// GET /openai/v1/models, recorded live on 2026-08-17 (maruel/genai 23c16cd,
// providers/groq/testdata/TestClient/Warmup.yaml): the whole list, as Groq sent it.
const MODELS = {
  object: 'list',
  data: [
    { id: 'canopylabs/orpheus-arabic-saudi', object: 'model', created: 1765926439, owned_by: 'Canopy Labs', active: true, context_window: 4000, public_apps: null, max_completion_tokens: 50000, name: 'Canopy Labs Orpheus Arabic Saudi', input_modalities: ['text'], output_modalities: ['speech'], context_length: 4000, max_output_length: 50000, pricing: { prompt: '0.00004', image: '0', request: '0', input_cache_read: '0.00002' } },
    { id: 'whisper-large-v3', object: 'model', created: 1693721698, owned_by: 'OpenAI', active: true, context_window: 448, public_apps: null, max_completion_tokens: 448, hugging_face_id: 'openai/whisper-large-v3', name: 'Whisper', input_modalities: ['audio'], output_modalities: ['transcription'], context_length: 448, max_output_length: 448 },
    { id: 'meta-llama/llama-prompt-guard-2-22m', object: 'model', created: 1748632101, owned_by: 'Meta', active: true, context_window: 512, public_apps: null, max_completion_tokens: 512, name: 'Llama Prompt Guard 2 22M', input_modalities: ['text'], output_modalities: ['text'], context_length: 512, max_output_length: 512, pricing: { prompt: '0.00000003', completion: '0.00000003', image: '0', request: '0', input_cache_read: '0.000000015' }, supported_sampling_parameters: ['temperature', 'top_p', 'stop', 'seed', 'max_tokens'] },
    { id: 'openai/gpt-oss-120b', object: 'model', created: 1754408224, owned_by: 'OpenAI', active: true, context_window: 131072, public_apps: null, max_completion_tokens: 65536, hugging_face_id: 'openai/gpt-oss-120b', name: 'GPT OSS 120B', input_modalities: ['text'], output_modalities: ['text'], context_length: 131072, max_output_length: 65536, pricing: { prompt: '0.00000015', completion: '0.0000006', image: '0', request: '0', input_cache_read: '0.000000075' }, supported_sampling_parameters: ['temperature', 'top_p', 'stop', 'seed', 'max_tokens'], supported_features: ['tools', 'json_mode', 'structured_outputs', 'reasoning'] },
    { id: 'meta-llama/llama-prompt-guard-2-86m', object: 'model', created: 1748632165, owned_by: 'Meta', active: true, context_window: 512, public_apps: null, max_completion_tokens: 512, name: 'Prompt Guard 2 86M', input_modalities: ['text'], output_modalities: ['text'], context_length: 512, max_output_length: 512, pricing: { prompt: '0.00000004', completion: '0.00000004', image: '0', request: '0', input_cache_read: '0.00000002' }, supported_sampling_parameters: ['temperature', 'top_p', 'stop', 'seed', 'max_tokens'], supported_features: ['json_mode'] },
    { id: 'groq/compound-mini', object: 'model', created: 1756949707, owned_by: 'Groq', active: true, context_window: 131072, public_apps: null, max_completion_tokens: 8192, hugging_face_id: 'groq/compound-beta-mini', name: 'Compound Mini', input_modalities: ['text'], output_modalities: ['text'], context_length: 131072, max_output_length: 8192, supported_sampling_parameters: ['temperature', 'top_p', 'stop', 'seed', 'max_tokens'], supported_features: ['json_mode'] },
    { id: 'canopylabs/orpheus-v1-english', object: 'model', created: 1766186316, owned_by: 'Canopy Labs', active: true, context_window: 4000, public_apps: null, max_completion_tokens: 50000, name: 'Canopy Labs Orpheus V1 English', input_modalities: ['text'], output_modalities: ['speech'], context_length: 4000, max_output_length: 50000, pricing: { prompt: '0.000022', image: '0', request: '0', input_cache_read: '0.000011' } },
    { id: 'openai/gpt-oss-safeguard-20b', object: 'model', created: 1761708789, owned_by: 'OpenAI', active: true, context_window: 131072, public_apps: null, max_completion_tokens: 65536, hugging_face_id: 'openai/gpt-oss-safeguard-20b', name: 'Safety GPT OSS 20B', input_modalities: ['text'], output_modalities: ['text'], context_length: 131072, max_output_length: 65536, pricing: { prompt: '0.000000075', completion: '0.0000003', image: '0', request: '0', input_cache_read: '0.0000000375' }, supported_sampling_parameters: ['temperature', 'top_p', 'stop', 'seed', 'max_tokens'], supported_features: ['tools', 'json_mode', 'structured_outputs', 'reasoning'] },
    { id: 'qwen/qwen3.6-27b', object: 'model', created: 1778288776, owned_by: 'Alibaba Cloud', active: true, context_window: 131072, public_apps: null, max_completion_tokens: 16384, hugging_face_id: 'Qwen/Qwen3.6-27B', name: 'Qwen/Qwen3.6-27B', input_modalities: ['text', 'image'], output_modalities: ['text'], context_length: 131072, max_output_length: 16384, pricing: { prompt: '0.0000006', completion: '0.000003', image: '0', request: '0', input_cache_read: '0.0000003' }, supported_sampling_parameters: ['temperature', 'top_p', 'stop', 'seed', 'max_tokens'], supported_features: ['tools', 'json_mode', 'reasoning'] },
    { id: 'whisper-large-v3-turbo', object: 'model', created: 1728413088, owned_by: 'OpenAI', active: true, context_window: 448, public_apps: null, max_completion_tokens: 448, hugging_face_id: 'openai/whisper-large-v3-turbo', name: 'Whisper Large V3 Turbo', input_modalities: ['audio'], output_modalities: ['transcription'], context_length: 448, max_output_length: 448 },
    { id: 'allam-2-7b', object: 'model', created: 1737672203, owned_by: 'SDAIA', active: true, context_window: 4096, public_apps: null, max_completion_tokens: 4096, hugging_face_id: 'ALLaM-AI/ALLaM-2.0-7B-Instruct', name: 'ALLaM-2-7b', input_modalities: ['text'], output_modalities: ['text'], context_length: 4096, max_output_length: 4096, supported_sampling_parameters: ['temperature', 'top_p', 'stop', 'seed', 'max_tokens'], supported_features: ['json_mode'] },
    { id: 'groq/compound', object: 'model', created: 1756949530, owned_by: 'Groq', active: true, context_window: 131072, public_apps: null, max_completion_tokens: 8192, hugging_face_id: 'groq/compound-beta', name: 'Compound', input_modalities: ['text'], output_modalities: ['text'], context_length: 131072, max_output_length: 8192, supported_sampling_parameters: ['temperature', 'top_p', 'stop', 'seed', 'max_tokens'], supported_features: ['json_mode'] },
    { id: 'openai/gpt-oss-20b', object: 'model', created: 1754407957, owned_by: 'OpenAI', active: true, context_window: 131072, public_apps: null, max_completion_tokens: 65536, hugging_face_id: 'openai/gpt-oss-20b', name: 'GPT OSS 20B', input_modalities: ['text'], output_modalities: ['text'], context_length: 131072, max_output_length: 65536, pricing: { prompt: '0.000000075', completion: '0.0000003', image: '0', request: '0', input_cache_read: '0.0000000375' }, supported_sampling_parameters: ['temperature', 'top_p', 'stop', 'seed', 'max_tokens'], supported_features: ['tools', 'json_mode', 'structured_outputs', 'reasoning'] },
  ],
};
const CHAT_MODELS = MODELS.data.filter((m) => m.output_modalities.includes('text')).map((m) => m.id);

const json = { 'content-type': 'application/json' };
/** Groq's envelope: message, type, code, and no `param` (the 2025 recordings); bodies end with a newline. */
const error = (message: string, type: string, code: string) => `${JSON.stringify({ error: { message, type, code } })}\n`;

/** Request ids look like `req_01k5csb2e4eskv0qcffjqbscqj` (26 lower-case base-32 characters). */
const requestId = () => `req_01${[...randomBytes(24)].map((b) => '0123456789abcdefghjkmnpqrstvwxyz'[b % 32]).join('')}`;

const base = openAICompatibleFake<OwnScenario>({
  id: 'groq',
  extraScenarios: OWN_SCENARIOS,
  key: { prefix: 'gsk_', length: 56 },
  basePath: '/openai/v1',
  models: MODELS,
  chatModels: CHAT_MODELS,
  requestIdHeader: 'x-request-id',
  requestId,
  // On every real answer (maruel/genai recordings, 2025–2026): the region that served it, and Vary.
  headers: { 'x-groq-region': 'dls', vary: 'Origin' },
  // Real chat headers of 2026 (fact sheet §4): 20000 requests a day, 200000 tokens a minute.
  rateLimitHeaders: (used) => ({
    'x-ratelimit-limit-requests': '20000',
    'x-ratelimit-limit-tokens': '200000',
    'x-ratelimit-remaining-requests': String(Math.max(0, 20_000 - used)),
    'x-ratelimit-remaining-tokens': String(Math.max(0, 200_000 - used * 37)),
    'x-ratelimit-reset-requests': '38.879s',
    'x-ratelimit-reset-tokens': '11ms',
  }),
  rateLimitsOnInferenceOnly: true,
  streamUsage: 'x_groq',
  inferenceOnly: ['notFound'],
  answers: {
    // Real: maruel/genai errors/bad_apiKey/ListModels.yaml (2025-08-29), newline included.
    invalid: { status: 401, body: error('Invalid API Key', 'invalid_request_error', 'invalid_api_key'), headers: json },
    // Synthetic message: TruffleHog's analyzer reads only the type and code of this 403.
    forbidden: { status: 403, body: error('This feature is not available on your current plan. Upgrade to Dev Tier at https://console.groq.com/settings/billing', 'permissions_error', 'not_available_for_plan'), headers: json },
    // The common "no quota" scenario is, at Groq, the daily allowance: a 429 that resets.
    // Real: the daily-token 429 of 2026 (AdityaSingh-7/Self-Healing-RAG, 2026-07-09); the headers are synthetic.
    quotaExhausted: {
      status: 429,
      body: error(
        'Rate limit reached for model `llama-3.3-70b-versatile` in organization `org_01kx1gs5cffsfa25x6693msmkh` service tier `on_demand` on tokens per day (TPD): Limit 100000, Used 99769, Requested 1376. Please try again in 16m29.28s. Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing',
        'tokens',
        'rate_limit_exceeded',
      ),
      headers: {
        ...json,
        'retry-after': '990',
        'x-ratelimit-limit-requests': '1000',
        'x-ratelimit-remaining-requests': '912',
        'x-ratelimit-reset-requests': '2h6m43.2s',
        'x-ratelimit-limit-tokens': '12000',
        'x-ratelimit-remaining-tokens': '12000',
        'x-ratelimit-reset-tokens': '0s',
      },
    },
    // Real: mindcraft-bots/mindcraft#188 (2024-09), a tokens-per-minute 429; retry-after is synthetic.
    rateLimited: {
      status: 429,
      body: error(
        'Rate limit reached for model `llama3-70b-8192` in organization `[nah]` on tokens per minute (TPM): Limit 6000, Used 5914, Requested 1822. Please try again in 17.359s. Visit https://console.groq.com/docs/rate-limits for more information.',
        'tokens',
        'rate_limit_exceeded',
      ),
      headers: { ...json, 'retry-after': '18' },
    },
    // Real: maruel/genai errors/bad_model/GenSync.yaml (2025-08-29), with the model asked for.
    notFound: (call) => {
      let model = '';
      try {
        model = String((JSON.parse(call.body) as { model?: unknown }).model ?? '');
      } catch {
        // not JSON
      }
      return { status: 404, body: error(`The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found'), headers: json };
    },
    // Real beginning (groq/groq-api-cookbook#3, 2024-04); the rest of Cloudflare's page is synthetic.
    serverError: {
      status: 502,
      body: '<!DOCTYPE html> <html class="no-js" lang="en-US"> <head> <title>api.groq.com | 502: Bad gateway</title></head><body><h1>Bad gateway</h1><p>Error code 502</p></body></html>',
      headers: { 'content-type': 'text/html; charset=UTF-8' },
    },
    // Real beginning (lobehub/lobehub#2143, 2024-04); the rest of the page is synthetic.
    cloudflareBlock: {
      status: 403,
      body: '<!DOCTYPE html> <html class="no-js" lang="en-US"> <head> <title>Attention Required! | Cloudflare</title></head><body><h1>Sorry, you have been blocked</h1></body></html>',
      headers: { 'content-type': 'text/html; charset=UTF-8' },
    },
    echoBodyRequestId: { status: 401, body: {} },
  },
});

export const groqFake: FakeModule<Scenario> = base;

export const GROQ_DESCRIPTIONS: Record<OwnScenario, string> = {
  cloudflareBlock: 'Cloudflare blocks the caller (403 HTML page)',
};

export const groqDemoKeys = demoKeysOf(groqFake, GROQ_DESCRIPTIONS);

export function startFakeGroq(port?: number): Promise<FakeServer<Scenario>> {
  return startFake(groqFake, { port });
}
