/**
 * OpenRouter: OpenAI's wire protocol in front of many companies' models. What it does its own way:
 *
 * - The free key check (GET /api/v1/key) reports the key's own credit cap, usage and expiry, not the
 *   account's balance: a key with nothing left of its cap cannot spend, and for any other key a paid
 *   check settles whether the account can.
 * - Its model list is public, so it proves nothing about a key (the data marks the call `public`).
 * - It reserves credit for a call's largest possible answer before running it, so a call without a
 *   small max_tokens can fail with 402 on a balance that covers a short answer: every paid call
 *   carries one (the checks' and the benchmark's bounds).
 * - Errors say who refused in `error.metadata` and `error.availability`: the account's credits, the
 *   key's cap (a 402, or 403 "Key limit exceeded"), OpenRouter's own limits, or the upstream provider
 *   ("Provider returned error"). Once a stream has started, an error arrives inside the 200 stream
 *   as a chunk with a top-level `error`, whose `code` is the status it would have had.
 * - Streams carry `: OPENROUTER PROCESSING` comments while a model warms up (the shared stream reader
 *   skips comments), name the upstream in each chunk's `provider`, and always end with usage.
 */
import type { ModelInfo } from '../../lib/api-contract';
import {
  defaultClassify,
  quoted,
  unsupportedRegion,
  type AdapterContext,
  type AnswerFacts,
  type Finding,
  type ProviderAdapter,
  type ProviderError,
  type RateLimitReading,
  type ValidationRead,
} from '../adapter';
import { BASE_VERDICTS, createOpenAICompatible, familyOf, modelCards, openAIChunk, parseOpenAIError } from '../openai-compatible';
import { type Obj, isObj, nonEmptyStr as str, num, strings } from '../json';

const base = createOpenAICompatible({
  // Usage always comes in the last chunk; `stream_options` is a no-op OpenRouter keeps for compatibility.
  includeUsage: false,
  maxTokensField: 'max_tokens',
  verdicts: [...BASE_VERDICTS, 'unsupported_region'],
  reasons: ['upstream_rate_limited'],
});

const KEYS_PAGE = 'openrouter.ai/settings/keys';
const CREDITS_PAGE = 'openrouter.ai/settings/credits';

/**
 * OpenRouter's error body, `{"error":{"code","message","metadata","availability"},"user_id"}`, read
 * into the shared fields. `type` carries its most specific machine-readable cause: the availability
 * code (`region_restricted`, `capacity_exhausted`, ...), else `metadata.limit_source`
 * (`openrouter_credits`, `upstream_provider_shared_pool`), else `metadata.error_type`. An upstream
 * provider's own words (`metadata.raw`) are added to "Provider returned error", which says nothing
 * alone. `user_id` is never read.
 */
export function parseOpenRouterError(body: string, contentType: string | null): ProviderError {
  const error = parseOpenAIError(body, contentType);
  if (error.html) return error;
  error.message = error.message?.trim() || null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.trim());
  } catch {
    return error;
  }
  const fields = isObj(parsed) && isObj(parsed.error) ? parsed.error : null;
  if (!fields) return error;
  const metadata = isObj(fields.metadata) ? fields.metadata : {};
  const availability = isObj(fields.availability) ? fields.availability : {};
  error.type = str(availability.code) ?? str(metadata.limit_source) ?? str(metadata.error_type) ?? str(fields.error_type) ?? error.type;
  error.code ??= typeof fields.http_status === 'number' ? String(fields.http_status) : null;
  if (error.message === 'Provider returned error') {
    const provider = str(metadata.provider_name);
    const raw = str(metadata.raw);
    error.message = `Provider returned error${provider ? ` (${provider})` : ''}${raw ? `: ${raw.length > 240 ? `${raw.slice(0, 240)}…` : raw}` : ''}`;
  }
  return error;
}

/** The upstream provider limited the call, not the key or OpenRouter's own limits. */
function upstreamLimited(error: ProviderError | undefined): boolean {
  if (!error) return false;
  return error.type === 'upstream_provider_shared_pool' || error.type === 'capacity_exhausted' || /^Provider returned error/.test(error.message ?? '');
}

