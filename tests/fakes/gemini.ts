// The fake Gemini API (generativelanguage.googleapis.com, v1beta): Google's own protocol, not
// OpenAI's. Real material where it exists, marked where it does not:
// - the model list is a live 2026-08-17 recording (tests/fixtures/gemini/, SOURCES.md there);
// - answers, streams and headers follow the live recordings of maruel/genai (providers/gemini/
//   testdata, 2026-05 to 2026-08): pretty-printed JSON bodies, SSE events of whole responses with
//   `": "` spacing, `\r\n\r\n` between events, running usageMetadata totals, no end event, no
//   request-id or rate-limit headers, `X-Gemini-Service-Tier` on generation, and errors of the
//   streaming route sent as `text/event-stream`;
// - each error scenario's body is quoted from the source named next to it (src/content/errors/gemini/
//   has the same bodies with their sources), or marked RECONSTRUCTED where no verbatim body exists.
// The key is read from `x-goog-api-key` or, as the real API also allows, `?key=`; a key sent as
// `Authorization: Bearer` gets the real 401 (hermes-agent#62259), so an adapter that sent the key
// the wrong way fails here as it would against Google.
import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fakeKey, GENERIC_FAULTS, type FakeCall, type FakeModule, type GenericFault } from './framework.ts';

export const GEMINI_SCENARIOS = [
  'valid',
  // valid; the model list comes in pages of 20 (SYNTHETIC: the real API pages at pageSize, ≤1000)
  'pagedModels',
  'invalid',
  'keyNotFound',
  'keyExpired',
  'accessTokenUnsupported',
  'generationUnauthorized',
  'serviceDisabled',
  'leakedKey',
  'serviceBlocked',
  'suspended',
  'rateLimited',
  'rateLimitedDaily',
  'rateLimitedBare',
  'zeroQuota',
  'prepaymentDepleted',
  'unsupportedLocation',
  'freeTierCountry',
  'modelNotFound',
  'overloaded',
  'streamError',
  'resetMidStream',
  'malformedSse',
  ...GENERIC_FAULTS,
] as const;

export type GeminiScenario = (typeof GEMINI_SCENARIOS)[number];

export const GEMINI_SCENARIO_SUMMARIES: Record<GeminiScenario, string> = {
  valid: 'a working key',
  pagedModels: 'a working key; the model list comes in pages',
  invalid: '400 API_KEY_INVALID: a wrong key',
  keyNotFound: '400 API_KEY_INVALID: “API Key not found” (deleted)',
  keyExpired: '400 API_KEY_INVALID: “API key expired”',
  accessTokenUnsupported: '401 ACCESS_TOKEN_TYPE_UNSUPPORTED: an AIza key Google no longer takes',
  generationUnauthorized: 'lists models, but generation gets 401 ACCESS_TOKEN_TYPE_UNSUPPORTED',
  serviceDisabled: '403 SERVICE_DISABLED: the Gemini API is off in the key’s project',
  leakedKey: '403: the key was reported as leaked',
  serviceBlocked: '403 API_KEY_SERVICE_BLOCKED: the key is restricted to other APIs',
  suspended: '403: the project is suspended (the message repeats the key)',
  rateLimited: 'lists models, but generation gets 429: a per-minute quota ran out (RetryInfo 26s)',
  rateLimitedDaily: '429: the free tier’s daily requests ran out (limit 20)',
  rateLimitedBare: '429 with neither QuotaFailure nor RetryInfo',
  zeroQuota: 'lists models, but generation gets 429 with a limit of 0',
  prepaymentDepleted: 'lists models, but generation gets 429 “prepayment credits are depleted”',
  unsupportedLocation: '400 FAILED_PRECONDITION: “User location is not supported”',
  freeTierCountry: '400 FAILED_PRECONDITION: the free tier is not offered in this country',
  modelNotFound: 'lists models, but generation gets 404 NOT_FOUND',
  overloaded: '503 UNAVAILABLE: the model is in high demand',
  streamError: 'working; a stream breaks off with an error event',
  resetMidStream: 'working; streams are cut off midway',
  malformedSse: 'working; streams carry broken events',
  hang: 'never answers (timeout)',
  resetBeforeHeaders: 'the connection is reset before any answer',
  redirectForeign: 'answers with a redirect',
  redirectForeignHost: 'redirects to a foreign host',
  hugeBody: 'an endless model list',
};

