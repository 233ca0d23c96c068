/**
 * The view state of one test run, built by folding actions (the run starting, each streamed event,
 * how the stream ended) with `reduce`. Pure and total: any input, in or out of spec, gives a state.
 * A run that compares endpoints (`benchmark.endpoints`) keeps, per endpoint, its validation,
 * samples, backoffs and summary (`lanes`); the main endpoint's are also the run's own.
 */
import {
  checkNames,
  verdicts,
  type AccountEvent,
  type BackoffEvent,
  type Billing,
  type CheckEvent,
  type Distribution,
  type ModelInfo,
  type RateLimit,
  type RateLimitsEvent,
  type SampleEvent,
  type SummaryEvent,
  type OutcomeEvent,
  type ServedFacts,
  type TestRequest,
  type TokenSource,
  type ValidationEvent,
} from '../../../lib/api-contract';

export type Phase = 'idle' | 'running' | 'finished' | 'cancelled' | 'failed';

/** Why a run ended without its `done` event. */
export interface Failure {
  kind: 'http' | 'network' | 'stream' | 'internal' | 'timeout';
  message: string;
  status?: number;
  code?: string;
}

/** One endpoint of a comparison: what its events said. */
export interface Lane {
  endpoint: string;
  validation: ValidationEvent | null;
  samples: SampleEvent[];
  backoffs: BackoffEvent[];
  summary: SummaryEvent | null;
}

export interface RunState {
  phase: Phase;
  /** What was asked for (progress counts come from it). */
  request: TestRequest | null;
  validation: ValidationEvent | null;
  account: AccountEvent | null;
  models: ModelInfo[] | null;
  /** The models are the provider's public list, not the key's own (the `models` event says so). */
  modelsPublic: boolean;
  rateLimits: RateLimitsEvent | null;
  checks: CheckEvent[];
  samples: SampleEvent[];
  backoffs: BackoffEvent[];
  /** The backoff being waited out (cleared by the next sample). */
  waiting: BackoffEvent | null;
  summary: SummaryEvent | null;
  /** The key's overall state, once the run has settled it. */
  outcome: OutcomeEvent | null;
  failure: Failure | null;
  /** Total run time from the `done` event. */
  totalMs: number | null;
  /** Lines that were not JSON or not events of the contract. */
  ignored: number;
  /** Endpoints compared, the main one first (from the request); empty when the run compares none. */
  lanes: Lane[];
}

export type Action =
  | { type: 'start'; request: TestRequest }
  | { type: 'event'; event: unknown }
  | { type: 'http_error'; status: number; body: unknown }
  | { type: 'network_error' }
  | { type: 'stream_error' }
  | { type: 'timeout' }
  | { type: 'cancel' }
  | { type: 'end' }
  | { type: 'reset' };

export const initialState: RunState = {
  phase: 'idle',
  request: null,
  validation: null,
  account: null,
  models: null,
  modelsPublic: false,
  rateLimits: null,
  checks: [],
  samples: [],
  backoffs: [],
  waiting: null,
  summary: null,
  outcome: null,
  failure: null,
  totalMs: null,
  ignored: 0,
  lanes: [],
};

/**
 * The endpoints a request compares, the main one first, each once: the server validates the main
 * endpoint (`endpoint`) and every other one listed in `benchmark.endpoints`. None unless at least
 * one other is listed.
 */
export function comparedEndpoints(request: TestRequest | null): string[] {
  const listed = request?.benchmark?.endpoints;
  if (!Array.isArray(listed)) return [];
  const main = request?.endpoint ?? listed[0];
  const all = [...new Set([main, ...listed])].filter((e): e is string => typeof e === 'string' && e !== '');
  return all.length > 1 ? all : [];
}

const emptyLane = (endpoint: string): Lane => ({ endpoint, validation: null, samples: [], backoffs: [], summary: null });

