/**
 * Hugging Face: two hosts behind one endpoint. The token is checked on the Hub API
 * (`GET huggingface.co/api/whoami-v2`, free), which says the token's role and, for fine-grained
 * tokens, its permissions; inference goes to the Inference Providers router
 * (`router.huggingface.co/v1`, OpenAI's protocol), which hands each call to one provider and names
 * it in `X-Inference-Provider`, passing that provider's headers and error bodies through.
 *
 * The whoami answer also holds the account's name, full name, email and ids: none of it leaves this
 * file. Router errors can name the user too ("… on behalf of user <name>"): the name is replaced
 * where the body is read, before any message quotes it.
 */
import type { AccountEvent, ModelInfo, RateLimit } from '../../lib/api-contract';
import { familyOf as familyOfId } from '../../lib/model-catalogue';
import {
  defaultClassify,
  parseReset,
  quoted,
  readRateLimitHeaders,
  type AdapterContext,
  type AnswerFacts,
  type Finding,
  type ProviderAdapter,
  type ProviderError,
  type RateLimitReading,
  type SseEvent,
  type StreamSignal,
} from '../adapter';
import { BASE_VERDICTS, createOpenAICompatible, openAIChunk, parseOpenAIError } from '../openai-compatible';
import { type Obj, isObj, num, str, strings } from '../json';

/** The fine-grained permission "Make calls to Inference Providers". */
export const INFERENCE_PERMISSION = 'inference.serverless.write';
const NEW_TOKEN_URL = `https://huggingface.co/settings/tokens/new?ownUserPermissions=${INFERENCE_PERMISSION}&tokenType=fineGrained`;

const base = createOpenAICompatible({
  includeUsage: true,
  verdicts: BASE_VERDICTS,
  reasons: ['missing_inference_permission'],
});

// ----------------------------------------------------------------------------------------------
// errors
// ----------------------------------------------------------------------------------------------

/** "… on behalf of user <name>": the account's name is personal data, and never repeated. */
const ON_BEHALF = /\b(on behalf of (?:user|org(?:anization)?))\s+\S+/gi;

/** Router and Hub errors: `{"error":"text"}`, a provider's own object passed through, or HTML (a 502). */
export function parseHuggingFaceError(body: string, contentType: string | null): ProviderError {
  const error = parseOpenAIError(body, contentType);
  if (error.message) error.message = error.message.replace(ON_BEHALF, '$1 [your account]');
  return error;
}

const PERMISSION_WORDS = /permissions? to call Inference Providers/i;

function missingPermission(facts: AnswerFacts | null, ctx: AdapterContext): Finding {
  return {
    verdict: 'forbidden',
    reason: 'missing_inference_permission',
    message: `Your token is valid, but it is a fine-grained token without the “Make calls to Inference Providers” permission (${INFERENCE_PERMISSION}), so Hugging Face refuses every inference call with 403.${facts ? quoted(facts, ctx) : ''}`,
    fix: `Edit the token at ${ctx.data.links.keys} (Manage → edit permissions) and tick Inference → “Make calls to Inference Providers”, or create a fine-grained token with it already ticked: ${NEW_TOKEN_URL}. Then test again.`,
  };
}

function creditsUsedUp(facts: AnswerFacts, ctx: AdapterContext): Finding {
  return {
    verdict: 'quota_exhausted',
    message: `Your token is valid, but the account has no Inference Providers credits left (402 Payment Required).${quoted(facts, ctx)}`,
    fix: 'Buy prepaid credits at huggingface.co/settings/billing, subscribe to PRO for more monthly included credits, or wait for next month’s. To bill an organization that has credits, send X-HF-Bill-To: <org> with your requests. Retrying does not help until the balance changes.',
  };
}

