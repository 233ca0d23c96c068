/**
 * xAI: OpenAI's wire protocol for chat, with errors in a gRPC-style body (`{"code": "<gRPC status
 * text>", "error": "<message>"}`), a wrong key answered with 400 instead of 401, billing refusals
 * recognisable only by their words (403 or 429), a free key-info call whose flags say whether the
 * key or its team may make calls, and reasoning tokens reported outside `completion_tokens`.
 */
import type { AdapterContext, AnswerFacts, Finding, ProviderAdapter, ProviderError, SseEvent, StreamSignal } from '../adapter';
import { defaultClassify, noError, quoted } from '../adapter';
import { createOpenAICompatible, openAIChunk, parseOpenAIError } from '../openai-compatible';
import { isObj } from '../json';

const base = createOpenAICompatible({ includeUsage: true });

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * xAI's messages name the team ("Your team <uuid> has …", "purchase credits on
 * console.x.ai/team/<uuid>"): ids stay out of what Keyprobe shows. Some clients have shown the
 * message percent-encoded (`Incorrect%20API%20key`); it is read as words.
 */
function plain(message: string): string {
  let text = message;
  if (/%20/.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      // keep it as it came
    }
  }
  return text.replace(UUID, '<id>');
}

/** `{"code": "<gRPC status text>", "error": "<message>"}` (auth, billing, routing), else the OpenAI envelope. */
export function parseXaiError(body: string, contentType: string | null): ProviderError {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(body.trim());
  } catch {
    // not JSON: the shared reader keeps an HTML page's title, if any
  }
  const error = isObj(parsed) && typeof parsed.error === 'string'
    ? { ...noError(), message: parsed.error, code: typeof parsed.code === 'string' ? parsed.code : null }
    : parseOpenAIError(body, contentType);
  if (error.message !== null) error.message = plain(error.message);
  return error;
}

