/**
 * Azure OpenAI: OpenAI's wire protocol on the user's own resource host (`https://{resource}.…`,
 * built from the checked resource name before anything is sent), with the key in `api-key`.
 * - The free key check lists the resource's deployments (`GET /openai/deployments`, api-version
 *   2023-03-15-preview: newer versions dropped the route). Models are deployments: names the user
 *   chose, each running a model; checks and the benchmark call a deployment, never a model id.
 * - A resource that does not exist has no host at all: the connection fails (DNS) on the key
 *   check, which is `not_found`, not a network problem.
 * - Azure answers a wrong key and a right key of another resource with the same 401, so
 *   `wrong_endpoint` cannot be told from the answer: the 401 says both.
 * - Streams open with an event of empty `choices` carrying prompt filter results (not a token);
 *   a prompt refused by the content filter is a 400 `content_filter`, not a key failure.
 * - Rate-limit headers can be -1 (not reported), which the shared reader says in words.
 */
import type { ModelInfo } from '../../lib/api-contract';
import { familyOf } from '../../lib/model-catalogue';
import { defaultClassify, quoted, type AdapterContext, type AnswerFacts, type Finding, type ProviderAdapter } from '../adapter';
import { createOpenAICompatible, modelCards, parseOpenAIError } from '../openai-compatible';
import { type Obj, isObj, nonEmptyStr as str } from '../json';

const base = createOpenAICompatible({
  includeUsage: true,
  // Reasoning deployments (o-series, GPT-5) refuse `max_tokens`; every chat model takes this one.
  maxTokensField: 'max_completion_tokens',
  verdicts: ['valid', 'invalid', 'forbidden', 'rate_limited', 'not_found', 'provider_error', 'unreachable', 'timeout'],
  reasons: ['content_filter', 'deployment_not_found'],
});

/** The resource name, from a host such as my-team.openai.azure.com. */
const resourceOf = (host: string) => host.split('.')[0] ?? host;

/**
 * Azure's errors are OpenAI's envelope (`code` a string such as "401" or "DeploymentNotFound"), a
 * bare `{code, message}` from the network layer, or a content-filter refusal whose
 * `innererror.content_filter_result` says which categories fired: kept, in words, as its type.
 */
export function parseAzureError(body: string, contentType: string | null): ReturnType<typeof parseOpenAIError> {
  const error = parseOpenAIError(body, contentType);
  // Cloudflare's own answer to a subrequest it could not make: `error code: 1016` (no DNS).
  const cloudflare = /^error code: \d+$/.exec(body.trim());
  if (error.message === null && cloudflare) error.message = cloudflare[0];
  try {
    const parsed: unknown = JSON.parse(body);
    const inner = isObj(parsed) && isObj(parsed.error) && isObj(parsed.error.innererror) ? parsed.error.innererror : null;
    const result = inner && isObj(inner.content_filter_result) ? inner.content_filter_result : null;
    if (inner && result) {
      const fired = Object.entries(result)
        .filter(([, v]) => isObj(v) && (v.filtered === true || v.detected === true))
        .map(([name, v]) => (isObj(v) && typeof v.severity === 'string' ? `${name} (${v.severity})` : name));
      error.type = fired.length ? `filtered: ${fired.join(', ')}` : str(inner.code);
    }
  } catch {
    // not JSON: the shared parser has read what there is
  }
  return error;
}

/** One deployment of the list, as the tester shows it: its name, and the model it runs. */
function deployment(card: Obj, ctx: AdapterContext): ModelInfo | null {
  const id = str(card.id);
  const model = str(card.model);
  if (!id || !model) return null;
  const status = str(card.status);
  return {
    id,
    name: model,
    aliases: [],
    family: familyOf(model, ctx.data.models),
    capabilities: {},
    contextLength: null,
    deprecation: null,
    fineTuned: /\.ft-|-ft-/.test(model),
    // The data-plane list names no model version; `model_version` is read in case it ever does.
    deployment: { model, version: str(card.model_version), status, ready: status === null || status === 'succeeded' },
  };
}

function parseDeployments(json: unknown, ctx: AdapterContext): ModelInfo[] | null {
  const cards = modelCards(json);
  return cards === null ? null : cards.map((card) => deployment(card, ctx)).filter((m): m is ModelInfo => m !== null);
}

/** The resource's host could not be reached on the key check: in Azure, that is a name no resource has. */
function noSuchResource(facts: AnswerFacts, ctx: AdapterContext): Finding {
  const name = resourceOf(facts.host);
  return {
    verdict: 'not_found',
    message: `No Azure resource answers at ${facts.host}: Keyprobe could not connect to it. A resource's host exists only while the resource does, so most likely no resource is called “${name}”${ctx.endpoint.id === 'openai' ? ', or it has only the cognitiveservices.azure.com host' : ''}. Your key was not checked.`,
    fix: 'Copy the resource name (or the whole endpoint URL) from the resource’s Keys and Endpoint page in the Azure portal, and pick the endpoint that matches its host. If the name is right, the resource may have been deleted.',
  };
}

