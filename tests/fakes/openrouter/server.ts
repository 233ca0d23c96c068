// OpenRouter's fake: GET /api/v1/key, the public GET /api/v1/models, POST /api/v1/chat/completions,
// with OpenRouter's real error bodies and stream dialect. Scenarios, their keys and their sources:
// tests/fakes/openrouter/README.md. Bodies quoted from public reports are marked "real" there; the
// rest is built from OpenRouter's docs (c26125a, 2026-08-22) or marked synthetic.
import { randomBytes } from 'node:crypto';
import { bearerKey, fakeKey, GENERIC_FAULTS, type FakeCall, type FakeModule, type GenericFault } from '../framework.ts';
import { MODEL_LIST, modelFacts } from './models.ts';

export const OPENROUTER_SCENARIOS = [
  'valid',
  'capped',
  'freeTier',
  'lowCredit',
  'keyCapReached',
  'keyLimitExceeded',
  'keyExhausted',
  'managementKey',
  'invalid',
  'guardrail',
  'regionRestricted',
  'rateLimited',
  'freeDailyLimit',
  'upstreamRateLimited',
  'capacityExhausted',
  'notFound',
  'requestTimeout',
  'serverError',
  'badGateway',
  'processing',
  'streamError',
  'streamRateLimited',
  'malformedSse',
  'resetMidStream',
  'streamNoDone',
  'echoRequestIdHeader',
  ...GENERIC_FAULTS,
] as const;
export type OpenRouterScenario = (typeof OPENROUTER_SCENARIOS)[number];

export const OPENROUTER_DESCRIPTIONS: Record<OpenRouterScenario, string> = {
  valid: 'a working key without a credit limit of its own',
  capped: 'a working key with a $100 monthly limit, $74.50 left, expiring 2027-12-31',
  freeTier: 'an account that never bought credits: paid calls get 402',
  lowCredit: 'credits for 200 output tokens: calls without a small max_tokens get 402',
  keyCapReached: "the key's monthly cap is spent: paid calls get 402 (settings/keys)",
  keyLimitExceeded: "the key's cap is spent: paid calls get 403 “Key limit exceeded”",
  keyExhausted: 'the key check says nothing of its limit is left',
  managementKey: 'a management key: it cannot call models',
  invalid: 'an unknown key (401 “User not found.”)',
  guardrail: 'a guardrail blocks model calls (403)',
  regionRestricted: 'the model is not offered where the test runs (403 region_restricted)',
  rateLimited: 'OpenRouter’s own per-minute limit (429)',
  freeDailyLimit: 'the daily allowance of :free models is spent (429)',
  upstreamRateLimited: 'the upstream provider limits the model (429 “Provider returned error”)',
  capacityExhausted: 'every provider of the model is at capacity (429 capacity_exhausted)',
  notFound: 'no provider allowed for the model (404)',
  requestTimeout: 'the call times out at OpenRouter (408)',
  serverError: 'the key check fails (500)',
  badGateway: 'the upstream fails before answering (502)',
  processing: 'working; streams send “: OPENROUTER PROCESSING” for 400 ms before the first token',
  streamError: 'working; a stream fails after it started (error 400 inside the 200 stream)',
  streamRateLimited: 'working; a stream is rate-limited after it started (error 429 inside the 200 stream)',
  malformedSse: 'working; streams carry broken events',
  resetMidStream: 'working; streams are cut off midway',
  streamNoDone: 'working; streams end without [DONE]',
  echoRequestIdHeader: 'echoes the key in its X-Generation-Id header',
  hang: 'never answers (timeout)',
  resetBeforeHeaders: 'the connection is reset before any answer',
  redirectForeign: 'answers with a redirect',
  redirectForeignHost: 'redirects to a foreign host',
  hugeBody: 'an endless answer to the key check',
};

const KEY_SHAPE = { prefix: 'sk-or-v1-', length: 73, alphabet: '0123456789abcdef' };
export const openrouterKeyFor = (scenario: OpenRouterScenario) => fakeKey(`openrouter:${scenario}`, KEY_SHAPE);

const hex = (n: number) => randomBytes(n).toString('hex');
const alnum = (n: number) => randomBytes(n * 2).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, n);
/** OpenRouter's ids: `gen-<unix seconds>-<20 letters and digits>`. */
const generationId = () => `gen-${Math.floor(Date.now() / 1000)}-${alnum(20)}`;
/** Error bodies carry the account's id; the tester must never pass it on. */
const USER_ID = 'user_2wT5ElBE4Es3R4QrNLpZiXICmQP';

