// A fake of Anthropic's API (api.anthropic.com), a native module on the shared framework: the
// Messages API with its named stream events, the paged model list, the free token count, and the
// error envelope `{"type":"error","error":{type, message, details?},"request_id"}`.
//
// Real (from live recordings and reported bodies, see src/content/errors/anthropic/ and
// /work/shared/research/providers/anthropic.md): the model cards of 2026-08 (maruel/genai
// Warmup.yaml), the message and stream shapes with their padded data lines and rate-limit headers
// (maruel/genai Scoreboard recordings, 2026), the count_tokens answer, the bodies of 401 "invalid
// x-api-key", 400 "credit balance is too low", 400 "You have reached your specified API usage
// limits", 429 rate_limit_error, 529 overloaded_error, 500 api_error, 404 "model: …", the 401
// "CORS requests are not allowed…" message, and 429 enforced_spend_limit_reached as Anthropic's
// rate-limit docs show it.
//
// Synthetic, marked where used: the Claude Haiku 5.5 and Opus 5.5 cards (released after the
// recording), the 404 body of a disabled key (TruffleHog gives only the status), the 403 wording
// (from Anthropic's errors docs), what an admin key gets here (not seen in any source), the spend
// limit on count_tokens (reported only for the credit error), small model-list pages, a thinking
// block despite `thinking: disabled`, broken and cut-off streams, the answer text.
import type { IncomingMessage } from 'node:http';
import { randomInt, randomUUID } from 'node:crypto';
import { bearerKey, fakeKey, GENERIC_FAULTS, type FakeCall, type FakeModule, type GenericFault } from './framework.ts';

export const ANTHROPIC_SCENARIOS = [
  'valid',
  'pagedModels',
  'thinkingFirst',
  'invalid',
  'disabledKey',
  'adminKey',
  'forbidden',
  'corsRefused',
  'noCredit',
  'usageLimit',
  'spendCap',
  'rateLimited',
  'overloaded',
  'streamOverloaded',
  'serverError',
  'modelNotFound',
  'malformedSse',
  'resetMidStream',
  'streamNoStop',
  ...GENERIC_FAULTS,
] as const;

export type AnthropicScenario = (typeof ANTHROPIC_SCENARIOS)[number];

export const ANTHROPIC_DESCRIPTIONS: Record<AnthropicScenario, string> = {
  valid: 'a working key with credit',
  pagedModels: 'a working key; the model list comes in pages',
  thinkingFirst: 'a working key; streams think before they answer',
  invalid: '401 invalid x-api-key',
  disabledKey: 'a disabled key (404 on the model list)',
  adminKey: 'an Admin API key (sk-ant-admin01-)',
  forbidden: '403 permission_error',
  corsRefused: '401: the organization refuses browser calls',
  noCredit: '400 “Your credit balance is too low”',
  usageLimit: '400 “You have reached your specified API usage limits”',
  spendCap: '429 enforced_spend_limit_reached on /v1/messages',
  rateLimited: '429 rate_limit_error',
  overloaded: '529 overloaded_error',
  streamOverloaded: 'a working key; streams end in an overloaded_error event',
  serverError: '500 api_error',
  modelNotFound: 'lists models, but /v1/messages answers 404 “model: …”',
  malformedSse: 'a working key; streams carry a broken event',
  resetMidStream: 'a working key; streams are cut off midway',
  streamNoStop: 'a working key; streams end without message_stop',
  hang: 'never answers (timeout)',
  resetBeforeHeaders: 'the connection is reset before any answer',
  redirectForeign: 'answers with a redirect',
  redirectForeignHost: 'redirects to a foreign host',
  hugeBody: 'an endless model list',
};

const API_PREFIX = 'sk-ant-api03-';
const ADMIN_PREFIX = 'sk-ant-admin01-';

