/**
 * Cohere: an API of its own (not its OpenAI-compatibility layer, whose validation and token counts
 * are not Cohere's). `GET /v1/models` lists `{models: [{name, endpoints, features, …}]}` in pages
 * (`page_token` / `next_page_token`); v2 chat streams named events (`content-delta` carries text,
 * `message-end` the usage and finish reason) and then `data: [DONE]`; `/v2/embed` needs an
 * `input_type`; errors are `{id, message}`.
 *
 * Trial and production keys look the same. Only trial keys get `x-trial-endpoint-call-limit` /
 * `-remaining` (per minute, per endpoint) and `x-endpoint-monthly-call-limit` on their answers
 * (never on 429s, per Elasticsearch's Cohere handler), so the rate-limit notes are where a trial
 * key is named. A trial's monthly allowance is a 429 whose words say so: the key is valid, waiting
 * a minute will not help.
 */
import type { ModelInfo } from '../../lib/api-contract';
import { familyOf as familyOfId } from '../../lib/model-catalogue';
import type { WorkKind } from '../../lib/provider-schema';
import {
  defaultClassify,
  firstHeader,
  quoted,
  readRateLimitHeaders,
  type AdapterContext,
  type AnswerFacts,
  type Finding,
  type ProviderAdapter,
  type ProviderError,
  type SseEvent,
  type StreamSignal,
  type Work,
} from '../adapter';
import { parseOpenAIError } from '../openai-compatible';
import { type Obj, isObj, str, strings } from '../json';

/** `{"id":"<uuid>","message":"…"}`; a plain-text body (`404 page not found`) is kept as the message. */
export function parseCohereError(body: string, contentType: string | null): ProviderError {
  const error = parseOpenAIError(body, contentType);
  if (error.html) return error;
  const trimmed = body.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    if (trimmed !== '') error.message = trimmed.slice(0, 500);
    return error;
  }
  if (isObj(parsed)) error.requestId = str(parsed.id) ?? error.requestId;
  return error;
}

/** One entry of `/v1/models`: its endpoints are what it can be called on, plus the features the data names. */
export function modelFromCohere(card: Obj, ctx: AdapterContext): ModelInfo | null {
  const id = str(card.name);
  if (!id) return null;
  const shown = new Set(ctx.data.models.capabilities.map((c) => c.flag));
  const capabilities: Record<string, boolean> = {};
  for (const endpoint of strings(card.endpoints)) capabilities[endpoint] = true;
  // Features are many (`json_schema`, `strict_tools`, `citations`…): only those the data labels are shown.
  for (const feature of strings(card.features)) if (shown.has(feature)) capabilities[feature] = true;
  return {
    id,
    name: id,
    aliases: [],
    family: familyOfId(id, ctx.data.models),
    capabilities,
    contextLength: typeof card.context_length === 'number' && card.context_length > 0 ? card.context_length : null,
    // `is_deprecated` comes without a date, and the shared shape needs one: Cohere's docs give the dates.
    deprecation: null,
    fineTuned: card.finetuned === true,
  };
}

export function parseCohereModels(json: unknown, ctx: AdapterContext): ModelInfo[] | null {
  if (!isObj(json) || !Array.isArray(json.models)) return null;
  return json.models.filter(isObj).flatMap((card) => modelFromCohere(card, ctx) ?? []);
}

/** The query of the next page of `/v1/models`, from the `next_page_token` of this one. */
export function nextCoherePage(json: unknown): string | null {
  const token = isObj(json) ? str(json.next_page_token) : null;
  return token ? `page_token=${encodeURIComponent(token)}` : null;
}

function body(work: Work): unknown {
  switch (work.work) {
    case 'chat':
      return {
        model: work.model,
        messages: [{ role: 'user', content: work.prompt }],
        max_tokens: work.maxTokens,
        ...(work.stream ? { stream: true } : {}),
      };
    case 'embeddings':
      // v3 and later embed models refuse a call without `input_type`.
      return { model: work.model, texts: [work.prompt], input_type: 'search_document', embedding_types: ['float'] };
    case 'fim':
      throw new Error('Cohere has no FIM endpoint');
  }
}