/** `AIzaSy` + 33 pseudo-random characters: the shape of a standard Google API key (39 characters). */
export const geminiKeyFor = (scenario: GeminiScenario): string => fakeKey(`gemini:${scenario}`, { prefix: 'AIzaSy', length: 39 });

interface ModelCard {
  name: string;
  supportedGenerationMethods: string[];
  thinking?: boolean;
  [field: string]: unknown;
}

export const MODELS_FIXTURE = new URL('../fixtures/gemini/models_list_2026-08-17.json', import.meta.url);

/** Read on first use: worker tests import this module for its keys, where there is no file system. */
let modelCards: ModelCard[] | undefined;
const models = (): ModelCard[] => (modelCards ??= (JSON.parse(readFileSync(MODELS_FIXTURE, 'utf8')) as { models: ModelCard[] }).models);

/** Google's error envelope, as its non-stream answers print it (two-space indent). */
const envelope = (code: number, status: string, message: string, details?: unknown[]) => ({ error: { code, message, status, ...(details ? { details } : {}) } });
const errorInfo = (reason: string, metadata: Record<string, string>) => ({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com', metadata });
const localized = (message: string) => ({ '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message });
const SERVICE = { service: 'generativelanguage.googleapis.com' };
const PROJECT = 'projects/123456789012';

const keyInvalid = (message: string) => envelope(400, 'INVALID_ARGUMENT', message, [errorInfo('API_KEY_INVALID', SERVICE), localized(message)]);

/** The quota help link every 2026 429 carries. */
const QUOTA_HELP = { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }] };

type Answer = { status: number; body: unknown };

/** The failure each error scenario plays: on every route, or only on generation (`generation: true`). */
const FAILURES: Partial<Record<GeminiScenario, { generation?: boolean; answer: (call: FakeCall<GeminiScenario>, model: string) => Answer }>> = {
  // maruel/genai live recording errors/bad_apiKey/ListModels.yaml (2026-05-29), also on generation.
  invalid: { answer: () => ({ status: 400, body: keyInvalid('API key not valid. Please pass a valid API key.') }) },
  // google-gemini/gemini-cli#25198 (2026-04).
  keyNotFound: { answer: () => ({ status: 400, body: keyInvalid('API Key not found. Please pass a valid API key.') }) },
  // continuedev/continue#11336 (2026-03).
  keyExpired: { answer: () => ({ status: 400, body: keyInvalid('API key expired. Please renew the API key.') }) },
  // RECONSTRUCTED: Google's UNAUTHENTICATED message with the reason Kilo-Org/kilocode#12162 and
  // hermes-agent#68285 quote (2026-07); no complete Gemini body was published.
  accessTokenUnsupported: { answer: () => ({ status: 401, body: unauthenticated() }) },
  // google-gemini/gemini-cli#28538 (2026-07): the list works, generation gets the 401.
  generationUnauthorized: { generation: true, answer: () => ({ status: 401, body: unauthenticated() }) },
  // RECONSTRUCTED: the message as quoted in deprecated-generative-ai-python#10 and freellmapi#268,
  // in the details shape Google APIs send SERVICE_DISABLED with (ErrorInfo metadata, Help link).
  serviceDisabled: {
    answer: () => {
      const url = 'https://console.developers.google.com/apis/api/generativelanguage.googleapis.com/overview?project=123456789012';
      const message = `Generative Language API has not been used in project 123456789012 before or it is disabled. Enable it by visiting ${url} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`;
      return {
        status: 403,
        body: envelope(403, 'PERMISSION_DENIED', message, [
          errorInfo('SERVICE_DISABLED', { activationUrl: url, consumer: PROJECT, containerInfo: '123456789012', service: SERVICE.service, serviceTitle: 'Generative Language API' }),
          localized(message),
          { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Google developers console API activation', url }] },
        ]),
      };
    },
  },
  // continuedev/continue#11541 (2026-03) and #10513 (2026-02): no details at all.
  leakedKey: { answer: () => ({ status: 403, body: envelope(403, 'PERMISSION_DENIED', 'Your API key was reported as leaked. Please use another API key.') }) },
  // continuedev/continue#12781 (2026-06), the method named after the route called.
  serviceBlocked: {
    answer: (call) => {
      const method = `google.ai.generativelanguage.v1beta.${methodName(call.path)}`;
      const message = `Requests to this API generativelanguage.googleapis.com method ${method} are blocked.`;
      return {
        status: 403,
        body: envelope(403, 'PERMISSION_DENIED', message, [errorInfo('API_KEY_SERVICE_BLOCKED', { consumer: PROJECT, service: SERVICE.service, apiName: SERVICE.service, methodName: method }), localized(message)]),
      };
    },
  },
  // RECONSTRUCTED from coaidev/coai#67 (2024-02), which quotes the message with the key masked:
  // Google repeats the key itself here, which is what makes it a scrubbing test.
  suspended: { answer: (call) => ({ status: 403, body: envelope(403, 'PERMISSION_DENIED', `Permission denied: Consumer 'api_key:${call.key ?? ''}' has been suspended.`, [errorInfo('CONSUMER_SUSPENDED', { consumer: `api_key:${call.key ?? ''}`, service: SERVICE.service })]) }) },
  // RooCodeInc/Roo-Code#3883 (2025-06): input tokens per minute on the free tier, RetryInfo 26s.
  rateLimited: {
    generation: true,
    answer: (_call, model) => ({
      status: 429,
      body: envelope(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.', [
        quotaFailure('generativelanguage.googleapis.com/generate_content_free_tier_input_token_count', 'GenerateContentInputTokensPerModelPerMinute-FreeTier', model, '250000'),
        QUOTA_HELP,
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '26s' },
      ]),
    }),
  },
  // diegosouzapw/OmniRoute#9504 (2026-08): the 2026 message lists the quota and the delay in words too.
  rateLimitedDaily: {
    answer: (_call, model) => ({
      status: 429,
      body: envelope(
        429,
        'RESOURCE_EXHAUSTED',
        `You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/rate-limit. \n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 20, model: ${model}\nPlease retry in 36.429760048s.`,
        [quotaFailure('generativelanguage.googleapis.com/generate_content_free_tier_requests', 'GenerateRequestsPerDayPerProjectPerModel-FreeTier', model, '20'), QUOTA_HELP, { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '36s' }],
      ),
    }),
  },
  // gke-labs/gemini-for-kubernetes-development#1215 (2026-07): a help link, nothing else.
  rateLimitedBare: {
    answer: () => ({
      status: 429,
      body: envelope(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/rate-limit. ', [QUOTA_HELP]),
    }),
  },
  // RECONSTRUCTED: the 2026 daily-429 shape with `limit: 0`, as continuedev/continue#9645 quotes its
  // message ("limit: 0", "Please retry in 10.97s"); the quotaValue "0" follows from it.
  zeroQuota: {
    generation: true,
    answer: (_call, model) => ({
      status: 429,
      body: envelope(
        429,
        'RESOURCE_EXHAUSTED',
        `You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/rate-limit. \n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 0, model: ${model}\nPlease retry in 10.970265425s.`,
        [quotaFailure('generativelanguage.googleapis.com/generate_content_free_tier_requests', 'GenerateRequestsPerDayPerProjectPerModel-FreeTier', model, '0'), QUOTA_HELP, { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '10s' }],
      ),
    }),
  },
  // RECONSTRUCTED: Google's forum threads (2026-05/06) quote only "429 RESOURCE_EXHAUSTED" and
  // "Your prepayment credits are depleted"; the rest of the message is ours.
  prepaymentDepleted: {
    generation: true,
    answer: () => ({ status: 429, body: envelope(429, 'RESOURCE_EXHAUSTED', 'Your prepayment credits are depleted. Please go to AI Studio at https://ai.studio/projects to manage your project and billing.') }),
  },
  // google-gemini/gemini-cli#24641 (2026-04), snailyp/gemini-balance#328 (2025-08).
  unsupportedLocation: { answer: () => ({ status: 400, body: envelope(400, 'FAILED_PRECONDITION', 'User location is not supported for the API use.') }) },
  // The message as Google's error reference words it (ai.google.dev/gemini-api/docs/generate-content/api-errors).
  freeTierCountry: {
    answer: () => ({ status: 400, body: envelope(400, 'FAILED_PRECONDITION', 'Gemini API free tier is not available in your country. Please enable billing on your project in Google AI Studio.') }),
  },
  modelNotFound: { generation: true, answer: (call, model) => notFound(call, model) },
  // continuedev/continue#10639 (2026-02), the 2026 wording.
  overloaded: { answer: () => ({ status: 503, body: envelope(503, 'UNAVAILABLE', 'This model is currently experiencing high demand. Spikes in demand are usually temporary. Please try again later.') }) },
};

function unauthenticated() {
  return envelope(
    401,
    'UNAUTHENTICATED',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    [errorInfo('ACCESS_TOKEN_TYPE_UNSUPPORTED', { service: SERVICE.service, method: 'google.ai.generativelanguage.v1beta.ModelService.ListModels' })],
  );
}

function quotaFailure(metric: string, quotaId: string, model: string, value: string) {
  return { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: metric, quotaId, quotaDimensions: { location: 'global', model }, quotaValue: value }] };
}