/** Keys of the real shape: prefix, 93 characters, `AA` (TruffleHog's and gitleaks' rule). */
export function anthropicKeyFor(scenario: AnthropicScenario): string {
  const prefix = scenario === 'adminKey' ? ADMIN_PREFIX : API_PREFIX;
  return `${fakeKey(`anthropic:${scenario}`, { prefix, length: prefix.length + 93 })}AA`;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const base62 = (n: number) => Array.from({ length: n }, () => ALNUM[randomInt(ALNUM.length)]).join('');
/** `req_011CbXcvfEJXcr6SSABkFoMJ`, `msg_01BmhrP5qs36cUpH41K9AEqA`. */
const requestId = () => `req_011C${base62(20)}`;
const messageId = () => `msg_01${base62(22)}`;
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

// ---------------------------------------------------------------------------------------------
// models (GET /v1/models, 2026-08 recording; capabilities rebuilt from it card by card)
// ---------------------------------------------------------------------------------------------

type Generation = 'gen5' | 'gen46' | 'opus45' | 'haiku45' | 'sonnet45';
const s = (supported: boolean) => ({ supported });

function capabilitiesOf(gen: Generation) {
  const effortLevels = { gen5: [1, 1, 1, 1, 1], gen46: [1, 1, 1, 0, 1], opus45: [1, 1, 1, 0, 0], haiku45: [0, 0, 0, 0, 0], sonnet45: [0, 0, 0, 0, 0] }[gen];
  const [low, medium, high, xhigh, max] = effortLevels.map((on) => s(on === 1));
  const modern = gen === 'gen5' || gen === 'gen46';
  return {
    batch: s(true),
    citations: s(true),
    code_execution: s(gen !== 'haiku45'),
    context_management: { supported: true, clear_tool_uses_20250919: s(true), clear_thinking_20251015: s(true), compact_20260112: s(modern) },
    effort: { supported: effortLevels[0] === 1, low, medium, high, xhigh, max },
    image_input: s(true),
    pdf_input: s(true),
    structured_outputs: s(true),
    thinking: { supported: true, types: { enabled: s(gen !== 'gen5'), adaptive: s(modern) } },
  };
}

const card = (id: string, name: string, created: string, maxInput: number, maxTokens: number, gen: Generation) => ({
  type: 'model',
  id,
  display_name: name,
  created_at: `${created}T00:00:00Z`,
  max_input_tokens: maxInput,
  max_tokens: maxTokens,
  capabilities: capabilitiesOf(gen),
});

/** Newest first, as Anthropic lists them. */
export const ANTHROPIC_MODELS = [
  // Synthetic: released 2026-10-07, after the recording; cards shaped like the recorded gen-5 ones.
  card('claude-opus-5-5', 'Claude Opus 5.5', '2026-10-07', 1_000_000, 128_000, 'gen5'),
  card('claude-haiku-5-5', 'Claude Haiku 5.5', '2026-10-07', 1_000_000, 128_000, 'gen5'),
  // Real (maruel/genai Warmup.yaml, 2026-08-17).
  card('claude-opus-5', 'Claude Opus 5', '2026-07-24', 1_000_000, 128_000, 'gen5'),
  card('claude-sonnet-5', 'Claude Sonnet 5', '2026-06-29', 1_000_000, 128_000, 'gen5'),
  card('claude-fable-5', 'Claude Fable 5', '2026-06-07', 1_000_000, 128_000, 'gen5'),
  card('claude-opus-4-8', 'Claude Opus 4.8', '2026-05-28', 1_000_000, 128_000, 'gen5'),
  card('claude-opus-4-7', 'Claude Opus 4.7', '2026-04-14', 1_000_000, 128_000, 'gen5'),
  card('claude-sonnet-4-6', 'Claude Sonnet 4.6', '2026-02-17', 1_000_000, 128_000, 'gen46'),
  card('claude-opus-4-6', 'Claude Opus 4.6', '2026-02-04', 1_000_000, 128_000, 'gen46'),
  card('claude-opus-4-5-20251101', 'Claude Opus 4.5', '2025-11-24', 200_000, 64_000, 'opus45'),
  card('claude-haiku-4-5-20251001', 'Claude Haiku 4.5', '2025-10-15', 200_000, 64_000, 'haiku45'),
  card('claude-sonnet-4-5-20250929', 'Claude Sonnet 4.5', '2025-09-29', 1_000_000, 64_000, 'sonnet45'),
];
const MODEL_IDS = new Set(ANTHROPIC_MODELS.map((m) => m.id));
/** Aliases the API accepts besides the listed ids. */
const ALIASES: Record<string, string> = { 'claude-haiku-4-5': 'claude-haiku-4-5-20251001', 'claude-opus-4-5': 'claude-opus-4-5-20251101', 'claude-sonnet-4-5': 'claude-sonnet-4-5-20250929' };
const knownModel = (id: string) => MODEL_IDS.has(id) || id in ALIASES;

// ---------------------------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------------------------

interface Answer {
  status: number;
  type: string;
  message: string;
  details?: Record<string, unknown>;
  headers?: Record<string, string>;
}

const ERRORS = {
  // maruel/genai errors/bad_apiKey/ListModels.yaml (2026-05-29).
  invalid: { status: 401, type: 'authentication_error', message: 'invalid x-api-key' },
  // Synthetic body: TruffleHog's detector says only "404 is returned if api key is disabled or not found".
  disabledKey: { status: 404, type: 'not_found_error', message: 'Not Found' },
  // Synthetic: no source shows what an admin key gets outside the Admin API; the API-key 401 is assumed.
  adminKey: { status: 401, type: 'authentication_error', message: 'invalid x-api-key' },
  // Synthetic wording, from Anthropic's errors page ("Your API key does not have permission to use the specified resource").
  forbidden: { status: 403, type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' },
  // The message a browser extension got (nanobrowser report quoted on blog.gitcode.com).
  corsRefused: { status: 401, type: 'authentication_error', message: 'CORS requests are not allowed for this Organization because of its settings.' },
  // anthropics/claude-code#66314, #88711 (2026).
  noCredit: { status: 400, type: 'invalid_request_error', message: 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.' },
  // anthropics/claude-code#38035 (2026-03).
  usageLimit: { status: 400, type: 'invalid_request_error', message: 'You have reached your specified API usage limits. You will regain access on 2026-04-01 at 00:00 UTC.' },
  // Anthropic's rate-limits docs (sample body; no retry-after).
  spendCap: {
    status: 429,
    type: 'rate_limit_error',
    message: "You have reached your API usage limits: your organization has crossed its monthly API usage threshold, set based on your organization's API tier.",
    details: { error_code: 'enforced_spend_limit_reached' },
  },
  // continuedev/continue#12057 (2026-04), in the wire envelope; retry-after of 1 s is synthetic.
  rateLimited: {
    status: 429,
    type: 'rate_limit_error',
    message:
      "This request would exceed your organization's rate limit of 30,000 input tokens per minute (org: ef36bf5a-434a-4c52-b7a0-ba958aef9dfd, model: claude-haiku-5-5). For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://claude.com/contact-sales to discuss your options for a rate limit increase.",
    headers: { 'retry-after': '1' },
  },
  // anthropics/claude-code#35782 (2026-03); x-should-retry: true (anthropic-sdk-typescript#616).
  overloaded: { status: 529, type: 'overloaded_error', message: 'Overloaded' },
  // anthropics/claude-code#91800 (2026-09).
  serverError: { status: 500, type: 'api_error', message: 'Internal server error' },
} satisfies Record<string, Answer>;

const OVERLOADED_EVENT = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };

// ---------------------------------------------------------------------------------------------
// the module
// ---------------------------------------------------------------------------------------------

const WORDS = [' Hello', ',', ' this', ' is', ' a', ' deterministic', ' reply', ' from', ' a', ' fake', ' Claude', '.'];
const tokenAt = (i: number) => (i === 0 ? 'Hello' : (WORDS[i % WORDS.length] ?? ''));
const countTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function textOf(messages: unknown): string {
  if (!Array.isArray(messages)) return '';
  return messages
    .map((m: unknown) => {
      const content = (m as { content?: unknown } | null)?.content;
      if (typeof content === 'string') return content;
      return Array.isArray(content) ? content.map((b: unknown) => String((b as { text?: unknown } | null)?.text ?? '')).join('') : '';
    })
    .join('\n');
}

/** One SSE event; `pad` copies the trailing spaces of the real stream's data lines. */
const sse = (name: string, data: unknown, pad = '') => `event: ${name}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}${pad}\n\n`;

const HUGE_LIST = {
  open: '{"data":[',
  item: (i: number) => JSON.stringify({ type: 'model', id: `claude-fake-${i}`, display_name: `Claude Fake ${i}`, created_at: '2026-01-01T00:00:00Z', max_input_tokens: 200_000, max_tokens: 64_000 }),
  close: '],"has_more":false,"first_id":null,"last_id":null}',
};

export const anthropicFake: FakeModule<AnthropicScenario> = {
  // SYNTHETIC: no preflight was recorded; this one allows any origin and the headers asked for, so
  // that what decides a page's call is the rule below, which was recorded.
  preflight: { allowOrigin: '*', allowMethods: 'GET, POST, OPTIONS' },
  scenarios: ANTHROPIC_SCENARIOS,
  keyFor: anthropicKeyFor,
  // `x-api-key` (API version 2023-06-01, what Keyprobe sends); the official SDK since 1.0.0
  // (API version 2026-10-21) sends API keys as `Authorization: Bearer`.
  keyOf: (req: IncomingMessage) => {
    const key = req.headers['x-api-key'];
    return typeof key === 'string' && key !== '' ? key : bearerKey(req);
  },
  createState: () => ({ used: new Map<string, number>(), organization: randomUUID() }),
  async handle(call: FakeCall<AnthropicScenario>, state: unknown) {
    const { used, organization } = state as { used: Map<string, number>; organization: string };
    const scenario = call.scenario;
    const id = requestId();
    const common: Record<string, string> = {
      'request-id': id,
      'anthropic-organization-id': organization,
      server: 'cloudflare',
      'cf-ray': `${base62(16).toLowerCase()}-YUL`,
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'x-robots-tag': 'none',
    };
    // A call from a page (it has an Origin) is served only with the opt-in header, and then with
    // `access-control-allow-origin: *` and `access-control-expose-headers: *`; without it, a 401
    // that carries no CORS header, so the page cannot read it (open-pencil/open-pencil#436, curl of
    // the live API, 2026-07-31; the body from ChatGPTNextWeb/NextChat#5429).
    const fromPage = call.req.headers.origin !== undefined;
    const optedIn = call.req.headers['anthropic-dangerous-direct-browser-access'] === 'true';
    if (fromPage && optedIn) Object.assign(common, { 'access-control-allow-origin': '*', 'access-control-expose-headers': '*' });
    const fail = (answer: Answer, extra: Record<string, string> = {}) => {
      const error = { type: answer.type, message: answer.message, ...(answer.details ? { details: answer.details } : {}) };
      const retry = answer.status === 429 || answer.status >= 500 ? 'true' : 'false';
      call.json(answer.status, { type: 'error', error, request_id: id }, { ...common, 'x-should-retry': retry, ...extra, ...answer.headers });
    };
    if (!(await call.waitHeaders())) return;

    if (fromPage && !optedIn) return fail({ status: 401, type: 'authentication_error', message: "CORS requests must set 'anthropic-dangerous-direct-browser-access' header" });
    if (scenario !== undefined && (GENERIC_FAULTS as readonly string[]).includes(scenario)) {
      await call.fault(scenario as GenericFault, HUGE_LIST);
      return;
    }
    if (call.key === undefined || scenario === undefined) return fail(ERRORS.invalid);
    // Synthetic wording; the real answer to a missing version header was not found.
    if (!call.req.headers['anthropic-version']) return fail({ status: 400, type: 'invalid_request_error', message: 'anthropic-version: header is required' });
    switch (scenario) {
      case 'invalid':
      case 'disabledKey':
      case 'adminKey':
      case 'forbidden':
      case 'corsRefused':
      case 'rateLimited':
      case 'overloaded':
      case 'serverError':
        return fail(ERRORS[scenario]);
    }

    const path = call.path;
    if (call.method === 'GET' && path === '/v1/models') return listModels(call, scenario, common);
    if (call.method === 'GET' && path.startsWith('/v1/models/')) {
      const model = decodeURIComponent(path.slice('/v1/models/'.length));
      const found = ANTHROPIC_MODELS.find((m) => m.id === (ALIASES[model] ?? model));
      return found ? call.json(200, found, common) : fail({ status: 404, type: 'not_found_error', message: `model: ${model}` });
    }
    if (call.method !== 'POST' || (path !== '/v1/messages' && path !== '/v1/messages/count_tokens')) {
      return fail({ status: 404, type: 'not_found_error', message: 'Not Found' });
    }

    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(call.body);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return fail({ status: 400, type: 'invalid_request_error', message: 'There was an issue with your request body: it is not valid JSON.' });
    }
    const model = String(body.model ?? '');
    const counting = path === '/v1/messages/count_tokens';
    if (scenario === 'noCredit' || scenario === 'usageLimit') return fail(ERRORS[scenario]);
    if (!Array.isArray(body.messages) || body.messages.length === 0) return fail({ status: 400, type: 'invalid_request_error', message: 'messages: Field required' });
    if (!knownModel(model)) return fail({ status: 404, type: 'not_found_error', message: `model: ${model}` });
    const inputTokens = countTokens(textOf(body.messages)) + 7;
    if (counting) return call.json(200, { input_tokens: inputTokens }, common);

    // /v1/messages: the only route with rate-limit headers.
    if (scenario === 'spendCap') return fail(ERRORS.spendCap);
    if (scenario === 'modelNotFound') return fail({ status: 404, type: 'not_found_error', message: `model: ${model}` });
    if (typeof body.max_tokens !== 'number') return fail({ status: 400, type: 'invalid_request_error', message: 'max_tokens: Field required' });
    const count = (used.get(call.key) ?? 0) + 1;
    used.set(call.key, count);
    const reset = rfc3339(Date.now() + 1000);
    const limits: Record<string, string> = {};
    for (const [kind, limit, spent] of [
      ['requests', 4000, count],
      ['tokens', 4_800_000, 0],
      ['input-tokens', 4_000_000, 0],
      ['output-tokens', 800_000, 0],
    ] as const) {
      limits[`anthropic-ratelimit-${kind}-limit`] = String(limit);
      limits[`anthropic-ratelimit-${kind}-remaining`] = String(limit - spent);
      limits[`anthropic-ratelimit-${kind}-reset`] = reset;
    }

    const n = Math.min(body.max_tokens, call.timing.completionTokens);
    const stop = n >= body.max_tokens ? 'max_tokens' : 'end_turn';
    const usage = {
      input_tokens: inputTokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      output_tokens: n,
      service_tier: 'standard',
      inference_geo: 'global',
    };
    const msgId = messageId();
    if (body.stream !== true) {
      if (!(await call.sleepUntil(performance.now() + call.timing.firstTokenMs + Math.max(0, n - 1) * call.timing.interTokenMs))) return;
      const text = Array.from({ length: n }, (_, i) => tokenAt(i)).join('');
      const message = { model, id: msgId, type: 'message', role: 'assistant', content: [{ type: 'text', text }], stop_reason: stop, stop_sequence: null, usage };
      return call.json(200, message, { ...common, ...limits, 'x-envoy-upstream-service-time': String(Math.round(performance.now() - call.t0)) });
    }

    const thinks = scenario === 'thinkingFirst';
    const textIndex = thinks ? 1 : 0;
    const thinkingTokens = thinks ? 12 : 0;
    const head = [sse('message_start', { type: 'message_start', message: { model, id: msgId, type: 'message', role: 'assistant', content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } }, '    ')];
    if (thinks) {
      // Synthetic: the shapes of a thinking block (SDK types), sent although thinking was disabled.
      head.push(
        sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
        sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'The user wants a short reply.' } }),
        sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: `Eq${base62(40)}` } }),
        sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
      );
    }
    head.push(sse('content_block_start', { type: 'content_block_start', index: textIndex, content_block: { type: 'text', text: '' } }, '               '), sse('ping', '{"type": "ping"}'));

    const per = Math.max(1, call.timing.tokensPerChunk);
    const timed: string[] = [];
    for (let i = 0; i < n; i += per) {
      const text = Array.from({ length: Math.min(per, n - i) }, (_, j) => tokenAt(i + j)).join('');
      timed.push(sse('content_block_delta', { type: 'content_block_delta', index: textIndex, delta: { type: 'text_delta', text } }, '     '));
    }
    let tail = [
      sse('content_block_stop', { type: 'content_block_stop', index: textIndex }, '   '),
      sse('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: stop, stop_sequence: null },
        usage: { input_tokens: inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: n + thinkingTokens, ...(thinks ? { output_tokens_details: { thinking_tokens: thinkingTokens } } : {}) },
      }, '         '),
      sse('message_stop', { type: 'message_stop' }, '      '),
    ];
    if (scenario === 'malformedSse') timed.splice(1, 0, 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":\n\n');
    if (scenario === 'streamNoStop') tail = tail.slice(0, -1);
    if (scenario === 'streamOverloaded') {
      // Anthropic's streaming docs: an overloaded_error event where a 529 would be, then nothing.
      timed.splice(2);
      tail = [sse('error', OVERLOADED_EVENT)];
    }
    await call.stream(200, { ...common, ...limits, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' }, {
      head,
      timed,
      tail,
      resetAfter: scenario === 'resetMidStream' ? 1 : undefined,
    });
  },
};

