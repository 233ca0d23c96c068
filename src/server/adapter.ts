/**
 * The provider seam: what the neutral runner (run-test.ts) asks of a provider. Facts live in the
 * provider's data (src/content/providers/<id>.json); an adapter holds only the behaviour data cannot
 * express: how to read its error bodies, model list and stream, how to build its request bodies,
 * and any verdict it reads differently from the shared default below.
 *
 * Most providers are `createOpenAICompatible(...)` (openai-compatible.ts) plus a few overrides.
 */
import type { AccountEvent, Billing, CheckName, ModelInfo, RateLimit, TokenSource, Verdict } from '../lib/api-contract';
import { MEASURED_IN_BROWSER } from '../lib/api-contract';
import type { Endpoint, KeyShape, ProviderData } from '../lib/provider-registry';
import type { WorkKind } from '../lib/provider-schema';

/** A provider's error answer, read into known fields. Text is raw: the event writer scrubs it. */
export interface ProviderError {
  message: string | null;
  type: string | null;
  code: string | null;
  requestId: string | null;
  /** The body was an HTML page (a CDN's error page, typically). */
  html: boolean;
  /** A wait the body itself names, seconds (Replicate's `retry_after`), for when no header does. */
  retryAfterSeconds?: number | null;
}

export const noError = (): ProviderError => ({ message: null, type: null, code: null, requestId: null, html: false });

/**
 * What every error-body reader does first: an empty body says nothing; an HTML page (a CDN's or a
 * proxy's) only its title, kept as the message with `html` set; a body that is not JSON nothing.
 * Returns the parsed JSON for the provider's own reading, or undefined when there is none (`error`
 * is then complete as it is).
 */
