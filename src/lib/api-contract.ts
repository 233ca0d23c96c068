/**
 * The contract of `POST /api/test`: what the island sends and the NDJSON events the endpoint
 * streams back, one JSON object a line, in this order (later ones only where they apply):
 * validation → account? → models → rate_limits → check* → (sample | backoff)* → summary? →
 * outcome → done. `rate_limits` may come after the checks for providers that send limits only
 * with inference answers, and a second one (replacing the first, with both hosts' limits) with the
 * first check whose answer carries limits, when the key check ran on another host than inference;
 * an `error` event before `done` (instead of `outcome`) if Keyprobe itself failed mid-stream.
 * Types only, plus the limits both sides enforce; the server's check of a request body
 * (src/server/request-body.ts) returns a TestRequest, so the compiler holds the two together.
 */

export const verdicts = [
  'valid',
  'invalid',
  'forbidden',
  'rate_limited',
  'quota_exhausted',
  'wrong_endpoint',
  'unsupported_region',
  'not_found',
  'provider_error',
  'unreachable',
  'timeout',
] as const;
/**
 * The tester's answer to "does this key work?". `rate_limited` and `quota_exhausted` keys are valid;
 * `unsupported_region` means the provider refused the place the test ran from, not the key.
 */
export type Verdict = (typeof verdicts)[number];

export const checkNames = ['chat', 'stream', 'embeddings', 'fim'] as const;
export type CheckName = (typeof checkNames)[number];

export const benchmarkTargets = ['models', 'chat', 'embeddings', 'fim'] as const;
export type BenchmarkTarget = (typeof benchmarkTargets)[number];

/**
 * Prompt sizes of one benchmark call (tokens, rounded up), for pacing on the server and the cost
 * estimate the island shows before a run. Kept here so the island need not import server code.
 */
export const benchmarkPromptTokens: Record<BenchmarkTarget, number> = { models: 0, chat: 30, embeddings: 8, fim: 12 };

/**
 * A model id as a request may name it: letters, digits and . _ : -, in parts joined by single
 * slashes (`mistral-small-latest`, OpenRouter's `mistralai/mistral-nemo`, `openai/gpt-oss-20b:free`).
 */
export const MODEL_ID_PATTERN = /^[A-Za-z0-9._:-]+(?:\/[A-Za-z0-9._:-]+)*$/;

/** Bounds the server enforces (and the island respects so users never hit them by accident). */
export const LIMITS = {
  /** Request body size, bytes. */
  bodyBytes: 4096,
  /** Longest key accepted, characters. */
  keyLength: 256,
  /** Shortest key accepted: no provider issues shorter ones, and the scrubber's fragments are this long. */
  keyMinLength: 8,
  runs: { min: 1, max: 20, default: 5 },
  maxTokens: { min: 1, max: 128, default: 32 },
  /** Whole run deadline without a benchmark, ms. */
  runDeadlineMs: 15_000,
  /** Deadline of one outbound call, ms. */
  callDeadlineMs: 10_000,
} as const;

export interface TestRequest {
  /** A provider id (src/lib/provider-ids.ts) whose tester exists. */
  provider: string;
  /** Endpoint id from the provider's data (e.g. `global`, `eu`, `us`, `codestral`); never a URL. */
  endpoint?: string;
  checks?: CheckName[];
  benchmark?: {
    target: BenchmarkTarget;
    /** A model id the key listed (not used for `models`). */
    model?: string;
    runs?: number;
    maxTokens?: number;
    /**
     * Compare endpoints: 2–4 endpoint ids of the provider. Each is validated, and the benchmark's
     * runs are interleaved across those the key works on; their events carry `endpoint`.
     */
    endpoints?: string[];
  };
  /** The Turnstile token of the optional human check, when the site has one configured. */
  turnstileToken?: string;
  /**
   * Only for providers whose host depends on the user's resource (Azure OpenAI): its name, which
   * fills `{resource}` in the endpoint's origin. Checked by a strict pattern; never a host or URL.
   */
  resource?: string;
  /** Only with `resource`: the deployment checks and the benchmark use (else the first that chats). */
  deployment?: string;
  /**
   * The user saw what the key check costs and agreed to it. Required (else 400 `cost_not_confirmed`,
   * before any call) when the key check of the endpoint, or of an endpoint compared in the
   * benchmark, is a paid call in the provider's data; ignored otherwise.
   */
  confirmPaidValidation?: boolean;
}