export const messages = {
  network: "Keyprobe's test endpoint could not be reached. Check your connection and try again; your key was not sent to the provider.",
  stream: 'The connection to Keyprobe was lost before the test finished. The results below are partial.',
  timeout: "Keyprobe's test endpoint stopped answering, so the test was stopped. The results below are partial.",
  cut: 'The test ended before it was complete. The results below are partial.',
  http: (status: number) => `Keyprobe's test endpoint answered HTTP ${status}. Please try again.`,
};

// ---- reading events defensively -------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const oneOf = <T extends string>(list: readonly T[], v: unknown): T | null => (list.includes(v as T) ? (v as T) : null);

function validation(e: Obj): ValidationEvent | null {
  const verdict = oneOf(verdicts, e.verdict);
  if (!verdict) return null;
  return {
    type: 'validation',
    verdict,
    httpStatus: num(e.httpStatus),
    requestId: strOrNull(e.requestId),
    ...(e.requestIdNotExposed === true ? { requestIdNotExposed: true as const } : {}),
    ms: num(e.ms) ?? 0,
    message: str(e.message),
    fix: str(e.fix),
    errorPage: page(e.errorPage),
    suggestedEndpoint: strOrNull(e.suggestedEndpoint),
    billing: oneOf(billings, e.billing),
  };
}

const billings: readonly Billing[] = ['verified', 'unverified', 'exhausted'];
const tokenSources: readonly TokenSource[] = ['usage', 'usage_excluding_reasoning', 'usage_including_reasoning', 'metrics'];
/** A Keyprobe page: a site path, never another origin. */
const page = (v: unknown): string | null => (typeof v === 'string' && v.startsWith('/') && !v.startsWith('//') ? v : null);

/** The optional facts a provider reports about its own serving, kept only when well-formed. */
function served(e: Obj): ServedFacts {
  const out: ServedFacts = {};
  if (typeof e.servedBy === 'string' && e.servedBy.length <= 100) out.servedBy = e.servedBy;
  if (num(e.serverTtftMs) !== null) out.serverTtftMs = num(e.serverTtftMs);
  if (oneOf(tokenSources, e.tokenSource)) out.tokenSource = oneOf(tokenSources, e.tokenSource);
  if (num(e.bootMs) !== null) out.bootMs = num(e.bootMs);
  return out;
}

function account(e: Obj): AccountEvent {
  const balances = Array.isArray(e.balances)
    ? e.balances.filter(isObj).flatMap((b) => (typeof b.amount === 'string' && typeof b.currency === 'string' ? [{ amount: b.amount, currency: b.currency }] : []))
    : [];
  return {
    type: 'account',
    balances,
    limit: num(e.limit),
    remaining: num(e.remaining),
    canSpend: typeof e.canSpend === 'boolean' ? e.canSpend : null,
    freeTier: typeof e.freeTier === 'boolean' ? e.freeTier : null,
    keyLabel: strOrNull(e.keyLabel),
    permissions: Array.isArray(e.permissions) ? e.permissions.filter((p): p is string => typeof p === 'string') : [],
    expiresAt: strOrNull(e.expiresAt),
    ...(typeof e.accountType === 'string' && e.accountType.length <= 40 ? { accountType: e.accountType } : {}),
  };
}

/** A deployment's facts (the model it runs), kept only when well-formed. */
function deploymentOf(d: unknown): ModelInfo['deployment'] | undefined {
  if (!isObj(d) || typeof d.model !== 'string' || typeof d.ready !== 'boolean') return undefined;
  return { model: d.model, version: strOrNull(d.version), status: strOrNull(d.status), ready: d.ready };
}

