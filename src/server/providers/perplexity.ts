/**
 * Perplexity: the Agent API (`POST /v1/agent`, which follows OpenAI's Responses API; the Sonar
 * chat-completions API it replaced answers 403 since 2026-09-27). Perplexity has no free call that
 * proves a key, so the key check is one small paid request, `perplexity/sonar` without tools (tools
 * such as web search are billed per call), which the user has agreed to pay for before it runs.
 *
 * Errors are `{"error":{"message","type","code":<number>}}`; older routes answered a wrong key with
 * an HTML page, read as `invalid` and never shown. An API group without credits gets 401 with
 * type insufficient_quota: that key is valid, and the verdict says so. Streams are Responses-style
 * events (`response.output_text.delta` … `response.completed`, which carries the usage).
 */
import type { ModelInfo, TokenSource } from '../../lib/api-contract';
import type { WorkKind } from '../../lib/provider-schema';
import {
  defaultClassify,
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
import { createOpenAICompatible, modelCards, modelFromCard, parseOpenAIError } from '../openai-compatible';
import { type Obj, isObj, num, str } from '../json';

const base = createOpenAICompatible({
  includeUsage: false,
  verdicts: ['valid', 'invalid', 'rate_limited', 'quota_exhausted', 'provider_error', 'unreachable', 'timeout'],
  reasons: ['insufficient_quota'],
});

// ----------------------------------------------------------------------------------------------
// requests and answers
// ----------------------------------------------------------------------------------------------

function body(work: Work): unknown {
  if (work.work !== 'chat') throw new Error(`Perplexity's tester makes no ${work.work} calls`);
  return {
    model: work.model,
    input: work.prompt,
    max_output_tokens: work.maxTokens,
    // Keyprobe's prompts need not be kept in the user's account.
    store: false,
    ...(work.stream ? { stream: true } : {}),
  };
}

/** The answer's text: the `output_text` parts of its `message` items (or `output_text`, where an SDK-style body has it). */
export function agentText(json: unknown): string {
  if (!isObj(json)) return '';
  if (typeof json.output_text === 'string') return json.output_text;
  const items = Array.isArray(json.output) ? json.output.filter(isObj) : [];
  return items
    .filter((item) => item.type === 'message')
    .flatMap((item) => (Array.isArray(item.content) ? item.content.filter(isObj) : []))
    .map((part) => (part.type === 'output_text' ? (str(part.text) ?? '') : ''))
    .join('');
}

function readResult(work: WorkKind, json: unknown): { text: string; dimensions: number | null } {
  return { text: work === 'chat' ? agentText(json).trim() : '', dimensions: null };
}

/** A run that ended `failed` answers 200 with its error inside. */
function failedRun(json: unknown, ctx: AdapterContext): Finding | undefined {
  if (!isObj(json) || json.status !== 'failed') return undefined;
  const said = isObj(json.error) ? str(json.error.message) : null;
  return {
    verdict: 'provider_error',
    message: `${ctx.host} accepted the key but the request failed on Perplexity's side (status failed).${said ? ` Perplexity said: “${said.slice(0, 300).replace(/[.!]+$/, '')}”.` : ''}`,
    fix: 'This says nothing against your key. Try again in a minute.',
  };
}

// ----------------------------------------------------------------------------------------------
// verdicts
// ----------------------------------------------------------------------------------------------

function classify(facts: AnswerFacts, ctx: AdapterContext): Finding {
  const error = facts.error;
  if (facts.status === 401 && (error?.type === 'insufficient_quota' || /insufficient[_ ]quota|no credits|credit balance/i.test(error?.message ?? ''))) {
    return {
      verdict: 'quota_exhausted',
      reason: 'insufficient_quota',
      message: `Your key is real, but its API group has no credits left: Perplexity blocks the group's keys at a zero balance, and says so with a 401.${quoted(facts, ctx)}`,
      fix: 'Open console.perplexity.ai, select the API group that owns the key and add credits under Billing; credits do not move between groups. Then test again.',
    };
  }
  if (facts.status === 403 || facts.status === 404) {
    // Perplexity's 403s so far mean a retired route (chat_completions_not_available) or a blocked network, not a key.
    return {
      verdict: 'provider_error',
      message: `${ctx.host} refused the call itself (HTTP ${facts.status}), not the key.${quoted(facts, ctx)}`,
      fix: 'Perplexity may have moved or retired the route Keyprobe calls, or blocked the network the test ran from. Try again later; if it persists, please report it.',
    };
  }
  const finding = defaultClassify(facts, ctx);
  if (finding.verdict === 'invalid') {
    finding.fix = `Copy the key again from ${ctx.data.links.keys} (it starts with pplx-), whole. If it is listed there and still refused, check the credit balance of the key's API group: Perplexity blocks keys when it is empty. A deleted or rotated key cannot come back; create a new one.`;
  }
  if (finding.verdict === 'rate_limited') {
    finding.fix = `${finding.fix} Every key of the API group shares its limits.`;
  }
  return finding;
}

// ----------------------------------------------------------------------------------------------
// rate limits
// ----------------------------------------------------------------------------------------------

/**
 * `x-ratelimit-limit`, `-remaining`, `-used`, and `-reset` as a Unix time (recorded 2026-10-09: the
 * reset fell one second after the answer's Date, hence the data's window of a second).
 */
const readRateLimits: ProviderAdapter['readRateLimits'] = (headers, ctx) => {
  const reading = readRateLimitHeaders(headers, ctx);
  const resetAt = Number(headers.get('x-ratelimit-reset'));
  if (reading.limits.some((l) => l.remaining === 0) && headers.has('x-ratelimit-reset') && Number.isFinite(resetAt)) {
    reading.resetSeconds = Math.max(0, resetAt - Date.now() / 1000);
  }
  return reading;
};

// ----------------------------------------------------------------------------------------------
// streams
// ----------------------------------------------------------------------------------------------

/** Events that carry neither text, usage nor an end. */
const QUIET = /^response\.(created|in_progress|queued|output_item\.(added|done)|output_text\.done|content_part\.(added|done)|skill\.loaded)$/;

const errorOf = (value: unknown, fallback: string): ProviderError => {
  const fields = isObj(value) ? value : {};
  return {
    message: str(fields.message) ?? fallback,
    type: str(fields.type),
    code: typeof fields.code === 'string' || typeof fields.code === 'number' ? String(fields.code) : null,
    requestId: null,
    html: false,
  };
};

/** Output tokens of a finished response, without reasoning tokens where the usage counts them apart. */
function outputTokens(response: Obj): { outputTokens?: number; tokenSource?: TokenSource } {
  const usage = isObj(response.usage) ? response.usage : null;
  const total = num(usage?.output_tokens);
  if (!usage || total === null) return {};
  const reasoning = isObj(usage.output_tokens_details) ? num(usage.output_tokens_details.reasoning_tokens) : null;
  return reasoning ? { outputTokens: total - reasoning, tokenSource: 'usage_excluding_reasoning' } : { outputTokens: total, tokenSource: 'usage' };
}

/** One Agent API stream event: the text deltas, search and reasoning steps, and the end with its usage. */
export function readAgentEvent(event: SseEvent): StreamSignal {
  if (event.data === '[DONE]') return { end: true };
  let chunk: unknown;
  try {
    chunk = JSON.parse(event.data);
  } catch {
    return { malformed: true };
  }
  if (!isObj(chunk)) return { malformed: true };
  const type = str(chunk.type) ?? event.event ?? '';
  if (type === 'response.output_text.delta') {
    const delta = str(chunk.delta);
    return delta === null ? { malformed: true } : delta ? { text: delta } : {};
  }
  // Search and reasoning steps come before the answer: the model is not writing it yet.
  if (type.startsWith('response.reasoning.')) return { thinking: true };
  if (type === 'response.completed' || type === 'response.incomplete') {
    const response = isObj(chunk.response) ? chunk.response : {};
    const signal: StreamSignal = { end: true, ...outputTokens(response) };
    if (response.status === 'failed') signal.error = errorOf(response.error, 'the response ended with status failed');
    return signal;
  }
  if (type === 'response.failed' || type === 'error') {
    const response = isObj(chunk.response) ? chunk.response : {};
    return { end: true, error: errorOf(chunk.error ?? response.error, 'the response failed') };
  }
  if (QUIET.test(type)) return {};
  return { malformed: true };
}

/** `GET /v1/models`: OpenAI's list, each model with its `pricing` in USD per million tokens. */
function parseModels(json: unknown, ctx: AdapterContext): ModelInfo[] | null {
  const cards = modelCards(json);
  if (cards === null) return null;
  return cards.flatMap((card) => {
    const model = modelFromCard(card, ctx);
    if (!model) return [];
    const pricing = isObj(card.pricing) && card.pricing.unit === 'usd_per_1m_tokens' ? card.pricing : null;
    const price = pricing ? { input: num(pricing.input), output: num(pricing.output), currency: 'USD' } : null;
    return [price && (price.input !== null || price.output !== null) ? { ...model, price } : model];
  });
}

export const perplexity: ProviderAdapter = {
  ...base,
  parseError: parseOpenAIError,
  classify,
  readRateLimits,
  parseModels,
  readValidation(json, ctx) {
    const finding = failedRun(json, ctx);
    // The key check is a paid call that went through: the key can spend.
    return { models: null, billing: finding ? null : 'verified', ...(finding ? { finding } : {}) };
  },
  body,
  readResult,
  stream: { read: readAgentEvent, terminated: true },
};
