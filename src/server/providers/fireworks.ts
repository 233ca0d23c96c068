/**
 * Fireworks: OpenAI's wire protocol under `/inference/v1`, model ids that are paths
 * (`accounts/fireworks/models/<name>`), and headers of its own: effective rate limits in tokens per
 * second (`X-Ratelimit-Limit-Tokens-Prompt`, `-Generated`), whether the account is over them
 * (`X-Ratelimit-Over-Limit`), and its own server-side timings in seconds
 * (`Fireworks-Server-Time-To-First-Token`, `-Processing-Time`; the data's `timeUnit` converts them).
 *
 * A spending limit or unpaid invoice suspends the whole account: 412 PRECONDITION_FAILED. The model
 * list has answered 500 "Error listing deployed models" for valid keys, so a 5xx there is never read
 * as a bad key (and the checks the user asked for still run). Fireworks has also sent rate limits as
 * a 400 whose words say so.
 */
import type { ModelInfo, Verdict } from '../../lib/api-contract';
import { defaultClassify, quoted, readRateLimitHeaders, type AdapterContext, type ProviderAdapter, type SseEvent, type StreamSignal, type Work } from '../adapter';
import { createOpenAICompatible, familyOf, modelCards, openAIChunk } from '../openai-compatible';
import { type Obj, isObj, nonEmptyStr as str } from '../json';

const VERDICTS: readonly Verdict[] = ['valid', 'invalid', 'rate_limited', 'quota_exhausted', 'not_found', 'provider_error', 'unreachable', 'timeout'];

const base = createOpenAICompatible({ includeUsage: true, verdicts: VERDICTS });

/**
 * The least reasoning each model family takes: DeepSeek V4 answers without thinking at `none`,
 * gpt-oss cannot switch it off and takes `low` (labels from Fireworks' reasoning guide).
 */
function reasoningEffort(model: string): string | null {
  if (/\/deepseek-v4/.test(model)) return 'none';
  if (/\/gpt-oss/.test(model)) return 'low';
  return null;
}

/** `kind` tells embedding models apart: they report `supports_chat: true` too. */
export function modelFromFireworks(card: Obj, ctx: AdapterContext): ModelInfo | null {
  const id = str(card.id);
  if (!id) return null;
  const embedding = card.kind === 'EMBEDDING_MODEL';
  const capabilities: Record<string, boolean> = {};
  if (embedding) capabilities.embeddings = true;
  else if (card.supports_chat === true) capabilities.chat = true;
  if (card.supports_image_input === true) capabilities.vision = true;
  if (card.supports_tools === true) capabilities.tools = true;
  const context = typeof card.context_length === 'number' && card.context_length > 0 ? card.context_length : null;
  return { id, name: id, aliases: [], family: familyOf(id, ctx), capabilities, contextLength: context, deprecation: null, fineTuned: false };
}

export function parseFireworksModels(json: unknown, ctx: AdapterContext): ModelInfo[] | null {
  const cards = modelCards(json);
  return cards === null ? null : cards.flatMap((card) => modelFromFireworks(card, ctx) ?? []);
}

export function readFireworksChunk(event: SseEvent): StreamSignal {
  const { chunk, ...signal } = openAIChunk(event);
  const id = chunk ? str(chunk.id) : null;
  return id && !signal.error ? { ...signal, requestId: id } : signal;
}

export const fireworks: ProviderAdapter = {
  ...base,
  body(work: Work) {
    const body = base.body(work) as Obj;
    const effort = work.work === 'chat' ? reasoningEffort(work.model) : null;
    return effort ? { ...body, reasoning_effort: effort } : body;
  },
  // Errors name the answer in a top-level `request_id`; successes and streams in their `id`.
  requestId: (_headers, _ctx, error, body) => error?.requestId ?? (isObj(body) ? str(body.id) : null),
  parseModels: parseFireworksModels,
  // Whether a suspended account (412) can still list models is not known: a paid check settles it.
  readValidation: (json, ctx) => ({ models: parseFireworksModels(json, ctx), billing: 'unverified' }),
  stream: { read: readFireworksChunk, terminated: true },

  readRateLimits(headers, ctx) {
    const reading = readRateLimitHeaders(headers, ctx);
    const over = headers.get('x-ratelimit-over-limit')?.trim().toLowerCase();
    if (over === 'yes') reading.notes.push('Fireworks says this account is over its rate limit right now (X-Ratelimit-Over-Limit: yes).');
    if (over === 'no') reading.notes.push('Fireworks says this account is within its rate limits (X-Ratelimit-Over-Limit: no).');
    return reading;
  },

  classify(facts, ctx) {
    const said = facts.error?.message ?? '';
    if (facts.status === 412 || facts.status === 402) {
      const suspended = /suspended/i.test(said) || facts.error?.code === 'PRECONDITION_FAILED';
      return {
        verdict: 'quota_exhausted',
        message: suspended
          ? `Your key is valid, but the Fireworks account is suspended (${facts.status}).${quoted(facts, ctx)}`
          : `Your key is valid, but Fireworks will not bill the account (${facts.status}).${quoted(facts, ctx)}`,
        fix: 'Open fireworks.ai/account/billing: raise the monthly spending limit, pay the open invoice or add credit. Retrying will not help until then; every key of the account fails the same way.',
      };
    }
    if (facts.status === 400 && /rate limit/i.test(said)) {
      return {
        verdict: 'rate_limited',
        message: `Your key is valid, but Fireworks is rate-limiting it right now (it said so with a 400).${quoted(facts, ctx)}`,
        fix: 'Wait a minute and test again; ramp traffic up gradually so the adaptive limits can follow.',
      };
    }
    if (facts.status === 403) {
      return {
        verdict: 'invalid',
        message: `Fireworks refused this key (403 Forbidden).${quoted(facts, ctx)}`,
        fix: 'Check that the key is still listed in the Fireworks dashboard and belongs to the account you mean. Fireworks documents no 403 for inference.',
      };
    }
    const finding = defaultClassify(facts, ctx);
    if (finding.verdict === 'provider_error' && facts.status !== null && facts.status >= 500) {
      if (/listing/i.test(said)) {
        finding.message = `Fireworks could not list the models (HTTP ${facts.status}). This says nothing against your key: Fireworks' model list has failed like this for valid keys.${quoted(facts, ctx)}`;
        finding.fix = 'Run the chat check to test the key with a small paid call (Keyprobe runs the checks you pick even when the list fails).';
      } else if (facts.status === 503) {
        finding.fix = "Fireworks' shared serverless capacity was short (503 Service Overloaded): that is not your rate limit. Try again shortly or use another model.";
      }
    }
    if (finding.verdict === 'rate_limited') {
      finding.fix = 'Wait a minute and test again. Fireworks adapts your limits to your traffic; a sudden ramp-up gets 429s.';
    }
    return finding;
  },
};
