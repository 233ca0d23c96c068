/**
 * Gemini (Google's Generative Language API), natively: its OpenAI-compatible surface would hide the
 * answers that tell keys apart. The key goes in `x-goog-api-key` (the data's auth), never in `?key=`
 * where URLs get logged. Errors are Google's RPC envelope, `{error: {code, message, status,
 * details[]}}`, and the details decide: `ErrorInfo.reason` (API_KEY_INVALID, SERVICE_DISABLED, …),
 * `QuotaFailure` (the quota that ran out) and `RetryInfo` (when to retry). A bad key is a 400, not a
 * 401; a 403 is a real key that Gemini refuses. Google sends no rate-limit headers, so the limits
 * panel is built from a 429's body. Streams are SSE of whole GenerateContentResponse objects with
 * running usage totals on every chunk and no end event: the end of the body ends them.
 */
import type { ModelInfo, Verdict } from '../../lib/api-contract';
import { familyOf } from '../../lib/model-catalogue';
import type { WorkKind } from '../../lib/provider-schema';
import {
  defaultClassify,
  errorBodyJson,
  firstHeader,
  noError,
  parseReset,
  placeOf,
  quoted,
  readRateLimitHeaders,
  unsupportedRegion,
  type AdapterContext,
  type AnswerFacts,
  type Finding,
  type ProviderAdapter,
  type ProviderError,
  type RateLimitReading,
  type SseEvent,
  type StreamSignal,
  type Work,
} from '../adapter';
import { type Obj, isObj, nonEmptyStr as str, num } from '../json';

/** One exhausted quota of a 429 (`QuotaFailure.violations[]`, or the message's "Quota exceeded for metric" line). */
export interface QuotaViolation {
  metric: string | null;
  quotaId: string | null;
  /** The quota's size (`quotaValue`, a string in the body); null when Google did not say. */
  value: number | null;
  model: string | null;
}

/** What Google's error details say, beyond the message. */
export interface GoogleDetails {
  /** `ErrorInfo.reason`, e.g. API_KEY_INVALID, SERVICE_DISABLED, ACCESS_TOKEN_TYPE_UNSUPPORTED. */
  reason: string | null;
  /** `ErrorInfo.metadata`: `consumer` (projects/N), `activationUrl`, `service`, … */
  metadata: Record<string, string>;
  violations: QuotaViolation[];
  /** `RetryInfo.retryDelay` (`"36s"`), or the message's "Please retry in 36.4s", in seconds. */
  retryDelaySeconds: number | null;
}

/** A parsed Google error: the shared fields (type = RPC status, code = ErrorInfo reason) plus the details. */
export interface GoogleError extends ProviderError {
  google: GoogleDetails;
}

const isGoogleError = (error: ProviderError | undefined): error is GoogleError => error !== undefined && 'google' in error;
const detailsOf = (facts: AnswerFacts): GoogleDetails | null => (isGoogleError(facts.error) ? facts.error.google : null);

/** `type.googleapis.com/google.rpc.QuotaFailure` → `QuotaFailure`. */
const typeName = (detail: Obj): string => (str(detail['@type']) ?? '').split('.').pop() ?? '';