/** The text parts of `message.content`, or the length of `embeddings.float[0]`. */
export function readCohereResult(work: WorkKind, json: unknown): { text: string; dimensions: number | null } {
  if (work === 'embeddings') {
    const embeddings = isObj(json) && isObj(json.embeddings) ? json.embeddings : null;
    const first = embeddings && Array.isArray(embeddings.float) ? embeddings.float[0] : null;
    return { text: '', dimensions: Array.isArray(first) ? first.length : null };
  }
  const message = isObj(json) && isObj(json.message) ? json.message : null;
  const parts = message && Array.isArray(message.content) ? message.content.filter(isObj) : [];
  return { text: parts.map((p) => (p.type === 'text' || p.type === undefined ? (str(p.text) ?? '') : '')).join('').trim(), dimensions: null };
}

/** Events a v2 chat stream may carry that hold neither text nor usage. */
const QUIET_EVENTS = new Set([
  'message-start',
  'content-start',
  'content-end',
  'tool-plan-delta',
  'tool-call-start',
  'tool-call-delta',
  'tool-call-end',
  'citation-start',
  'citation-end',
  'debug',
]);

/** Finish reasons that mean the generation failed on Cohere's side. */
const FAILED = new Set(['ERROR', 'TIMEOUT']);

/** One v2 chat stream event. `message-end` is the end: it carries the finish reason and usage; `[DONE]` follows it. */
export function readCohereEvent(event: SseEvent): StreamSignal {
  if (event.data === '[DONE]') return { end: true };
  let chunk: unknown;
  try {
    chunk = JSON.parse(event.data);
  } catch {
    return { malformed: true };
  }
  if (!isObj(chunk)) return { malformed: true };
  const type = str(chunk.type) ?? event.event;
  const delta = isObj(chunk.delta) ? chunk.delta : {};
  if (type === 'content-delta') {
    const content = isObj(delta.message) && isObj(delta.message.content) ? delta.message.content : null;
    if (!content) return { malformed: true };
    const signal: StreamSignal = {};
    const text = str(content.text);
    if (text) signal.text = text;
    if (str(content.thinking)) signal.thinking = true;
    return signal;
  }
  if (type === 'message-end') {
    const signal: StreamSignal = { end: true };
    const usage = isObj(delta.usage) ? delta.usage : null;
    // Billed output tokens are the answer's own; `tokens` adds what Cohere's template wraps around it.
    const billed = usage && isObj(usage.billed_units) ? usage.billed_units.output_tokens : undefined;
    const raw = usage && isObj(usage.tokens) ? usage.tokens.output_tokens : undefined;
    const output = typeof billed === 'number' ? billed : raw;
    if (typeof output === 'number') {
      signal.outputTokens = output;
      signal.tokenSource = 'usage';
    }
    const reason = str(delta.finish_reason);
    const failure = str(delta.error);
    if (failure || (reason && FAILED.has(reason))) {
      signal.error = { message: failure ?? `the generation stopped with finish_reason ${reason}`, type: reason, code: null, requestId: null, html: false };
    }
    return signal;
  }
  if (type && QUIET_EVENTS.has(type)) return {};
  return { malformed: true };
}

const MONTHLY = /calls?\s*(?:\/|per|a)\s*month|monthly/i;
const PAYMENT_METHOD = /payment method/i;

function trialLimit(facts: AnswerFacts, ctx: AdapterContext): Finding {
  return {
    verdict: 'quota_exhausted',
    reason: 'trial_limit',
    message: `Your key is valid, but its monthly allowance of API calls is used up (429).${quoted(facts, ctx)}`,
    fix: 'Waiting a minute will not help: the allowance renews with the month. Create a production key at dashboard.cohere.com/api-keys (billed per token) to go on now. Production keys on Cohere\'s newest chat models are limited the same way; for those, Cohere asks you to contact sales@cohere.com.',
  };
}

