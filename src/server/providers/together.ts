/**
 * Together: OpenAI's wire protocol with a model list of its own — `GET /v1/models` answers a bare
 * array (not `{data}`), each entry with its `type` (chat, embedding, image, …) and its `pricing` in
 * USD per million tokens, which the tester shows beside the model. Streams carry usage in a chunk of
 * their own (`choices: []`) without being asked (older streams put it on the finish chunk, whose
 * `finish_reason` may be `eos`). Together names an answer by the body's `id`, whose end is the
 * Cloudflare ray id; a model list has only the `cf-ray` header.
 *
 * The free model list says nothing about credit: a 402 `credit_limit` shows only on a paid call,
 * so validation leaves billing unverified and the chat check settles it.
 */
import type { ModelInfo, ModelPrice, Verdict } from '../../lib/api-contract';
import { defaultClassify, firstHeader, quoted, type AdapterContext, type ProviderAdapter, type SseEvent, type StreamSignal } from '../adapter';
import { createOpenAICompatible, familyOf, openAIChunk, parseOpenAIError } from '../openai-compatible';
import { type Obj, isObj, nonEmptyStr as str } from '../json';

const positive = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null);

// No 403 page: Together's 403s are not documented, and Betterleaks reads a 403 on the model list as
// a refused key; a model behind a higher build tier is explained on the 402 page.
const VERDICTS: readonly Verdict[] = ['valid', 'invalid', 'rate_limited', 'quota_exhausted', 'not_found', 'provider_error', 'unreachable', 'timeout'];

const base = createOpenAICompatible({ includeUsage: false, verdicts: VERDICTS });

/** Together lists models it serves only on dedicated endpoints at $0: those have no price to show. */
export function togetherPrice(pricing: unknown): ModelPrice | null {
  if (!isObj(pricing)) return null;
  const input = positive(pricing.input);
  const output = positive(pricing.output);
  return input === null && output === null ? null : { input, output, currency: 'USD' };
}

export function modelFromTogether(card: Obj, ctx: AdapterContext): ModelInfo | null {
  const id = str(card.id);
  if (!id) return null;
  const type = str(card.type);
  const price = togetherPrice(card.pricing);
  return {
    id,
    name: str(card.display_name) ?? id,
    aliases: [],
    family: familyOf(id, ctx),
    capabilities: type ? { [type]: true } : {},
    contextLength: positive(card.context_length),
    deprecation: null,
    fineTuned: false,
    ...(price ? { price } : {}),
  };
}

/** The bare array of `/v1/models` (an object with `data` is read too, should Together change it). */
export function parseTogetherModels(json: unknown, ctx: AdapterContext): ModelInfo[] | null {
  const list = Array.isArray(json) ? json : isObj(json) && Array.isArray(json.data) ? json.data : null;
  if (list === null) return null;
  return list.filter(isObj).flatMap((card) => modelFromTogether(card, ctx) ?? []);
}

/** Together's chunks, plus the answer's id from the first chunk that has one. */
export function readTogetherChunk(event: SseEvent): StreamSignal {
  const { chunk, ...signal } = openAIChunk(event);
  const id = chunk ? str(chunk.id) : null;
  return id && !signal.error ? { ...signal, requestId: id } : signal;
}

export const together: ProviderAdapter = {
  ...base,
  // Errors on inference carry the answer's `id` at the top, beside `error`.
  parseError(body, contentType) {
    const error = parseOpenAIError(body, contentType);
    try {
      const parsed: unknown = JSON.parse(body);
      if (isObj(parsed)) error.requestId = str(parsed.id) ?? error.requestId;
    } catch {
      // not JSON: nothing more to read
    }
    return error;
  },
  requestId: (headers, ctx, error, body) => error?.requestId ?? (isObj(body) ? str(body.id) : null) ?? firstHeader(headers, ctx.data.headers.requestId),
  parseModels: parseTogetherModels,
  readValidation: (json, ctx) => ({ models: parseTogetherModels(json, ctx), billing: 'unverified' }),
  stream: { read: readTogetherChunk, terminated: true },

  classify(facts, ctx) {
    const said = facts.error?.message ?? '';
    if (facts.status === 402) {
      return {
        verdict: 'quota_exhausted',
        message: `Your key is valid, but Together will not bill it: the account's credit or usage limit is used up (402).${quoted(facts, ctx)}`,
        fix: 'Add credit or raise the usage limit at api.together.ai/settings/billing. A purchase can take up to 15 minutes to reach the account; the limit is per account, so every key of it fails the same way.',
      };
    }
    if (facts.status === 403) {
      return {
        verdict: 'invalid',
        message: `Together refused this key (403 Forbidden).${quoted(facts, ctx)}`,
        fix: 'Check that the key is still listed at api.together.ai/settings/api-keys. If the key works on other models, this model needs a higher build tier: see the account\'s billing page.',
      };
    }
    // A model that exists but runs only on dedicated endpoints answers 400 model_not_available.
    if (facts.status === 400 && facts.error?.code === 'model_not_available') {
      return {
        verdict: 'not_found',
        message: `Together does not serve this model serverless (400 model_not_available).${quoted(facts, ctx)}`,
        fix: 'Pick a serverless model from the list (those with a price), or start a dedicated endpoint for this one.',
      };
    }
    const finding = defaultClassify(facts, ctx);
    if (finding.verdict === 'rate_limited') {
      finding.fix = /specific to this model/i.test(said)
        ? 'This model has a limit of its own. Wait a minute and test again, or use another model.'
        : 'Wait a minute and test again. Together raises your rate with steady traffic and throttles bursts, so ramp up gradually.';
    }
    if (finding.verdict === 'provider_error' && facts.status === 503) {
      finding.fix = 'Together was short of capacity for this model; its docs say such failures under your rate come as 503, not 429. Try again shortly or use another model.';
    }
    return finding;
  },
};
