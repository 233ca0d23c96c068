/**
 * DeepSeek: OpenAI's wire protocol, with a free balance call that proves the key and says whether
 * the account can spend, 402 for an empty balance, thinking mode on unless the request turns it
 * off, and no rate-limit headers (DeepSeek limits requests in flight per account instead).
 *
 * Under load DeepSeek answers 200 at once and then holds the connection open, sending blank lines
 * (non-stream) or `: keep-alive` SSE comments (streams) until inference starts. Nothing here needs
 * to handle that: the shared reader trims a JSON body and never hands SSE comments to the dialect,
 * so TTFT waits for real text, and the call deadline is fixed, so keep-alives never extend it.
 */
import type { ModelInfo } from '../../lib/api-contract';
import { defaultClassify, quoted, unsupportedRegion, type ProviderAdapter, type Work } from '../adapter';
import { BASE_VERDICTS, createOpenAICompatible, parseOpenAIError } from '../openai-compatible';
import { type Obj, isObj } from '../json';

const base = createOpenAICompatible({
  includeUsage: true,
  // DeepSeek documents no 403 and no permission model: a 403 is read as the place the test ran
  // from (see classify), so `forbidden` is never answered.
  verdicts: [...BASE_VERDICTS.filter((v) => v !== 'forbidden'), 'unsupported_region'],
});

const TOP_UP = 'https://platform.deepseek.com/top_up';

/**
 * Ids DeepSeek serves as one model. Its pricing page (late 2026) names `deepseek-flash` the Flash
 * model and keeps `deepseek-v4-flash` and `deepseek-v4-flash-vision-exp` as older names served by
 * it; `GET /models` listed only `deepseek-v4-flash` in a 2026-08-17 recording. Merging them lets
 * checks and the benchmark use the current name whichever one the list carries.
 */
const SAME_MODEL: readonly (readonly string[])[] = [['deepseek-flash', 'deepseek-v4-flash', 'deepseek-v4-flash-vision-exp']];

function withAliases(models: ModelInfo[] | null): ModelInfo[] | null {
  if (models === null) return null;
  return models.map((model) => {
    const group = SAME_MODEL.find((ids) => ids.includes(model.id));
    if (!group) return model;
    const aliases = [...new Set([...model.aliases, ...group.filter((id) => id !== model.id)])].sort();
    return { ...model, aliases };
  });
}

/** `{"is_available": bool, "balance_infos": [{currency, total_balance, …}]}`; amounts stay strings. */
function readBalance(json: unknown): { available: boolean; balances: { amount: string; currency: string }[] } | null {
  if (!isObj(json) || typeof json.is_available !== 'boolean' || !Array.isArray(json.balance_infos)) return null;
  const balances = json.balance_infos.filter(isObj).flatMap((info) => {
    const amount = info.total_balance;
    const currency = info.currency;
    if (typeof currency !== 'string' || (typeof amount !== 'string' && typeof amount !== 'number')) return [];
    return [{ amount: String(amount), currency }];
  });
  return { available: json.is_available, balances };
}

const listBalances = (balances: { amount: string; currency: string }[]) =>
  balances.length ? balances.map((b) => `${b.amount} ${b.currency}`).join(', ') : 'no balance entries';

export const deepseek: ProviderAdapter = {
  ...base,

  parseError(body, contentType) {
    const error = parseOpenAIError(body, contentType);
    if (error.message === null && !error.html) {
      // An unknown path is answered with a body of its own: `{"error_msg": "Not Found. …"}`.
      try {
        const parsed: unknown = JSON.parse(body);
        if (isObj(parsed) && typeof parsed.error_msg === 'string') error.message = parsed.error_msg;
      } catch {
        // not JSON: nothing more to read
      }
    }
    return error;
  },

  parseModels: (json, ctx) => withAliases(base.parseModels(json, ctx)),

  readValidation(json, ctx) {
    const balance = readBalance(json);
    if (balance === null) {
      return {
        models: null,
        finding: {
          verdict: 'provider_error',
          message: `${ctx.host} answered the balance call (HTTP 200), but not with a balance Keyprobe can read.`,
          fix: 'This is on DeepSeek\'s side, not your key. Try again in a minute.',
        },
      };
    }
    const account = { balances: balance.balances, limit: null, remaining: null, canSpend: balance.available, freeTier: null, keyLabel: null, permissions: [], expiresAt: null };
    if (balance.available) return { models: null, account, billing: 'verified' };
    return {
      models: null,
      account,
      billing: 'exhausted',
      finding: {
        verdict: 'quota_exhausted',
        message: `Your key is valid, but DeepSeek says the account cannot spend: is_available is false (balance: ${listBalances(balance.balances)}). Every chat request would get 402 Insufficient Balance.`,
        fix: `Top up at ${TOP_UP} while signed in to the account that owns this key, then test again. No new key is needed.`,
      },
    };
  },

  classify(facts, ctx) {
    const said = facts.error?.message ?? '';
    if (facts.status === 402) {
      return {
        verdict: 'quota_exhausted',
        message: `Your key is valid, but the DeepSeek account has no usable balance (402 Insufficient Balance).${quoted(facts, ctx)}`,
        fix: `Top up at ${TOP_UP} while signed in to the account that owns this key; once GET /user/balance shows "is_available": true the same key works. Retrying does not help until then.`,
      };
    }
    if (facts.status === 403) {
      const finding = unsupportedRegion(facts, ctx);
      finding.fix = `DeepSeek documents no 403, so this is read as a refusal of the place the request came from (Keyprobe's server here), not of your key. Try the key from your own network. If it gets 403 from everywhere, the key may have been restricted: create a new one at ${ctx.data.links.keys}.`;
      return finding;
    }
    if (facts.status === 400 && /supported API model names/i.test(said)) {
      return {
        verdict: 'not_found',
        message: `DeepSeek does not know this model name (400).${quoted(facts, ctx)}`,
        fix: 'Use a model id from GET /models, such as deepseek-flash or deepseek-v4-pro. The old names deepseek-chat and deepseek-reasoner were retired on 2026-07-24.',
      };
    }
    const finding = defaultClassify(facts, ctx);
    if (finding.verdict === 'rate_limited') {
      finding.fix = 'DeepSeek limits the requests an account has in flight at once, across all its keys (fewer when the balance is low). Wait for your other requests to finish, then test again.';
    }
    if (finding.verdict === 'timeout' && facts.status !== null) {
      finding.message = `${facts.host} accepted the request (HTTP ${facts.status}) but sent no answer before Keyprobe's deadline, only blank lines or keep-alive comments.`;
    }
    if (finding.verdict === 'timeout') {
      finding.fix = 'This says nothing about your key. Under load DeepSeek holds requests open, sending only blank lines or keep-alive comments until it starts answering; Keyprobe counts that as waiting and gives up at its deadline. Try again in a few minutes, or check status.deepseek.com.';
    }
    return finding;
  },

  body(work: Work) {
    const body = base.body(work);
    // Thinking is on by default for DeepSeek's current models: a 4-token check would spend every
    // token thinking and show no answer, and the benchmark measures a non-reasoning answer.
    return work.work === 'chat' ? { ...(body as Obj), thinking: { type: 'disabled' } } : body;
  },
};