function classify(facts: AnswerFacts, ctx: AdapterContext): Finding {
  const said = facts.error?.message ?? '';
  if (facts.status === 402) return creditsUsedUp(facts, ctx);
  if (facts.status === 403 && PERMISSION_WORDS.test(said)) return missingPermission(facts, ctx);
  // The router answers an unknown model with 400 model_not_found (recorded), not 404.
  if ((facts.status === 400 || facts.status === 404) && (facts.error?.code === 'model_not_found' || /requested model .* does not exist/i.test(said))) {
    return {
      verdict: 'not_found',
      message: `The router does not serve this model (HTTP ${facts.status}).${quoted(facts, ctx)}`,
      fix: 'Copy the exact org/model id from router.huggingface.co/v1/models or the model page’s Inference Providers box, and drop any :suffix the router does not know.',
    };
  }
  const finding = defaultClassify(facts, ctx);
  const router = ctx.host !== new URL(ctx.endpoint.origins.validation ?? ctx.endpoint.origin).host;
  if (finding.verdict === 'forbidden') {
    finding.fix =
      'A 403 for a valid token comes from an organization’s token policy (fine-grained tokens only, a token pending approval, denied or revoked), a gated model whose terms the account has not accepted, or a fine-grained permission the action needs. Read the message, then check the token at huggingface.co/settings/tokens.';
  }
  if (finding.verdict === 'rate_limited' && router) {
    finding.fix = `${finding.fix} On the router the limit is the serving provider’s (see X-Inference-Provider): pin another one with a :provider suffix, or use :cheapest or :fastest.`;
  }
  return finding;
}

// ----------------------------------------------------------------------------------------------
// the key check
// ----------------------------------------------------------------------------------------------

const ROLE_LABELS: Record<string, string> = {
  read: 'Read token (classic): reads everything the account can, and may call Inference Providers',
  write: 'Write token (classic): full access, including Inference Providers',
  fineGrained: 'Fine-grained token: only the permissions ticked for it',
};

/**
 * What whoami-v2 says about the token, and only that: its role, its fine-grained permissions
 * (global, and per entity type without the entity's name), when it expires, and whether it may call
 * Inference Providers. The same answer's name, full name, email and ids are not read.
 */
export function readWhoami(json: unknown, ctx: AdapterContext): { account: Omit<AccountEvent, 'type'> | null; finding?: Finding } | null {
  if (!isObj(json) || typeof json.type !== 'string') return null;
  // Tokens other than user access tokens (an organization's legacy api_org_ token) may come without `auth`.
  const auth = isObj(json.auth) ? json.auth : {};
  const token = isObj(auth.accessToken) ? auth.accessToken : {};
  const role = str(token.role);
  const fine = isObj(token.fineGrained) ? token.fineGrained : null;
  const global = strings(fine?.global);
  const scoped = (Array.isArray(fine?.scoped) ? fine.scoped : []).filter(isObj).flatMap((entry) => {
    const kind = isObj(entry.entity) ? (str(entry.entity.type) ?? 'entity') : 'entity';
    return strings(entry.permissions).map((permission) => ({ kind, permission }));
  });
  const permissions = [...new Set([...global, ...scoped.map(({ kind, permission }) => `${permission} (${kind})`)])];
  const expiresAt = str(token.expiration) ?? str(token.expiresAt);
  const account: Omit<AccountEvent, 'type'> | null = !role && !permissions.length && !expiresAt ? null : {
    balances: [],
    limit: null,
    remaining: null,
    // canPay and billingMode do not say whether credits are left: a prepaid account can pay and still get 402.
    canSpend: null,
    freeTier: null,
    keyLabel: role ? (ROLE_LABELS[role] ?? `${role} token`) : null,
    permissions,
    expiresAt,
  };
  // The inference permission on the token's own user counts; on an organization it lets the token bill that organization only.
  const mayInfer = global.includes(INFERENCE_PERMISSION) || scoped.some(({ kind, permission }) => kind === 'user' && permission === INFERENCE_PERMISSION);
  if (role === 'fineGrained' && !mayInfer) return { account, finding: missingPermission(null, ctx) };
  return { account };
}

// ----------------------------------------------------------------------------------------------
// the router's model list
// ----------------------------------------------------------------------------------------------

/**
 * One card of `GET router.huggingface.co/v1/models`: `{id, architecture: {input_modalities},
 * providers: [{provider, status, context_length, pricing, supports_tools, supports_structured_output}]}`.
 * Each live provider is an alias (`id:provider`), as are the router's `:cheapest` and `:fastest`.
 */