/** Set on validation, sample, backoff and summary events when endpoints are compared. */
export interface OnEndpoint {
  endpoint?: string;
}

export interface ValidationEvent extends OnEndpoint {
  type: 'validation';
  verdict: Verdict;
  /** Status of the provider's answer; null when there was none (timeout, unreachable). */
  httpStatus: number | null;
  /** The provider's request id, for support tickets. */
  requestId: string | null;
  /** Set when the test ran in the browser and the provider does not expose its request-id header to pages. */
  requestIdNotExposed?: true;
  ms: number;
  message: string;
  fix: string;
  /** Keyprobe page explaining the outcome, e.g. `/mistral/errors/401/`; null for `valid`. */
  errorPage: string | null;
  /** For `wrong_endpoint`: the id of the endpoint that accepted the key; otherwise null. */
  suggestedEndpoint: string | null;
  /**
   * Whether the key can spend: `verified` (the free call says it can), `exhausted` (it says it
   * cannot), `unverified` (the free call cannot tell: a paid check settles it), null (not known).
   */
  billing?: Billing | null;
}

export type Billing = 'verified' | 'unverified' | 'exhausted';

/** Account facts a provider's free call exposes (balance, credit, key limits); never personal data. */
export interface AccountEvent {
  type: 'account';
  /** Amounts as the provider writes them (strings, so nothing is rounded). */
  balances: { amount: string; currency: string }[];
  /** The key's or account's spending limit, and what is left of it, in the provider's unit (USD credits). */
  limit: number | null;
  remaining: number | null;
  /** Whether the account can make paid calls at all. */
  canSpend: boolean | null;
  /** A free-tier account (never paid). */
  freeTier: boolean | null;
  /** The key's name or masked label as the provider shows it. */
  keyLabel: string | null;
  /** What the key may do (scopes, ACLs). */
  permissions: string[];
  /** When the key expires (ISO 8601), if it does. */
  expiresAt: string | null;
  /** The kind of account the key belongs to, as the provider names it (`user`, `organization`); never who owns it. */
  accountType?: string | null;
}

/**
 * The key's overall state, always sent before `done`: the validation's verdict, unless a check
 * contradicts it (a valid key with no credit fails its first paid call; a key that cannot list
 * models can still chat). `basis` says which result decided it.
 */
export interface OutcomeEvent {
  type: 'outcome';
  verdict: Verdict;
  basis: 'validation' | CheckName;
  message: string;
}

export interface ModelInfo {
  id: string;
  /** The provider's canonical name for it (e.g. the pinned id its aliases point to). */
  name: string;
  /** Other ids that reach the same model. */
  aliases: string[];
  /** Group, from the provider's data (`models.families`), or `Other`. */
  family: string;
  /** Capability flags as the provider reports them (only the true ones need reading). */
  capabilities: Record<string, boolean>;
  contextLength: number | null;
  deprecation: { date: string; replacement: string | null } | null;
  fineTuned: boolean;
  /**
   * Set when the id is the user's own deployment name (Azure OpenAI): the model it runs, that
   * model's version when the provider reports it, its state as reported, and whether it can take
   * calls now.
   */
  deployment?: { model: string; version: string | null; status: string | null; ready: boolean };
  /** What the provider's own model list says the model costs, when it says (Together's `pricing`). */
  price?: ModelPrice | null;
}

/** A list price per million tokens, as the provider states it; null where it states none. */
export interface ModelPrice {
  input: number | null;
  output: number | null;
  /** ISO 4217, e.g. `USD`. */
  currency: string;
}

export interface ModelsEvent {
  type: 'models';
  models: ModelInfo[];
  /**
   * True when the list is the provider's public one, the same for every key (OpenRouter's): it
   * says nothing about which models this key may use. Absent when the list is the key's own.
   */
  public?: boolean;
}

export interface RateLimit {
  /** Human name, e.g. "Requests per minute". */
  name: string;
  limit: number;
  remaining: number | null;
  /** Window the limit applies to, e.g. `minute`, `5 minutes`, `month`. */
  window: string;
}

export interface RateLimitsEvent {
  type: 'rate_limits';
  limits: RateLimit[];
  /** Plain-language notes, e.g. that a limit of 0 means the model is not on this key's plan. */
  notes: string[];
  /**
   * Rate-limit headers the provider sends but a browser may not read (not in its
   * Access-Control-Expose-Headers): set only when the test ran in the browser and none could be read.
   */
  notExposed?: string[];
}