function paymentRequired(facts: AnswerFacts, ctx: AdapterContext): Finding {
  const method = PAYMENT_METHOD.test(facts.error?.message ?? '');
  return {
    verdict: 'quota_exhausted',
    message: `Your key is valid, but Cohere cannot bill it (402 Payment Required).${quoted(facts, ctx)}`,
    fix: method
      ? 'Add or update the payment method at dashboard.cohere.com/billing?tab=payment.'
      : 'Raise the key\'s maximum monthly billing at dashboard.cohere.com/billing?tab=payment, add or update the payment method there, or wait for the reset at the start of next month.',
  };
}

function refused(facts: AnswerFacts, ctx: AdapterContext): Finding {
  // The public reports of a Cohere 403 are a bare HTML page from the load balancer in front of the
  // API; Cohere's support traced one to IP blocking (cohere-python#486). Not a verdict on the key.
  return {
    verdict: 'provider_error',
    message: facts.error?.html
      ? `${ctx.host} refused the connection with an HTML “403 Forbidden” page, not Cohere's API error. Cohere's support has linked such 403s to blocked IP addresses; it says nothing about your key.`
      : `Cohere refused the request (403 Forbidden), which its API reference does not list.${quoted(facts, ctx)}`,
    fix: 'Test the key from another network (curl https://api.cohere.com/v1/models with the key). If it works there, the network or IP address you called from is blocked; Cohere support (support@cohere.com) can say why.',
  };
}

export const cohere: ProviderAdapter = {
  verdicts: ['valid', 'invalid', 'rate_limited', 'quota_exhausted', 'not_found', 'provider_error', 'unreachable', 'timeout'],
  reasons: ['trial_limit'],
  parseError: parseCohereError,

  classify(facts, ctx) {
    const said = facts.error?.message ?? '';
    if (facts.status === 429 && MONTHLY.test(said)) return trialLimit(facts, ctx);
    if (facts.status === 402) return paymentRequired(facts, ctx);
    if (facts.status === 403) return refused(facts, ctx);
    const finding = defaultClassify(facts, ctx);
    if (finding.verdict === 'rate_limited') {
      finding.fix = /trial/i.test(said)
        ? 'Wait a minute and test again: trial keys have low per-minute limits (per endpoint) and Cohere sends no reset time. A production key has far higher limits.'
        : 'Wait a minute and test again: Cohere counts requests per minute and sends no reset time.';
    }
    if (finding.verdict === 'invalid' && /expired/i.test(said)) {
      finding.fix = 'The key has expired. Create a production key (or a new trial key) at dashboard.cohere.com/api-keys.';
    }
    return finding;
  },

  // Cohere asks for the body's `id` in support requests; its trace header is there on most answers.
  requestId: (headers, ctx, error) => error?.requestId ?? firstHeader(headers, ctx.data.headers.requestId),

  readRateLimits(headers, ctx) {
    const reading = readRateLimitHeaders(headers, ctx);
    const others = reading.notes.filter((note) => !note.includes('sent no rate-limit headers'));
    if (headers.has('x-trial-endpoint-call-limit')) {
      reading.notes = [
        ...others,
        'Trial key: Cohere sends x-trial-* limits only to trial keys. A trial key is free but limited per minute on each endpoint and per month across all of them; a production key (billed per token) is not, on the established models.',
      ];
    } else if (reading.limits.length === 0) {
      reading.notes = [
        ...others,
        'Cohere sent no rate-limit headers here. It sends them to trial keys only, so none on a chat or embed answer means a production key; Cohere publishes no per-key limits for those in headers.',
      ];
    }
    return reading;
  },

  parseModels: parseCohereModels,
  // A free model list says nothing about billing: a production key without a payment method shows only on a paid call (402).
  readValidation: (json, ctx) => ({ models: parseCohereModels(json, ctx), billing: 'unverified' }),
  nextPage: nextCoherePage,
  body,
  readResult: readCohereResult,
  stream: { read: readCohereEvent, terminated: true },
};
