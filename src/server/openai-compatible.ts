/**
 * The adapter of every provider that speaks OpenAI's wire protocol (`/chat/completions`,
 * `/embeddings`, `/models`, SSE chunks ending in `[DONE]`). What differs between them is data (paths,
 * headers, models: the provider's JSON) and a few options here; a provider with quirks spreads this
 * adapter and overrides the parts its provider does differently:
 *
 *   export const groq = createOpenAICompatible({ includeUsage: false });
 *   export const openai = { ...base, classify: (facts, ctx) => openaiSpecific(facts, ctx) ?? base.classify(facts, ctx) };
 */
import type { ModelInfo, Verdict } from '../lib/api-contract';
import { familyOf as familyOfId } from '../lib/model-catalogue';
import type { WorkKind } from '../lib/provider-schema';
import {
  defaultClassify,
  errorBodyJson,
  firstHeader,
  noError,
  readRateLimitHeaders,
  type AdapterContext,
  type ProviderAdapter,
  type ProviderError,
  type SseEvent,
  type StreamDialect,
  type StreamSignal,
  type Work,
} from './adapter';
import { type Obj, isObj, str } from './json';

export interface OpenAICompatibleOptions {
  /**
   * Ask for token usage in streams with `stream_options: {include_usage: true}`. Only where the
   * provider accepts it: some send usage anyway, and some refuse the field (Mistral answers 422).
   */
  includeUsage: boolean;
  /** The output-length field of chat requests. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /** Verdicts the adapter can produce; the default is what the shared classification gives. */
  verdicts?: readonly Verdict[];
  reasons?: readonly string[];
}

export const BASE_VERDICTS: readonly Verdict[] = [
  'valid',
  'invalid',
  'forbidden',
  'rate_limited',
  'quota_exhausted',
  'not_found',
  'provider_error',
  'unreachable',
  'timeout',
];

/** Words of an error field: a string, FastAPI's `[{loc, msg}]`, or an object holding either. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const parts = value.map((item: unknown) => {
      if (!isObj(item)) return '';
      const where = Array.isArray(item.loc) ? item.loc.filter((l) => l !== 'body').join('.') : '';
      const msg = str(item.msg);
      return msg ? (where ? `${where}: ${msg}` : msg) : '';
    });
    return parts.filter(Boolean).join('; ') || null;
  }
  if (isObj(value)) return textOf(value.detail ?? value.message);
  return null;
}

/**
 * Reads the error bodies OpenAI-style APIs send: `{"error":{message,type,code}}`, the same flat,
 * `{"error":"text"}`, FastAPI's `{"detail":…}`, a gateway's `{"message","request_id"}`, or a CDN's
 * HTML page (only its title is kept).
 */
export function parseOpenAIError(body: string, contentType: string | null): ProviderError {
  const error = noError();
  const parsed = errorBodyJson(body, contentType, error);
  if (!isObj(parsed)) return error;
  const fields = isObj(parsed.error) ? parsed.error : parsed;
  let message = fields.message ?? (typeof parsed.error === 'string' ? parsed.error : undefined);
  if (typeof message === 'string' && message.trim().startsWith('{')) {
    // Some 422s carry the validation body as a JSON string inside `message`.
    try {
      message = JSON.parse(message);
    } catch {
      // keep the string
    }
  }
  error.message = textOf(message) ?? textOf(fields.detail ?? parsed.detail);
  error.type = str(fields.type);
  error.code = typeof fields.code === 'string' || typeof fields.code === 'number' ? String(fields.code) : null;
  error.requestId = str(fields.request_id) ?? str(parsed.request_id);
  return error;
}

/** The family of a model id, from the provider's data. */
export const familyOf = (id: string, ctx: AdapterContext): string => familyOfId(id, ctx.data.models);

/** One model card of an OpenAI-style list, read into the shared shape. */
export function modelFromCard(card: Obj, ctx: AdapterContext): ModelInfo | null {
  const id = str(card.id);
  if (!id) return null;
  const capabilities: Record<string, boolean> = {};
  if (isObj(card.capabilities)) {
    for (const [flag, on] of Object.entries(card.capabilities)) if (typeof on === 'boolean') capabilities[flag] = on;
  }
  const context = [card.context_length, card.context_window, card.max_context_length].find((v) => typeof v === 'number');
  const shutdown = str(card.shutdown_date) ?? str(card.deprecation);
  return {
    id,
    name: str(card.name) ?? id,
    aliases: [],
    family: familyOf(id, ctx),
    capabilities,
    contextLength: typeof context === 'number' ? context : null,
    deprecation: shutdown ? { date: shutdown, replacement: str(card.deprecation_replacement_model) } : null,
    fineTuned: id.startsWith('ft:'),
  };
}

