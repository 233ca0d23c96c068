/**
 * Anthropic: an API of its own, read natively. The key goes in `x-api-key` with the
 * `anthropic-version` header (data); errors are `{"type":"error","error":{type, message, details?},
 * "request_id"}`; the model list pages with `has_more`/`last_id`; streams are named events ending
 * in `message_stop`, with the output-token count cumulative in `message_delta`.
 *
 * What Anthropic says differently from the shared reading:
 * - No credit is a 400 `invalid_request_error` ("Your credit balance is too low…"), a spend limit
 *   the organization set is a 400 too ("You have reached your specified … API usage limits"), and
 *   the tier's monthly cap is a 429 `enforced_spend_limit_reached`: all three are quota, not a bad
 *   request and not a rate limit. The free token count answers them too, so billing is settled
 *   before anything is spent (`billingProbe`).
 * - A disabled or deleted key may get 404 on the model list (TruffleHog's detector): invalid.
 * - 529 `overloaded_error`, also sent as an `error` event inside a 200 stream, is Anthropic's load,
 *   not the key (and not Cloudflare, which the shared reading assumes for 520–530).
 * - Admin keys (`sk-ant-admin01-`) only work on the Admin API: a refusal of one is explained.
 */
import type { ModelInfo } from '../../lib/api-contract';
import { familyOf } from '../../lib/model-catalogue';
import {
  defaultClassify,
  errorBodyJson,
  firstHeader,
  noError,
  quoted,
  readRateLimitHeaders,
  type AdapterContext,
  type AnswerFacts,
  type Finding,
  type ProviderAdapter,
  type ProviderError,
  type SseEvent,
  type StreamDialect,
  type StreamSignal,
  type Work,
} from '../adapter';
import { type Obj, isObj, str } from '../json';

const VERDICTS = ['valid', 'invalid', 'forbidden', 'rate_limited', 'quota_exhausted', 'not_found', 'provider_error', 'unreachable', 'timeout'] as const;
const REASONS = ['credit_balance_too_low', 'usage_limit_reached', 'overloaded'] as const;

const ADMIN_PREFIX = 'sk-ant-admin01-';
const CONSOLE_KEYS = 'platform.claude.com/settings/keys';
const CONSOLE_BILLING = 'platform.claude.com/settings/billing';

/** The error body: `{"type":"error","error":{type, message, details:{error_code}},"request_id"}`, or a CDN's HTML page. */
export function parseAnthropicError(body: string, contentType: string | null): ProviderError {
  const error = noError();
  const parsed = errorBodyJson(body, contentType, error);
  if (!isObj(parsed)) return error;
  // Clients that log only the inner object print `{"type":"rate_limit_error","message":…}`.
  const fields = isObj(parsed.error) ? parsed.error : parsed;
  error.message = str(fields.message);
  const type = str(fields.type);
  error.type = type === 'error' ? null : type;
  error.code = isObj(fields.details) ? str(fields.details.error_code) : null;
  error.requestId = str(parsed.request_id);
  return error;
}

/** A card of `GET /v1/models`; capabilities are `{name: {supported: bool, …}}` objects. */
function modelFromCard(card: Obj, ctx: AdapterContext): ModelInfo | null {
  const id = str(card.id);
  if (!id) return null;
  const capabilities: Record<string, boolean> = {};
  if (isObj(card.capabilities)) {
    for (const [flag, value] of Object.entries(card.capabilities)) {
      if (isObj(value) && typeof value.supported === 'boolean') capabilities[flag] = value.supported;
      else if (typeof value === 'boolean') capabilities[flag] = value;
    }
  }
  return {
    id,
    name: str(card.display_name) ?? id,
    aliases: [],
    family: familyOf(id, ctx.data.models),
    capabilities,
    contextLength: typeof card.max_input_tokens === 'number' ? card.max_input_tokens : null,
    // Anthropic's list does not say when a model retires; its deprecations page does.
    deprecation: null,
    fineTuned: false,
  };
}

function parseModels(json: unknown, ctx: AdapterContext): ModelInfo[] | null {
  if (!isObj(json) || !Array.isArray(json.data)) return null;
  return json.data.filter(isObj).map((card) => modelFromCard(card, ctx)).filter((m): m is ModelInfo => m !== null);
}

const isAdminKey = (ctx: AdapterContext) => ctx.keyShape?.prefix === ADMIN_PREFIX;
const said = (facts: AnswerFacts) => facts.error?.message ?? '';