/** Reads Google's error envelope; also an HTML page (a proxy's), an array-wrapped envelope, or nothing. */
export function parseGoogleError(body: string, contentType: string | null): GoogleError {
  const error: GoogleError = { ...noError(), google: { reason: null, metadata: {}, violations: [], retryDelaySeconds: null } };
  let parsed = errorBodyJson(body, contentType, error);
  // streamGenerateContent without alt=sse answers a JSON array, errors included.
  if (Array.isArray(parsed)) parsed = parsed[0];
  const fields = isObj(parsed) && isObj(parsed.error) ? parsed.error : null;
  if (!fields) return error;
  error.message = str(fields.message);
  error.type = str(fields.status);
  const google = error.google;
  for (const detail of Array.isArray(fields.details) ? fields.details.filter(isObj) : []) {
    switch (typeName(detail)) {
      case 'ErrorInfo':
        google.reason ??= str(detail.reason);
        if (isObj(detail.metadata)) {
          for (const [name, value] of Object.entries(detail.metadata)) if (typeof value === 'string') google.metadata[name] = value;
        }
        break;
      case 'QuotaFailure':
        for (const v of Array.isArray(detail.violations) ? detail.violations.filter(isObj) : []) {
          const dimensions = isObj(v.quotaDimensions) ? v.quotaDimensions : {};
          const value = Number(str(v.quotaValue) ?? num(v.quotaValue) ?? Number.NaN);
          google.violations.push({ metric: str(v.quotaMetric), quotaId: str(v.quotaId), value: Number.isFinite(value) ? value : null, model: str(dimensions.model) });
        }
        break;
      case 'RetryInfo':
        google.retryDelaySeconds = parseReset(str(detail.retryDelay), 'duration');
        break;
    }
  }
  // 2026 messages repeat the details in words; some 429s carry only the words.
  const message = error.message ?? '';
  if (google.violations.length === 0) {
    for (const m of message.matchAll(/Quota exceeded for metric: (\S+?), limit: (\d+)(?:, model: ([\w.-]+))?/g)) {
      google.violations.push({ metric: m[1] ?? null, quotaId: null, value: Number(m[2]), model: m[3] ?? null });
    }
  }
  if (google.retryDelaySeconds === null) {
    const retry = /Please retry in (\d+(?:\.\d+)?)(ms|s)\b/.exec(message);
    if (retry) google.retryDelaySeconds = Number(retry[1]) / (retry[2] === 'ms' ? 1000 : 1);
  }
  error.code = google.reason;
  return error;
}

// ----------------------------------------------------------------------------------------------
// quotas (the 429's body is all Gemini says about limits)
// ----------------------------------------------------------------------------------------------

const windowOf = (v: QuotaViolation): 'minute' | 'day' | null => {
  const id = `${v.quotaId ?? ''} ${v.metric ?? ''}`;
  return /PerMinute/i.test(id) ? 'minute' : /PerDay/i.test(id) ? 'day' : null;
};

const nameOf = (v: QuotaViolation): string => {
  const id = `${v.quotaId ?? ''} ${v.metric ?? ''}`;
  if (/input_token|InputToken/i.test(id)) return 'Input tokens';
  if (/token/i.test(id)) return 'Tokens';
  return 'Requests';
};

const freeTier = (v: QuotaViolation) => /free_?tier/i.test(`${v.quotaId ?? ''} ${v.metric ?? ''}`);

/** "requests per day for gemini-3.6-flash (free tier), limit 20". */
function describeQuota(v: QuotaViolation): string {
  const window = windowOf(v);
  const what = `${nameOf(v).toLowerCase()}${window ? ` per ${window}` : ''}`;
  const model = v.model ? ` for ${v.model}` : '';
  const tier = freeTier(v) ? ' (free tier)' : '';
  const limit = v.value === null ? '' : `, limit ${v.value}`;
  return `${what}${model}${tier}${limit}`;
}

const seconds = (s: number) => (s < 90 ? `${Math.ceil(s)} s` : `${Math.ceil(s / 60)} min`);

const NO_HEADERS_NOTE =
  'Gemini sends no rate-limit headers. Its limits are per Google Cloud project and per model (requests per minute and per day, input tokens per minute) and show only in a 429 answer; the project\'s usage is at ai.dev/rate-limit.';