/** maruel/genai live recording ErrorResponse.yaml: the 404 of an unknown model. */
function notFound(call: FakeCall<GeminiScenario>, model: string): Answer {
  const method = /:(\w+)$/.exec(call.path)?.[1] ?? 'generateContent';
  const version = call.path.startsWith('/v1beta/') ? 'v1beta' : 'v1';
  return {
    status: 404,
    body: envelope(404, 'NOT_FOUND', `models/${model} is not found for API version ${version}, or is not supported for ${method}. Call ModelService.ListModels to see the list of available models and their supported methods.`),
  };
}

const methodName = (path: string): string => {
  const verb = /:(\w+)$/.exec(path)?.[1];
  if (!verb) return 'ModelService.ListModels';
  return `GenerativeService.${verb[0]?.toUpperCase()}${verb.slice(1)}`;
};

// ----------------------------------------------------------------------------------------------

const WORDS = ['OK', '.', ' This', ' is', ' a', ' deterministic', ' reply', ' from', ' a', ' fake', ' Gemini', ' API', '.'];
const tokenAt = (i: number) => WORDS[i % WORDS.length] ?? '';

/** responseId: 22–23 URL-safe base64 characters, like the recordings' "qSYaapLxNq-d-8YPteyZ6Qc". */
const responseId = () => randomBytes(17).toString('base64url').slice(0, 23);