function model(m: unknown): ModelInfo | null {
  if (!isObj(m) || typeof m.id !== 'string') return null;
  const caps: Record<string, boolean> = {};
  if (isObj(m.capabilities)) for (const [k, v] of Object.entries(m.capabilities)) if (v === true) caps[k] = true;
  const dep = isObj(m.deprecation) && typeof m.deprecation.date === 'string' ? m.deprecation : null;
  return {
    id: m.id,
    name: str(m.name, m.id),
    aliases: Array.isArray(m.aliases) ? m.aliases.filter((a): a is string => typeof a === 'string') : [],
    family: typeof m.family === 'string' && m.family.length <= 40 ? m.family : 'Other',
    capabilities: caps,
    contextLength: num(m.contextLength),
    deprecation: dep ? { date: str(dep.date), replacement: strOrNull(dep.replacement) } : null,
    fineTuned: m.fineTuned === true,
    ...(deploymentOf(m.deployment) ? { deployment: deploymentOf(m.deployment) } : {}),
    ...price(m.price),
  };
}

function price(p: unknown): Pick<ModelInfo, 'price'> {
  if (!isObj(p) || typeof p.currency !== 'string' || !/^[A-Z]{3}$/.test(p.currency)) return {};
  const input = num(p.input);
  const output = num(p.output);
  if (input === null && output === null) return {};
  return { price: { input, output, currency: p.currency } };
}

function rateLimit(l: unknown): RateLimit | null {
  if (!isObj(l) || num(l.limit) === null) return null;
  return { name: str(l.name, 'Limit'), limit: num(l.limit) as number, remaining: num(l.remaining), window: str(l.window) };
}

function check(e: Obj): CheckEvent | null {
  const name = oneOf(checkNames, e.name);
  if (!name || typeof e.ok !== 'boolean') return null;
  const event: CheckEvent = { type: 'check', name, ok: e.ok, model: str(e.model), ms: num(e.ms) ?? 0, httpStatus: num(e.httpStatus), message: str(e.message), requestId: strOrNull(e.requestId), ...served(e) };
  const verdict = oneOf(verdicts, e.verdict);
  if (!e.ok && verdict) Object.assign(event, { verdict, errorPage: page(e.errorPage) });
  return event;
}

function sample(e: Obj): SampleEvent | null {
  const run = num(e.run);
  const e2eMs = num(e.e2eMs);
  if (run === null || e2eMs === null) return null;
  return {
    type: 'sample',
    run,
    warmup: e.warmup === true,
    ttfbMs: num(e.ttfbMs) ?? e2eMs,
    ttftMs: num(e.ttftMs),
    e2eMs,
    outputTokens: num(e.outputTokens),
    tokensPerSecond: num(e.tokensPerSecond),
    serverMs: num(e.serverMs),
    ...served(e),
  };
}

function distribution(d: unknown): Distribution | null {
  if (!isObj(d)) return null;
  const keys = ['p50', 'p90', 'min', 'max', 'mean'] as const;
  return keys.every((k) => num(d[k]) !== null) ? (d as unknown as Distribution) : null;
}

function summary(e: Obj): SummaryEvent {
  const m = isObj(e.metrics) ? e.metrics : {};
  return {
    type: 'summary',
    runs: num(e.runs) ?? 0,
    metrics: {
      ttfbMs: distribution(m.ttfbMs),
      ttftMs: distribution(m.ttftMs),
      e2eMs: distribution(m.e2eMs),
      tokensPerSecond: distribution(m.tokensPerSecond),
    },
    measuredFrom: str(e.measuredFrom, 'unknown'),
    clock: clock(e.clock),
    note: strOrNull(e.note),
  };
}

function clock(v: unknown): SummaryEvent['clock'] {
  const c = isObj(v) ? v : {};
  return { resolutionMs: num(c.resolutionMs), advancesOnIoOnly: c.advancesOnIoOnly === true };
}

/** The message of a non-stream answer (`{"error":{"code","message"}}`), whatever came back. */
export function errorBodyMessage(body: unknown): { code?: string; message?: string } {
  const error = isObj(body) && isObj(body.error) ? body.error : null;
  const message = error && typeof error.message === 'string' && error.message.trim() ? error.message : undefined;
  const code = error && typeof error.code === 'string' ? error.code : undefined;
  return { code, message };
}

// ---- the reducer ----------------------------------------------------------------------------

const ended = (s: RunState) => s.phase !== 'running';

