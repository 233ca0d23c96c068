/**
 * Cerebras: OpenAI's wire protocol with flat error bodies (`{message, type, param, code}`, no
 * `error` wrapper: the shared parser reads them), limits per minute, hour and day for requests and
 * tokens on inference answers only, and usage on the finish chunk without being asked, beside
 * `time_info`: Cerebras' own timing of the call (queue, prompt, completion, seconds). The tester
 * shows its time to first token (queue + prompt) beside the one it measured.
 *
 * Cerebras counts the prompt plus the whole `max_completion_tokens` against the token limits before
 * it generates, so the tester asks for few tokens. gpt-oss, the one model every 2026 source lists,
 * always reasons: it gets the least effort, and reasoning tokens are left out of the decode rate.
 */
import type { Verdict } from '../../lib/api-contract';
import { defaultClassify, firstHeader, quoted, windowSeconds, type AnswerFacts, type ProviderAdapter, type SseEvent, type StreamSignal, type Work } from '../adapter';
import { createOpenAICompatible, openAIChunk } from '../openai-compatible';
import { type Obj, isObj, nonEmptyStr as str } from '../json';

const seconds = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null);

const VERDICTS: readonly Verdict[] = ['valid', 'invalid', 'forbidden', 'rate_limited', 'quota_exhausted', 'not_found', 'provider_error', 'unreachable', 'timeout'];

const base = createOpenAICompatible({ includeUsage: false, maxTokensField: 'max_completion_tokens', verdicts: VERDICTS });

/** Cerebras' own time to first token, ms: the time queued plus the time reading the prompt. */
export function serverTtftMs(timeInfo: unknown): number | null {
  if (!isObj(timeInfo)) return null;
  const queue = seconds(timeInfo.queue_time);
  const prompt = seconds(timeInfo.prompt_time);
  if (queue === null || prompt === null) return null;
  return Math.round((queue + prompt) * 10_000) / 10;
}

/** A chunk: text, usage (reasoning tokens left out), `time_info` and the answer's id. */
export function readCerebrasChunk(event: SseEvent): StreamSignal {
  const { chunk, ...signal } = openAIChunk(event);
  if (!chunk || signal.error) return signal;
  const id = str(chunk.id);
  if (id) signal.requestId = id;
  const usage = isObj(chunk.usage) ? chunk.usage : null;
  const details = usage && isObj(usage.completion_tokens_details) ? usage.completion_tokens_details : null;
  const reasoning = details && typeof details.reasoning_tokens === 'number' ? details.reasoning_tokens : 0;
  if (signal.outputTokens !== undefined && reasoning > 0) {
    signal.outputTokens = Math.max(0, signal.outputTokens - reasoning);
    signal.tokenSource = 'usage_excluding_reasoning';
  }
  const ttft = serverTtftMs(chunk.time_info);
  if (ttft !== null) signal.serverTtftMs = ttft;
  return signal;
}

/** The longest window longer than a minute whose allowance ran out ("tokens per day"), if any. */
function spentLongWindow(facts: AnswerFacts): string | null {
  const spent = (facts.limits?.limits ?? []).filter((l) => l.remaining === 0 && l.limit > 0 && windowSeconds(l.window) > 60);
  const longest = spent.sort((a, b) => windowSeconds(b.window) - windowSeconds(a.window))[0];
  return longest ? `${longest.name.toLowerCase()} per ${longest.window}` : null;
}

export const cerebras: ProviderAdapter = {
  ...base,
  body(work: Work) {
    const body = base.body(work) as Obj;
    return work.work === 'chat' && /^gpt-oss/.test(work.model) ? { ...body, reasoning_effort: 'low' } : body;
  },
  requestId: (headers, ctx, _error, body) => (isObj(body) ? str(body.id) : null) ?? firstHeader(headers, ctx.data.headers.requestId),
  // The free model list does not show whether the organization must pay (402): a paid check settles it.
  readValidation: (json, ctx) => ({ models: base.parseModels(json, ctx), billing: 'unverified' }),
  stream: { read: readCerebrasChunk, terminated: true },

  classify(facts, ctx) {
    const code = facts.error?.code;
    if (facts.status === 402) {
      return {
        verdict: 'quota_exhausted',
        message: `Your key is valid, but Cerebras wants payment before it serves this organization (402).${quoted(facts, ctx)}`,
        fix: 'Open the Billing tab at cloud.cerebras.ai: add a payment method or credit, or pay what is due. Retrying will not help until then.',
      };
    }
    if (facts.status === 429 && (code === 'queue_exceeded' || facts.error?.message?.includes('high traffic'))) {
      return {
        verdict: 'rate_limited',
        message: `Your key is valid, but Cerebras is short of capacity right now (429 queue_exceeded): this is Cerebras' traffic, not your limits.${quoted(facts, ctx)}`,
        fix: 'Try again after a short pause; if it persists, try another model.',
      };
    }
    const finding = defaultClassify(facts, ctx);
    if (finding.verdict === 'rate_limited') {
      const long = spentLongWindow(facts);
      if (long) {
        finding.message = `Your key is valid, but its allowance of ${long} is used up (429): waiting a minute will not help.${quoted(facts, ctx)}`;
        finding.fix = 'Wait until that window frees up (the limits below show what is left), or move up from the free tier in cloud.cerebras.ai for larger allowances.';
      } else {
        finding.fix = 'Wait a minute and test again. Cerebras counts requests and tokens per minute, hour and day; the limits below show which ran out.';
      }
    }
    if (finding.verdict === 'forbidden') {
      finding.fix = 'The organization may not use this feature or model (Cerebras names one: image input on a text-only model). Remove the feature or pick a model that has it, or ask Cerebras to enable it.';
    }
    return finding;
  },
};