/** Response headers of every answer (recordings: Cloudflare in front, CORS open). */
const COMMON: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'X-Generation-Id,cf-ray',
  'referrer-policy': 'no-referrer, strict-origin-when-cross-origin',
  server: 'cloudflare',
  'x-content-type-options': 'nosniff',
};

const PROCESSING = ': OPENROUTER PROCESSING\n\n';
const COMMENT_EVERY_MS = 100;

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const error = (code: number, message: string, extra: Record<string, unknown> = {}, withUser = true): unknown => ({
  error: { message, code, ...extra },
  ...(withUser ? { user_id: USER_ID } : {}),
});

// ------------------------------------------------------------------------------------------------
// GET /api/v1/key
// ------------------------------------------------------------------------------------------------

/** The key check's answer (docs limits.mdx and openapi `/key`), its label masked from the key as OpenRouter does. */
function keyInfo(key: string, over: Record<string, unknown> = {}) {
  return {
    data: {
      label: `sk-or-v1-${key.slice(9, 12)}...${key.slice(-3)}`,
      is_management_key: false,
      is_provisioning_key: false,
      limit: null,
      limit_reset: null,
      limit_remaining: null,
      include_byok_in_limit: false,
      usage: 0.194551016,
      usage_daily: 0,
      usage_weekly: 0.009842803,
      usage_monthly: 0.009842803,
      byok_usage: 0,
      byok_usage_daily: 0,
      byok_usage_weekly: 0,
      byok_usage_monthly: 0,
      is_free_tier: false,
      creator_user_id: USER_ID,
      expires_at: null,
      rate_limit: { requests: -1, interval: '10s', note: 'This field is deprecated and safe to ignore.' },
      ...over,
    },
  };
}

function keyAnswer(scenario: OpenRouterScenario, key: string): Answer {
  switch (scenario) {
    case 'capped':
      // The docs' example key.
      return { status: 200, body: keyInfo(key, { limit: 100, limit_reset: 'monthly', limit_remaining: 74.5, usage: 25.5, usage_daily: 25.5, usage_weekly: 25.5, usage_monthly: 25.5, expires_at: '2027-12-31T23:59:59Z' }) };
    case 'freeTier':
      return { status: 200, body: keyInfo(key, { is_free_tier: true, usage: 0, usage_weekly: 0, usage_monthly: 0 }) };
    case 'keyCapReached':
      // Synthetic numbers: the key check still shows a sliver left while a call's reservation does not fit.
      return { status: 200, body: keyInfo(key, { limit: 5, limit_reset: 'monthly', limit_remaining: 0.0004, usage: 4.9996, usage_monthly: 4.9996 }) };
    case 'keyLimitExceeded':
      return { status: 200, body: keyInfo(key, { limit: 10, limit_reset: null, limit_remaining: 0.002, usage: 9.998 }) };
    case 'keyExhausted':
      return { status: 200, body: keyInfo(key, { limit: 10, limit_reset: 'monthly', limit_remaining: 0, usage: 10, usage_monthly: 10 }) };
    case 'managementKey':
      return { status: 200, body: keyInfo(key, { is_management_key: true, is_provisioning_key: true, usage: 0, usage_weekly: 0, usage_monthly: 0 }) };
    case 'serverError':
      // openapi `/key` 500 example.
      return { status: 500, body: error(500, 'Internal Server Error', {}, false) };
    default:
      return { status: 200, body: keyInfo(key) };
  }
}

// ------------------------------------------------------------------------------------------------
// POST /api/v1/chat/completions: refusals before any token
// ------------------------------------------------------------------------------------------------

/** Credits of the `lowCredit` account, in output tokens of the checks' models (synthetic). */
const AFFORDABLE_TOKENS = 200;

const nextUtcMidnightMs = () => {
  const d = new Date();
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
};