export function errorBodyJson(body: string, contentType: string | null, error: ProviderError): unknown {
  const trimmed = body.trim();
  if (trimmed === '') return undefined;
  if (contentType?.includes('text/html') || trimmed.startsWith('<')) {
    error.html = true;
    error.message = /<title>([^<]{1,200})<\/title>/i.exec(trimmed)?.[1]?.trim() ?? null;
    return undefined;
  }
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

/** What the runner knows about one call's answer (or the lack of one), for classification. */
export interface AnswerFacts {
  /** null when no answer arrived. */
  status: number | null;
  failure?: 'timeout' | 'unreachable' | 'unreadable' | 'too_large' | 'interrupted';
  error?: ProviderError;
  limits?: RateLimitReading;
  /** Seconds the provider asked us to wait, when it said. */
  retryAfterSeconds?: number | null;
  /** Host that was called, e.g. api.mistral.ai. */
  host: string;
}

export interface Finding {
  verdict: Verdict;
  message: string;
  fix: string;
  /** An adapter-specific cause with its own error page (`insufficient_quota`, `capacity`). */
  reason?: string;
  /** For `wrong_endpoint`, when the answer itself names where the key belongs: that endpoint's id. */
  suggestedEndpoint?: string;
}

/** Rate limits read from one answer's headers, with what the runner needs for pacing and verdicts. */
export interface RateLimitReading {
  limits: RateLimit[];
  notes: string[];
  /** Some limit is 0: nothing is allowed there at all. */
  zeroAllowance: boolean;
  /** Some window longer than a day has nothing left: waiting a moment will not help. */
  longWindowSpent: boolean;
  /** Calls and tokens per minute, from windows of a minute or less: pacing. */
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  /** Seconds until the earliest spent window resets, when the headers say. */
  resetSeconds: number | null;
  /** Headers spoke about limits without giving one (a count left alone, a -1): the notes say what. */
  reported?: boolean;
}

/** Who the adapter speaks for, for its messages. */
export interface AdapterContext {
  data: ProviderData;
  endpoint: Endpoint;
  /** Host of the call being read, e.g. api.openai.com. */
  host: string;
  /** Where the calls are made from: a Cloudflare colo, `local`, or `this browser`. */
  measuredFrom: string;
  /**
   * The call whose answer is read (`models`, `chat`, or one of the provider's own): the same status
   * can mean different things on a key-listing call and on an inference call.
   */
  call?: string;
  /**
   * The shape from the provider's data that the tested key has, or null: it lets an adapter explain
   * a kind of key that cannot make a call (an admin key on an inference API). Public data, not the key.
   */
  keyShape?: KeyShape | null;
}

/** Where a job's answer (Replicate's prediction) says its stream and its own state are: absolute URLs, as sent. */
export interface JobLinks {
  stream: string | null;
  /** The job itself, read once its stream has ended, for what the stream does not carry. */
  job: string | null;
}

/** What a finished job says that its stream did not. */
export interface JobRead {
  /** Output tokens from the job's own metrics, when it reports them (never counted from events). */
  outputTokens: number | null;
  tokenSource?: TokenSource;
  /** A cold boot of the model before the job ran, ms, by the provider's clocks: not part of TTFT. */
  bootMs: number | null;
  /** The job failed or was cancelled after all. */
  error?: ProviderError;
}

/**
 * A provider whose streamed call answers with a job that links to its stream, instead of the
 * stream itself (Replicate's prediction and its `urls.stream`). The runner, not the adapter,
 * follows the links: the stream link only to an origin the endpoint lists in `origins.streamLinks`
 * (sent as the data's `streamCall`, without the key when that call is `public`), the job link only
 * to the call's own origin; any other link is refused and never requested.
 */
export interface JobStream {
  /** Data calls the followed requests are, for /security/ and for method, role and key. */
  streamCall: string;
  jobCall?: string;
  /** Reads the job's 2xx answer: its links, or a finding when the answer already says it failed. */
  links(json: unknown, ctx: AdapterContext): JobLinks | { finding: Finding };
  readJob?(json: unknown, ctx: AdapterContext): JobRead;
}

/** What a call must do; the adapter turns it into the provider's request body. */
export interface Work {
  work: WorkKind;
  /** Model id (or Azure deployment); filled into `{model}` in the call's path too. */
  model: string;
  /** For chat and FIM: the most tokens to generate. */
  maxTokens: number;
  stream: boolean;
  /** The prompt (chat: the user message; FIM: the code before the gap; embeddings: the input). */
  prompt: string;
  /** FIM only: the code after the gap. */
  suffix?: string;
}

/** One SSE event, as the stream reader hands it over (comments never reach the dialect). */
export interface SseEvent {
  event?: string;
  data: string;
}

/** What one stream event carries. */
export interface StreamSignal {
  /** Visible answer text. */
  text?: string;
  /** Reasoning text: it is not the first token, but the run says the model thought first. */
  thinking?: boolean;
  /** Output tokens from the provider's usage (cumulative or total; the last one wins). */
  outputTokens?: number;
  tokenSource?: TokenSource;
  /** The event that ends the stream (`[DONE]`, `message_stop`, a final chunk). */
  end?: boolean;
  /** An error the provider sent inside a 200 stream. */
  error?: ProviderError;
  /** The event could not be read in this dialect. */
  malformed?: boolean;
  /** Which region or upstream served the stream, when the body says. */
  servedBy?: string;
  /** The provider's own time to first token, ms, when the body says. */
  serverTtftMs?: number;
  /** The answer's id, for providers that name it only in the stream's body (the first one wins). */
  requestId?: string;
}

/** How a provider's streams look: where the content, usage and end are. */
export interface StreamDialect {
  read(event: SseEvent): StreamSignal;
  /**
   * Whether a complete stream ends with an explicit end event. When false (Gemini), the end of the
   * body ends it, and a stream cut off mid-way is told apart only by a broken connection.
   */
  terminated: boolean;
}

/** A successful validation answer, read: the models it lists, and whether it still says "not valid". */
export interface ValidationRead {
  /** The key's models, when the validation call lists them; null when it does not. */
  models: ModelInfo[] | null;
  /** Set when a 200 still means the key cannot be used as it is (a balance that is not available). */
  finding?: Finding;
  /** Account facts the call exposes (balance, limits, key label); never personal data. */
  account?: Omit<AccountEvent, 'type'>;
  billing?: Billing | null;
  /** A sentence the valid verdict's message adds (what the key has spent, when it expires). */
  note?: string;
}

export interface ProviderAdapter {
  /** Every verdict this adapter can produce; the build checks each has an error page. */
  readonly verdicts: readonly Verdict[];
  /** Every reason this adapter can give; each needs an error page too. */
  readonly reasons: readonly string[];
  /** Reads an error body (any status ≥ 300). */
  parseError(body: string, contentType: string | null): ProviderError;
  /** What an answer that is not a success means for the key. */
  classify(facts: AnswerFacts, ctx: AdapterContext): Finding;
  /**
   * The provider's id of one answer: from its headers, its error body, or (for providers that put
   * it only there) `body`, the parsed JSON of a successful non-stream answer.
   */
  requestId(headers: Headers, ctx: AdapterContext, error?: ProviderError, body?: unknown): string | null;
  /**
   * Rate limits of one answer. `error` is the answer's parsed error body, for providers that report
   * the limit that ran out there rather than in headers (Gemini's 429 `QuotaFailure`, `RetryInfo`).
   */
  readRateLimits(headers: Headers, ctx: AdapterContext, error?: ProviderError): RateLimitReading;
  /** The provider's model list as the tester shows it; null when the body is not a model list. */
  parseModels(json: unknown, ctx: AdapterContext): ModelInfo[] | null;
  /** Reads a 2xx answer of the validation call. */
  readValidation(json: unknown, ctx: AdapterContext): ValidationRead;
  /** The request body of a call doing `work`. */
  body(work: Work): unknown;
  /** What a successful non-stream answer holds: the answer's text, or the embedding's length. */
  readResult(work: WorkKind, json: unknown): { text: string; dimensions: number | null };
  stream: StreamDialect;
  /** Words for a key refused here but accepted on `right` (the runner found it); the default names the hosts. */
  wrongEndpoint?(right: Endpoint, ctx: AdapterContext): Pick<Finding, 'message' | 'fix'>;
  /**
   * The query string (without `?`) that fetches the next page of a paged model list, or null on
   * the last page; the runner reads at most a few pages.
   */
  nextPage?(json: unknown): string | null;
  /**
   * A free call that tells whether a validated key can spend (Anthropic's token count answers a
   * blocked account with its credit error), made right after a successful validation.
   */
  billingProbe?: {
    /** A call named in the provider data. */
    call: string;
    body(models: readonly ModelInfo[] | null, ctx: AdapterContext): unknown;
    read(facts: AnswerFacts, json: unknown, ctx: AdapterContext): { billing: Billing; finding?: Finding };
  };
  /** What a failed check says, when the adapter says more than its finding's message. */
  checkFailure?(check: CheckName, model: string, facts: AnswerFacts, finding: Finding, ctx: AdapterContext): string | null;
  /** Set when a streamed call answers with a job that links to its stream (see JobStream). */
  jobStream?: JobStream;
}

// ----------------------------------------------------------------------------------------------
// shared mechanics every adapter can reuse
// ----------------------------------------------------------------------------------------------

const UNIT_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86_400, week: 604_800, month: 2_592_000 };