export function readGeminiLimits(headers: Headers, ctx: AdapterContext, error?: ProviderError): RateLimitReading {
  const reading = readRateLimitHeaders(headers, ctx);
  reading.notes = reading.notes.filter((note) => !note.includes('sent no rate-limit headers'));
  const google = isGoogleError(error) ? error.google : null;
  if (!google || (google.violations.length === 0 && google.retryDelaySeconds === null)) {
    if (reading.limits.length === 0) reading.notes.push(NO_HEADERS_NOTE);
    return reading;
  }
  for (const v of google.violations) {
    const window = windowOf(v);
    if (v.value !== null && window) reading.limits.push({ name: nameOf(v), limit: v.value, remaining: 0, window });
    reading.notes.push(`Quota used up: ${describeQuota(v)}${v.quotaId ? ` (${v.quotaId})` : v.metric ? ` (${v.metric})` : ''}.`);
    if (v.value === 0) reading.zeroAllowance = true;
    // Pacing for the rest of the run: a per-minute request quota spaces the calls.
    if (window === 'minute' && nameOf(v) === 'Requests' && v.value) reading.requestsPerMinute = Math.min(reading.requestsPerMinute ?? Infinity, v.value);
  }
  if (reading.zeroAllowance) {
    reading.notes.push('A limit of 0 means the key\'s project has no allowance for this model on its tier: the free tier does not include it, or the project has no quota at all.');
  }
  if (google.retryDelaySeconds !== null) {
    reading.resetSeconds = google.retryDelaySeconds;
    reading.notes.push(`Google asks to retry in ${seconds(google.retryDelaySeconds)} (RetryInfo).`);
  }
  if (google.violations.some((v) => windowOf(v) === 'day')) reading.notes.push('Daily quotas reset at midnight Pacific time.');
  return reading;
}

// ----------------------------------------------------------------------------------------------
// verdicts
// ----------------------------------------------------------------------------------------------

const KEYS_PAGE = 'aistudio.google.com/apikey';

function classifyGemini(facts: AnswerFacts, ctx: AdapterContext): Finding {
  const { status } = facts;
  if (status === null || facts.failure) return defaultClassify(facts, ctx);
  const google = detailsOf(facts);
  const reason = google?.reason ?? null;
  const rpc = facts.error?.type ?? null;
  const said = facts.error?.message ?? '';
  const heard = quoted(facts, ctx);

  if (reason === 'API_KEY_INVALID' || (status === 400 && /API key (not valid|expired)|API Key not found/i.test(said))) {
    const variant = /not found/i.test(said) ? 'deleted' : /expired/i.test(said) ? 'expired' : 'wrong';
    return {
      verdict: 'invalid',
      message: `Google did not accept this key (${status} API_KEY_INVALID).${heard}`,
      fix: {
        deleted: `Google does not know this key: it was deleted, or belongs to a project that no longer exists. Check at ${KEYS_PAGE} that it still exists; if not, create a new one and replace it everywhere.`,
        expired: `The key has expired. Create a new key at ${KEYS_PAGE} and replace the old one everywhere.`,
        wrong: `Copy the key again from ${KEYS_PAGE} (or APIs & Services → Credentials in the Google Cloud console), whole and without quotes or spaces. Gemini answers a wrong key with 400, not 401.`,
      }[variant],
    };
  }
  if (rpc === 'FAILED_PRECONDITION' && /location is not supported/i.test(said)) return unsupportedRegion(facts, ctx);
  if (rpc === 'FAILED_PRECONDITION' && /free tier is not available in your country/i.test(said)) {
    return {
      ...unsupportedRegion(facts, ctx),
      fix: `Google does not offer the free tier where this test ran from (${placeOf(ctx.measuredFrom)}). Enable billing on the key's project in Google AI Studio, or call Gemini from a country where the free tier is offered.`,
    };
  }
  if (status === 401) {
    if (reason === 'ACCESS_TOKEN_TYPE_UNSUPPORTED' || /OAuth 2 access token/i.test(said)) {
      return {
        verdict: 'invalid',
        message: `Google refused this kind of key (401 ACCESS_TOKEN_TYPE_UNSUPPORTED).${heard}`,
        fix: `Since 2026-06-19 the Gemini API refuses standard (AIza…) keys without API restrictions, and from September 2026 all standard keys. Create a new key at ${KEYS_PAGE} (AI Studio now makes auth keys, starting AQ.), or restrict the old key to the Generative Language API in the Cloud console until then.`,
      };
    }
    return defaultClassify(facts, ctx);
  }
  if (status === 402 || (status === 429 && /prepay(ment)? credit/i.test(said))) {
    return {
      verdict: 'quota_exhausted',
      message: `Your key is valid, but the prepaid Gemini credit of its billing account is used up (${status} RESOURCE_EXHAUSTED).${heard}`,
      fix: 'Add credit or turn on auto-reload on the billing page of the key\'s project in Google AI Studio; every key of that billing account stops working until then. Retrying will not help.',
    };
  }
  if (status === 403) return forbidden(facts, ctx, google, said, heard);
  if (status === 404) {
    return {
      ...defaultClassify(facts, ctx),
      fix: 'The key is fine. The model is retired, misspelled, not offered to new users any more, or does not support this method: pick a current model from GET /v1beta/models (its supportedGenerationMethods say what it can do).',
    };
  }
  if (status === 429) return rateLimited(facts, ctx, google, heard);
  const finding = defaultClassify(facts, ctx);
  if (status >= 500 && finding.verdict === 'provider_error' && /overloaded|high demand/i.test(said)) {
    finding.fix = 'This is Google\'s capacity for this model, not your key. Try again in a minute, or use another model for a while.';
  }
  return finding;
}

