/**
 * OpenAI: the reference of the OpenAI wire protocol, with the traps of its keys.
 * - `GET /v1/models` is free and says nothing about billing: a key without credit lists models and
 *   fails only on a completion, with a 429 whose `type` is `insufficient_quota` (a rate limit shares
 *   the status). So validation leaves billing unverified and the chat check settles it.
 * - A restricted key's "Missing scopes" is a 401 although the key is valid; so is a data-residency
 *   key on the wrong host (`incorrect_hostname`, the message names the right host).
 * - A 403 `unsupported_country_region_territory` refuses the place the test ran from, not the key.
 * - Admin keys (`sk-admin-`) only reach the administration API: every model call is refused.
 * - Streams carry usage only when asked with `stream_options.include_usage`.
 */
import type { Endpoint } from '../../lib/provider-registry';
import { defaultClassify, quoted, unsupportedRegion, type AdapterContext, type AnswerFacts, type Finding, type ProviderAdapter, type Work } from '../adapter';
import { BASE_VERDICTS, createOpenAICompatible } from '../openai-compatible';

const base = createOpenAICompatible({
  includeUsage: true,
  // Reasoning models refuse `max_tokens`; every current chat model takes `max_completion_tokens`.
  maxTokensField: 'max_completion_tokens',
  verdicts: [...BASE_VERDICTS, 'wrong_endpoint', 'unsupported_region'],
  reasons: ['missing_scopes', 'admin_key'],
});

/**
 * `error.code` of a 429 that is about money, not speed: the classic one and the 2026 codes of
 * OpenAI's error-code guide (credit, spend limits, the tier's usage limit). Older bodies had a
 * null code, which `type: insufficient_quota` still catches.
 */
const BILLING_CODES = new Set([
  'insufficient_quota',
  'credit_balance_exhausted',
  'organization_spend_limit_exceeded',
  'project_spend_limit_exceeded',
  'organization_usage_limit_exceeded',
]);

/**
 * GPT-6 Luna, the cheapest current model and the one the checks try first, reasons unless told
 * not to: a four-token check would be spent thinking. Only Luna gets `none`; GPT-6 Astra refuses
 * it (Kiln's model list, 2026-08) and other models' accepted values differ.
 */
const REASONS_UNLESS_TOLD = /^gpt-6-luna(-\d{4}-\d{2}-\d{2})?$/;

const hostOf = (origin: string) => new URL(origin).host;

/** The host an `incorrect_hostname` message asks for ("Please make your request to us.api.openai.com"). */
function namedHost(message: string | null): string | null {
  return /make your request to\s+(?:https?:\/\/)?([a-z0-9.-]+\.openai\.com)/i.exec(message ?? '')?.[1]?.toLowerCase() ?? null;
}

function wrongHost(facts: AnswerFacts, ctx: AdapterContext): Finding {
  const host = namedHost(facts.error?.message ?? null);
  const right = host ? ctx.data.endpoints.find((e) => hostOf(e.origin) === host) : undefined;
  if (right) {
    const regional = right.id !== 'global';
    return {
      verdict: 'wrong_endpoint',
      suggestedEndpoint: right.id,
      message: regional
        ? `Your key belongs to a data-residency project and works only on ${host}, not on ${ctx.host} (401 incorrect_hostname).${quoted(facts, ctx)}`
        : `Your key works on ${host}, not on the regional host ${ctx.host}: its project has no data residency there (401 incorrect_hostname).${quoted(facts, ctx)}`,
      fix: `Use ${right.origin}/v1 as the base URL in your tool (here: pick the “${right.label}” endpoint)${regional ? `. With the official SDKs, set the data residency to “${right.id}”` : ''}.`,
    };
  }
  return {
    verdict: 'wrong_endpoint',
    message: `Your key belongs to a data-residency project and does not work on ${ctx.host} (401 incorrect_hostname).${quoted(facts, ctx)}`,
    fix: host
      ? `Use https://${host}/v1 as the base URL in your tool. Keyprobe does not list that regional host, so it cannot test the key there.`
      : 'Use the regional host of the project the key belongs to (us., eu. or ae.api.openai.com, with /v1) as the base URL.',
  };
}

function adminKey(facts: AnswerFacts, ctx: AdapterContext): Finding {
  return {
    verdict: 'forbidden',
    reason: 'admin_key',
    message: `This is an OpenAI admin key (sk-admin-). Admin keys work only on the Administration API (/v1/organization/…): they cannot list models or call any model, so ${ctx.host} refused it (HTTP ${facts.status}). Whether the admin key itself is live, this test cannot tell.`,
    fix: 'For model calls, create a project key (sk-proj-) or a service-account key at platform.openai.com/api-keys. Keep the admin key for administration scripts on a trusted server.',
  };
}