/** `minute` → 60, `5 minutes` → 300, `month` → 30 days. */
export function windowSeconds(window: string): number {
  const match = /^(?:(\d+) )?(second|minute|hour|day|week|month)s?$/.exec(window);
  if (!match) return Number.POSITIVE_INFINITY;
  return Number(match[1] ?? 1) * (UNIT_SECONDS[match[2] as string] as number);
}

function headerNumber(headers: Headers, name: string | undefined): number | null {
  if (!name) return null;
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

/** A reset written as seconds (`38.879`), a duration (`6m0s`, `1h2m3.5s`, `120ms`) or an RFC 3339 time. */
export function parseReset(raw: string | null, format: ProviderData['headers']['resetFormat'], now = Date.now()): number | null {
  if (raw === null || raw.trim() === '') return null;
  const text = raw.trim();
  if (format === 'rfc3339') {
    const at = Date.parse(text);
    return Number.isNaN(at) ? null : Math.max(0, (at - now) / 1000);
  }
  if (format === 'duration' || /[a-z]/i.test(text)) {
    const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return null;
    const factor: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
    return parts.reduce((sum, p) => sum + Number(p[1]) * (factor[p[2] as string] as number), 0);
  }
  const seconds = Number(text);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/** Reads the rate-limit headers named in the provider's data. */
export function readRateLimitHeaders(headers: Headers, ctx: AdapterContext): RateLimitReading {
  const { rateLimits, resetFormat } = ctx.data.headers;
  const limits: RateLimit[] = [];
  const resets: number[] = [];
  let longWindowSpent = false;
  let requestsPerMinute: number | null = null;
  let tokensPerMinute: number | null = null;
  /** What the headers say that is not a limit: a negative value, a count left without its limit. */
  const said: string[] = [];
  for (const header of rateLimits) {
    const limit = headerNumber(headers, header.limit);
    const sent = headerNumber(headers, header.remaining);
    // A negative count is no count (Azure OpenAI sends -1 where it does not report a limit).
    const remaining = sent !== null && sent >= 0 ? sent : null;
    const what = `${header.name} per ${header.window}`;
    if (limit !== null && limit < 0) {
      said.push(`${what}: not reported (${ctx.data.shortName} sent ${limit}).`);
      continue;
    }
    if (limit === null) {
      if (remaining !== null) said.push(`${what}: ${remaining} left (${ctx.data.shortName} does not send the limit itself).`);
      else if (sent !== null) said.push(`${what}: not reported (${ctx.data.shortName} sent ${sent}).`);
      continue;
    }
    limits.push({ name: header.name, limit, remaining, window: header.window });
    const seconds = windowSeconds(header.window);
    if (remaining === 0 && seconds > 86_400 && limit > 0) longWindowSpent = true;
    if (remaining === 0 && header.reset) {
      const reset = parseReset(headers.get(header.reset), resetFormat);
      if (reset !== null) resets.push(reset);
    }
    // Pacing uses windows of a minute or less; a daily allowance does not space out five calls.
    if (seconds <= 60 && limit > 0) {
      const perMinute = (limit * 60) / seconds;
      if (header.name === 'Requests') requestsPerMinute = Math.min(requestsPerMinute ?? Infinity, perMinute);
      if (header.name === 'Tokens') tokensPerMinute = Math.min(tokensPerMinute ?? Infinity, perMinute);
    }
  }
  const zeroAllowance = limits.some((l) => l.limit === 0);
  const notes: string[] = [];
  if (zeroAllowance) {
    notes.push('A limit of 0 means this key has no allowance there: the model is not on its plan, or the account has no quota for it.');
  }
  notes.push(...said);
  const { whenSent, whenNone } = ctx.data.headers.rateLimitNotes;
  if (limits.length > 0 && whenSent) notes.push(whenSent);
  if (limits.length === 0 && said.length === 0) notes.push(whenNone ?? `${ctx.data.shortName} sent no rate-limit headers on this call.`);
  return {
    limits,
    notes,
    zeroAllowance,
    longWindowSpent,
    requestsPerMinute,
    tokensPerMinute,
    resetSeconds: resets.length ? Math.min(...resets) : null,
    reported: said.length > 0,
  };
}

/** Seconds to wait before retrying, from `retry-after-ms`, `Retry-After` (seconds or an HTTP date). */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number | null {
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.has('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms / 1000;
  const raw = headers.get('retry-after');
  if (raw === null) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, (date - now) / 1000);
}

/** The first of the named headers that is present. */
export function firstHeader(headers: Headers, names: readonly string[]): string | null {
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null && value !== '') return value;
  }
  return null;
}