/** The JSON of an SSE event as Google writes it: `"key": value`, members joined by a bare comma. */
export function sseJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sseJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}: ${sseJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Headers every Google answer carries (maruel/genai recordings). */
const COMMON_HEADERS: Record<string, string> = {
  vary: 'Origin, X-Origin, Referer',
  server: 'scaffolding on HTTPServer2',
  'x-xss-protection': '0',
  'x-frame-options': 'SAMEORIGIN',
  'x-content-type-options': 'nosniff',
  'alt-svc': 'h3=":443"; ma=2592000,h3-29=":443"; ma=2592000',
};
const JSON_TYPE = 'application/json; charset=UTF-8';

/**
 * How much a model thinks before answering, as the recordings show: Gemini 3 models think by
 * default (3.6 Flash spent 226 tokens on "Say hello"), except 3.5 Flash-Lite, whose default level is
 * minimal; 2.5 Flash models stop at `thinkingBudget: 0`, Gemini 3 Flash models at
 * `thinkingLevel: minimal`. Thinking counts against maxOutputTokens.
 */
function thoughtTokens(card: ModelCard, config: Record<string, unknown>): number {
  if (card.thinking !== true) return 0;
  const id = card.name.replace(/^models\//, '');
  const level = config.thinkingLevel;
  const budget = config.thinkingBudget;
  if (budget === 0 || level === 'minimal' || level === 'MINIMAL') return 0;
  if (level === undefined && budget === undefined && /^gemini-3\.5-flash-lite/.test(id)) return 0;
  return typeof budget === 'number' && budget > 0 ? Math.min(budget, 120) : 120;
}

/** Thinking settings the real API refuses (400 INVALID_ARGUMENT). */
function thinkingProblem(card: ModelCard, config: Record<string, unknown>): string | null {
  if (config.thinkingLevel !== undefined && config.thinkingBudget !== undefined) return 'You can only set only one of thinking budget and thinking level.';
  // Gemini 2.5 models know budgets only (Google's thinking docs).
  if (config.thinkingLevel !== undefined && /^models\/gemini-2\./.test(card.name)) return 'Thinking level is not supported for this model.';
  return null;
}

export const geminiFake: FakeModule<GeminiScenario> = {
  // Preflights: googleapis/js-genai#1723 (2026-06-23) found, with curl, that the API allows
  // content-type, x-goog-api-key, x-goog-api-client and authorization (200 with
  // Access-Control-Allow-Origin) and refuses any other header with a 403 and no CORS headers.
  // SYNTHETIC: the Access-Control-Allow-Origin value (the request's Origin echoed, as the recorded
  // `vary: Origin, X-Origin, Referer` suggests) and the methods list.
  preflight: { allowOrigin: 'origin', allowMethods: 'GET, POST, OPTIONS', allowHeaders: ['content-type', 'x-goog-api-key', 'x-goog-api-client', 'authorization'], status: 200 },
  scenarios: GEMINI_SCENARIOS,
  keyFor: geminiKeyFor,
  keyOf(req: IncomingMessage) {
    const header = req.headers['x-goog-api-key'];
    if (typeof header === 'string') return header;
    return new URL(req.url ?? '/', 'http://fake.invalid').searchParams.get('key') ?? undefined;
  },
  async handle(call) {
    if (!(await call.waitHeaders())) return;
    const { scenario } = call;
    const timingMs = Math.round(20 + Math.random() * 80);
    // A page's call gets its Origin back (SYNTHETIC value, as for preflights above); no header is exposed.
    const origin = call.req.headers.origin;
    const base = { ...COMMON_HEADERS, 'server-timing': `gfet4t7; dur=${timingMs}`, ...(typeof origin === 'string' ? { 'access-control-allow-origin': origin } : {}) };
    const streaming = /:streamGenerateContent$/.test(call.path);
    const sse = streaming && call.url.searchParams.get('alt') === 'sse';
    const reply = (answer: Answer, extra: Record<string, string> = {}) => {
      // The streaming route sends its errors as text/event-stream (maruel/genai errors/bad_apiKey/GenStream.yaml).
      const type = streaming && answer.status >= 400 ? 'text/event-stream' : JSON_TYPE;
      call.send(answer.status, `${JSON.stringify(answer.body, null, 2)}\n`, { ...base, 'content-type': type, ...extra });
    };

    if (call.key === undefined) {
      if (typeof call.req.headers.authorization === 'string') return reply({ status: 401, body: unauthenticated() });
      return reply({
        status: 403,
        body: envelope(403, 'PERMISSION_DENIED', "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."),
      });
    }
    if (scenario === undefined) return reply(FAILURES.invalid?.answer(call, '') as Answer);
    if ((GENERIC_FAULTS as readonly string[]).includes(scenario)) {
      await call.fault(scenario as GenericFault, { open: '{\n  "models": [', item: (i) => JSON.stringify({ name: `models/gemini-fake-${i}`, supportedGenerationMethods: ['generateContent'] }), close: ']\n}\n' });
      return;
    }

    // GET /v1beta/models (paged), GET /v1beta/models/{id}, POST /v1beta/models/{id}:{method}; the
    // same under /v1, which the real API also serves (and @google/genai 3.x calls by default).
    const route = /^\/v1(?:beta)?\/models(?:\/([^/:]+))?(?::(\w+))?$/.exec(call.path);
    if (!route) return reply({ status: 404, body: envelope(404, 'NOT_FOUND', 'Requested entity was not found.') });
    const [, id, verb] = route;
    const model = decodeURIComponent(id ?? '');
    const failure = scenario ? FAILURES[scenario] : undefined;
    // A quota answer on the model list names a model all the same (SYNTHETIC choice: the one of the real 429).
    if (failure && (!failure.generation || verb !== undefined)) return reply(failure.answer(call, model || 'gemini-3.6-flash'));

    if (call.method === 'GET' && id === undefined && verb === undefined) return listModels(call, reply);
    const card = models().find((m) => m.name === `models/${model}`);
    if (call.method === 'GET' && verb === undefined) return card ? reply({ status: 200, body: card }) : reply(notFound(call, model));
    if (call.method !== 'POST' || verb === undefined) return reply({ status: 404, body: envelope(404, 'NOT_FOUND', 'Requested entity was not found.') });

    let body: Record<string, unknown>;
    try {
      body = JSON.parse(call.body) as Record<string, unknown>;
    } catch {
      return reply({ status: 400, body: envelope(400, 'INVALID_ARGUMENT', `Invalid JSON payload received. Unexpected token.\n${call.body.slice(0, 20)}\n^`) });
    }
    const method = verb === 'streamGenerateContent' ? 'generateContent' : verb === 'batchEmbedContents' ? 'embedContent' : verb;
    if (!card || !card.supportedGenerationMethods.includes(method)) return reply(notFound(call, model));

    if (verb === 'embedContent' || verb === 'batchEmbedContents') return embed(body, verb, reply, base);
    if (verb !== 'generateContent' && verb !== 'streamGenerateContent') return reply(notFound(call, model));

    const config = (typeof body.generationConfig === 'object' && body.generationConfig !== null ? body.generationConfig : {}) as Record<string, unknown>;
    const thinkingConfig = (typeof config.thinkingConfig === 'object' && config.thinkingConfig !== null ? config.thinkingConfig : {}) as Record<string, unknown>;
    const problem = thinkingProblem(card, thinkingConfig);
    if (problem) return reply({ status: 400, body: envelope(400, 'INVALID_ARGUMENT', problem) });
    const max = typeof config.maxOutputTokens === 'number' ? config.maxOutputTokens : 65_536;
    const thoughts = Math.min(thoughtTokens(card, thinkingConfig), max);
    const visible = Math.max(0, Math.min(call.timing.completionTokens, max - thoughts));
    const finishReason = thoughts + visible >= max ? 'MAX_TOKENS' : 'STOP';
    const prompt = JSON.stringify(body.contents ?? '').length;
    const promptTokens = Math.max(1, Math.ceil(prompt / 12));
    const usage = (candidates: number) => ({
      promptTokenCount: promptTokens,
      // Absent until the first visible token, as in the recordings.
      ...(candidates > 0 ? { candidatesTokenCount: candidates } : {}),
      totalTokenCount: promptTokens + candidates + thoughts,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: promptTokens }],
      ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
      serviceTier: 'standard',
    });
    const rid = responseId();
    const modelVersion = model;
    const generation = { ...base, 'x-gemini-service-tier': 'standard' };
    const signature = thoughts > 0 ? 'EjQKMgEMOdbHApQCq0juKFS990qS38S7Yfgu9nqZDeRODOHbFRPtp0G80onnEZqqTnzZvGvu' : undefined;

    if (verb === 'generateContent') {
      if (!(await call.sleepUntil(performance.now() + call.timing.firstTokenMs + Math.max(0, visible - 1) * call.timing.interTokenMs))) return;
      const text = Array.from({ length: visible }, (_, i) => tokenAt(i)).join('');
      const parts = [{ text, ...(signature ? { thoughtSignature: signature } : {}) }];
      return reply(
        { status: 200, body: { candidates: [{ content: { parts, role: 'model' }, finishReason, index: 0 }], usageMetadata: usage(visible), modelVersion, responseId: rid } },
        generation,
      );
    }

    const per = Math.max(1, call.timing.tokensPerChunk);
    const events: string[] = [];
    for (let i = 0; i < visible; i += per) {
      const text = Array.from({ length: Math.min(per, visible - i) }, (_, j) => tokenAt(i + j)).join('');
      const last = i + per >= visible && !signature;
      const candidate = { content: { parts: [{ text }], role: 'model' }, ...(last ? { finishReason } : {}), index: 0 };
      events.push(sseJson({ candidates: [candidate], usageMetadata: usage(Math.min(i + per, visible)), modelVersion, responseId: rid }));
    }
    // Thinking models end with an empty part carrying the thought signature (GenStream-Text.yaml).
    if (signature || events.length === 0) {
      events.push(sseJson({ candidates: [{ content: { parts: [{ text: '', ...(signature ? { thoughtSignature: signature } : {}) }], role: 'model' }, finishReason, index: 0 }], usageMetadata: usage(visible), modelVersion, responseId: rid }));
    }
    if (!sse) {
      // Without alt=sse the route answers one JSON array of the same responses.
      return call.send(200, `[${events.join(',\n')}]`, { ...generation, 'content-type': JSON_TYPE });
    }
    const timed = events.map((json) => `data: ${json}\r\n\r\n`);
    if (scenario === 'malformedSse') timed.splice(1, 0, 'data: {"candidates": [{"content": \r\n\r\n', 'data: "a string"\r\n\r\n');
    // SYNTHETIC position, real shape: an error event mid-stream, as the official SDK expects them (throwIfStreamErrorChunk).
    if (scenario === 'streamError') timed.splice(1, timed.length, `data: ${sseJson(envelope(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'))}\r\n\r\n`);
    await call.stream(200, { ...generation, 'content-type': 'text/event-stream', 'content-disposition': 'attachment' }, { timed, resetAfter: scenario === 'resetMidStream' ? 1 : undefined });
  },
};