/** The refusal is about the key's own credit cap (set on openrouter.ai/settings/keys), not the account's credits. */
const keyCap = (error: ProviderError | undefined) => /key limit exceeded|settings\/keys/i.test(error?.message ?? '');

function quotaFinding(facts: AnswerFacts, ctx: AdapterContext, status: string): Finding {
  if (keyCap(facts.error)) {
    return {
      verdict: 'quota_exhausted',
      message: `Your key is valid, but it has reached its own credit limit (${status}).${quoted(facts, ctx)}`,
      fix: `Raise or remove the key's credit limit at ${KEYS_PAGE}, or wait for the limit to reset. The cap belongs to the key: the account may still have credits, and a key without a cap would use them.`,
    };
  }
  return {
    verdict: 'quota_exhausted',
    message: `Your key is valid, but the account's credits do not cover this call (${status}).${quoted(facts, ctx)}`,
    fix: `Add credits at ${CREDITS_PAGE}. Keyprobe asks for only a few tokens, so the balance is empty or nearly so. In your own code, also send a small max_tokens: without one, OpenRouter reserves credit for the model's whole maximum answer and refuses a low balance.`,
  };
}

function upstreamFinding(facts: AnswerFacts, ctx: AdapterContext, status: string): Finding {
  return {
    verdict: 'rate_limited',
    reason: 'upstream_rate_limited',
    message: `Your key is valid. The upstream provider is limiting, not your key: the company serving this model through OpenRouter refused the call for now (${status}).${quoted(facts, ctx)}`,
    fix: `Retry in a little while, or use another model or the paid variant of a :free one. Credits and other keys do not help here; your own key with that provider (BYOK, at openrouter.ai/settings/integrations) does.`,
  };
}

function classify(facts: AnswerFacts, ctx: AdapterContext): Finding {
  const { status, error } = facts;
  // A 200 carrying an error: a stream that failed after it had started. OpenRouter checks the key,
  // credits and its own limits before a stream starts, so what fails later is the upstream provider.
  if (status !== null && status >= 200 && status < 300 && error) {
    const code = Number(error.code);
    const what = Number.isInteger(code) && code >= 400 ? `error ${code}` : 'an error';
    if (code === 402) return quotaFinding(facts, ctx, `${what} inside the 200 stream`);
    if (code === 429) return upstreamFinding(facts, ctx, `${what} inside the 200 stream`);
    return {
      verdict: 'provider_error',
      message: `The answer had started, then the model's provider failed: OpenRouter sent ${what} inside the 200 stream.${quoted(facts, ctx)}`,
      fix: 'This is not your key. Test again: once a stream has started, OpenRouter cannot move it to another provider, but a new request can be routed elsewhere.',
    };
  }
  if (status === 402) return quotaFinding(facts, ctx, '402');
  if (status === 403 && keyCap(error)) return quotaFinding(facts, ctx, '403');
  if (status === 403 && error?.type === 'region_restricted') {
    const finding = unsupportedRegion(facts, ctx);
    finding.fix = `OpenRouter does not offer this model where the test ran from (availability code region_restricted). ${finding.fix} Other models may work from here.`;
    return finding;
  }
  if (status === 429 && upstreamLimited(error)) return upstreamFinding(facts, ctx, '429');
  if (status === 408) {
    return {
      verdict: 'timeout',
      message: `OpenRouter gave up on the call: the request timed out on its side (408).${quoted(facts, ctx)}`,
      fix: 'This says nothing about your key. Test again in a minute; a busy or cold model can take long to start.',
    };
  }
  const finding = defaultClassify(facts, ctx);
  if (finding.verdict === 'invalid') {
    finding.fix = `Copy the key again from ${KEYS_PAGE}, whole: sk-or-v1- and 64 characters 0-9 and a-f. “User not found.” means OpenRouter knows no such key: it was deleted, belongs to another account, or is mistyped. A management key gets the same answer from model calls.`;
  }
  if (finding.verdict === 'rate_limited' && /free-models-per-day/.test(error?.message ?? '')) {
    const hours = facts.limits?.resetSeconds ? Math.ceil(facts.limits.resetSeconds / 3600) : null;
    finding.message = `Your key is valid, but the account's daily allowance of :free models is used up (429). It renews at 00:00 UTC${hours ? `, in about ${hours} h` : ''}.${quoted(facts, ctx)}`;
    finding.fix = "Wait for 00:00 UTC, or buy 10 credits once: that raises the allowance from 50 to 1,000 requests a day. The model's paid variant has no such limit.";
  } else if (finding.verdict === 'rate_limited') {
    finding.fix = `${finding.fix} OpenRouter limits only :free models (20 requests a minute, 50 or 1,000 a day); paid models have no request limit of its own.`;
  }
  return finding;
}