function classify(facts: AnswerFacts, ctx: AdapterContext): Finding {
  const error = facts.error;
  const code = error?.code ?? '';
  const said = error?.message ?? '';
  const keyCheck = ctx.call === ctx.endpoint.validation.call;
  const resource = resourceOf(facts.host);
  // Cloudflare answers a Worker's fetch of a host without DNS with 530 and error 1016.
  const dnsFailed = facts.status === null ? facts.failure === 'unreachable' : facts.status === 530 && /1016/.test(said);
  if (keyCheck && dnsFailed) return noSuchResource(facts, ctx);
  if (facts.status === 401) {
    return {
      verdict: 'invalid',
      message: `Azure refused this key for the resource “${resource}” (401).${quoted(facts, ctx)} Azure gives this same answer for a wrong key and for a key of another resource.`,
      fix: `Copy KEY 1 or KEY 2 from the Keys and Endpoint page of the resource “${resource}” itself, and check that the resource name is the one whose key this is. A regenerated key replaces the old one at once.`,
    };
  }
  if (facts.status === 403) {
    if (code === 'AuthenticationTypeDisabled' || /Key based authentication is disabled/i.test(said)) {
      return {
        verdict: 'forbidden',
        message: `The resource “${resource}” has key authentication switched off (403 AuthenticationTypeDisabled).${quoted(facts, ctx)}`,
        fix: 'Call it with a Microsoft Entra ID token instead, or ask the resource owner to allow keys again (disableLocalAuth: false).',
      };
    }
    if (/Virtual Network|Firewall|private endpoint|Public access is disabled/i.test(said)) {
      return {
        verdict: 'forbidden',
        message: `The resource “${resource}” only accepts calls from its allowed networks, and Keyprobe's server is not one of them (403).${quoted(facts, ctx)} This says nothing against the key.`,
        fix: 'Test the key from a network the resource allows, or ask its owner to add your address to the resource’s firewall rules.',
      };
    }
  }
  if (facts.status === 404) {
    if (code === 'DeploymentNotFound') {
      return {
        verdict: 'not_found',
        reason: 'deployment_not_found',
        message: `The key works, but the resource “${resource}” has no deployment of that name (404 DeploymentNotFound).${quoted(facts, ctx)}`,
        fix: 'Use a deployment name from the list above (not a model name). A deployment created in the last few minutes may need a moment before it answers.',
      };
    }
    if (keyCheck) {
      return {
        verdict: 'not_found',
        message: `${facts.host} answered, but not with the deployments list (404).${quoted(facts, ctx)} Your key was not checked.`,
        fix: 'The resource may not be an Azure OpenAI or Azure AI services resource (a Speech or Vision resource has no deployments), or it answers on the other host: pick the other endpoint.',
      };
    }
  }
  if (facts.status === 400 && code === 'content_filter') {
    return {
      verdict: 'provider_error',
      reason: 'content_filter',
      message: `Azure's content filter refused Keyprobe's prompt (400 content_filter${error?.type ? `; ${error.type}` : ''}).${quoted(facts, ctx)} The key and the deployment work; only this text was refused.`,
      fix: 'Nothing is wrong with the key. Check the deployment’s content filter configuration if an ordinary prompt is refused.',
    };
  }
  const finding = defaultClassify(facts, ctx);
  if (finding.verdict === 'rate_limited' && (facts.retryAfterSeconds ?? 0) >= 86_400) {
    finding.fix = `${finding.fix} A wait of a whole day means the deployment has almost no quota (a free trial, or 0 tokens per minute assigned): raise its quota in the portal.`;
  }
  return finding;
}

export const azureOpenai: ProviderAdapter = {
  ...base,
  parseError: parseAzureError,
  classify,
  parseModels: parseDeployments,
  // A content-filter 400 says more than the runner's "refused the request (HTTP 400)".
  checkFailure: (_check, _model, _facts, finding) => (finding.reason === 'content_filter' ? finding.message : null),
  readValidation(json, ctx) {
    const models = parseDeployments(json, ctx);
    if (models === null) {
      return {
        models: null,
        finding: { verdict: 'provider_error', message: `${ctx.host} answered the deployments call (HTTP 200), but not with a list Keyprobe can read.`, fix: 'This is on Azure’s side, not your key. Try again in a minute.' },
      };
    }
    const note = models.length === 0
      ? 'The resource has no deployments yet: deploy a model in the Foundry portal before calling it.'
      : 'Its models are the resource’s deployments, by the names you gave them.';
    return { models, note };
  },
};
