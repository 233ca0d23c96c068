/**
 * The contract of `POST /api/test`: what the island sends and the NDJSON events the endpoint
 * streams back, one JSON object a line, in this order (later ones only where they apply):
 * validation → models → rate_limits → check* → (sample | backoff)* → summary → done
 * (an `error` event before `done` if Keyprobe itself failed mid-stream).
 * Types only, plus the limits both sides enforce; the server's zod schema (src/server/request.ts)
 * is checked against TestRequest at compile time.
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
 * The calls Keyprobe makes for each check, shared by the endpoint (which makes them) and the
 * island (which shows their cost first): the models tried in order (the first the key lists wins),
 * and upper bounds of the tokens one call spends.
 */
export const checkCalls: Record<CheckName, { models: readonly string[]; inputTokens: number; maxTokens: number }> = {
  chat: { models: ['ministral-3b-latest', 'mistral-small-latest', 'open-mistral-nemo', 'codestral-latest'], inputTokens: 16, maxTokens: 4 },
  stream: { models: ['ministral-3b-latest', 'mistral-small-latest', 'open-mistral-nemo', 'codestral-latest'], inputTokens: 16, maxTokens: 4 },
  embeddings: { models: ['mistral-embed', 'codestral-embed'], inputTokens: 4, maxTokens: 0 },
  fim: { models: ['codestral-latest', 'codestral-2508'], inputTokens: 16, maxTokens: 4 },
};

/** Validation on a host that lists no models (codestral.mistral.ai): a one-token code completion. */
export const fimProbe = { model: 'codestral-latest', inputTokens: 4, maxTokens: 1 } as const;

/** Bounds the server enforces (and the island respects so users never hit them by accident). */
export const LIMITS = {
  /** Request body size, bytes. */
  bodyBytes: 4096,
  /** Longest key accepted, characters. */
  keyLength: 256,
  runs: { min: 1, max: 20, default: 5 },
  maxTokens: { min: 1, max: 128, default: 32 },
  /** Whole run deadline without a benchmark, ms. */
  runDeadlineMs: 15_000,
  /** Deadline of one outbound call, ms. */
  callDeadlineMs: 10_000,
} as const;

export interface TestRequest {
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
  };
}

export interface ValidationEvent {
  type: 'validation';
  verdict: Verdict;
  /** Status of the provider's answer; null when there was none (timeout, unreachable). */
  httpStatus: number | null;
  /** The provider's request id, for support tickets. */
  requestId: string | null;
  ms: number;
  message: string;
  fix: string;
  /** Keyprobe page explaining the outcome, e.g. `/mistral/errors/401/`; null for `valid`. */
  errorPage: string | null;
  /** For `wrong_endpoint`: the id of the endpoint that accepted the key; otherwise null. */
  suggestedEndpoint: string | null;
}

export const modelFamilies = [
  'Large',
  'Medium',
  'Small',
  'Ministral',
  'Codestral',
  'Devstral',
  'Magistral',
  'Pixtral',
  'Embed',
  'OCR',
  'Moderation',
  'Voxtral',
  'Other',
] as const;
export type ModelFamily = (typeof modelFamilies)[number];

export interface ModelInfo {
  id: string;
  /** The provider's canonical name for it (Mistral: the pinned id the aliases point to). */
  name: string;
  /** Other ids that reach the same model. */
  aliases: string[];
  family: ModelFamily;
  /** Capability flags as the provider reports them (only the true ones need reading). */
  capabilities: Record<string, boolean>;
  contextLength: number | null;
  deprecation: { date: string; replacement: string | null } | null;
  fineTuned: boolean;
}

export interface ModelsEvent {
  type: 'models';
  models: ModelInfo[];
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
}

export interface CheckEvent {
  type: 'check';
  name: CheckName;
  ok: boolean;
  model: string;
  ms: number;
  httpStatus: number | null;
  message: string;
  /** The provider's request id for this call, when it answered. */
  requestId: string | null;
}

export interface SampleEvent {
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
  /** Server-side time the provider reports (x-kong-upstream-latency / x-envoy-upstream-service-time). */
  serverMs: number | null;
}

/** A benchmark run hit a rate limit; the server waits and retries instead of failing. */
export interface BackoffEvent {
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

export interface SummaryEvent {
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
  /** Why fewer runs than asked were measured, if so. */
  note: string | null;
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
  | ModelsEvent
  | RateLimitsEvent
  | CheckEvent
  | SampleEvent
  | BackoffEvent
  | SummaryEvent
  | ErrorEvent
  | DoneEvent;

/** Body of every non-stream answer (400, 403, 405, 413, 415, 429, 500). Never contains the key. */
export interface ErrorBody {
  error: { code: string; message: string };
}