// ------------------------------------------------------------------------------------------------
// rate limits
// ------------------------------------------------------------------------------------------------

const LIMITS_NOTE =
  'OpenRouter sends rate-limit headers only with a 429 of its own. It limits only :free models: 20 requests a minute, and 50 a day (1,000 once the account has bought 10 credits). Paid models have no request limit of OpenRouter’s own; the provider serving a model may still limit it.';

/** `X-RateLimit-Reset`: epoch milliseconds in OpenRouter's answers; epoch seconds or seconds to wait read too. */
function resetSecondsOf(raw: string | null, now = Date.now()): number | null {
  if (raw === null || raw.trim() === '') return null;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) return null;
  if (value > 1e12) return Math.max(0, (value - now) / 1000);
  if (value > 1e9) return Math.max(0, value - now / 1000);
  return value;
}

/**
 * OpenRouter's one header set names no window. Its only limits of its own are the :free models'
 * 20 a minute and 50 or 1,000 a day, so a limit of 50 or more, or a reset more than a minute away,
 * is the daily one.
 */
function readRateLimits(headers: Headers, ctx: AdapterContext): RateLimitReading {
  const names = ctx.data.headers.rateLimits[0];
  const reading: RateLimitReading = { limits: [], notes: [LIMITS_NOTE], zeroAllowance: false, longWindowSpent: false, requestsPerMinute: null, tokensPerMinute: null, resetSeconds: null };
  const limit = Number(headers.get(names?.limit ?? 'x-ratelimit-limit') ?? '');
  if (!names || !headers.has(names.limit) || !Number.isFinite(limit)) return reading;
  const rawRemaining = names.remaining ? headers.get(names.remaining) : null;
  const remaining = rawRemaining === null || rawRemaining.trim() === '' || !Number.isFinite(Number(rawRemaining)) ? null : Number(rawRemaining);
  const reset = resetSecondsOf(names.reset ? headers.get(names.reset) : null);
  const daily = limit >= 50 || (reset !== null && reset > 60);
  reading.limits.push({ name: 'Requests to :free models', limit, remaining, window: daily ? 'day' : 'minute' });
  reading.zeroAllowance = limit === 0;
  if (remaining === 0) reading.resetSeconds = reset;
  if (!daily && limit > 0) reading.requestsPerMinute = limit;
  return reading;
}

// ------------------------------------------------------------------------------------------------
// models
// ------------------------------------------------------------------------------------------------

/** One card of OpenRouter's list: modalities, supported parameters, prices as strings, an expiry date. */
function modelFromCard(card: Obj, ctx: AdapterContext): ModelInfo | null {
  const id = str(card.id);
  if (!id) return null;
  const architecture = isObj(card.architecture) ? card.architecture : {};
  const inputs = strings(architecture.input_modalities);
  const outputs = strings(architecture.output_modalities);
  const parameters = strings(card.supported_parameters);
  const pricing = isObj(card.pricing) ? card.pricing : {};
  const free = id.endsWith(':free') || (pricing.prompt === '0' && pricing.completion === '0');
  const expires = str(card.expiration_date);
  return {
    id,
    name: str(card.name) ?? id,
    aliases: [],
    family: familyOf(id, ctx),
    capabilities: {
      chat: outputs.includes('text') && (inputs.length === 0 || inputs.includes('text')),
      free,
      tools: parameters.includes('tools'),
      reasoning: isObj(card.reasoning) || parameters.includes('reasoning'),
      vision: inputs.includes('image'),
      image_output: outputs.includes('image'),
      audio_output: outputs.includes('audio'),
    },
    contextLength: num(card.context_length),
    deprecation: expires ? { date: expires.slice(0, 10), replacement: null } : null,
    fineTuned: false,
  };
}

