/**
 * Groq (GroqCloud): OpenAI's wire protocol under `/openai/v1`, with Groq's own habits.
 * - Stream usage comes in the last chunk's `x_groq.usage`, without `stream_options`.
 * - Rate-limit headers count requests per day but tokens per minute (the data names the windows);
 *   a daily limit that runs out is still a rate limit that resets, not a spent quota. The free plan
 *   has no balance to run out, and no Groq body for a spent one is known.
 * - The cheap chat models reason unless told otherwise: Qwen takes `reasoning_effort: none`,
 *   gpt-oss only `low` at the least (groq-sdk 1.6.0's request type documents both).
 */
import type { SseEvent, StreamSignal, ProviderAdapter, Work } from '../adapter';
import { defaultClassify, quoted } from '../adapter';
import { createOpenAICompatible, openAIChunk } from '../openai-compatible';
import { isObj } from '../json';

const base = createOpenAICompatible({
  includeUsage: false,
  maxTokensField: 'max_completion_tokens',
  verdicts: ['valid', 'invalid', 'forbidden', 'rate_limited', 'not_found', 'provider_error', 'unreachable', 'timeout'],
});

function groqChunk(event: SseEvent): StreamSignal {
  const { chunk, ...signal } = openAIChunk(event);
  const usage = chunk && isObj(chunk.x_groq) && isObj(chunk.x_groq.usage) ? chunk.x_groq.usage : null;
  if (usage && typeof usage.completion_tokens === 'number') {
    signal.outputTokens = usage.completion_tokens;
    signal.tokenSource = 'usage';
  }
  return signal;
}

/** The least reasoning each model family accepts. */
function reasoningEffort(model: string): string | null {
  if (model.startsWith('qwen/')) return 'none';
  if (model.startsWith('openai/gpt-oss')) return 'low';
  return null;
}

export const groq: ProviderAdapter = {
  ...base,
  stream: { read: groqChunk, terminated: true },

  body(work: Work) {
    const body = base.body(work) as Record<string, unknown>;
    const effort = work.work === 'chat' ? reasoningEffort(work.model) : null;
    if (effort) body.reasoning_effort = effort;
    return body;
  },

  classify(facts, ctx) {
    // Groq's own status for a full flex tier; Keyprobe never asks for flex, so it is Groq's side.
    if (facts.status === 498) {
      return {
        verdict: 'provider_error',
        message: `Groq had no capacity for this request (498 capacity_exceeded).${quoted(facts, ctx)}`,
        fix: 'This is Groq\'s capacity, not your key. Try again in a minute; in your own code, retry later or send the request without service_tier "flex".',
      };
    }
    const finding = defaultClassify(facts, ctx);
    if (finding.verdict === 'quota_exhausted') {
      // A limit of 0 (the only way the shared reading gets here with day and minute windows).
      return {
        verdict: 'rate_limited',
        message: `Your key is valid, but Groq reports a limit of 0 for this call (429).${quoted(facts, ctx)}`,
        fix: 'The model is not available to your organization on its plan. Pick another model, or check console.groq.com/settings/limits.',
      };
    }
    if (finding.verdict === 'rate_limited') {
      finding.fix = `${finding.fix} Groq counts requests per minute and per day and tokens per minute and per day, for the whole organization and per model; a daily limit can mean a wait of many minutes. The headers show only requests per day and tokens per minute.`;
    }
    if (finding.verdict === 'forbidden') {
      finding.fix = facts.error?.html
        ? 'Cloudflare, in front of Groq, blocked the request before Groq saw the key. Call Groq from another network (no VPN, another host); the key itself may be fine.'
        : 'The key was recognised but this call is not allowed: a feature outside your plan (not_available_for_plan) or your role in the organization. Check console.groq.com/settings.';
    }
    if (finding.verdict === 'not_found') {
      finding.fix = 'The model id is wrong or retired (llama-3.3-70b-versatile and llama-3.1-8b-instant were retired on 2026-08-16). Pick a model from the list below.';
    }
    return finding;
  },
};
