// Cerebras Inference (api.cerebras.ai, OpenAI's protocol) as recorded by maruel/genai
// (providers/cerebras/testdata/TestClient, answers of 2026-07-21, model list of 2026-08-17): flat
// error bodies without an `error` wrapper, rate-limit headers per minute, hour and day on inference
// answers only, a role-only first chunk, usage and `time_info` on the finish chunk without being
// asked. The 402 and 429 bodies are from public issue reports; anything else is marked synthetic.
import { demoKeysOf, openAICompatibleFake, type Canned } from './openai-compatible.ts';

/** Warmup.yaml: the whole recorded list (`created` is 0 for every model). */
export const CEREBRAS_MODELS = {
  object: 'list',
  data: [
    { id: 'zai-glm-4.7', object: 'model', created: 0, owned_by: 'Cerebras' },
    { id: 'gemma-4-31b', object: 'model', created: 0, owned_by: 'Cerebras' },
    { id: 'gpt-oss-120b', object: 'model', created: 0, owned_by: 'Cerebras' },
  ],
};

/** The limits of the paid key in Scoreboard/gpt-oss-120b_thinking/GenStream-Text.yaml, by window. */
const LIMITS = { 'requests-minute': 1000, 'requests-hour': 60000, 'requests-day': 1440000, 'tokens-minute': 1000000, 'tokens-hour': 120000000, 'tokens-day': 2000000000 };

function limitHeaders(used: number, spent: readonly string[] = []): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [window, limit] of Object.entries(LIMITS)) {
    const tokens = window.startsWith('tokens');
    headers[`x-ratelimit-limit-${window}`] = String(limit);
    headers[`x-ratelimit-remaining-${window}`] = spent.includes(window) ? '0' : String(limit - used * (tokens ? 16391 : 1));
  }
  return headers;
}

const SCENARIOS = ['queueExceeded', 'dailyTokens'] as const;
type CerebrasScenario = (typeof SCENARIOS)[number];

export const cerebrasFake = openAICompatibleFake<CerebrasScenario>({
  id: 'cerebras',
  extraScenarios: SCENARIOS,
  key: { prefix: 'csk-', length: 52, alphabet: 'abcdefghijklmnopqrstuvwxyz0123456789' },
  basePath: '/v1',
  models: CEREBRAS_MODELS,
  chatModels: CEREBRAS_MODELS.data.map((m) => m.id),
  headers: { server: 'cloudflare', 'x-content-type-options': 'nosniff' },
  requestIdHeader: 'cf-ray',
  requestId: () => `${Math.floor(Math.random() * 2 ** 48).toString(16).padStart(16, '0')}-YUL`,
  rateLimitHeaders: (used) => limitHeaders(used),
  rateLimitsOnInferenceOnly: true,
  streamUsage: 'last_chunk',
  separateFinish: true,
  decorateChunk(chunk, kind) {
    const choices = (chunk.choices as { index: number; delta: Record<string, unknown>; finish_reason: string | null }[]).map((c) =>
      kind === 'finish' ? { delta: {}, finish_reason: c.finish_reason, index: c.index } : { delta: kind === 'role' ? { role: 'assistant' } : c.delta, index: c.index },
    );
    const out: Record<string, unknown> = { id: chunk.id, choices, created: chunk.created, model: chunk.model, system_fingerprint: 'fp_109d9dad056b2cea1f40', object: chunk.object };
    if (kind === 'finish' && chunk.usage) {
      const usage = chunk.usage as { prompt_tokens: number; completion_tokens: number; total_tokens: number };
      out.usage = { ...usage, completion_tokens_details: { accepted_prediction_tokens: 0, rejected_prediction_tokens: 0, reasoning_tokens: 0 }, prompt_tokens_details: { cached_tokens: 0 } };
      // Seconds, as recorded: queue 4.0 ms + prompt 1.6 ms is Cerebras' own time to the first token.
      out.time_info = { created: Date.now() / 1000, queue_time: 0.004025435, prompt_time: 0.00157694, completion_time: 0.019213431, total_time: 0.02756023406982422 };
    }
    return out;
  },
  decorateCompletion: (body) => ({
    ...body,
    system_fingerprint: 'fp_109d9dad056b2cea1f40',
    time_info: { created: Date.now() / 1000, queue_time: 0.004383594, prompt_time: 0.001705411, completion_time: 0.016190621, total_time: 0.1932518482208252 },
  }),
  answers: {
    // errors/bad_apiKey/ListModels.yaml: the same body on /v1/models and on chat.
    invalid: { status: 401, body: { message: 'Wrong API Key', type: 'invalid_request_error', param: 'api_key', code: 'wrong_api_key' } },
    // Scoreboard/gpt-oss-120b_thinking/GenStreamMultiModal-Image-jpg-Inline.yaml (a chat with an image).
    forbidden: { status: 403, body: { message: 'Multimodal is not enabled for your organization and model', type: 'invalid_request_error', param: 'model', code: 'multimodal_not_enabled' } },
    // nminaya/grammar-nazi-bot#967 (2026-08).
    quotaExhausted: { status: 402, body: { message: 'Payment required to access this resource. Visit your billing tab.', type: 'payment_required_error', param: 'quota', code: 'payment_required' } },
    // nminaya/grammar-nazi-bot#958 (2026-08).
    rateLimited: { status: 429, body: { message: 'Requests per minute limit exceeded - too many requests sent.', type: 'too_many_requests_error', param: 'quota', code: 'request_quota_exceeded' }, headers: { 'retry-after': '1' } },
    // The words of the capacity 429 and the token-limit type and code are quoted in public reports
    // (see src/content/errors/cerebras/429.mdx); the per-day wording and its headers are synthetic.
    queueExceeded: { status: 429, body: { message: "We're experiencing high traffic right now! Please try again soon.", type: 'too_many_requests_error', param: 'queue', code: 'queue_exceeded' } },
    dailyTokens: (): Canned => ({
      status: 429,
      body: { message: 'Tokens per day limit exceeded - too many tokens processed.', type: 'too_many_tokens_error', param: 'quota', code: 'token_quota_exceeded' },
      headers: { ...limitHeaders(1, ['tokens-day']), 'x-ratelimit-reset-tokens-day': '33011.4' },
    }),
    // errors/bad_model/GenSync.yaml.
    notFound: { status: 404, body: { message: 'Model bad model does not exist or you do not have access to it.', type: 'not_found_error', param: 'model', code: 'model_not_found' } },
    // Synthetic: no Cerebras 5xx body is recorded; this is its flat shape.
    serverError: { status: 500, body: { message: 'Internal server error', type: 'internal_server_error', param: null, code: 'internal_server_error' } },
    echoBodyRequestId: { status: 401, body: {} },
  },
  inferenceOnly: ['forbidden', 'quotaExhausted', 'rateLimited', 'queueExceeded', 'dailyTokens'],
});

export const CEREBRAS_DEMO_KEYS = demoKeysOf(cerebrasFake, {
  queueExceeded: "Cerebras is short of capacity (429 queue_exceeded), not the key's limit",
  dailyTokens: 'the daily token allowance is used up (429)',
});