/**
 * The lane an event belongs to when endpoints are compared: the one it names, or the main one when
 * it names none; -1 for an endpoint the run did not ask for. Null when nothing is compared.
 */
function laneOf(s: RunState, raw: Obj): number | null {
  if (!s.lanes.length) return null;
  if (raw.endpoint === undefined) return 0;
  return s.lanes.findIndex((l) => l.endpoint === raw.endpoint);
}

/** `s` with lane `i` changed (nothing when there is no such lane). */
function withLane(s: RunState, i: number | null, change: (lane: Lane) => Partial<Lane>): RunState {
  const lane = i === null ? undefined : s.lanes[i];
  if (!lane) return s;
  const lanes = [...s.lanes];
  lanes[i as number] = { ...lane, ...change(lane) };
  return { ...s, lanes };
}

function onEvent(s: RunState, raw: unknown): RunState {
  const ignore = { ...s, ignored: s.ignored + 1 };
  if (!isObj(raw)) return ignore;
  const lane = laneOf(s, raw);
  const tagged = <T extends object>(event: T): T => (lane === null ? event : { ...event, endpoint: s.lanes[lane]?.endpoint });
  if (lane === -1 && ['validation', 'sample', 'backoff', 'summary'].includes(String(raw.type))) return ignore;
  switch (raw.type) {
    case 'validation': {
      const v = validation(raw);
      if (!v) return ignore;
      const next = withLane(s, lane, () => ({ validation: tagged(v) }));
      return lane === null || lane === 0 ? { ...next, validation: lane === null ? v : tagged(v) } : next;
    }
    case 'account':
      return { ...s, account: account(raw) };
    case 'outcome': {
      const verdict = oneOf(verdicts, raw.verdict);
      const basis = raw.basis === 'validation' ? 'validation' : oneOf(checkNames, raw.basis);
      return verdict && basis ? { ...s, outcome: { type: 'outcome', verdict, basis, message: str(raw.message) } } : ignore;
    }
    case 'models':
      return Array.isArray(raw.models) ? { ...s, models: raw.models.map(model).filter((m): m is ModelInfo => m !== null), modelsPublic: raw.public === true } : ignore;
    case 'rate_limits':
      return Array.isArray(raw.limits)
        ? {
            ...s,
            rateLimits: {
              type: 'rate_limits',
              limits: raw.limits.map(rateLimit).filter((l): l is RateLimit => l !== null),
              notes: Array.isArray(raw.notes) ? raw.notes.filter((n): n is string => typeof n === 'string') : [],
              ...(Array.isArray(raw.notExposed) ? { notExposed: raw.notExposed.filter((n): n is string => typeof n === 'string') } : {}),
            },
          }
        : ignore;
    case 'check': {
      const c = check(raw);
      return c ? { ...s, checks: [...s.checks, c] } : ignore;
    }
    case 'sample': {
      const x = sample(raw);
      if (!x) return ignore;
      const t = tagged(x);
      return withLane({ ...s, samples: [...s.samples, t], waiting: null }, lane, (l) => ({ samples: [...l.samples, t] }));
    }
    case 'backoff': {
      const run = num(raw.run);
      if (run === null) return ignore;
      const b = tagged<BackoffEvent>({ type: 'backoff', run, waitMs: Math.max(0, num(raw.waitMs) ?? 0), message: str(raw.message) });
      return withLane({ ...s, backoffs: [...s.backoffs, b], waiting: b }, lane, (l) => ({ backoffs: [...l.backoffs, b] }));
    }
    case 'summary': {
      const sum = tagged(summary(raw));
      const next = withLane({ ...s, waiting: null }, lane, () => ({ summary: sum }));
      return lane === null || lane === 0 ? { ...next, summary: sum } : next;
    }
    case 'error':
      return {
        ...s,
        failure: { kind: 'internal', message: str(raw.message) || 'Something went wrong inside Keyprobe; the test stopped.' },
      };
    case 'done':
      return { ...s, phase: s.failure ? 'failed' : 'finished', totalMs: num(raw.ms), waiting: null };
    default:
      return ignore;
  }
}