function refusal(scenario: OpenRouterScenario, requested: number, model: string): Answer | null {
  switch (scenario) {
    case 'freeTier':
      // Real: babikov/doka-site#7 (2026-04), numbers from this request.
      return {
        status: 402,
        body: error(402, `This request requires more credits, or fewer max_tokens. You requested up to ${requested} tokens, but can only afford 0. To increase, visit https://openrouter.ai/settings/credits and upgrade to a paid account`, { metadata: { provider_name: null } }),
      };
    case 'lowCredit':
      if (requested <= AFFORDABLE_TOKENS) return null;
      // Real shape (limit_source and remedy_hint, 2026-08 reports); the affordable count is synthetic.
      return {
        status: 402,
        body: error(402, `This request requires more credits, or fewer max_tokens. You requested up to ${requested} tokens, but can only afford ${AFFORDABLE_TOKENS}. To increase, visit https://openrouter.ai/settings/credits and add more credits`, {
          metadata: { limit_source: 'openrouter_credits', remedy_hint: 'Add credits at https://openrouter.ai/settings/credits, or lower max_tokens / prompt size to fit your remaining balance.', provider_name: null },
        }),
      };
    case 'keyCapReached':
      // Real: anomalyco/opencode#12219 (2026-02).
      return {
        status: 402,
        body: error(402, `This request requires more credits, or fewer max_tokens. You requested up to ${requested} tokens, but can only afford 0. To increase, visit https://openrouter.ai/settings/keys and create a key with a higher monthly limit`, { metadata: { provider_name: null } }),
      };
    case 'keyLimitExceeded':
      // Real: gptme/gptme#1449 (2026-02).
      return { status: 403, body: error(403, 'Key limit exceeded (monthly limit). Manage it using https://openrouter.ai/settings/keys', {}, false) };
    case 'managementKey':
      // Real: a management key's model calls get this (Davidvandijcke/coarse#173, 2026-04).
      return { status: 401, body: error(401, 'User not found.', {}, false) };
    case 'guardrail':
      // OpenRouter docs, errors-and-debugging.mdx (guardrail errors).
      return { status: 403, body: error(403, 'Request blocked: prompt injection patterns detected', { metadata: { patterns: ['ignore all previous instructions'] } }, false) };
    case 'regionRestricted':
      // Synthetic message in the documented shape (errors-and-debugging.mdx, availability codes).
      return {
        status: 403,
        body: {
          error: {
            message: `${model} is not available in your region.`,
            error_type: 'permission_denied',
            http_status: 403,
            availability: { code: 'region_restricted', retryable: false, requested_models: [model], excluded_by: ['geo'], docs_url: 'https://openrouter.ai/docs/errors#region_restricted' },
          },
        },
      };
    case 'rateLimited': {
      // Message real (free-models-per-min); headers as OpenRouter sends them on its own 429s, values synthetic.
      const reset = String(Date.now() + 1000);
      const headers = { 'X-RateLimit-Limit': '20', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': reset };
      return { status: 429, headers, body: error(429, 'Rate limit exceeded: free-models-per-min. ', { metadata: { headers } }) };
    }
    case 'freeDailyLimit': {
      // Real: Gitlawb/openclaude#936 (2026-04), reset at the next 00:00 UTC in epoch milliseconds.
      const headers = { 'X-RateLimit-Limit': '50', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(nextUtcMidnightMs()) };
      return { status: 429, headers, body: error(429, 'Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day', { metadata: { headers } }) };
    }
    case 'upstreamRateLimited':
      // Real: open-webui/computer#293 (2026-09), the integrations URL as OpenRouter writes it (pydantic-ai recording).
      return {
        status: 429,
        body: error(429, 'Provider returned error', {
          metadata: {
            raw: `${model} is temporarily rate-limited upstream. Please retry shortly, or add your own key to accumulate your rate limits: https://openrouter.ai/settings/integrations`,
            provider_name: 'BaseTen',
            limit_source: 'upstream_provider_shared_pool',
            remedy_hint: 'Retry shortly, add your own provider key, or route to another provider',
          },
        }),
      };
    case 'capacityExhausted':
      // OpenRouter docs' example (errors-and-debugging.mdx, capacity_exhausted), for this model.
      return {
        status: 429,
        headers: { 'Retry-After': '40' },
        body: {
          error: {
            message: `All providers for ${model} are at capacity. Retry after 40 seconds.`,
            error_type: 'rate_limit_exceeded',
            http_status: 429,
            availability: { code: 'capacity_exhausted', retryable: true, retry_after: 40, requested_models: [model], affected_providers: ['mistral', 'deepinfra'], docs_url: 'https://openrouter.ai/docs/errors#capacity_exhausted' },
            metadata: { previous_errors: [{ provider: 'mistral', code: 'capacity_exhausted', status: 429 }] },
          },
        },
      };
    case 'notFound':
      // Real: farion1231/cc-switch#995 (2026-02).
      return { status: 404, body: error(404, 'No allowed providers are available for the selected model.', { metadata: { available_providers: ['mistral'], requested_providers: ['anthropic'] } }, false) };
    case 'requestTimeout':
      // Synthetic body with the docs' words for 408.
      return { status: 408, body: error(408, 'Your request timed out', {}, false) };
    case 'badGateway':
      // Real: the error object of cline/cline#5449 (2025-08), in OpenRouter's envelope.
      return {
        status: 502,
        body: error(502, 'Upstream error from AtlasCloud: Unexpected token 173781 while expecting start token 200006', {
          metadata: { raw: { object: 'error', message: 'Unexpected token 173781 while expecting start token 200006', type: 'BadRequestError', param: null, code: 400 }, provider_name: 'AtlasCloud' },
        }),
      };
    default:
      return null;
  }
}

// ------------------------------------------------------------------------------------------------
// answers and streams (shape: maruel/genai and pydantic-ai recordings of OpenRouter, 2025-11 to 2026-08)
// ------------------------------------------------------------------------------------------------

const WORDS = [' Hello', ',', ' this', ' is', ' a', ' deterministic', ' reply', ' from', ' a', ' fake', ' API', '.'];
const tokenAt = (i: number) => WORDS[i % WORDS.length] ?? '';

function usageOf(n: number, prices: { prompt: number; completion: number }) {
  const prompt = 12;
  const promptCost = prompt * prices.prompt;
  const completionCost = n * prices.completion;
  return {
    prompt_tokens: prompt,
    completion_tokens: n,
    total_tokens: prompt + n,
    cost: Number((promptCost + completionCost).toPrecision(6)),
    is_byok: false,
    prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0, audio_tokens: 0, video_tokens: 0 },
    cost_details: { upstream_inference_cost: Number((promptCost + completionCost).toPrecision(6)), upstream_inference_prompt_cost: Number(promptCost.toPrecision(6)), upstream_inference_completions_cost: Number(completionCost.toPrecision(6)) },
    completion_tokens_details: { reasoning_tokens: 0, image_tokens: 0, audio_tokens: 0 },
  };
}