const KEYS = 'https://console.x.ai';
/** The team's credits: never bought, used up, or capped by its monthly spending limit. */
const NO_CREDITS = /(doesn't|does not) have any credits|used all available credits|monthly spending limit|run out of credits|not have enough credits/i;
const BAD_KEY = /incorrect api key|invalid api key|api key (is )?(invalid|not valid)/i;
const NO_MODEL = /model not found|no longer accessible|does not exist/i;

function noCredits(facts: AnswerFacts, ctx: AdapterContext): Finding {
  const subscription = /grok subscription/i.test(facts.error?.message ?? '');
  return {
    verdict: 'quota_exhausted',
    message: `Your key is valid, but its xAI team cannot pay for this call (${facts.status}): it has no credits, or it reached its monthly spending limit.${quoted(facts, ctx)}`,
    fix: subscription
      ? 'A Grok subscription is not API credit: buy API credits for the team at console.x.ai, or use the tools your subscription covers.'
      : 'Buy credits for the team in the xAI Console (console.x.ai, Billing), or raise its monthly spending limit. Retrying or a new key will not help; once the team has credits the same key works.',
  };
}

/**
 * xAI counts reasoning tokens apart from `completion_tokens` (12 prompt + 1 completion + 290
 * reasoning = 303 total in a recorded stream). The decode rate is measured from the first to the
 * last visible token, and reasoning happens before the first one (it is part of the TTFT), so the
 * count that matches that window is `completion_tokens` alone: reasoning excluded, and said so.
 */
function xaiChunk(event: SseEvent): StreamSignal {
  const signal = openAIChunk(event);
  if (signal.outputTokens !== undefined) signal.tokenSource = 'usage_excluding_reasoning';
  if (signal.error?.message) signal.error.message = plain(signal.error.message);
  delete signal.chunk;
  return signal;
}

export const xai: ProviderAdapter = {
  ...base,
  parseError: parseXaiError,

  readValidation(json, ctx) {
    if (!isObj(json) || typeof json.team_blocked !== 'boolean') {
      return {
        models: null,
        finding: {
          verdict: 'provider_error',
          message: `${ctx.host} answered the key check (HTTP 200), but not with key details Keyprobe can read.`,
          fix: 'This is on xAI\'s side, not your key. Try again in a minute.',
        },
      };
    }
    // Only the key's own facts: the body also carries user, team and key ids, which stay out, and
    // the key's redacted form, which the event writer would mask anyway.
    const name = typeof json.name === 'string' && json.name.trim() ? json.name.trim() : null;
    const account = {
      balances: [],
      limit: null,
      remaining: null,
      canSpend: !json.team_blocked,
      freeTier: null,
      keyLabel: name,
      permissions: Array.isArray(json.acls) ? json.acls.filter((acl): acl is string => typeof acl === 'string' && acl.trim() !== '') : [],
      expiresAt: null,
    };
    if (json.api_key_blocked === true || json.api_key_disabled === true) {
      const blocked = json.api_key_blocked === true;
      return {
        models: null,
        account,
        billing: null,
        finding: {
          verdict: 'invalid',
          message: blocked
            ? 'xAI knows this key but has blocked it (api_key_blocked: true): it cannot make API calls.'
            : 'This key is disabled (api_key_disabled: true): it authenticates, but it cannot make API calls.',
          fix: blocked
            ? `xAI blocks keys it believes were leaked or abused. Create a new key at ${KEYS}, replace the old one everywhere, and keep it out of public code.`
            : `Enable the key again on the API Keys page of the xAI Console (${KEYS}), or create a new one.`,
        },
      };
    }
    if (json.team_blocked) {
      return {
        models: null,
        account,
        billing: 'exhausted',
        finding: {
          verdict: 'quota_exhausted',
          message: 'Your key is valid, but its team cannot make API calls (team_blocked: true). Usually the team has no credits yet, or has used them up.',
          fix: 'Buy credits for the team in the xAI Console (console.x.ai, Billing), or raise its spending limit, then test again. The same key works once the team is unblocked.',
        },
      };
    }
    return { models: null, account, billing: 'verified' };
  },

  classify(facts, ctx) {
    const said = facts.error?.message ?? '';
    // Billing refusals come as 403 or 429 with the same words: the words decide, not the status.
    if (NO_CREDITS.test(said)) return noCredits(facts, ctx);
    // GET /v1/api-key takes no body and no model: a 400 there can only be about the key, whatever its words.
    const onKeyCheck = ctx.call !== undefined && ctx.call === ctx.endpoint.validation.call;
    if (facts.status === 401 || (facts.status === 400 && (BAD_KEY.test(said) || onKeyCheck))) {
      return {
        verdict: 'invalid',
        message: `xAI rejected this key (${facts.status}).${quoted(facts, ctx)}`,
        fix: `xAI answers a wrong key with 400, not 401. Compare the characters around *** in its message with your key (xAI keys start with xai-), copy the key again from ${KEYS}, or create a new one.`,
      };
    }
    if ((facts.status === 400 || facts.status === 404) && NO_MODEL.test(said)) {
      return {
        verdict: 'not_found',
        message: `xAI does not serve this model (${facts.status}).${quoted(facts, ctx)}`,
        fix: 'Use a model id from GET /v1/models. xAI retired the grok-4-fast, grok-4-1-fast, grok-4-0709, grok-code-fast-1 and grok-3 models on 2026-05-15.',
      };
    }
    const finding = defaultClassify(facts, ctx);
    if (finding.verdict === 'forbidden') {
      finding.fix = 'The key authenticated, but it may not make this call. xAI keys carry ACLs naming the models and endpoints they may use (shown under Permissions); widen them in the xAI Console or use a key whose ACLs include this model.';
    }
    if (finding.verdict === 'rate_limited') {
      finding.fix = 'xAI limits requests per second and tokens per minute per model, by the team\'s spend tier. Wait a moment and test again.';
    }
    return finding;
  },

  stream: { read: xaiChunk, terminated: true },
};