export interface CheckEvent extends ServedFacts {
  type: 'check';
  name: CheckName;
  ok: boolean;
  model: string;
  ms: number;
  httpStatus: number | null;
  message: string;
  /** The provider's request id for this call, when it answered. */
  requestId: string | null;
  /** What a failed call means (present when `ok` is false and the provider answered). */
  verdict?: Verdict;
  /** Keyprobe page explaining the failure, when there is one. */
  errorPage?: string | null;
}

/**
 * How the output tokens of a sample were counted: the provider's `usage` (never counted from
 * chunks), with reasoning tokens left out or counted in where the provider reports them apart,
 * or a prediction's `metrics` (Replicate).
 */
export type TokenSource = 'usage' | 'usage_excluding_reasoning' | 'usage_including_reasoning' | 'metrics';

/** Facts a provider reports about its own serving, optional on samples and checks. */
export interface ServedFacts {
  /** Which region or upstream served the call (`X-Groq-Region`, the router's provider). */
  servedBy?: string | null;
  /** The provider's own time to first token, ms (Fireworks, Cerebras `time_info`). */
  serverTtftMs?: number | null;
  tokenSource?: TokenSource | null;
  /** A cold model boot before the call could run, ms; not part of TTFT (Replicate). */
  bootMs?: number | null;
}

export interface SampleEvent extends ServedFacts, OnEndpoint {
  type: 'sample';
  run: number;
  warmup: boolean;
  /** Request sent → response headers. */
  ttfbMs: number;
  /** Request sent → first chunk with non-empty content; null for non-streaming targets. */
  ttftMs: number | null;
  /** Request sent → end of body (`[DONE]` for streams). */
  e2eMs: number;
  /** From the provider's `usage`, never from counting chunks. */
  outputTokens: number | null;
  /** (outputTokens − 1) / (last content − first content); null when it cannot be measured. */
  tokensPerSecond: number | null;
  /** Server-side processing time the provider reports in its headers, ms. */
  serverMs: number | null;
}

/** A benchmark run hit a rate limit; the server waits and retries instead of failing. */
export interface BackoffEvent extends OnEndpoint {
  type: 'backoff';
  run: number;
  waitMs: number;
  message: string;
}

export interface Distribution {
  p50: number;
  p90: number;
  min: number;
  max: number;
  mean: number;
}

/** `measuredFrom` of a run made by the page itself ("Test from this browser"), not by Keyprobe's endpoint. */
export const MEASURED_IN_BROWSER = 'this browser';

export interface SummaryEvent extends OnEndpoint {
  type: 'summary';
  /** Measured runs (the warm-up excluded). */
  runs: number;
  metrics: {
    ttfbMs: Distribution | null;
    ttftMs: Distribution | null;
    e2eMs: Distribution | null;
    tokensPerSecond: Distribution | null;
  };
  /** Cloudflare colo the runs were made from (e.g. `CDG`), or `local`. */
  measuredFrom: string;
  /** The clock the times were read from. */
  clock: ClockFacts;
  /** Why fewer runs than asked were measured, if so. */
  note: string | null;
}

/** What the clock that timed a benchmark can tell apart, so that a reader knows what a ms means. */
export interface ClockFacts {
  /**
   * The clock's step as the readings show it, ms: 1 in Workers (whole milliseconds, a Spectre
   * mitigation), finer elsewhere; null when there were too few readings to tell.
   */
  resolutionMs: number | null;
  /**
   * The clock stands still while code runs and moves on only when I/O completes (Workers): a time
   * is then the moment the data was handed to the code, and reads up to one step short or long.
   */
  advancesOnIoOnly: boolean;
}

/** Something failed inside Keyprobe mid-stream; a fixed message, never provider text or the key. */
export interface ErrorEvent {
  type: 'error';
  code: 'internal_error';
  message: string;
}

export interface DoneEvent {
  type: 'done';
  ms: number;
}

export type TestEvent =
  | ValidationEvent
  | AccountEvent
  | ModelsEvent
  | RateLimitsEvent
  | CheckEvent
  | SampleEvent
  | BackoffEvent
  | SummaryEvent
  | OutcomeEvent
  | ErrorEvent
  | DoneEvent;

/** Body of every non-stream answer (400, 403, 405, 413, 415, 429, 500). Never contains the key. */
export interface ErrorBody {
  error: { code: string; message: string };
}