function forbidden(facts: AnswerFacts, ctx: AdapterContext, google: GoogleDetails | null, said: string, heard: string): Finding {
  const reason = google?.reason ?? null;
  if (reason === 'SERVICE_DISABLED') {
    const project = google?.metadata.consumer ? ` (${google.metadata.consumer})` : '';
    const where = google?.metadata.activationUrl ?? 'APIs & Services → Library → Generative Language API in the Google Cloud console';
    return {
      verdict: 'forbidden',
      reason: 'api_disabled',
      message: `The key is valid, but the Generative Language API (the Gemini API) is not enabled in its Google Cloud project${project} (403 SERVICE_DISABLED).${heard}`,
      fix: `Enable the API: open ${where} as an owner or editor of the project, click Enable, wait a few minutes and test again. Or create a key in Google AI Studio (${KEYS_PAGE}), whose project is set up for Gemini.`,
    };
  }
  if (/reported as leaked/i.test(said)) {
    return {
      verdict: 'forbidden',
      reason: 'key_leaked',
      message: `Google blocked this key because it was reported as leaked (403 PERMISSION_DENIED). The block is permanent.${heard}`,
      fix: `Create a new key at ${KEYS_PAGE}, replace the old one everywhere, delete the old key, and find where it leaked (a public repository, a web page, an app bundle, a log). Keep the new key on a server, out of code and browsers.`,
    };
  }
  if (reason === 'API_KEY_SERVICE_BLOCKED') {
    return {
      verdict: 'forbidden',
      message: `The key is valid, but its API restrictions exclude the Gemini API (403 API_KEY_SERVICE_BLOCKED).${heard}`,
      fix: 'In the Google Cloud console (APIs & Services → Credentials), edit the key and allow the Generative Language API under API restrictions, or create a key in AI Studio, which is restricted to it by default.',
    };
  }
  if (reason !== null && /^API_KEY_(HTTP_REFERRER|IP_ADDRESS|ANDROID_APP|IOS_APP)_BLOCKED$/.test(reason)) {
    return {
      verdict: 'forbidden',
      message: `The key is valid, but its application restrictions block this caller (403 ${reason}).${heard}`,
      fix: 'The key is limited to certain websites, IP addresses or apps, and a test from a server does not qualify. Adjust the key\'s application restrictions in the Google Cloud console, or test it from where it is meant to be used.',
    };
  }
  if (reason === 'CONSUMER_SUSPENDED' || /has been suspended/i.test(said)) {
    return {
      verdict: 'forbidden',
      message: `Google suspended the project (or key) behind this key (403).${heard}`,
      fix: 'A new key in the same project will not help. Follow the appeal link in Google\'s email or the banner in AI Studio, or use a key from another project.',
    };
  }
  return {
    ...defaultClassify(facts, ctx),
    fix: 'Google accepted the key but refused this call: check the key\'s API and application restrictions in the Google Cloud console, and whether the model is open to the project\'s tier.',
  };
}