function parseModels(json: unknown, ctx: AdapterContext): ModelInfo[] | null {
  const cards = modelCards(json);
  return cards === null ? null : cards.map((card) => modelFromCard(card, ctx)).filter((m): m is ModelInfo => m !== null);
}

// ------------------------------------------------------------------------------------------------
// the key check
// ------------------------------------------------------------------------------------------------

const usd = (value: number) => (value === 0 ? '$0' : Math.abs(value) < 0.01 ? (value < 0 ? '−$0.01 or less' : 'less than $0.01') : `${value < 0 ? '−' : ''}$${Math.abs(value).toFixed(2)}`);
const PERIOD: Record<string, string> = { daily: ' a day', weekly: ' a week', monthly: ' a month' };

/**
 * `label` is a truncated form of the key itself (`sk-or-v1-f97...6e7`): Keyprobe shows no part of a
 * key, so only a label that is not one is passed on.
 */
const labelOf = (label: unknown) => {
  const text = str(label);
  return text && !/^sk-or-|\.\.\.|…/.test(text) ? text : null;
};

function readValidation(json: unknown): ValidationRead {
  const data = isObj(json) && isObj(json.data) ? json.data : null;
  if (!data) return { models: null, billing: 'unverified' };
  const limit = num(data.limit);
  const remaining = num(data.limit_remaining);
  const usage = num(data.usage);
  const period = PERIOD[str(data.limit_reset) ?? ''] ?? '';
  const freeTier = typeof data.is_free_tier === 'boolean' ? data.is_free_tier : null;
  const management = data.is_management_key === true || data.is_provisioning_key === true;
  const expiresAt = str(data.expires_at);
  const exhausted = remaining !== null && remaining <= 0;
  const read: ValidationRead = {
    models: null,
    billing: exhausted ? 'exhausted' : 'unverified',
    account: {
      balances: [],
      limit,
      remaining,
      canSpend: exhausted ? false : null,
      freeTier,
      keyLabel: labelOf(data.label),
      permissions: management ? ['management'] : [],
      expiresAt,
    },
  };
  const capText = limit === null ? '' : `its own credit limit of ${usd(limit)}${period}`;
  if (management) {
    read.finding = {
      verdict: 'forbidden',
      message: 'This is an OpenRouter management key: it manages API keys and cannot call models (OpenRouter answers its model calls with 401 “User not found.”).',
      fix: `Create a regular API key at ${KEYS_PAGE} for your app, and keep the management key for administering keys.`,
    };
  } else if (exhausted) {
    read.finding = {
      verdict: 'quota_exhausted',
      message: `Your key is valid, but it cannot spend: ${limit === null ? 'its credit limit' : capText} is used up (${usd(remaining)} left).`,
      fix: `Raise or remove the key's limit at ${KEYS_PAGE}${period ? `, or wait for it to reset (${str(data.limit_reset)})` : ''}. The cap belongs to the key: the account may still have credits.`,
    };
  }
  const sentences = [
    usage === null ? '' : `It has spent ${usd(usage)} so far.`,
    limit === null ? 'It has no credit limit of its own.' : `Of ${capText}, ${remaining === null ? 'OpenRouter does not say what is left' : `${usd(remaining)} is left`}.`,
    freeTier ? 'The account has never bought credits, so paid models may refuse it.' : '',
    expiresAt ? `It expires on ${expiresAt.slice(0, 10)}.` : '',
  ];
  read.note = sentences.filter(Boolean).join(' ');
  return read;
}

export const openrouter: ProviderAdapter = {
  ...base,
  parseError: parseOpenRouterError,
  classify,
  readRateLimits,
  parseModels,
  readValidation,
  stream: {
    terminated: true,
    read(event) {
      const signal = openAIChunk(event);
      if (signal.error) signal.error = parseOpenRouterError(event.data, 'application/json');
      // Each chunk names the upstream that served it.
      const provider = signal.chunk?.provider;
      if (typeof provider === 'string' && provider !== '') signal.servedBy = provider;
      return signal;
    },
  },
};