export function modelFromRouterCard(card: Obj, ctx: AdapterContext): ModelInfo | null {
  const id = str(card.id);
  if (!id) return null;
  const providers = (Array.isArray(card.providers) ? card.providers : []).filter(isObj).filter((p) => (str(p.status) ?? 'live') === 'live');
  const names = providers.flatMap((p) => str(p.provider) ?? []);
  const contexts = providers.flatMap((p) => num(p.context_length) ?? []);
  const inputs = isObj(card.architecture) ? strings(card.architecture.input_modalities) : [];
  const capabilities: Record<string, boolean> = {};
  if (providers.some((p) => p.supports_tools === true)) capabilities.tools = true;
  if (providers.some((p) => p.supports_structured_output === true)) capabilities.structured_output = true;
  if (inputs.includes('image')) capabilities.image_input = true;
  // The price `:cheapest` pays: the live provider with the lowest output price.
  const prices = providers.flatMap((p) => (isObj(p.pricing) ? [{ input: num(p.pricing.input), output: num(p.pricing.output) }] : [])).filter((p) => p.input !== null || p.output !== null);
  const cheapest = [...prices].sort((a, b) => (a.output ?? a.input ?? Infinity) - (b.output ?? b.input ?? Infinity))[0];
  return {
    id,
    name: id,
    aliases: names.length ? [`${id}:cheapest`, `${id}:fastest`, ...names.map((name) => `${id}:${name}`)] : [],
    family: familyOfId(id, ctx.data.models),
    capabilities,
    contextLength: contexts.length ? Math.max(...contexts) : null,
    deprecation: null,
    fineTuned: false,
    ...(cheapest ? { price: { ...cheapest, currency: 'USD' } } : {}),
  };
}

export function parseRouterModels(json: unknown, ctx: AdapterContext): ModelInfo[] | null {
  if (!isObj(json) || !Array.isArray(json.data)) return null;
  return json.data.filter(isObj).flatMap((card) => modelFromRouterCard(card, ctx) ?? []);
}

// ----------------------------------------------------------------------------------------------
// rate limits
// ----------------------------------------------------------------------------------------------

/** One item of a structured header: its quoted strings and its `key=value` parameters. */
function items(header: string | null): { names: string[]; params: Record<string, number> }[] {
  if (!header) return [];
  return header.split(',').map((item) => {
    const names: string[] = [];
    const params: Record<string, number> = {};
    for (const part of item.split(';').map((p) => p.trim())) {
      const quotedName = /^"([^"]*)"$/.exec(part);
      const param = /^([a-z]+)=(\d+(?:\.\d+)?)$/.exec(part);
      if (quotedName) names.push(quotedName[1] as string);
      else if (param) params[param[1] as string] = Number(param[2]);
    }
    return { names, params };
  });
}

/** 300 → `5 minutes`, 3600 → `hour`: the data's way of naming a window. */
function windowText(seconds: number): string {
  for (const [unit, size] of [
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
  ] as const) {
    if (seconds % size === 0) return seconds === size ? unit : `${seconds / size} ${unit}s`;
  }
  return `${seconds} seconds`;
}

/**
 * The Hub's IETF-draft headers: `RateLimit: "api";r=999;t=286` (what is left, seconds to reset)
 * and `RateLimit-Policy: "fixed window";"api";q=1000;w=300` (the quota and its window), matched
 * by the policy's name.
 */
export function readIetfRateLimit(headers: Headers): { limits: RateLimit[]; resetSeconds: number | null } {
  const policies = items(headers.get('ratelimit-policy'));
  const limits: RateLimit[] = [];
  let resetSeconds: number | null = null;
  for (const state of items(headers.get('ratelimit'))) {
    const name = state.names[0];
    const policy = policies.find((p) => name !== undefined && p.names.includes(name)) ?? (policies.length === 1 ? policies[0] : undefined);
    const quota = policy?.params.q;
    if (quota === undefined) continue;
    const remaining = state.params.r ?? null;
    const window = policy?.params.w;
    limits.push({ name: name === 'api' || name === undefined ? 'Hub API requests' : `Hub “${name}” requests`, limit: quota, remaining, window: window ? windowText(window) : '' });
    if (remaining === 0 && state.params.t !== undefined) resetSeconds = Math.min(resetSeconds ?? Infinity, state.params.t);
  }
  return { limits, resetSeconds };
}