export function reduce(s: RunState, a: Action): RunState {
  switch (a.type) {
    case 'start':
      return { ...initialState, phase: 'running', request: a.request, lanes: comparedEndpoints(a.request).map(emptyLane) };
    case 'reset':
      return initialState;
    case 'event':
      return ended(s) ? s : onEvent(s, a.event);
    case 'http_error': {
      if (ended(s)) return s;
      const { code, message } = errorBodyMessage(a.body);
      return { ...s, phase: 'failed', failure: { kind: 'http', status: a.status, code, message: message ?? messages.http(a.status) } };
    }
    case 'network_error':
      return ended(s) ? s : { ...s, phase: 'failed', failure: { kind: 'network', message: messages.network } };
    case 'stream_error':
      return ended(s) ? s : { ...s, phase: 'failed', waiting: null, failure: { kind: 'stream', message: messages.stream } };
    case 'timeout':
      return ended(s) ? s : { ...s, phase: 'failed', waiting: null, failure: { kind: 'timeout', message: messages.timeout } };
    case 'cancel':
      return ended(s) ? s : { ...s, phase: 'cancelled', waiting: null };
    case 'end':
      // The body ended; without `done` the run was cut short.
      if (ended(s)) return s;
      return { ...s, phase: 'failed', waiting: null, failure: s.failure ?? { kind: 'stream', message: messages.cut } };
    default:
      return s;
  }
}

// ---- derived --------------------------------------------------------------------------------

export interface Progress {
  text: string;
  done: number;
  total: number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What the run is doing now, in words, and how far along it is. */
export function progress(s: RunState): Progress {
  const checks = s.request?.checks?.length ?? 0;
  const bench = s.request?.benchmark;
  const runs = bench ? (bench.runs ?? 5) : 0;
  // A forbidden key still runs the checks asked for; only they remain then.
  const valid = s.validation?.verdict === 'valid' || (s.validation?.verdict === 'forbidden' && checks > 0);
  // Compared endpoints: each is validated; the benchmark runs on those the key works on (all, until known).
  const lanes = s.lanes.length;
  const checked = s.lanes.filter((l) => l.validation).length;
  const benched = lanes ? s.lanes.filter((l) => !l.validation || l.validation.verdict === 'valid').length : 1;
  const summarised = lanes ? s.lanes.filter((l) => l.summary).length : s.summary ? 1 : 0;
  const validations = Math.max(1, lanes);
  const total = !s.validation || valid ? validations + checks + (bench ? (runs + 1) * benched : 0) : validations;
  const measured = s.samples.filter((x) => !x.warmup).length;
  const warm = s.samples.filter((x) => x.warmup).length >= Math.max(1, benched);
  const benchDone = bench && summarised >= Math.max(1, benched);
  const done = Math.min(total, (lanes ? checked : s.validation ? 1 : 0) + s.checks.length + s.samples.length + (benchDone ? total : 0));
  let text: string;
  if (!s.validation) text = lanes ? `Checking the key on ${lanes} endpoints…` : 'Checking the key…';
  else if (lanes && checked < lanes) text = `Checking the key on ${lanes} endpoints (${checked + 1} of ${lanes})…`;
  else if (!valid) text = 'Finishing…';
  else if (s.checks.length < checks && !s.samples.length && !s.summary) text = `Running checks (${s.checks.length + 1} of ${checks})…`;
  else if (s.waiting) text = `Rate-limited; waiting ${seconds(s.waiting.waitMs)}…`;
  else if (bench && !benchDone) {
    const per = Math.max(1, benched);
    const on = lanes ? ` on ${per} endpoints` : '';
    text = warm
      ? `Benchmark run ${Math.min(Math.floor(measured / per) + 1, runs)} of ${runs}${on} (warm-up done)…`
      : `Benchmark warm-up run${on}…`;
  } else text = 'Finishing…';
  return { text, done, total };
}