function rateLimited(facts: AnswerFacts, ctx: AdapterContext, google: GoogleDetails | null, heard: string): Finding {
  const violations = google?.violations ?? [];
  const retry = google?.retryDelaySeconds ?? null;
  const quota = violations.length ? `: ${violations.map(describeQuota).join('; ')}` : '';
  if (facts.limits?.zeroAllowance) {
    return {
      verdict: 'quota_exhausted',
      reason: 'zero_quota',
      message: `Your key is valid, but its project has no quota for this model: Google reports a limit of 0 (429 RESOURCE_EXHAUSTED)${quota}.`,
      fix: 'Waiting will not help. Use a model the project\'s tier includes, or enable billing on the project in Google AI Studio to move to a paid tier; check its limits at ai.dev/rate-limit.',
    };
  }
  const daily = violations.some((v) => windowOf(v) === 'day');
  const wait = retry === null ? (daily ? 'until the daily reset (midnight Pacific time)' : 'a minute') : seconds(retry);
  return {
    verdict: 'rate_limited',
    message: `Your key is valid, but a Gemini quota of its project ran out (429 RESOURCE_EXHAUSTED)${quota}.${violations.length ? '' : heard}`,
    fix:
      `Wait ${wait} and test again${retry === null ? '' : ' (Google\'s retry delay)'}.` +
      (daily ? ' A per-day quota lasts until midnight Pacific time: switch model or enable billing rather than retrying.' : '') +
      ' Quotas are per project: every key of the same project shares them. Usage and limits: ai.dev/rate-limit.',
  };
}

// ----------------------------------------------------------------------------------------------
// models, bodies, results, streams
// ----------------------------------------------------------------------------------------------

