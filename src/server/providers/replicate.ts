/**
 * Replicate: not OpenAI's protocol. A token is proved by the free `GET /v1/account`; models run as
 * predictions (`POST /v1/models/{owner}/{name}/predictions`), whose answer is a job linking to its
 * output stream on a separate Replicate stream host (`urls.stream`) and to itself (`urls.get`).
 * The runner follows those links (adapter.jobStream), only to the hosts in the data; this adapter
 * only reads them. Errors are RFC 7807 problem documents (`{title, detail, status}`, a 429 adds
 * `retry_after`); 402 means the account cannot pay. Streams carry no token usage: the finished
 * prediction's `metrics.output_token_count` does, for official language models.
 *
 * Sources: replicate-javascript 1.4.0 (lib/stream.js, lib/accounts.js, index.d.ts), recorded
 * traffic in replicate-python's test cassettes, replicate/cog docs/metrics.md, and the real bodies
 * quoted on the error pages (src/content/errors/replicate/).
 */
import type { ModelInfo } from '../../lib/api-contract';
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
  type JobRead,
  type ProviderAdapter,
  type ProviderError,
  type SseEvent,
  type StreamSignal,
  type Work,
} from '../adapter';
import { isObj, nonEmptyStr as str } from '../json';

const BILLING = 'https://replicate.com/account/billing';

/**
 * A wait in `starting` longer than this is reported as a boot of the model, apart from TTFT.
 * Replicate has no field for it: a warm official model starts within a fraction of a second, a
 * cold one waits for a worker (12.7 s in a recorded run of lucataco/moondream2, 2024-12-06).
 */
export const BOOT_THRESHOLD_MS = 1000;

/** `{title, detail, status}` (RFC 7807), a 429's `retry_after`, or a CDN's HTML page. */
export function parseReplicateError(body: string, contentType: string | null): ProviderError {
  const error = noError();
  const parsed = errorBodyJson(body, contentType, error);
  if (!isObj(parsed)) return error;
  error.message = str(parsed.detail) ?? str(parsed.title) ?? str(parsed.error);
  error.type = str(parsed.title);
  error.code = typeof parsed.status === 'number' ? String(parsed.status) : null;
  if (typeof parsed.retry_after === 'number' && Number.isFinite(parsed.retry_after) && parsed.retry_after >= 0) error.retryAfterSeconds = parsed.retry_after;
  return error;
}

/** A stream's named events (lib/stream.js): `output` (text), `logs`, `error` (message), `done` (`{}` or `{"reason"}`). */
export function readReplicateEvent(event: SseEvent): StreamSignal {
  switch (event.event) {
    case 'output':
      // Empty output events happen (a recorded run's output starts with ""): not a token.
      return event.data === '' ? {} : { text: event.data };
    case 'error':
      return { error: { ...noError(), message: event.data || null }, end: true };
    case 'done': {
      let reason: string | null = null;
      try {
        const data: unknown = JSON.parse(event.data || '{}');
        reason = isObj(data) ? str(data.reason) : null;
      } catch {
        return { malformed: true, end: true };
      }
      // `{"reason":"canceled"}` or `"error"`: the prediction did not finish.
      return reason ? { end: true, error: { ...noError(), message: `The prediction ended early (${reason}).` } } : { end: true };
    }
    default:
      // `logs` and anything Replicate adds later are not answer text.
      return {};
  }
}

const millis = (value: unknown): number | null => {
  const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? null : at;
};

/** A finished prediction: tokens from its metrics, a boot from its timestamps, a failure from its status. */
export function readPrediction(json: unknown): JobRead {
  if (!isObj(json)) return { outputTokens: null, bootMs: null };
  const metrics = isObj(json.metrics) ? json.metrics : {};
  const tokens = metrics.output_token_count;
  const created = millis(json.created_at);
  const started = millis(json.started_at);
  const waited = created !== null && started !== null ? started - created : null;
  const read: JobRead = {
    outputTokens: typeof tokens === 'number' && Number.isInteger(tokens) && tokens >= 0 ? tokens : null,
    bootMs: waited !== null && waited >= BOOT_THRESHOLD_MS ? waited : null,
  };
  if (read.outputTokens !== null) read.tokenSource = 'metrics';
  const status = str(json.status);
  if (status === 'failed' || status === 'canceled' || status === 'aborted') {
    read.error = { ...noError(), message: str(json.error) ?? `The prediction ended as ${status}.` };
  }
  return read;
}