function listModels(call: FakeCall<GeminiScenario>, reply: (answer: Answer) => void): void {
  const asked = Number(call.url.searchParams.get('pageSize') ?? '50');
  const cap = call.scenario === 'pagedModels' ? 20 : 1000;
  const size = Math.min(Number.isInteger(asked) && asked > 0 ? asked : 50, cap);
  const token = call.url.searchParams.get('pageToken');
  let start = 0;
  if (token) {
    const decoded = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!decoded) return reply({ status: 400, body: envelope(400, 'INVALID_ARGUMENT', 'Invalid page token.') });
    start = Number(decoded[1]);
  }
  const all = models();
  const page = all.slice(start, start + size);
  const next = start + size < all.length ? Buffer.from(`offset:${start + size}`).toString('base64url') : undefined;
  reply({ status: 200, body: { models: page, ...(next ? { nextPageToken: next } : {}) } });
}

function embed(body: Record<string, unknown>, verb: string, reply: (answer: Answer, extra?: Record<string, string>) => void, headers: Record<string, string>): void {
  const requests = verb === 'batchEmbedContents' ? (Array.isArray(body.requests) ? (body.requests as Record<string, unknown>[]) : []) : [body];
  const vector = (seed: number, size: number) => Array.from({ length: size }, (_, i) => Math.round(Math.sin(seed * 31 + i) * 1e8) / 1e9);
  const sizeOf = (request: Record<string, unknown>) => {
    const config = (request.embedContentConfig ?? request) as Record<string, unknown>;
    return typeof config.outputDimensionality === 'number' ? config.outputDimensionality : 3072;
  };
  const tokens = requests.reduce((sum, r) => sum + Math.max(1, Math.ceil(JSON.stringify(r.content ?? '').length / 12)), 0);
  const usageMetadata = { promptTokenCount: tokens, promptTokenDetails: [{ modality: 'TEXT', tokenCount: tokens }] };
  if (verb === 'embedContent') return reply({ status: 200, body: { embedding: { values: vector(1, sizeOf(body)) } } }, headers);
  reply({ status: 200, body: { embeddings: requests.map((r, i) => ({ values: vector(i + 1, sizeOf(r)) })), usageMetadata } }, headers);
}