/** `{models: [{name: 'models/gemini-…', supportedGenerationMethods, inputTokenLimit, thinking}], nextPageToken}`. */
export function parseGeminiModels(json: unknown, ctx: AdapterContext): ModelInfo[] | null {
  if (!isObj(json)) return null;
  // An empty project list comes back as `{}`.
  if (json.models === undefined) return Object.keys(json).length === 0 || 'nextPageToken' in json ? [] : null;
  if (!Array.isArray(json.models)) return null;
  return json.models.filter(isObj).flatMap((card): ModelInfo[] => {
    const name = str(card.name);
    if (!name) return [];
    const id = name.replace(/^(models|tunedModels)\//, '');
    const capabilities: Record<string, boolean> = {};
    for (const method of Array.isArray(card.supportedGenerationMethods) ? card.supportedGenerationMethods : []) {
      if (typeof method === 'string') capabilities[method] = true;
    }
    if (card.thinking === true) capabilities.thinking = true;
    return [
      {
        id,
        name: str(card.displayName) ?? id,
        aliases: [],
        family: familyOf(id, ctx.data.models),
        capabilities,
        contextLength: num(card.inputTokenLimit),
        deprecation: null,
        fineTuned: name.startsWith('tunedModels/'),
      },
    ];
  });
}

/**
 * Thinking tokens count against maxOutputTokens, so a model that thinks first can spend a check's
 * few tokens before any text. Each generation has its own switch: 2.5 Flash models take a budget
 * of 0; Gemini 3 Flash and Flash-Lite models take `thinkingLevel: minimal` (3.5 Flash-Lite's default);
 * Gemini 3 Pro cannot stop thinking, `low` is its least. Other models get no setting (a wrong one is a 400).
 */
export function thinkingConfigFor(model: string): Record<string, unknown> | null {
  const id = model.replace(/^models\//, '').toLowerCase();
  if (/^gemini-2\.5-flash(-lite)?(-preview(-\d{2}-\d{2,4})?|-\d{3})?$/.test(id)) return { thinkingBudget: 0 };
  const v3 = /^gemini-(\d+)(?:\.\d+)?-(flash|flash-lite|pro)(?:-preview)?$/.exec(id);
  if (v3 && Number(v3[1]) >= 3) return { thinkingLevel: v3[2] === 'pro' ? 'low' : 'minimal' };
  return null;
}

function body(work: Work): unknown {
  const parts = [{ text: work.work === 'fim' ? `${work.prompt}${work.suffix ?? ''}` : work.prompt }];
  if (work.work === 'embeddings') return { content: { parts } };
  const thinkingConfig = thinkingConfigFor(work.model);
  return {
    contents: [{ role: 'user', parts }],
    generationConfig: { maxOutputTokens: work.maxTokens, ...(thinkingConfig ? { thinkingConfig } : {}) },
  };
}

/** The visible text of a response's first candidate: thought summaries and signatures left out. */
function candidateText(response: Obj): { text: string; thinking: boolean } {
  const candidate = Array.isArray(response.candidates) && isObj(response.candidates[0]) ? response.candidates[0] : null;
  const parts = candidate && isObj(candidate.content) && Array.isArray(candidate.content.parts) ? candidate.content.parts.filter(isObj) : [];
  let text = '';
  let thinking = false;
  for (const part of parts) {
    if (part.thought === true) thinking = true;
    else if (typeof part.text === 'string') text += part.text;
  }
  return { text, thinking };
}

function readResult(work: WorkKind, json: unknown): { text: string; dimensions: number | null } {
  if (!isObj(json)) return { text: '', dimensions: null };
  if (work === 'embeddings') {
    const embedding = isObj(json.embedding) ? json.embedding : Array.isArray(json.embeddings) && isObj(json.embeddings[0]) ? json.embeddings[0] : null;
    return { text: '', dimensions: embedding && Array.isArray(embedding.values) ? embedding.values.length : null };
  }
  return { text: candidateText(json).text.trim(), dimensions: null };
}

/** One SSE event of `:streamGenerateContent?alt=sse`: a whole GenerateContentResponse, or an error. */
function readChunk(event: SseEvent): StreamSignal {
  let chunk: unknown;
  try {
    chunk = JSON.parse(event.data);
  } catch {
    return { malformed: true };
  }
  if (!isObj(chunk)) return { malformed: true };
  if (isObj(chunk.error)) return { error: parseGoogleError(event.data, 'application/json') };
  const usage = isObj(chunk.usageMetadata) ? chunk.usageMetadata : null;
  if (!Array.isArray(chunk.candidates) && !usage && !isObj(chunk.promptFeedback)) return { malformed: true };
  const signal: StreamSignal = {};
  const { text, thinking } = candidateText(chunk);
  if (text) signal.text = text;
  // Thoughts stay on Google's side unless asked for; the usage still counts them, before the text.
  if (thinking || (usage && (num(usage.thoughtsTokenCount) ?? 0) > 0)) signal.thinking = true;
  const visible = usage ? num(usage.candidatesTokenCount) : null;
  if (visible !== null) {
    // Running totals: candidatesTokenCount is the visible answer so far and leaves thoughts out
    // (those are thoughtsTokenCount). It is absent while only thoughts were spent, and recordings
    // show it missing even beside text, so its absence is "not said", not zero.
    signal.outputTokens = visible;
    signal.tokenSource = 'usage_excluding_reasoning';
  }
  const id = str(chunk.responseId);
  if (id) signal.requestId = id;
  return signal;
}

const VERDICTS: readonly Verdict[] = [
  'valid',
  'invalid',
  'forbidden',
  'rate_limited',
  'quota_exhausted',
  'unsupported_region',
  'not_found',
  'provider_error',
  'unreachable',
  'timeout',
];

export const gemini: ProviderAdapter = {
  verdicts: VERDICTS,
  reasons: ['api_disabled', 'key_leaked', 'zero_quota'],
  parseError: parseGoogleError,
  classify: classifyGemini,
  // No request-id header: a generateContent answer names itself in `responseId`; errors name nothing.
  requestId: (headers, ctx, error, json) => firstHeader(headers, ctx.data.headers.requestId) ?? error?.requestId ?? (isObj(json) ? str(json.responseId) : null),
  readRateLimits: readGeminiLimits,
  parseModels: parseGeminiModels,
  readValidation: (json, ctx) => ({ models: parseGeminiModels(json, ctx) }),
  nextPage: (json) => (isObj(json) && str(json.nextPageToken) ? `pageToken=${encodeURIComponent(json.nextPageToken as string)}` : null),
  body,
  readResult,
  stream: { read: readChunk, terminated: false },
  checkFailure(_check, model, facts, finding) {
    // A 400 that is about the key or the place (not the request) says so, not "refused the request".
    if (facts.status === 400 && finding.verdict !== 'provider_error') return finding.message;
    if (finding.reason === 'zero_quota') {
      const quota = detailsOf(facts)?.violations.map(describeQuota).join('; ');
      return `${model} is not available to this key's project: Google reports a limit of 0 (429)${quota ? `: ${quota}` : ''}.`;
    }
    return null;
  },
};