/** The quota findings: no credit, a spend limit the organization set, the tier's monthly cap. */
function quotaFinding(facts: AnswerFacts, ctx: AdapterContext): Finding | null {
  const status = facts.status;
  const what = ctx.call === 'countTokens' ? 'the free token count' : `HTTP ${status}`;
  if (status === 400 && /credit balance is too low/i.test(said(facts))) {
    return {
      verdict: 'quota_exhausted',
      reason: 'credit_balance_too_low',
      message: `Your key is valid, but its organization has no API credit left: Anthropic refused ${what} with its credit error (400).${quoted(facts, ctx)}`,
      fix: `Buy credits (or turn on auto-reload) under Plans & Billing at ${CONSOLE_BILLING}, in the organization that owns this key. A Claude Pro or Max subscription does not pay for API keys, and credit in another organization does not count.`,
    };
  }
  if (status === 400 && /you have reached your specified/i.test(said(facts))) {
    return {
      verdict: 'quota_exhausted',
      reason: 'usage_limit_reached',
      message: `Your key is valid, but a spend limit set for its organization or workspace is reached: Anthropic refused ${what} (400).${quoted(facts, ctx)}`,
      fix: `Raise or remove the spend limit on the Billing or Limits page at platform.claude.com (or in the workspace's settings), or wait until the date Anthropic names. Retrying sooner will not help.`,
    };
  }
  if (status === 429 && (facts.error?.code === 'enforced_spend_limit_reached' || facts.error?.code === 'contract_spend_limit_reached')) {
    const contract = facts.error.code === 'contract_spend_limit_reached';
    return {
      verdict: 'quota_exhausted',
      reason: 'usage_limit_reached',
      message: `Your key is valid, but the organization has reached ${contract ? 'the spend limit of its contract' : "its usage tier's monthly spend cap"} (429 ${facts.error.code}). This is not a rate limit: waiting a minute will not help.${quoted(facts, ctx)}`,
      fix: contract
        ? 'Ask your Anthropic account team to raise the contract limit, or wait for its next period.'
        : 'Move the organization to a higher usage tier (Limits page at platform.claude.com), or wait until 00:00 UTC on the first day of next month.',
    };
  }
  if (status === 402) {
    return {
      verdict: 'quota_exhausted',
      message: `Your key is valid, but Anthropic cannot bill its organization (402 ${facts.error?.type ?? 'billing_error'}).${quoted(facts, ctx)}`,
      fix: `Check the payment details and credit under Plans & Billing at ${CONSOLE_BILLING}.`,
    };
  }
  return null;
}

function classify(facts: AnswerFacts, ctx: AdapterContext): Finding {
  if (facts.status === 529 || facts.error?.type === 'overloaded_error') {
    const where = facts.status === 200 ? 'inside the stream it had started' : `(HTTP ${facts.status})`;
    return {
      verdict: 'provider_error',
      reason: 'overloaded',
      message: `Anthropic is overloaded and turned the call away ${where} with overloaded_error: the provider is overloaded, not your key.${quoted(facts, ctx)}`,
      fix: 'Nothing is wrong with the key or your limits. Test again in a minute; if it lasts, check status.claude.com or try another model.',
    };
  }
  const quota = quotaFinding(facts, ctx);
  if (quota) return quota;
  if (facts.status !== null && facts.status >= 200 && facts.status < 300 && facts.error) {
    return {
      verdict: 'provider_error',
      message: `Anthropic started answering, then sent an error inside the stream (${facts.error.type ?? 'error'}).${quoted(facts, ctx)}`,
      fix: "This is on Anthropic's side, not your key. Test again in a minute.",
    };
  }
  // Browser-direct calls only: an organization can forbid them.
  if (facts.status === 401 && /^CORS requests are not allowed/i.test(said(facts))) {
    return {
      verdict: 'forbidden',
      message: `Anthropic refused a call from this browser: the key's organization does not allow browser (CORS) requests. This says nothing against the key.${quoted(facts, ctx)}`,
      fix: 'Test the key from the server instead, or ask an organization admin to allow direct browser access.',
    };
  }
  if (isAdminKey(ctx) && (facts.status === 401 || facts.status === 403 || facts.status === 404)) {
    return {
      verdict: 'invalid',
      message: `This is an Admin API key (${ADMIN_PREFIX}…), and Anthropic refused it here (${facts.status}). Admin keys only work on the Admin API (organization members, workspaces, API keys, usage and cost reports); they cannot list models or call Claude. Keyprobe cannot tell whether it is a working admin key.${quoted(facts, ctx)}`,
      fix: `To call Claude, create a standard API key (sk-ant-api03-…) at ${CONSOLE_KEYS}. Keep the admin key for organization management, and out of apps that only need Claude.`,
    };
  }
  if (facts.status === 404 && ctx.call === 'models') {
    return {
      verdict: 'invalid',
      message: `Anthropic does not know this key: the model list answered 404, which is how it answers a disabled or deleted key.${quoted(facts, ctx)}`,
      fix: `Check at ${CONSOLE_KEYS} (in the right organization and workspace) that the key is still listed and active; if not, create a new one.`,
    };
  }
  const finding = defaultClassify(facts, ctx);
  if (finding.verdict === 'invalid') {
    finding.fix = `Copy the key again from ${CONSOLE_KEYS}, whole: API keys start with sk-ant-api03- and are 108 characters long. If it was deleted, disabled or has expired, create a new one. A Claude.ai login (OAuth token) is not an API key.`;
  } else if (finding.verdict === 'forbidden') {
    finding.fix = "Anthropic gives 403 when the key may not use what was asked: check the key's workspace and the organization's access settings in the Claude Console, and that the organization's country is supported.";
  } else if (finding.verdict === 'rate_limited') {
    finding.fix += ' Anthropic counts requests and input and output tokens per minute for the whole organization, so other apps using it share these limits.';
  }
  return finding;
}