/** `{data: [...]}` or a bare array of cards; null when the body is neither. */
export function modelCards(json: unknown): Obj[] | null {
  const list = Array.isArray(json) ? json : isObj(json) && Array.isArray(json.data) ? json.data : null;
  return list ? list.filter(isObj) : null;
}

const contentText = (content: unknown): { text: string; thinking: boolean } => {
  if (typeof content === 'string') return { text: content, thinking: false };
  if (!Array.isArray(content)) return { text: '', thinking: false };
  // Content as parts: `[{type:'text', text}]`, with reasoning as `{type:'thinking', thinking:[…]}`.
  let text = '';
  let thinking = false;
  for (const part of content) {
    if (!isObj(part)) continue;
    if (part.type === 'thinking') thinking ||= textOf(part.thinking) !== '' || Array.isArray(part.thinking);
    else if (typeof part.text === 'string') text += part.text;
  }
  return { text, thinking };
};

/** OpenAI's chunks: `data: {choices:[{delta:{content}}], usage?}` … `data: [DONE]`. */
export function openAIChunk(event: SseEvent): StreamSignal & { chunk?: Obj } {
  if (event.data === '[DONE]') return { end: true };
  let chunk: unknown;
  try {
    chunk = JSON.parse(event.data);
  } catch {
    return { malformed: true };
  }
  if (!isObj(chunk)) return { malformed: true };
  const signal: StreamSignal & { chunk?: Obj } = { chunk };
  if (event.event === 'error' || isObj(chunk.error)) {
    signal.error = parseOpenAIError(event.data, 'application/json');
    return signal;
  }
  const choices = Array.isArray(chunk.choices) ? chunk.choices : null;
  if (choices === null && !isObj(chunk.usage)) return { malformed: true };
  const delta = isObj(choices?.[0]) && isObj(choices[0].delta) ? choices[0].delta : null;
  if (delta) {
    const { text, thinking } = contentText(delta.content);
    if (text) signal.text = text;
    if (thinking || str(delta.reasoning_content) || str(delta.reasoning)) signal.thinking = true;
  }
  const tokens = isObj(chunk.usage) ? chunk.usage.completion_tokens : undefined;
  if (typeof tokens === 'number') {
    signal.outputTokens = tokens;
    signal.tokenSource = 'usage';
  }
  return signal;
}

/** `choices[0].message.content` of a completion, or the length of `data[0].embedding`. */
export function readOpenAIResult(work: WorkKind, json: unknown): { text: string; dimensions: number | null } {
  if (work === 'embeddings') {
    const first = isObj(json) && Array.isArray(json.data) && isObj(json.data[0]) ? json.data[0] : null;
    return { text: '', dimensions: first && Array.isArray(first.embedding) ? first.embedding.length : null };
  }
  const choice = isObj(json) && Array.isArray(json.choices) && isObj(json.choices[0]) ? json.choices[0] : null;
  const message = choice && isObj(choice.message) ? choice.message : null;
  return { text: contentText(message?.content).text.trim(), dimensions: null };
}

export const openAIDialect: StreamDialect = { read: openAIChunk, terminated: true };

export function createOpenAICompatible(options: OpenAICompatibleOptions): ProviderAdapter {
  const maxTokensField = options.maxTokensField ?? 'max_tokens';
  const body = (work: Work): unknown => {
    switch (work.work) {
      case 'chat':
        return {
          model: work.model,
          messages: [{ role: 'user', content: work.prompt }],
          [maxTokensField]: work.maxTokens,
          ...(work.stream ? { stream: true, ...(options.includeUsage ? { stream_options: { include_usage: true } } : {}) } : {}),
        };
      case 'embeddings':
        return { model: work.model, input: [work.prompt] };
      case 'fim':
        return { model: work.model, prompt: work.prompt, suffix: work.suffix ?? '', max_tokens: work.maxTokens, ...(work.stream ? { stream: true } : {}) };
    }
  };
  const parseModels = (json: unknown, ctx: AdapterContext): ModelInfo[] | null => {
    const cards = modelCards(json);
    if (cards === null) return null;
    return cards.map((card) => modelFromCard(card, ctx)).filter((m): m is ModelInfo => m !== null);
  };
  return {
    verdicts: options.verdicts ?? BASE_VERDICTS,
    reasons: options.reasons ?? [],
    parseError: parseOpenAIError,
    classify: defaultClassify,
    requestId: (headers, ctx, error) => firstHeader(headers, ctx.data.headers.requestId) ?? error?.requestId ?? null,
    readRateLimits: readRateLimitHeaders,
    parseModels,
    readValidation: (json, ctx) => ({ models: ctx.endpoint.validation.call === 'models' ? parseModels(json, ctx) : null }),
    body,
    readResult: readOpenAIResult,
    stream: openAIDialect,
  };
}
