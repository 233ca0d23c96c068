/**
 * Mistral: OpenAI's wire protocol with Mistral's own model list (aliases as separate entries), two
 * generations of rate-limit headers, a capacity 429 that is not the key's fault, and Codestral keys
 * that work only on codestral.mistral.ai (the data's `alternatives` make the runner ask that host).
 * Mistral refuses `stream_options` with a 422, and sends usage on the last chunk anyway.
 */
import { defaultClassify, quoted, readRateLimitHeaders, type ProviderAdapter } from '../adapter';
import { BASE_VERDICTS, createOpenAICompatible } from '../openai-compatible';
import { mergeModels } from './mistral-models';

const base = createOpenAICompatible({
  includeUsage: false,
  verdicts: [...BASE_VERDICTS, 'wrong_endpoint'],
  reasons: ['capacity', 'key_scope'],
});

function headerNumber(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  const value = Number(raw);
  return raw !== null && raw.trim() !== '' && Number.isFinite(value) ? value : null;
}

export const mistral: ProviderAdapter = {
  ...base,
  parseModels: mergeModels,
  readValidation: (json, ctx) => ({ models: ctx.endpoint.validation.call === 'models' ? mergeModels(json, ctx) : null }),

  readRateLimits(headers, ctx) {
    const reading = readRateLimitHeaders(headers, ctx);
    // The 2025 generation: `ratelimitbysize-limit` repeats the per-minute token limit (shown only
    // when the explicit one is absent), `-reset` counts seconds, `-query-cost` what the call used.
    const sizeLimit = headerNumber(headers, 'ratelimitbysize-limit');
    if (sizeLimit !== null && !reading.limits.some((l) => l.name === 'Tokens' && l.window === 'minute')) {
      reading.limits.push({ name: 'Tokens', limit: sizeLimit, remaining: headerNumber(headers, 'ratelimitbysize-remaining'), window: 'minute' });
      reading.notes = reading.notes.filter((note) => !note.includes('sent no rate-limit headers'));
    }
    const reset = headerNumber(headers, 'ratelimitbysize-reset');
    if (reset !== null) reading.resetSeconds ??= reset;
    const cost = headerNumber(headers, 'x-ratelimit-tokens-query-cost') ?? headerNumber(headers, 'ratelimitbysize-query-cost');
    if (cost !== null) reading.notes.push(`This call counted ${cost} tokens against the limits.`);
    if (reset !== null) reading.notes.push(`The current window resets in ${reset} s.`);
    return reading;
  },

  classify(facts, ctx) {
    // The capacity message is known from one real body whose status was not shown: read the words.
    if (/capacity exceeded/i.test(facts.error?.message ?? '')) {
      return {
        verdict: 'rate_limited',
        reason: 'capacity',
        message: `Your key is valid, but Mistral is out of capacity for this model right now (HTTP ${facts.status}).${quoted(facts, ctx)}`,
        fix: "This is Mistral's capacity, not your quota. Try again later or use another model.",
      };
    }
    // A Vibe key (Le Chat Pro) used on a model outside its scope (mistral-vibe#515, 2026-03).
    if (facts.status === 403 && (facts.error?.type === 'api_key_scope_not_allowed' || facts.error?.code === '1912')) {
      return {
        verdict: 'forbidden',
        reason: 'key_scope',
        message: `Mistral accepted this key but not for this model (403 api_key_scope_not_allowed).${quoted(facts, ctx)}`,
        fix: 'This is a scope-limited key, most likely a Vibe key (such as the Vibe Pro key of a Le Chat Pro subscription), which only reaches some models. For other models and tools, create a Studio API key at console.mistral.ai/api-keys.',
      };
    }
    const finding = defaultClassify(facts, ctx);
    if (finding.verdict === 'forbidden') {
      finding.fix =
        'Mistral names three causes: a model your plan does not include, an operation that is not allowed, or your role in the workspace. Check the model\'s limits at admin.mistral.ai/plateforme/limits and your role. A Vibe key only reaches some models.';
    }
    if (finding.verdict === 'rate_limited') {
      finding.fix = 'Wait a moment and test again. Users report about one request per second on free keys; limits are shared by every key in the workspace.';
    }
    if (finding.verdict === 'quota_exhausted' && facts.limits?.zeroAllowance) {
      finding.fix =
        "Mistral reports a limit of 0 here. Third parties read this as a model outside the key's plan (Mistral does not document it); also check monthly tokens, included usage and spending limits in the Mistral console.";
    }
    return finding;
  },

  wrongEndpoint(right, ctx) {
    const host = new URL(right.origin).host;
    // Codestral's host serves a fixed model list instead of listing models.
    const codestralKey = right.models.length > 0;
    return {
      message: codestralKey
        ? `This is a Codestral key: ${host} accepts it, ${ctx.host} does not.`
        : `This key belongs to ${host}: it works there, not on ${ctx.host}.`,
      fix: codestralKey
        ? `Use ${right.origin}/v1 as the base URL in your tool (here: pick the “${right.label}” endpoint), or create a La Plateforme key for ${ctx.host}.`
        : `Use ${right.origin}/v1 as the base URL in your tool (here: pick the “${right.label}” endpoint). Codestral keys are separate keys.`,
    };
  },
};