async function streamAnswer(call: FakeCall<OpenRouterScenario>, headers: Record<string, string>, chunks: string[], tail: string[], resetAfter?: number): Promise<void> {
  if (call.closed) return;
  call.res.writeHead(200, headers);
  // While the model starts, OpenRouter keeps the connection busy with SSE comments: no token yet.
  call.res.write(PROCESSING);
  const start = performance.now();
  const first = start + call.timing.firstTokenMs;
  for (let at = start + COMMENT_EVERY_MS; at < first; at += COMMENT_EVERY_MS) {
    if (!(await call.sleepUntil(at))) return;
    call.res.write(PROCESSING);
  }
  for (let i = 0; i < chunks.length; i++) {
    if (!(await call.sleepUntil(first + i * call.timing.interTokenMs))) return;
    if (resetAfter === i) {
      call.res.write(chunks[i] ?? '', () => call.req.socket.resetAndDestroy());
      return;
    }
    call.res.write(chunks[i] ?? '');
  }
  for (const event of tail) call.res.write(event);
  call.res.end();
}

async function chat(call: FakeCall<OpenRouterScenario>, scenario: OpenRouterScenario, common: Record<string, string>, reply: (a: Answer) => void): Promise<void> {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(call.body) as Record<string, unknown>;
  } catch {
    return reply({ status: 400, body: error(400, 'Invalid JSON body', {}, false) });
  }
  const model = String(body.model ?? '');
  const facts = modelFacts(model);
  // Real: maruel/genai recording errors/bad_model (2026-05).
  if (!facts) return reply({ status: 400, body: error(400, `${model} is not a valid model ID`) });
  const max = typeof body.max_tokens === 'number' ? body.max_tokens : typeof body.max_completion_tokens === 'number' ? body.max_completion_tokens : null;
  // Without max_tokens, OpenRouter reserves credit for the model's whole maximum answer.
  const requested = max ?? facts.maxOut;
  const refused = refusal(scenario, requested, model);
  if (refused) return reply(refused);

  const n = Math.min(max ?? Infinity, call.timing.completionTokens);
  const id = generationId();
  const created = Math.floor(Date.now() / 1000);
  const usage = usageOf(n, facts);
  const finish = n >= (max ?? Infinity) ? 'length' : 'stop';
  const headers = { ...common, 'x-generation-id': scenario === 'echoRequestIdHeader' ? `gen-${call.key}` : id };
  if (body.stream !== true) {
    if (!(await call.sleepUntil(performance.now() + call.timing.firstTokenMs + Math.max(0, n - 1) * call.timing.interTokenMs))) return;
    const text = Array.from({ length: n }, (_, i) => tokenAt(i)).join('');
    return reply({
      status: 200,
      headers,
      body: {
        id,
        object: 'chat.completion',
        created,
        model: facts.model,
        provider: facts.provider,
        system_fingerprint: null,
        choices: [{ index: 0, logprobs: null, finish_reason: finish, native_finish_reason: finish, message: { role: 'assistant', content: text, refusal: null, reasoning: null } }],
        usage,
      },
    });
  }

  const chunk = (delta: object, finishReason: string | null, extra: object = {}) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: facts.model, provider: facts.provider, choices: [{ index: 0, delta, finish_reason: finishReason, native_finish_reason: finishReason }], ...extra })}\n\n`;
  const per = Math.max(1, call.timing.tokensPerChunk);
  const chunks: string[] = [];
  for (let i = 0; i < n; i += per) {
    chunks.push(chunk({ role: 'assistant', content: Array.from({ length: Math.min(per, n - i) }, (_, j) => tokenAt(i + j)).join('') }, null));
  }
  if (scenario === 'malformedSse') chunks.splice(1, 0, 'data: not json at all\n\n', 'data: {"choices": null}\n\n');
  const tail: string[] = [];
  if (scenario === 'streamError') {
    // Real: pydantic-ai recording test_openrouter_stream_error (2025-11): the error chunk, then [DONE].
    tail.push(`data: ${JSON.stringify({ id, provider: facts.provider, error: { code: 400, message: 'Token limit reached' }, model: facts.model, object: 'chat.completion.chunk', created, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, native_finish_reason: null, logprobs: null }], usage })}\n\n`);
  } else if (scenario === 'streamRateLimited') {
    // OpenRouter docs' mid-stream error example (errors-and-debugging.mdx).
    tail.push(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: facts.model, provider: facts.provider, error: { code: 429, message: 'Rate limit exceeded', metadata: { error_type: 'rate_limit_exceeded', provider_code: 'rate_limited' } }, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }] })}\n\n`);
  } else {
    tail.push(chunk({ role: 'assistant', content: '' }, finish), chunk({ role: 'assistant', content: '' }, finish, { usage }));
  }
  if (scenario !== 'streamNoDone') tail.push('data: [DONE]\n\n');
  await streamAnswer(call, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }, chunks, tail, scenario === 'resetMidStream' ? 1 : undefined);
}