/** `GET /v1/models?limit=&after_id=&before_id=`: newest first, `{data, has_more, first_id, last_id}`. */
function listModels(call: FakeCall<AnthropicScenario>, scenario: AnthropicScenario, headers: Record<string, string>): void {
  const asked = Number(call.url.searchParams.get('limit') ?? 20);
  let limit = Number.isInteger(asked) && asked >= 1 ? Math.min(asked, 1000) : 20;
  // Synthetic: real accounts see a second page only past 1,000 models.
  if (scenario === 'pagedModels') limit = Math.min(limit, 5);
  const after = call.url.searchParams.get('after_id');
  const before = call.url.searchParams.get('before_id');
  let start = 0;
  let end = ANTHROPIC_MODELS.length;
  if (after !== null) start = ANTHROPIC_MODELS.findIndex((m) => m.id === after) + 1;
  if (before !== null) end = Math.max(0, ANTHROPIC_MODELS.findIndex((m) => m.id === before));
  const page = before !== null && after === null ? ANTHROPIC_MODELS.slice(Math.max(start, end - limit), end) : ANTHROPIC_MODELS.slice(start, Math.min(end, start + limit));
  const hasMore = before !== null && after === null ? end - limit > start : start + limit < end;
  call.json(200, { data: page, has_more: hasMore, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null }, headers);
}

export const ANTHROPIC_DEMO_KEYS = ANTHROPIC_SCENARIOS.map((name) => ({ name, key: anthropicKeyFor(name), description: ANTHROPIC_DESCRIPTIONS[name] }));