const sseError = (data: string): ProviderError => parseAnthropicError(data, 'application/json');

/**
 * Anthropic's named events. TTFT is the first `text_delta`; `ping`, the empty
 * `content_block_start` and tool-input deltas carry no answer text; thinking blocks (and their
 * signature) are reasoning, so the run can say the model thought first.
 */
export function readAnthropicEvent(event: SseEvent): StreamSignal {
  if (event.event === 'ping') return {};
  let payload: unknown;
  try {
    // The real stream pads some data lines with spaces: JSON allows it.
    payload = JSON.parse(event.data);
  } catch {
    return { malformed: true };
  }
  if (!isObj(payload) || typeof payload.type !== 'string') return { malformed: true };
  if (event.event === 'error' || payload.type === 'error') return { error: sseError(event.data) };
  switch (payload.type) {
    case 'content_block_start': {
      const block = isObj(payload.content_block) ? payload.content_block : null;
      if (block?.type === 'thinking' || block?.type === 'redacted_thinking') return { thinking: true };
      return {};
    }
    case 'content_block_delta': {
      const delta = isObj(payload.delta) ? payload.delta : null;
      if (delta?.type === 'text_delta') {
        const text = str(delta.text);
        return text ? { text } : {};
      }
      if (delta?.type === 'thinking_delta' || delta?.type === 'signature_delta') return { thinking: true };
      return {};
    }
    case 'message_delta': {
      const usage = isObj(payload.usage) ? payload.usage : {};
      const tokens = usage.output_tokens;
      if (typeof tokens !== 'number') return {};
      // `output_tokens` counts thinking too; the decode rate is over the answer's text only.
      const thinking = isObj(usage.output_tokens_details) ? usage.output_tokens_details.thinking_tokens : undefined;
      if (typeof thinking === 'number' && thinking > 0 && thinking <= tokens) return { outputTokens: tokens - thinking, tokenSource: 'usage_excluding_reasoning' };
      return { outputTokens: tokens, tokenSource: 'usage' };
    }
    case 'message_stop':
      return { end: true };
    default:
      // message_start, content_block_stop, ping, and event types Anthropic may add later.
      return {};
  }
}

export const anthropicDialect: StreamDialect = { read: readAnthropicEvent, terminated: true };

function body(work: Work): unknown {
  if (work.work !== 'chat') throw new Error(`Anthropic has no ${work.work} API`);
  return {
    model: work.model,
    max_tokens: work.maxTokens,
    messages: [{ role: 'user', content: work.prompt }],
    // Checks and benchmarks measure answers, not reasoning; Anthropic accepts this on every model
    // of 2025–2026, adaptive-thinking ones included (live recordings in maruel/genai).
    thinking: { type: 'disabled' },
    ...(work.stream ? { stream: true } : {}),
  };
}

function readResult(_work: unknown, json: unknown): { text: string; dimensions: number | null } {
  const content = isObj(json) && Array.isArray(json.content) ? json.content : [];
  const text = content
    .filter(isObj)
    .filter((block) => block.type === 'text')
    .map((block) => str(block.text) ?? '')
    .join('');
  return { text: text.trim(), dimensions: null };
}

export const anthropic: ProviderAdapter = {
  verdicts: VERDICTS,
  reasons: REASONS,
  parseError: parseAnthropicError,
  classify,
  requestId: (headers, ctx, error) => firstHeader(headers, ctx.data.headers.requestId) ?? error?.requestId ?? null,
  readRateLimits(headers, ctx) {
    const reading = readRateLimitHeaders(headers, ctx);
    if (reading.limits.length > 0) {
      reading.notes.push('Limits are per minute for the whole organization; Anthropic rounds the remaining token counts to the nearest thousand.');
    }
    return reading;
  },
  parseModels,
  readValidation: (json, ctx) => ({ models: parseModels(json, ctx) }),
  nextPage(json) {
    if (!isObj(json) || json.has_more !== true) return null;
    const last = str(json.last_id);
    return last ? `after_id=${encodeURIComponent(last)}` : null;
  },
  billingProbe: {
    call: 'countTokens',
    body(models, ctx) {
      const preferred = ctx.data.checks.chat?.models ?? [];
      const model = preferred.find((id) => models?.some((m) => m.id === id)) ?? models?.[0]?.id ?? preferred[0] ?? '';
      return { model, messages: [{ role: 'user', content: 'Keyprobe' }] };
    },
    read(facts, _json, ctx) {
      if (facts.status !== null && facts.status >= 200 && facts.status < 300 && !facts.failure) return { billing: 'verified' };
      const finding = quotaFinding(facts, ctx);
      // Anything else (a busy API, an unknown model) says nothing about money: a paid check settles it.
      return finding ? { billing: 'exhausted', finding } : { billing: 'unverified' };
    },
  },
  body,
  readResult,
  stream: anthropicDialect,
  checkFailure: (_check, _model, _facts, finding) => (finding.reason ? finding.message : null),
};