function openaiClassify(facts: AnswerFacts, ctx: AdapterContext): Finding {
  const { status } = facts;
  const code = facts.error?.code ?? null;
  const type = facts.error?.type ?? null;
  const message = facts.error?.message ?? '';
  const answered = status !== null && !facts.failure;

  if (answered && (status === 401 || status === 403) && ctx.keyShape?.prefix === 'sk-admin-') return adminKey(facts, ctx);
  if (status === 401 && (code === 'incorrect_hostname' || /incorrect regional hostname/i.test(message))) return wrongHost(facts, ctx);
  if (status === 401 && (code === 'missing_scope' || /missing scopes?:/i.test(message))) {
    const scopes = /missing scopes?:\s*([a-z0-9._, ]+?)(?:\.\s|\.$|$)/i.exec(message)?.[1]?.trim();
    return {
      verdict: 'forbidden',
      reason: 'missing_scopes',
      message: `Your key is valid, but it is a restricted key without the permission this call needs${scopes ? ` (missing: ${scopes})` : ''}. OpenAI answers this with 401, which most tools read as a bad key.${quoted(facts, ctx)}`,
      fix: 'Edit the key at platform.openai.com/api-keys: under Restricted, grant the missing scope (Models: Read to list models, Model capabilities: Write to call them), or give it All permissions. Do not delete the key: it works.',
    };
  }
  if (status === 403 && code === 'unsupported_country_region_territory') return unsupportedRegion(facts, ctx);
  if (status === 429 && (type === 'insufficient_quota' || (code !== null && BILLING_CODES.has(code)))) {
    const what: Record<string, string> = {
      credit_balance_exhausted: 'the organization has no prepaid credit left',
      organization_spend_limit_exceeded: "the organization's hard spend limit is reached",
      project_spend_limit_exceeded: "this project's hard spend limit is reached",
      organization_usage_limit_exceeded: "the organization reached its usage tier's monthly limit",
    };
    return {
      verdict: 'quota_exhausted',
      message: `Your key is valid, but it cannot spend: ${(code && what[code]) ?? 'the account has no credit or quota left'} (429 ${code ?? type}).${quoted(facts, ctx)}`,
      fix: 'Retrying will not help. Add credit in the billing settings of the organization the key belongs to (a ChatGPT subscription does not pay for the API), or raise the spend limit named in the error. Then run the chat check again.',
    };
  }

  const finding = defaultClassify(facts, ctx);
  if (finding.verdict === 'forbidden' && ctx.endpoint.validation.call === 'models' && facts.error?.html !== true) {
    finding.fix =
      'If this answered the model list, the key is most likely a restricted key without Models: Read: it may still call models, so run the chat check to find out. Otherwise the project may not allow this model. Edit the key or the project at platform.openai.com.';
  }
  if (finding.verdict === 'invalid') {
    finding.fix = `Copy the key again from platform.openai.com/api-keys, whole; a revoked or deleted key gets this answer too. A key of a data-residency project (US, EU, UAE) works only on its regional host: Keyprobe asks those hosts when this one refuses the key.`;
  }
  if (finding.verdict === 'rate_limited') {
    finding.fix = `${finding.fix} Rate limits belong to the organization and project, per model, and are shown below once a chat check ran.`;
  }
  return finding;
}

export const openai: ProviderAdapter = {
  ...base,
  classify: openaiClassify,

  readValidation(json, ctx) {
    // A 200 here proves the key, never the billing: only a paid call can.
    return { ...base.readValidation(json, ctx), billing: 'unverified' };
  },

  body(work: Work) {
    const body = base.body(work) as Record<string, unknown>;
    if (work.work === 'chat' && REASONS_UNLESS_TOLD.test(work.model)) body.reasoning_effort = 'none';
    return body;
  },

  wrongEndpoint(right: Endpoint, ctx) {
    const host = hostOf(right.origin);
    return {
      message:
        right.id === 'global'
          ? `This key works on ${host}, not on the regional host ${ctx.host}: its project has no data residency there.`
          : `This key belongs to a data-residency project: it works on ${host}, not on ${ctx.host}.`,
      fix: `Use ${right.origin}/v1 as the base URL in your tool (here: pick the “${right.label}” endpoint)${right.id === 'global' ? '' : `; with the official SDKs, set the data residency to “${right.id}”`}.`,
    };
  },
};