const headerNumber = (headers: Headers, name: string): number | null => {
  const raw = headers.get(name);
  const value = Number(raw);
  return raw !== null && raw.trim() !== '' && Number.isFinite(value) ? value : null;
};

/** The Hub's own limits, or the serving provider's, passed through by the router under its name. */
function readRateLimits(headers: Headers, ctx: AdapterContext): RateLimitReading {
  const reading = readRateLimitHeaders(headers, ctx);
  const hub = readIetfRateLimit(headers);
  const provider = headers.get('x-inference-provider');
  const passed: RateLimit[] = [];
  const resets: number[] = hub.resetSeconds === null ? [] : [hub.resetSeconds];
  for (const [kind, suffix] of [
    ['Requests', 'requests'],
    ['Tokens', 'tokens'],
  ] as const) {
    const limit = headerNumber(headers, `x-ratelimit-limit-${suffix}`);
    if (limit === null) continue;
    const remaining = headerNumber(headers, `x-ratelimit-remaining-${suffix}`);
    // The provider's own window, which neither it nor the router names in these headers.
    passed.push({ name: `${kind} at ${provider ?? 'the serving provider'} (its own window)`, limit, remaining, window: '' });
    if (remaining === 0) {
      const reset = parseReset(headers.get(`x-ratelimit-reset-${suffix}`), 'duration');
      if (reset !== null) resets.push(reset);
    }
  }
  const limits = [...hub.limits, ...passed];
  const notes: string[] = [];
  if (hub.limits.length) {
    notes.push('The Hub API (huggingface.co/api/*, where the token is checked) counts requests per account in a fixed window; inference on the router is limited by the provider that serves each call.');
  }
  if (passed.length) notes.push(`${provider ?? 'The serving provider'} served this call; the router passed its limits on unchanged.`);
  else if (provider) notes.push(`${provider} served this call and sent no rate-limit headers through the router.`);
  if (limits.some((l) => l.limit === 0)) notes.push('A limit of 0 means this token has no allowance there.');
  if (!limits.length && !provider) notes.push(...reading.notes);
  return {
    limits,
    notes,
    zeroAllowance: limits.some((l) => l.limit === 0),
    longWindowSpent: false,
    requestsPerMinute: null,
    tokensPerMinute: null,
    resetSeconds: resets.length ? Math.min(...resets) : null,
  };
}

// ----------------------------------------------------------------------------------------------
// streams
// ----------------------------------------------------------------------------------------------

/**
 * OpenAI's chunks as the router passes them on. Some providers (novita) add
 * `sla_metrics.ttft_ms`, their own time to first token, shown beside the one measured here.
 */
export function readRouterChunk(event: SseEvent): StreamSignal {
  const { chunk, ...signal } = openAIChunk(event);
  const sla = chunk && isObj(chunk.sla_metrics) ? num(chunk.sla_metrics.ttft_ms) : null;
  if (sla !== null) signal.serverTtftMs = sla;
  return signal;
}

export const huggingface: ProviderAdapter = {
  ...base,
  parseError: parseHuggingFaceError,
  classify,
  readRateLimits,
  parseModels: parseRouterModels,
  readValidation(json, ctx) {
    const whoami = readWhoami(json, ctx);
    if (!whoami) {
      return {
        models: null,
        finding: { verdict: 'provider_error', message: `${ctx.host} answered the token check with something other than the token’s details.`, fix: 'Try again in a minute.' },
      };
    }
    // whoami costs nothing and says nothing of credits: a paid check settles whether the account can spend.
    return { models: null, billing: 'unverified', ...(whoami.account ? { account: whoami.account } : {}), ...(whoami.finding ? { finding: whoami.finding } : {}) };
  },
  stream: { read: readRouterChunk, terminated: true },
};