export const openrouterFake: FakeModule<OpenRouterScenario> = {
  scenarios: OPENROUTER_SCENARIOS,
  keyFor: openrouterKeyFor,
  keyOf: bearerKey,
  timing: { processing: { firstTokenMs: 400 } },
  // Synthetic: no preflight was recorded; every recorded answer allows any origin, so this one does too.
  preflight: { allowOrigin: '*', allowMethods: 'GET, POST, OPTIONS' },
  async handle(call) {
    const scenario = call.scenario;
    const common: Record<string, string> = { ...COMMON, 'cf-ray': `${hex(8)}-YUL` };
    const reply = (a: Answer) => call.json(a.status, a.body, { ...common, ...a.headers });
    if (!(await call.waitHeaders())) return;

    // The model list is public: it answers anyone, key or not (maruel/genai Warmup.yaml, 2026-08).
    if (call.path === '/api/v1/models' && call.method === 'GET') {
      return reply({ status: 200, body: MODEL_LIST, headers: { 'access-control-expose-headers': 'X-Generation-Id,X-Provider-Name,request-id,cf-ray', 'cache-control': 'public, max-age=300, stale-while-revalidate=3600, stale-if-error=3600' } });
    }
    // Real: maruel/genai recording errors/bad_apiKey (2026-05), openapi `/key` 401 example.
    if (call.key === undefined) return reply({ status: 401, body: error(401, 'Missing Authentication header', {}, false) });
    // Real: OpenRouter's answer to a key it does not know (many public logs).
    if (scenario === undefined || scenario === 'invalid') return reply({ status: 401, body: error(401, 'User not found.', {}, false) });
    if ((GENERIC_FAULTS as readonly string[]).includes(scenario)) {
      await call.fault(scenario as GenericFault, { open: '{"data":{"label":"', item: () => 'x'.repeat(64), close: '"}}' });
      return;
    }
    const echo: Record<string, string> = scenario === 'echoRequestIdHeader' ? { 'x-generation-id': `gen-${call.key}` } : {};
    if (call.path === '/api/v1/key' && call.method === 'GET') {
      const a = keyAnswer(scenario, call.key);
      return reply({ ...a, headers: { ...a.headers, ...echo } });
    }
    if (call.path === '/api/v1/chat/completions' && call.method === 'POST') return chat(call, scenario, common, reply);
    return reply({ status: 404, body: error(404, 'Not Found', {}, false) });
  },
};