/** The provider's quoted words, for a message: " OpenAI said: “…”." (the event writer scrubs the key). */
export function quoted(facts: AnswerFacts, ctx: AdapterContext): string {
  const said = facts.error?.message;
  if (!said || facts.error?.html) return '';
  const clipped = said.length > 300 ? `${said.slice(0, 300)}…` : said;
  return ` ${ctx.data.shortName} said: “${clipped.replace(/[.!]+$/, '')}”.`;
}

const waitText = (seconds: number | null | undefined) =>
  seconds === null || seconds === undefined ? 'a moment' : seconds < 90 ? `${Math.ceil(seconds)} s` : `${Math.ceil(seconds / 60)} min`;

/**
 * What an answer means, for any provider; adapters override the cases their provider reads
 * differently (OpenAI's 429 `insufficient_quota`, xAI's 400 for a bad key).
 */
export function defaultClassify(facts: AnswerFacts, ctx: AdapterContext): Finding {
  const { status, host } = facts;
  const name = ctx.data.shortName;
  if (facts.failure === 'timeout') {
    return {
      verdict: 'timeout',
      message: `${host} did not answer in time.`,
      fix: `This says nothing about your key. Try again in a minute; if it keeps happening, ${name} may be having an incident.`,
    };
  }
  if ((facts.failure === 'unreachable' || status === null) && ctx.measuredFrom === MEASURED_IN_BROWSER) {
    // A page's fetch fails the same way when the network is down and when the provider's CORS
    // answer refuses the page: the browser does not tell the two apart, so neither does this.
    return {
      verdict: 'unreachable',
      message: `This browser could not connect to ${host}, or ${name} refused a call from a web page.`,
      fix: `This is not a problem with your key. Check your connection (an ad or privacy blocker can stop the call too), or turn off "Test from this browser" to test through Keyprobe's server.`,
    };
  }
  if (facts.failure === 'unreachable' || status === null) {
    return {
      verdict: 'unreachable',
      message: `Keyprobe could not connect to ${host}.`,
      fix: `This is a network problem between Keyprobe and ${name}, not a problem with your key. Try again shortly.`,
    };
  }
  if (status >= 300 && status < 400) {
    return {
      verdict: 'provider_error',
      message: `${host} answered with a redirect (HTTP ${status}). Keyprobe never follows redirects, so your key was not sent anywhere else.`,
      fix: `${name} does not normally redirect API calls. Try again later.`,
    };
  }
  if (status === 401) {
    return {
      verdict: 'invalid',
      message: `${name} rejected this key (401 Unauthorized).${quoted(facts, ctx)}`,
      fix: `Copy the key again from ${name}'s API keys page (${ctx.data.links.keys}), whole. If the key was revoked or expired, create a new one. A key created a few minutes ago may need a moment before it works.`,
    };
  }
  if (status === 403) {
    return {
      verdict: 'forbidden',
      message: `${name} accepted the key but refused access (403 Forbidden).${quoted(facts, ctx)}`,
      fix: `Check the key's permissions and the account's plan in ${name}'s console.`,
    };
  }
  if (status === 404) {
    return {
      verdict: 'not_found',
      message: `${host} has no such route or model (404 Not Found).${quoted(facts, ctx)}`,
      fix: 'The endpoint does not serve this call. Check the endpoint (base URL) and the model id.',
    };
  }
  if (status === 429) {
    if (facts.limits?.zeroAllowance) {
      return {
        verdict: 'quota_exhausted',
        message: `Your key is valid, but it has no allowance here: ${name} reports a limit of 0 (429).${quoted(facts, ctx)}`,
        fix: `The model is not on this key's plan, or the account's quota or spending limit is used up. Check limits and billing in ${name}'s console.`,
      };
    }
    if (facts.limits?.longWindowSpent) {
      return {
        verdict: 'quota_exhausted',
        message: `Your key is valid, but its allowance for a period longer than a day is used up (429).${quoted(facts, ctx)}`,
        fix: `Waiting a moment will not help: the allowance renews when its period does (see the limits below). Raise the limit or change plan in ${name}'s console.`,
      };
    }
    return {
      verdict: 'rate_limited',
      message: `Your key is valid, but ${name} is rate-limiting it right now (429).${quoted(facts, ctx)}`,
      fix: `Wait ${waitText(facts.retryAfterSeconds ?? facts.limits?.resetSeconds)} and test again; the limits below show which window ran out.`,
    };
  }
  if (facts.failure === 'unreadable' || facts.failure === 'too_large' || facts.failure === 'interrupted') {
    const what = {
      unreadable: 'could not be read',
      too_large: 'was far larger than expected',
      interrupted: 'was cut off before it ended',
    }[facts.failure];
    return {
      verdict: 'provider_error',
      message: `${host} answered (HTTP ${status}), but the answer ${what}.`,
      fix: 'This is a problem on the provider side, not with your key. Try again in a minute.',
    };
  }
  if (status >= 500) {
    const cdn = status >= 520 && status <= 530;
    return {
      verdict: 'provider_error',
      message: cdn
        ? `Cloudflare, in front of ${name}, could not get an answer from ${name}'s servers (HTTP ${status}).`
        : `${name} had a problem answering (HTTP ${status}).${quoted(facts, ctx)}`,
      fix: `This is on ${name}'s side, not your key. Try again in a minute; if it persists, ${name} may be having an incident.`,
    };
  }
  return {
    verdict: 'provider_error',
    message: `${name} answered HTTP ${status}.${quoted(facts, ctx)}`,
    fix: 'Keyprobe did not expect this answer to its request. Try again; if it persists, please report it.',
  };
}

/** Where a test ran from, in words: the colo, this machine, or this browser. */
export function placeOf(measuredFrom: string): string {
  if (measuredFrom === 'local') return 'the machine running Keyprobe';
  if (measuredFrom === MEASURED_IN_BROWSER) return 'this browser';
  return `Cloudflare's ${measuredFrom} data centre`;
}

/** The provider refused the place the test ran from: not the key's fault, and said so. */
export function unsupportedRegion(facts: AnswerFacts, ctx: AdapterContext): Finding {
  return {
    verdict: 'unsupported_region',
    message: `${ctx.data.shortName} does not serve the place this test ran from (${placeOf(ctx.measuredFrom)}). This says nothing against your key.${quoted(facts, ctx)}`,
    fix: `Use the key from a country or region ${ctx.data.shortName} supports. Keyprobe's result here depends on where its server ran, not on you.`,
  };
}