function classify(facts: AnswerFacts, ctx: AdapterContext): Finding {
  const inference = ctx.call !== 'account';
  if (facts.status === 401) {
    return {
      verdict: 'invalid',
      message: `Replicate rejected this token (401 Unauthenticated).${quoted(facts, ctx)}`,
      fix: `Copy the token again from ${ctx.data.links.keys}: it starts with r8_ and is 40 characters long. If it was disabled (after a leak, say), create a new one.`,
    };
  }
  if (facts.status === 402) {
    return {
      verdict: 'quota_exhausted',
      message: `Your token is valid, but the account cannot pay for a model run (402 Payment Required).${quoted(facts, ctx)}`,
      fix: `Buy credit or set up billing at ${BILLING} for the account or organization that owns this token, wait a few minutes, then test again. No new token is needed.`,
    };
  }
  if (facts.status === 403) {
    // Replicate documents no 403 for tokens (a token that may not use a model gets a 422): a 403
    // comes from something in front of the API, and says nothing about the token.
    return {
      verdict: 'provider_error',
      message: `Replicate refused the request (403 Forbidden) without judging the token.${quoted(facts, ctx)}`,
      fix: 'Replicate answers a bad token with 401 and a missing permission with 422, so this 403 comes from something in front of its API. Try again later.',
    };
  }
  if (facts.status === 404) {
    return {
      verdict: 'not_found',
      message: inference
        ? `Replicate could not find the model (404): official models run by name, others need a version id.${quoted(facts, ctx)}`
        : `${facts.host} has no such route (404).${quoted(facts, ctx)}`,
      fix: inference ? 'Check the model’s owner/name on replicate.com; Keyprobe runs official models by name only.' : 'Replicate may have moved this call. Please report it.',
    };
  }
  const finding = defaultClassify(facts, ctx);
  if (finding.verdict === 'rate_limited') {
    const credit = /credit|payment method/i.test(facts.error?.message ?? '');
    finding.fix = credit
      ? `${finding.fix.replace(/; the limits below.*$/, '.')} Replicate throttles accounts with little credit or no payment method much harder: adding credit at ${BILLING} lifts that limit.`
      : finding.fix;
  }
  return finding;
}

const problem = (message: string): Finding => ({
  verdict: 'provider_error',
  message,
  fix: 'This is on Replicate’s side, not your token. Try again in a minute.',
});

export const replicate: ProviderAdapter = {
  verdicts: ['valid', 'invalid', 'quota_exhausted', 'rate_limited', 'not_found', 'provider_error', 'unreachable', 'timeout'],
  reasons: [],
  parseError: parseReplicateError,
  classify,
  requestId: (headers, ctx) => firstHeader(headers, ctx.data.headers.requestId),
  readRateLimits: readRateLimitHeaders,
  // Replicate's model list is its public catalogue, not the token's: the tester lists none.
  parseModels: (): ModelInfo[] | null => null,

  readValidation(json) {
    // `GET /v1/account` also names the owner (username, name, GitHub URL): only its type is kept.
    if (!isObj(json) || typeof json.type !== 'string') {
      return { models: null, finding: problem('api.replicate.com answered the account call (HTTP 200), but not with an account Keyprobe can read.') };
    }
    return {
      models: null,
      billing: 'unverified',
      account: { balances: [], limit: null, remaining: null, canSpend: null, freeTier: null, keyLabel: null, permissions: [], expiresAt: null, accountType: json.type },
    };
  },

  body(work: Work) {
    // `stream: true` is what older API versions needed for `urls.stream`; newer ones stream any
    // model that can, and still accept the field.
    return { input: { prompt: work.prompt, max_tokens: work.maxTokens }, ...(work.stream ? { stream: true } : {}) };
  },

  readResult(_work, json) {
    const output = isObj(json) ? json.output : null;
    const text = Array.isArray(output) ? output.filter((p): p is string => typeof p === 'string').join('') : typeof output === 'string' ? output : '';
    return { text: text.trim(), dimensions: null };
  },

  stream: { read: readReplicateEvent, terminated: true },

  jobStream: {
    streamCall: 'stream',
    jobCall: 'prediction',
    links(json) {
      if (!isObj(json)) return { finding: problem('Replicate answered the prediction (2xx), but not with a prediction Keyprobe can read.') };
      const status = str(json.status);
      if (status === 'failed' || status === 'canceled' || status === 'aborted') {
        const said = str(json.error);
        return { finding: problem(`Replicate created the prediction, but it ended as ${status} at once${said ? `: “${said.slice(0, 200)}”` : ''}.`) };
      }
      const urls = isObj(json.urls) ? json.urls : {};
      return { stream: str(urls.stream), job: str(urls.get) };
    },
    readJob: (json) => readPrediction(json),
  },
};
