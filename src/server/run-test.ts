/**
 * One key test, for any provider: validation → models → rate limits → checks → benchmark, emitted
 * as the contract's events in order (src/lib/api-contract.ts). Calls are paced by the key's own
 * rate limits, each has a deadline, 429s back off, bodies are capped. Provider facts come from its
 * data, provider behaviour from its adapter; nothing here names a provider or a model.
 *
 * Runtime-neutral: fetch (through the Transport), Web Streams, timers and crypto only, so the same
 * run can happen in a Worker or, for the browser-direct mode, in the island.
 */
import type {
  AccountEvent,
  BenchmarkTarget,
  Billing,
  CheckEvent,
  CheckName,
  ModelInfo,
  RateLimitsEvent,
  SampleEvent,
  OutcomeEvent,
  TestRequest,
  ValidationEvent,
  Verdict,
} from '../lib/api-contract';
import { benchmarkPromptTokens, LIMITS } from '../lib/api-contract';
import { errorPageFor } from '../lib/error-pages';
import { keyShapeOf } from '../lib/key-inspect';
import { canDo } from '../lib/model-catalogue';
import type { Endpoint, KeyShape, ProviderData } from '../lib/provider-registry';
import { exposedToBrowsers } from '../lib/cors';
import { checkWork, type WorkKind } from '../lib/provider-facts';
import type { Call } from '../lib/provider-schema';
import { clockResolution, distribution } from '../lib/stats';
import { firstHeader, retryAfterSeconds, type AdapterContext, type AnswerFacts, type Finding, type JobRead, type ProviderAdapter, type RateLimitReading, type Work } from './adapter';
import { matchesOrigin } from './allow-list';
import type { Emit } from './events';
import { readCapped, type CallOutcome, type Transport } from './outbound';
import { callSpacingMs, Pacer, sleep } from './pacing';
import { decodeRate, readStream, type StreamReading } from './stream';

export interface Tester {
  id: string;
  data: ProviderData;
  adapter: ProviderAdapter;
}

export interface RunSetup {
  key: string;
  tester: Tester;
  endpoint: Endpoint;
  request: TestRequest;
  transport: Transport;
  /** Aborted when the run's deadline passes or the client goes away. */
  signal: AbortSignal;
  /** The scrubbing event writer (events.ts). */
  emit: Emit;
  /** Where the calls are made from: a Cloudflare colo, `local`, or `this browser`. */
  measuredFrom: string;
  /** The runtime's clock moves only when I/O completes (Workers); reported with the benchmark. */
  clockAdvancesOnIoOnly?: boolean;
  /**
   * Set when the run is a page's own (browser-direct): the response headers the provider lets a
   * page read (its Access-Control-Expose-Headers). A header it leaves out reads as absent there,
   * which must not be reported as the provider not sending it.
   */
  exposedHeaders?: readonly string[];
}

/** A benchmark gets a longer budget than a plain test: runs are paced by the key's rate limit. */
export const BENCHMARK_DEADLINE_MS = 60_000;

/** Body caps: generous for real answers, small enough that a hostile upstream cannot exhaust memory. */
const MAX_MODEL_LIST_BYTES = 2 * 1024 * 1024;
const MAX_ANSWER_BYTES = 256 * 1024;
const MAX_STREAM_BYTES = 1024 * 1024;
const MAX_ERROR_BYTES = 64 * 1024;

/** Pages of a paged model list read at most. */
const MAX_MODEL_PAGES = 10;

/** Retries of one benchmark run after a plain 429, each waiting longer. */
const MAX_RATE_LIMIT_RETRIES = 3;

/**
 * Longest waits worth making after a 429, seconds: a check retries once after a short wait, a
 * benchmark run backs off longer. A limit that resets later (a daily allowance) fails at once
 * instead of sleeping through the test's time limit.
 */
const MAX_CHECK_RETRY_WAIT_S = 5;
const MAX_BENCHMARK_BACKOFF_S = 30;

/** The prompts every provider gets; small, and different per benchmark run so caches cannot flatter. */
const CHECK_PROMPT = 'Reply with the single word OK.';
const PROBE_PROMPT = 'def';
const FIM_CHECK = { prompt: 'def add(a, b):\n    return', suffix: '\n' };

const round1 = (ms: number) => Math.round(ms * 10) / 10;

/** Hosts of origins in words, a template's placeholder as `*`: `stream-b.svc.*.c.replicate.net`. */
const hostsOf = (origins: readonly string[]) => origins.map((o) => o.replace(/^https:\/\//, '').replace(/\{(?:label|resource)\}/, '*')).join(', ');

/** " Replicate said: “…”." for an error's own words (the event writer scrubs the key). */
const quotedError = (name: string, message: string | null, html: boolean) =>
  message && !html ? ` ${name} said: “${message.slice(0, 300).replace(/[.!]+$/, '')}”.` : '';

/**
 * A model id in a path: encoded, keeping the slashes between its parts (Replicate's
 * `/v1/models/{owner}/{name}/predictions`). A part that is `.` or `..` would walk the path, so
 * such an id is encoded whole instead (the provider then refuses an id it does not know).
 */
function modelInPath(model: string): string {
  const parts = model.split('/');
  return parts.some((p) => p === '.' || p === '..' || p === '') ? encodeURIComponent(model) : parts.map(encodeURIComponent).join('/');
}

/** The result of one call, read and classified. */
interface Answer {
  facts: AnswerFacts;
  headers: Headers;
  /** Parsed JSON body of a 2xx answer (non-stream calls). */
  json?: unknown;
  ms: number;
  /** performance.now() when the answer had been read. */
  endedAt?: number;
  requestId: string | null;
}

/** A streamed call's answer, read to its end: the stream itself, or the one its answer linked to. */
type Streamed =
  | {
      kind: 'read';
      reading: StreamReading;
      /** Status and headers of the call (request id, serving facts). */
      status: number;
      headers: Headers;
      /** The deadline of the request the stream came in on. */
      deadline: AbortSignal;
      /** A cold boot before the job ran (the provider's clocks), left out of TTFT. */
      bootMs: number | null;
    }
  | { kind: 'refused'; status: number | null; headers: Headers; finding: Finding; requestId: string | null; ms: number };

const succeeded = (answer: Answer) =>
  answer.facts.status !== null && answer.facts.status >= 200 && answer.facts.status < 300 && !answer.facts.failure;

/** Limits of two hosts in one reading: both lists, the stricter pacing, the sooner reset. */
function mergeReadings(a: RateLimitReading, b: RateLimitReading): RateLimitReading {
  const least = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.min(x, y));
  return {
    limits: [...a.limits, ...b.limits],
    notes: [...new Set([...a.notes, ...b.notes])],
    zeroAllowance: a.zeroAllowance || b.zeroAllowance,
    longWindowSpent: a.longWindowSpent || b.longWindowSpent,
    requestsPerMinute: least(a.requestsPerMinute, b.requestsPerMinute),
    tokensPerMinute: least(a.tokensPerMinute, b.tokensPerMinute),
    resetSeconds: least(a.resetSeconds, b.resetSeconds),
  };
}

export async function runTest(setup: RunSetup): Promise<void> {
  await new Run(setup).run();
}

class Run {
  private readonly data: ProviderData;
  private readonly adapter: ProviderAdapter;
  private readonly pacer = new Pacer();
  /** Raw clock readings of the benchmark's calls (sent, headers), to tell the clock's step. */
  private readonly clockReadings: number[] = [];
  /** The data's shape the key has; adapters see this, never the key. */
  private readonly keyShape: KeyShape | null;

  constructor(private readonly setup: RunSetup) {
    this.data = setup.tester.data;
    this.adapter = setup.tester.adapter;
    this.keyShape = keyShapeOf(setup.key, this.data.keyShapes);
  }

  private get signal() {
    return this.setup.signal;
  }

  private emit: Emit = (event) => {
    // In a page, a request id that reads as absent may only be hidden from it: say which.
    if (event.type === 'validation' && event.requestId === null && event.httpStatus !== null && this.requestIdHidden()) {
      return this.setup.emit({ ...event, requestIdNotExposed: true });
    }
    return this.setup.emit(event);
  };

  /** In a browser run: none of the provider's request-id headers is readable by the page. */
  private requestIdHidden(): boolean {
    const exposed = this.setup.exposedHeaders;
    return exposed !== undefined && this.data.headers.requestId.length > 0 && !this.data.headers.requestId.some((h) => exposedToBrowsers(h, exposed));
  }

  /** In a browser run: the rate-limit headers of the data that the page may not read. */
  private hiddenRateLimitHeaders(): string[] {
    const exposed = this.setup.exposedHeaders;
    if (exposed === undefined) return [];
    // The limit headers name the limits; their `remaining` partners are hidden alike.
    const names = this.data.headers.rateLimits.map((h) => h.limit);
    return [...new Set(names.filter((name) => !exposedToBrowsers(name, exposed)))];
  }

  // ---------------------------------------------------------------------------------------------
  // calls
  // ---------------------------------------------------------------------------------------------

  private origin(endpoint: Endpoint, call: Call): string {
    if (call.role === 'validation') return endpoint.origins.validation ?? endpoint.origin;
    if (call.role === 'streaming') return endpoint.origins.streaming ?? endpoint.origin;
    return endpoint.origin;
  }

  private context(endpoint: Endpoint, callName: string): AdapterContext {
    const call = this.data.calls[callName];
    return {
      data: this.data,
      endpoint,
      host: new URL(call ? this.origin(endpoint, call) : endpoint.origin).host,
      measuredFrom: this.setup.measuredFrom,
      call: callName,
      keyShape: this.keyShape,
    };
  }

  private serves(endpoint: Endpoint, callName: string): boolean {
    return callName in this.data.calls && (endpoint.serves === undefined || endpoint.serves.includes(callName));
  }

  private async send(endpoint: Endpoint, callName: string, work?: Work, options: { query?: string; body?: unknown; freshClock?: boolean } = {}): Promise<CallOutcome> {
    // Streamed work takes the call's streaming variant where the provider has one (`chatStream`).
    const streamed = work?.stream ? this.data.calls[`${callName}Stream`] : undefined;
    const call = streamed ?? this.data.calls[callName];
    if (!call) throw new Error(`no "${callName}" call in the provider data`);
    const base = call.path.replace('{model}', modelInPath(work?.model ?? ''));
    const path = (options.query ? `${base}${base.includes('?') ? '&' : '?'}${options.query}` : base) as `/${string}`;
    const body = options.body ?? (call.method === 'POST' && work ? this.adapter.body(work) : undefined);
    const outcome = await this.setup.transport.send(
      this.origin(endpoint, call),
      { method: call.method, path, body, anonymous: call.public },
      { signal: this.signal, deadlineMs: LIMITS.callDeadlineMs, freshClock: options.freshClock },
    );
    if (outcome.kind !== 'aborted') this.pacer.sent(outcome.sentAt);
    return outcome;
  }

  /** The model list is the provider's public one, the same for every key: it says nothing about this key. */
  private get publicModelList(): boolean {
    return this.setup.endpoint.validation.call !== 'models' && this.data.calls['models']?.public === true;
  }

  /** Reads a non-stream answer: JSON on success, the parsed error otherwise. */
  private async read(endpoint: Endpoint, callName: string, outcome: CallOutcome, maxBytes: number): Promise<Answer> {
    const ctx = this.context(endpoint, callName);
    if (outcome.kind !== 'response') {
      const ms = outcome.kind === 'aborted' ? 0 : round1(outcome.endedAt - outcome.sentAt);
      // `aborted` means the whole test ran out of time (or the user left): for the user, a timeout.
      const failure = outcome.kind === 'unreachable' ? 'unreachable' : 'timeout';
      return { facts: { status: null, failure, host: ctx.host }, headers: new Headers(), ms, requestId: null };
    }
    const { response, sentAt } = outcome;
    const ok = response.status >= 200 && response.status < 300;
    const body = await readCapped(response, ok ? maxBytes : MAX_ERROR_BYTES);
    const ms = round1(body.endedAt - sentAt);
    const error = ok ? undefined : this.adapter.parseError(body.text, response.headers.get('content-type'));
    const facts: AnswerFacts = {
      status: response.status,
      host: ctx.host,
      limits: this.adapter.readRateLimits(response.headers, ctx, error),
      retryAfterSeconds: retryAfterSeconds(response.headers),
    };
    if (error) facts.error = error;
    if (body.failed) facts.failure = outcome.deadline.aborted ? 'timeout' : 'interrupted';
    else if (body.truncated) facts.failure = 'too_large';
    let json: unknown;
    if (ok && !facts.failure) {
      try {
        // Some providers pad a held-open answer with blank lines before the JSON.
        json = JSON.parse(body.text.trim());
      } catch {
        facts.failure = 'unreadable';
      }
    }
    // A wait the body names (Replicate's `retry_after`) counts where no header gave one.
    if (facts.retryAfterSeconds === null && typeof facts.error?.retryAfterSeconds === 'number') facts.retryAfterSeconds = facts.error.retryAfterSeconds;
    return { facts, headers: response.headers, json, ms, endedAt: body.endedAt, requestId: this.adapter.requestId(response.headers, ctx, facts.error, json) };
  }

  private classify(endpoint: Endpoint, callName: string, facts: AnswerFacts): Finding {
    return this.adapter.classify(facts, this.context(endpoint, callName));
  }

  private errorPage(finding: Finding, httpStatus: number | null): string | null {
    return errorPageFor(this.setup.tester.id, { verdict: finding.verdict, httpStatus, reason: finding.reason });
  }

  /** Spaces later calls by the key's per-minute limits (tokens per call is a small upper bound). */
  private learnPacing(reading: RateLimitReading | undefined, tokensPerCall = 64): void {
    if (!reading) return;
    const spacing = callSpacingMs(reading, tokensPerCall);
    if (spacing > this.pacer.spacingMs) this.pacer.setSpacing(spacing);
  }

  // ---------------------------------------------------------------------------------------------
  // validation
  // ---------------------------------------------------------------------------------------------

  /** The endpoint's validation call: free where the provider has a free one, else its cheapest. */
  private async probe(endpoint: Endpoint): Promise<Answer> {
    const { call, model, maxTokens } = endpoint.validation;
    const work: Work | undefined = model ? { work: call as WorkKind, model, maxTokens, stream: false, prompt: PROBE_PROMPT } : undefined;
    const outcome = await this.send(endpoint, call, work);
    return this.read(endpoint, call, outcome, MAX_MODEL_LIST_BYTES);
  }

  /** When the key is refused here, ask the endpoints its data names (cheapest call each) whether they take it. */
  private async diagnoseWrongEndpoint(from: Endpoint): Promise<Endpoint | null> {
    for (const id of from.alternatives) {
      const other = this.data.endpoints.find((e) => e.id === id);
      if (!other || this.signal.aborted) continue;
      if (succeeded(await this.probe(other))) return other;
    }
    return null;
  }

  private async validate(endpoint: Endpoint): Promise<{ event: ValidationEvent; models: ModelInfo[] | null; limits: RateLimitReading | undefined; account?: AccountEvent }> {
    const started = performance.now();
    const callName = endpoint.validation.call;
    const ctx = this.context(endpoint, callName);
    await this.pacer.next(this.signal);
    const answer = await this.probe(endpoint);
    const limits = answer.facts.limits;
    const base = { type: 'validation' as const, httpStatus: answer.facts.status, requestId: answer.requestId, suggestedEndpoint: null, billing: null };

    if (succeeded(answer)) {
      const read = this.adapter.readValidation(answer.json, ctx);
      const account: AccountEvent | undefined = read.account ? { type: 'account', ...read.account } : undefined;
      const listed = callName === 'models';
      let models = read.models;
      if (listed && models !== null) models = [...models, ...(await this.restOfList(endpoint, answer.json))];
      if (listed && models === null) {
        const finding = this.classify(endpoint, callName, { ...answer.facts, failure: 'unreadable' });
        const event = { ...base, verdict: finding.verdict, message: finding.message, fix: finding.fix, ms: round1(performance.now() - started), errorPage: this.errorPage(finding, answer.facts.status) };
        return { event, models: null, limits };
      }
      if (!listed && this.serves(endpoint, 'models') && !read.finding) models = await this.listModels(endpoint);
      let billing = read.billing ?? null;
      let spendFinding = read.finding;
      // The answer that decided the verdict: the probe's, when it found the key cannot spend.
      let decisive = { httpStatus: answer.facts.status, requestId: answer.requestId };
      if (!read.finding && this.adapter.billingProbe && this.serves(endpoint, this.adapter.billingProbe.call)) {
        const probed = await this.probeBilling(endpoint, models);
        billing = probed?.billing ?? billing;
        spendFinding = probed?.finding;
        if (probed?.finding) decisive = { httpStatus: probed.httpStatus, requestId: probed.requestId };
      }
      if (spendFinding) {
        const { suggestedEndpoint: _ignored, reason: _reason, ...finding } = spendFinding;
        const event = { ...base, ...decisive, ...finding, billing, ms: answer.ms, errorPage: this.errorPage(spendFinding, decisive.httpStatus) };
        return { event, models, limits, account };
      }
      if (read.finding) {
        const { suggestedEndpoint: _ignored, reason: _reason, ...finding } = read.finding;
        const event = { ...base, ...finding, billing, ms: answer.ms, errorPage: this.errorPage(read.finding, answer.facts.status) };
        return { event, models, limits, account };
      }
      const message = models && !this.publicModelList
        ? `Your key works on ${ctx.host}. It can use ${models.length} models.`
        : listed || !this.serves(endpoint, 'models')
          ? `Your key works on ${ctx.host}: it answered a ${this.data.calls[callName]?.cost === 'free' ? 'free' : 'one-token'} call. This host does not list models.`
          : `Your key works on ${ctx.host}.`;
      const note = read.note ? ` ${read.note}` : '';
      const unverified = billing === 'unverified' ? ' Whether it can spend is not known yet: the free call does not say. A paid check settles it.' : '';
      return { event: { ...base, billing, verdict: 'valid', ms: answer.ms, message: message + note + unverified, fix: '', errorPage: null }, models, limits, account };
    }

    let finding = this.classify(endpoint, callName, answer.facts);
    let suggestedEndpoint: string | null = finding.suggestedEndpoint ?? null;
    if (finding.verdict === 'invalid') {
      const right = await this.diagnoseWrongEndpoint(endpoint);
      if (right) {
        suggestedEndpoint = right.id;
        const words = this.adapter.wrongEndpoint?.(right, ctx) ?? {
          message: `This key belongs to ${new URL(right.origin).host}: it works there, not on ${ctx.host}.`,
          fix: `Use ${right.origin} in your tool's base URL (here: pick the “${right.label}” endpoint).`,
        };
        finding = { verdict: 'wrong_endpoint', ...words };
      }
    }
    const { suggestedEndpoint: _named, reason: _why, ...words } = finding;
    const event = { ...base, ...words, suggestedEndpoint, ms: round1(performance.now() - started), errorPage: this.errorPage(finding, answer.facts.status) };
    return { event, models: null, limits };
  }

  /** The key's models, when validation did not list them (a balance or key-info call validated it). */
  private async listModels(endpoint: Endpoint): Promise<ModelInfo[] | null> {
    await this.pacer.next(this.signal);
    const answer = await this.read(endpoint, 'models', await this.send(endpoint, 'models'), MAX_MODEL_LIST_BYTES);
    if (!succeeded(answer)) return null;
    const first = this.adapter.parseModels(answer.json, this.context(endpoint, 'models'));
    return first === null ? null : [...first, ...(await this.restOfList(endpoint, answer.json))];
  }

  /** Further pages of a paged model list (the provider says where the next one starts), up to a bound. */
  private async restOfList(endpoint: Endpoint, firstPage: unknown): Promise<ModelInfo[]> {
    const more: ModelInfo[] = [];
    let page = firstPage;
    for (let i = 0; i < MAX_MODEL_PAGES; i++) {
      const query = this.adapter.nextPage?.(page);
      if (!query || this.signal.aborted) break;
      await this.pacer.next(this.signal);
      const answer = await this.read(endpoint, 'models', await this.send(endpoint, 'models', undefined, { query }), MAX_MODEL_LIST_BYTES);
      const models = succeeded(answer) ? this.adapter.parseModels(answer.json, this.context(endpoint, 'models')) : null;
      if (models === null) break;
      more.push(...models);
      page = answer.json;
    }
    return more;
  }

  /** A free call that says whether a validated key can spend (the adapter names and reads it). */
  private async probeBilling(
    endpoint: Endpoint,
    models: ModelInfo[] | null,
  ): Promise<{ billing: Billing; finding?: Finding; httpStatus: number | null; requestId: string | null } | null> {
    const probe = this.adapter.billingProbe;
    if (!probe || this.signal.aborted) return null;
    const ctx = this.context(endpoint, probe.call);
    await this.pacer.next(this.signal);
    const answer = await this.read(endpoint, probe.call, await this.send(endpoint, probe.call, undefined, { body: probe.body(models, ctx) }), MAX_ANSWER_BYTES);
    return { ...probe.read(answer.facts, answer.json, ctx), httpStatus: answer.facts.status, requestId: answer.requestId };
  }

  private rateLimitsEvent(reading: RateLimitReading | undefined): RateLimitsEvent {
    if (reading && (reading.limits.length > 0 || reading.reported)) return { type: 'rate_limits', limits: reading.limits, notes: reading.notes };
    const hidden = this.hiddenRateLimitHeaders();
    if (hidden.length > 0) {
      const notes = [`${this.data.shortName} does not expose its rate-limit headers to browsers (its Access-Control-Expose-Headers leaves them out), so this page cannot read them. A test through Keyprobe's server shows them.`];
      return { type: 'rate_limits', limits: [], notes, notExposed: hidden };
    }
    const notes = this.data.headers.rateLimitsOnInferenceOnly
      ? [`${this.data.shortName} sends rate limits only with inference answers; run a check to see them.`]
      : (reading?.notes ?? [`${this.data.shortName} sent no rate-limit headers on this call.`]);
    return { type: 'rate_limits', limits: [], notes };
  }

  // ---------------------------------------------------------------------------------------------
  // checks
  // ---------------------------------------------------------------------------------------------

  /** The first listed model able to do some work (a deployment: only one that can take calls now). */
  private firstAble(models: readonly ModelInfo[] | null, work: WorkKind): string | null {
    return models?.find((m) => m.deprecation === null && m.deployment?.ready !== false && canDo(m, work, this.data.models))?.id ?? null;
  }

  /** Model for a check: a preferred one the key lists, else any listed model able to do it. */
  private pickModel(check: CheckName, models: readonly ModelInfo[] | null): string | null {
    const { endpoint, request } = this.setup;
    const work = checkWork[check];
    // The user's own deployments: the one the user named (unless the list shows it cannot do this
    // check's work), else the first that can; the data's model ids are not deployment names.
    const named = request.deployment ? models?.find((m) => m.id === request.deployment) : undefined;
    if (request.deployment && (!named || canDo(named, work, this.data.models))) return request.deployment;
    if (models?.some((m) => m.deployment)) return this.firstAble(models, work);
    const preferred = this.data.checks[check]?.models ?? [];
    if (models === null) {
      if (endpoint.models.length > 0) return preferred.find((id) => endpoint.models.includes(id)) ?? null;
      return preferred[0] ?? null;
    }
    const listed = preferred.find((id) => models.some((m) => m.id === id || m.aliases.includes(id)));
    return listed ?? this.firstAble(models, work);
  }

  private checkRequest(check: CheckName, model: string): Work {
    const maxTokens = this.data.checks[check]?.maxTokens ?? 4;
    switch (check) {
      case 'chat':
        return { work: 'chat', model, maxTokens, stream: false, prompt: CHECK_PROMPT };
      case 'stream':
        return { work: 'chat', model, maxTokens, stream: true, prompt: CHECK_PROMPT };
      case 'embeddings':
        return { work: 'embeddings', model, maxTokens: 0, stream: false, prompt: 'Keyprobe' };
      case 'fim':
        return { work: 'fim', model, maxTokens, stream: false, ...FIM_CHECK };
    }
  }

  private async runCheck(check: CheckName, models: ModelInfo[] | null): Promise<{ event: CheckEvent; headers: Headers; limits?: RateLimitReading }> {
    const { endpoint } = this.setup;
    const callName = checkWork[check];
    const ctx = this.context(endpoint, callName);
    const model = this.pickModel(check, models);
    const base = { type: 'check' as const, name: check, model: model ?? '', requestId: null };
    const none = new Headers();
    if (!this.data.checks[check]) {
      return { event: { ...base, ok: false, ms: 0, httpStatus: null, message: `Keyprobe has no ${check} check for ${this.data.shortName}.` }, headers: none };
    }
    if (!this.serves(endpoint, callName)) {
      const elsewhere = this.data.endpoints.filter((e) => e.id !== endpoint.id && this.serves(e, callName)).map((e) => `“${e.label}”`);
      const hint = elsewhere.length ? ` Test it on ${elsewhere.join(' or ')}.` : '';
      return { event: { ...base, ok: false, ms: 0, httpStatus: null, message: `${ctx.host} does not serve ${check}.${hint}` }, headers: none };
    }
    if (model === null) {
      return { event: { ...base, ok: false, ms: 0, httpStatus: null, message: `None of this key's models can do ${check}.` }, headers: none };
    }

    for (let attempt = 0; ; attempt++) {
      await this.pacer.next(this.signal);
      const work = this.checkRequest(check, model);
      const outcome = await this.send(endpoint, callName, work);
      if (work.stream && outcome.kind === 'response' && outcome.response.ok) {
        const streamed = await this.streamed(endpoint, callName, outcome, work.model);
        if (streamed.kind === 'refused') {
          const { finding, status, headers } = streamed;
          const event: CheckEvent = { ...base, ok: false, ms: streamed.ms, httpStatus: status, message: finding.message, requestId: streamed.requestId, verdict: finding.verdict, errorPage: this.errorPage(finding, null) };
          return { event, headers };
        }
        const { reading, headers, status } = streamed;
        const ok = reading.done && reading.malformed === 0 && !reading.interrupted && !reading.truncated && reading.error === null;
        const timedOut = reading.interrupted && (streamed.deadline.aborted || this.signal.aborted);
        const thought = reading.thoughtFirst ? ' The model reasoned before answering.' : '';
        const booted = streamed.bootMs === null ? '' : ` The model was booting first (${(streamed.bootMs / 1000).toFixed(1)} s); that wait is reported apart, not in the time to first content.`;
        const served = this.servedFacts(headers, reading).serverTtftMs;
        const own = served === undefined || served === null ? '' : ` ${this.data.shortName} reports ${served} ms to the first token on its side.`;
        const counted =
          reading.outputTokens === null
            ? `Streamed; first content after ${reading.ttftMs ?? '?'} ms. ${this.data.shortName} reported no output token count, so tokens per second cannot be measured.`
            : `Streamed ${reading.outputTokens} tokens; first content after ${reading.ttftMs ?? '?'} ms.`;
        const message = ok
          ? `${counted}${own}${thought}${booted}`
          : reading.error
            ? `The stream started, then ${this.data.shortName} sent an error in it${reading.error.message ? `: “${reading.error.message.slice(0, 200)}”` : ''}.`
            : timedOut
              ? this.heldOpen(reading.ttftMs)
              : reading.interrupted
                ? 'The stream was cut off before it finished.'
                : !reading.done
                  ? 'The stream ended without its closing event.'
                  : `The stream contained ${reading.malformed} unreadable events.`;
        const event: CheckEvent = {
          ...base,
          ok,
          ms: reading.e2eMs,
          httpStatus: status,
          message,
          requestId: reading.requestId ?? this.adapter.requestId(headers, ctx),
          ...this.servedFacts(headers, reading),
          ...(streamed.bootMs === null ? {} : { bootMs: streamed.bootMs }),
        };
        if (!ok && (reading.error || timedOut)) {
          const facts: AnswerFacts = reading.error
            ? { status, host: ctx.host, error: reading.error, failure: undefined }
            : { status, host: ctx.host, failure: 'timeout' };
          const finding = this.adapter.classify(facts, ctx);
          Object.assign(event, { verdict: finding.verdict, errorPage: this.errorPage(finding, reading.error ? status : null) });
        }
        return { event, headers };
      }
      const answer = await this.read(endpoint, callName, outcome, MAX_ANSWER_BYTES);
      const status = answer.facts.status;
      const retryWait = answer.facts.retryAfterSeconds ?? answer.facts.limits?.resetSeconds ?? 1;
      if (status === 429 && attempt < 1 && retryWait <= MAX_CHECK_RETRY_WAIT_S && !this.signal.aborted && this.classify(endpoint, callName, answer.facts).verdict === 'rate_limited') {
        // One patient retry: a check should not fail because the previous call used this second's
        // request. A 429 the adapter reads as quota (no allowance, a spend cap) does not pass by waiting.
        await sleep(retryWait * 1000, this.signal);
        continue;
      }
      if (succeeded(answer)) {
        const { text, dimensions: size } = this.adapter.readResult(work.work, answer.json);
        const message =
          check === 'embeddings'
            ? size === null
              ? 'Answered, but without an embedding vector.'
              : `Returned a ${size}-dimension vector.`
            : `Answered${text ? ` “${text.slice(0, 80)}”` : ''}.`;
        const ok = check !== 'embeddings' || size !== null;
        return { event: { ...base, ok, ms: answer.ms, httpStatus: status, message, requestId: answer.requestId, ...this.servedFacts(answer.headers) }, headers: answer.headers, limits: answer.facts.limits };
      }
      const finding = this.classify(endpoint, callName, answer.facts);
      const name = this.data.shortName;
      const said = answer.facts.error?.message && !answer.facts.error.html ? ` It said: “${answer.facts.error.message.slice(0, 300).replace(/[.!]+$/, '')}”.` : '';
      const message =
        this.adapter.checkFailure?.(check, model, answer.facts, finding, ctx) ??
        (finding.verdict === 'quota_exhausted' && answer.facts.limits?.zeroAllowance
          ? `${model} is not available to this key: ${name} reports a limit of 0 (429).`
          : status === 400 || status === 422
            ? `${name} refused the request for ${model} (HTTP ${status}).${said}`
            : finding.message);
      const event: CheckEvent = { ...base, ok: false, ms: answer.ms, httpStatus: status, message, requestId: answer.requestId, verdict: finding.verdict, errorPage: this.errorPage(finding, status) };
      // The answer's limits include what its error body says (a 429's quota), not only its headers.
      return { event, headers: answer.headers, limits: answer.facts.limits };
    }
  }

  /**
   * Reads a streamed call's 2xx answer to its end. Usually that answer is the stream; for a
   * provider whose call answers with a job (adapter.jobStream), the job's stream link is followed,
   * and only to an origin the endpoint lists for streams, then the finished job is read for what
   * the stream lacks (token count, a cold boot). TTFB is then the time to the stream link.
   */
  private async streamed(endpoint: Endpoint, callName: string, outcome: Extract<CallOutcome, { kind: 'response' }>, model: string): Promise<Streamed> {
    const job = this.adapter.jobStream;
    const { response } = outcome;
    if (!job) {
      const reading = await readStream(response, this.adapter.stream, outcome, MAX_STREAM_BYTES);
      return { kind: 'read', reading, status: response.status, headers: response.headers, deadline: outcome.deadline, bootMs: null };
    }
    const ctx = this.context(endpoint, callName);
    const created = await this.read(endpoint, callName, outcome, MAX_ANSWER_BYTES);
    const refuse = (finding: Finding): Streamed => ({ kind: 'refused', status: response.status, headers: response.headers, finding, requestId: created.requestId, ms: created.ms });
    if (created.facts.failure) return refuse(this.adapter.classify(created.facts, ctx));
    const links = job.links(created.json, ctx);
    if ('finding' in links) return refuse(links.finding);
    const name = this.data.shortName;
    if (links.stream === null) {
      return refuse({ verdict: 'provider_error', message: `${name} accepted the request for ${model} but its answer links to no stream: the model does not stream, or ${name} changed its answer.`, fix: `Try again; if it persists, ${name} may no longer stream this model.` });
    }
    const target = this.linkTarget(endpoint, job.streamCall, links.stream);
    if ('refused' in target) {
      return refuse({
        verdict: 'provider_error',
        message: `${name}'s answer sent the stream to ${target.refused}, which is not one of ${name}'s stream hosts (${target.expected}). Keyprobe did not connect to it.`,
        fix: `This is not a problem with your key. Keyprobe follows a stream link only to the hosts listed on its security page; if ${name} has moved its streams, please report it.`,
      });
    }
    const streamCall = this.data.calls[job.streamCall];
    const linkedAt = created.endedAt ?? performance.now();
    const follow = await this.setup.transport.send(target.origin, { method: streamCall?.method ?? 'GET', path: target.path, anonymous: streamCall?.public, accept: 'text/event-stream' }, { signal: this.signal, deadlineMs: LIMITS.callDeadlineMs });
    const streamCtx = { ...this.context(endpoint, job.streamCall), host: new URL(target.origin).host };
    if (follow.kind !== 'response') {
      const failure = follow.kind === 'unreachable' ? 'unreachable' : 'timeout';
      return refuse(this.adapter.classify({ status: null, failure, host: streamCtx.host }, streamCtx));
    }
    if (!follow.response.ok) {
      const body = await readCapped(follow.response, MAX_ERROR_BYTES);
      const error = this.adapter.parseError(body.text, follow.response.headers.get('content-type'));
      return refuse({
        verdict: 'provider_error',
        message: `${name} created the stream, but its stream host ${streamCtx.host} answered HTTP ${follow.response.status}.${quotedError(name, error.message, error.html)}`,
        fix: `This is on ${name}'s side, not your key. Try again in a minute.`,
      });
    }
    const reading = await readStream(follow.response, this.adapter.stream, { sentAt: outcome.sentAt, headersAt: linkedAt }, MAX_STREAM_BYTES);
    let bootMs: number | null = null;
    const read = links.job && job.jobCall && job.readJob ? await this.readJob(endpoint, job.jobCall, links.job) : null;
    if (read && job.readJob) {
      const facts: JobRead = job.readJob(read, ctx);
      if (reading.outputTokens === null && facts.outputTokens !== null) {
        reading.outputTokens = facts.outputTokens;
        reading.tokenSource = facts.tokenSource ?? 'usage';
        reading.tokensPerSecond = decodeRate(facts.outputTokens, reading.ttftMs, reading.lastContentMs);
      }
      // The finished job's own words say more than a stream that only ended early.
      if (facts.error) reading.error = facts.error;
      if (facts.bootMs !== null && facts.bootMs > 0) {
        bootMs = round1(facts.bootMs);
        // The boot is its own phase: the time to first content is what is left after it.
        if (reading.ttftMs !== null) reading.ttftMs = round1(Math.max(reading.ttfbMs, reading.ttftMs - bootMs));
      }
    }
    return { kind: 'read', reading, status: response.status, headers: response.headers, deadline: follow.deadline, bootMs };
  }

  /**
   * Where a link from an answer may be followed: https, no credentials, and an origin the data
   * names for that call (a stream call: the endpoint's stream hosts; any other: the call's own origin).
   */
  private linkTarget(endpoint: Endpoint, callName: string, link: string): { origin: string; path: `/${string}` } | { refused: string; expected: string } {
    const call = this.data.calls[callName];
    const allowed = call?.role === 'streaming' && endpoint.origins.streamLinks.length > 0 ? endpoint.origins.streamLinks : call ? [this.origin(endpoint, call)] : [];
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      return { refused: 'an address that is not a URL', expected: hostsOf(allowed) };
    }
    if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || !matchesOrigin(allowed, url.origin)) {
      return { refused: url.origin === 'null' ? 'an address Keyprobe cannot read' : url.origin, expected: hostsOf(allowed) };
    }
    return { origin: url.origin, path: `${url.pathname}${url.search}` as `/${string}` };
  }

  /** The finished job at its link (on the call's own origin, with the key), or null. */
  private async readJob(endpoint: Endpoint, callName: string, link: string): Promise<unknown> {
    const target = this.linkTarget(endpoint, callName, link);
    const call = this.data.calls[callName];
    if ('refused' in target || !call || this.signal.aborted) return null;
    const outcome = await this.setup.transport.send(target.origin, { method: call.method, path: target.path, anonymous: call.public }, { signal: this.signal, deadlineMs: LIMITS.callDeadlineMs });
    const answer = await this.read(endpoint, callName, outcome, MAX_ANSWER_BYTES);
    return succeeded(answer) ? answer.json : null;
  }

  /**
   * A stream that answered 200 and then ran past the deadline. Providers that hold requests open
   * under load send SSE comments meanwhile; those are waiting, not an answer, and never restart
   * the deadline.
   */
  private heldOpen(ttftMs: number | null): string {
    const seconds = LIMITS.callDeadlineMs / 1000;
    return ttftMs === null
      ? `No answer within ${seconds} s: ${this.data.shortName} accepted the request and held the stream open, but sent no text before Keyprobe's deadline.`
      : `The answer did not finish within ${seconds} s: the stream was still open at Keyprobe's deadline.`;
  }

  /** What the provider says about its own serving, from its headers and (for streams) its body. */
  private servedFacts(headers: Headers, reading?: { servedBy: string | null; serverTtftMs: number | null; tokenSource?: SampleEvent['tokenSource'] }) {
    const h = this.data.headers;
    const servedBy = reading?.servedBy ?? firstHeader(headers, h.servedBy);
    const serverTtftMs = reading?.serverTtftMs ?? this.headerMs(headers, h.serverTtft);
    const facts: Pick<SampleEvent, 'servedBy' | 'serverTtftMs' | 'tokenSource'> = {};
    if (servedBy !== null) facts.servedBy = servedBy;
    if (serverTtftMs !== null) facts.serverTtftMs = serverTtftMs;
    if (reading?.tokenSource) facts.tokenSource = reading.tokenSource;
    return facts;
  }

  private serverMs(headers: Headers): number | null {
    return this.headerMs(headers, this.data.headers.serverTime);
  }

  /** A time the provider reports in a header, in ms whatever unit it writes (`timeUnit`). */
  private headerMs(headers: Headers, names: readonly string[]): number | null {
    const raw = firstHeader(headers, names);
    const value = raw === null || raw.trim() === '' ? NaN : Number(raw);
    if (!Number.isFinite(value) || value < 0) return null;
    return this.data.headers.timeUnit === 'seconds' ? round1(value * 1000) : value;
  }

  // ---------------------------------------------------------------------------------------------
  // benchmark
  // ---------------------------------------------------------------------------------------------

  private benchmarkWork(target: Exclude<BenchmarkTarget, 'models'>, model: string, maxTokens: number, run: number): Work {
    // A different prompt each run keeps prompt caches from flattering later runs.
    const nonce = `${run}-${crypto.randomUUID().slice(0, 8)}`;
    switch (target) {
      case 'chat':
        return { work: 'chat', model, maxTokens, stream: true, prompt: `Count upwards from 1, one number per line, and do not stop. (${nonce})` };
      case 'embeddings':
        return { work: 'embeddings', model, maxTokens: 0, stream: false, prompt: `Keyprobe latency sample ${nonce}` };
      case 'fim':
        return { work: 'fim', model, maxTokens, stream: true, prompt: `# ${nonce}\ndef fibonacci(n):\n`, suffix: '' };
    }
  }

  private async benchmarkRun(
    endpoint: Endpoint,
    target: BenchmarkTarget,
    model: string,
    maxTokens: number,
    run: number,
  ): Promise<
    | { kind: 'sample'; sample: Omit<SampleEvent, 'type' | 'run' | 'warmup'>; headers: Headers }
    | { kind: 'rate_limited'; waitMs: number; limits: RateLimitReading | undefined }
    | { kind: 'failed'; message: string }
  > {
    const callName = target === 'models' ? 'models' : target;
    const work = target === 'models' ? undefined : this.benchmarkWork(target, model, maxTokens, run);
    // The run's times are the result: read the start from a clock that has caught up.
    const outcome = await this.send(endpoint, callName, work, { freshClock: true });
    const ctx = this.context(endpoint, callName);
    if (outcome.kind !== 'response') {
      const failure = outcome.kind === 'timeout' || outcome.kind === 'aborted' ? 'timeout' : 'unreachable';
      return { kind: 'failed', message: this.classify(endpoint, callName, { status: null, failure, host: ctx.host }).message };
    }
    const { response, sentAt, headersAt } = outcome;
    this.clockReadings.push(sentAt, headersAt);
    if (response.status === 429) {
      const answer = await this.read(endpoint, callName, outcome, MAX_ERROR_BYTES);
      // Only a rate limit is waited out; a 429 the adapter reads as quota ends the benchmark.
      const finding = this.classify(endpoint, callName, answer.facts);
      if (finding.verdict !== 'rate_limited') return { kind: 'failed', message: finding.message };
      const wait = answer.facts.retryAfterSeconds ?? answer.facts.limits?.resetSeconds ?? null;
      if (wait !== null && wait > MAX_BENCHMARK_BACKOFF_S) return { kind: 'failed', message: finding.message };
      return { kind: 'rate_limited', waitMs: wait === null ? -1 : wait * 1000, limits: answer.facts.limits };
    }
    if (!response.ok) {
      const answer = await this.read(endpoint, callName, outcome, MAX_ERROR_BYTES);
      return { kind: 'failed', message: this.classify(endpoint, callName, answer.facts).message };
    }
    const serverMs = this.serverMs(response.headers);
    if (work?.stream) {
      const streamed = await this.streamed(endpoint, callName, outcome, model);
      if (streamed.kind === 'refused') return { kind: 'failed', message: streamed.finding.message };
      const { reading } = streamed;
      if (reading.interrupted && (streamed.deadline.aborted || this.signal.aborted)) return { kind: 'failed', message: this.heldOpen(reading.ttftMs) };
      if (reading.interrupted || reading.truncated) return { kind: 'failed', message: 'The stream was cut off before it finished.' };
      if (reading.error) return { kind: 'failed', message: `${this.data.shortName} sent an error inside the stream.` };
      return {
        kind: 'sample',
        headers: response.headers,
        sample: {
          ttfbMs: reading.ttfbMs,
          ttftMs: reading.ttftMs,
          e2eMs: reading.e2eMs,
          outputTokens: reading.outputTokens,
          tokensPerSecond: reading.tokensPerSecond,
          serverMs,
          ...this.servedFacts(response.headers, reading),
          ...(streamed.bootMs === null ? {} : { bootMs: streamed.bootMs }),
        },
      };
    }
    const body = await readCapped(response, target === 'models' ? MAX_MODEL_LIST_BYTES : MAX_ANSWER_BYTES);
    if (body.failed || body.truncated) return { kind: 'failed', message: 'The answer was cut off before it finished.' };
    return {
      kind: 'sample',
      headers: response.headers,
      sample: {
        ttfbMs: round1(headersAt - sentAt),
        ttftMs: null,
        e2eMs: round1(body.endedAt - sentAt),
        outputTokens: null,
        tokensPerSecond: null,
        serverMs,
        ...this.servedFacts(response.headers),
      },
    };
  }

  /**
   * The benchmark, on one endpoint or interleaved across several (run 0 on each, then run 1 on each,
   * ...), so that endpoints compared see the same minute of the provider's load. Each endpoint gets
   * its own samples and summary; with several, every event names its endpoint.
   */
  private async runBenchmark(
    request: NonNullable<TestRequest['benchmark']>,
    models: ModelInfo[] | null,
    limits: RateLimitReading | undefined,
    endpoints: readonly Endpoint[],
    compared: boolean,
  ): Promise<void> {
    const { target } = request;
    const runs = request.runs ?? LIMITS.runs.default;
    const maxTokens = request.maxTokens ?? LIMITS.maxTokens.default;
    const tag = (endpoint: Endpoint) => (compared ? { endpoint: endpoint.id } : {});
    const summary = (endpoint: Endpoint, note: string | null, samples: SampleEvent[] = []) => {
      const measured = samples.filter((s) => !s.warmup);
      // Say plainly when no rate can be given, rather than leave a blank: tokens are never counted from events.
      const untimed = measured.length > 0 && target !== 'models' && target !== 'embeddings' && measured.every((s) => s.outputTokens === null);
      const noRate = untimed ? `${this.data.shortName} reported no output token count for these runs, so tokens per second cannot be measured (Keyprobe never counts stream events as tokens).` : null;
      return this.emit({
        type: 'summary',
        ...tag(endpoint),
        runs: measured.length,
        metrics: {
          ttfbMs: distribution(measured.map((s) => s.ttfbMs)),
          ttftMs: distribution(measured.map((s) => s.ttftMs)),
          e2eMs: distribution(measured.map((s) => s.e2eMs)),
          tokensPerSecond: distribution(measured.map((s) => s.tokensPerSecond)),
        },
        measuredFrom: this.setup.measuredFrom,
        clock: { resolutionMs: clockResolution(this.clockReadings), advancesOnIoOnly: this.setup.clockAdvancesOnIoOnly ?? false },
        note: [note, noRate].filter((n) => n !== null).join(' ') || null,
      });
    };

    const callName = target === 'models' ? 'models' : target;
    const model = target === 'models' ? '' : (request.model ?? this.setup.request.deployment ?? this.data.benchmark[target] ?? this.firstAble(models, target) ?? '');
    const lanes: { endpoint: Endpoint; samples: SampleEvent[]; note: string | null }[] = [];
    for (const endpoint of endpoints) {
      let skip: string | null = null;
      if (!this.serves(endpoint, callName)) skip = `${new URL(endpoint.origin).host} does not serve ${target === 'models' ? 'the model list' : target}; benchmark skipped.`;
      else if (target !== 'models' && !model) skip = `Benchmark skipped: Keyprobe has no default ${target} model for ${this.data.shortName}; name one.`;
      else if (target !== 'models' && models !== null && !models.some((m) => m.id === model || m.aliases.includes(model))) skip = `Benchmark skipped: ${model} is not in ${this.publicModelList ? `${this.data.shortName}'s` : "this key's"} model list.`;
      if (skip) await summary(endpoint, skip);
      else lanes.push({ endpoint, samples: [], note: null });
    }

    this.learnPacing(limits, benchmarkPromptTokens[target] + maxTokens);
    // Run 0 is the warm-up: it opens connections and wakes caches, and stays out of the summary.
    for (let run = 0; run <= runs; run++) {
      for (const lane of lanes) {
        if (lane.note !== null) continue;
        const { endpoint, samples } = lane;
        for (let attempt = 0; ; attempt++) {
          if (this.signal.aborted) {
            lane.note = `Stopped after ${samples.filter((s) => !s.warmup).length} of ${runs} runs: the time limit for one test was reached.`;
            break;
          }
          await this.pacer.next(this.signal);
          const result = await this.benchmarkRun(endpoint, target, model, maxTokens, run);
          if (result.kind === 'sample') {
            const sample: SampleEvent = { type: 'sample', ...tag(endpoint), run, warmup: run === 0, ...result.sample };
            samples.push(sample);
            await this.emit(sample);
            break;
          }
          if (result.kind === 'failed') {
            lane.note = `Run ${run} failed: ${result.message}`;
            break;
          }
          if (attempt >= MAX_RATE_LIMIT_RETRIES) {
            lane.note = `Stopped at run ${run}: still rate-limited after ${MAX_RATE_LIMIT_RETRIES} waits.`;
            break;
          }
          const waitMs = result.waitMs >= 0 ? result.waitMs : 1000 * 2 ** attempt;
          this.learnPacing(result.limits, benchmarkPromptTokens[target] + maxTokens);
          await this.emit({
            type: 'backoff',
            ...tag(endpoint),
            run,
            waitMs,
            message: `${this.data.shortName} rate-limited run ${run} (429); waiting ${(waitMs / 1000).toFixed(1)} s before retrying it.`,
          });
          await sleep(waitMs, this.signal);
        }
      }
    }
    for (const lane of lanes) await summary(lane.endpoint, lane.note, lane.samples);
  }

  // ---------------------------------------------------------------------------------------------
  // the run
  // ---------------------------------------------------------------------------------------------

  async run(): Promise<void> {
    const { request, endpoint: main } = this.setup;
    // Endpoints compared by the benchmark (the gate checked the ids); the main one first.
    const others = (request.benchmark?.endpoints ?? []).filter((id) => id !== main.id).flatMap((id) => this.data.endpoints.filter((e) => e.id === id));
    const compared = others.length > 0;
    const validation = await this.validate(main);
    await this.emit(compared ? { ...validation.event, endpoint: main.id } : validation.event);
    if (validation.account) await this.emit(validation.account);
    // Every compared endpoint is validated the same way; the benchmark runs on those the key works on.
    const benchEndpoints: Endpoint[] = validation.event.verdict === 'valid' ? [main] : [];
    for (const endpoint of others) {
      const other = await this.validate(endpoint);
      await this.emit({ ...other.event, endpoint: endpoint.id });
      if (other.event.verdict === 'valid') benchEndpoints.push(endpoint);
    }
    this.learnPacing(validation.limits);
    // A key refused only the model list (an OpenAI key without models:read) may still chat, and a
    // model list that failed on the provider's side (a 5xx) said nothing about the key: the checks
    // the user asked for run, and the outcome says what they found.
    const asked = (request.checks?.length ?? 0) > 0;
    const v = validation.event;
    const proceed = v.verdict === 'valid' || (asked && (v.verdict === 'forbidden' || (v.verdict === 'provider_error' && (v.httpStatus ?? 0) >= 500)));
    if (!proceed) {
      if (validation.limits && (validation.limits.limits.length > 0 || validation.limits.reported)) await this.emit(this.rateLimitsEvent(validation.limits));
      await this.emit(this.outcome(validation.event, []));
      return;
    }
    if (validation.models) await this.emit({ type: 'models', models: validation.models, ...(this.publicModelList ? { public: true } : {}) });

    // Rate limits come from the first answer that carries them: the validation if it did, else the
    // first check's answer (providers that send them only with inference).
    let limitsSent: RateLimitReading | undefined;
    let sent = false;
    const sendLimits = async (reading: RateLimitReading | undefined, force: boolean) => {
      if (sent || (!force && (!reading || (reading.limits.length === 0 && !reading.reported)))) return;
      sent = true;
      limitsSent = reading;
      this.learnPacing(reading);
      await this.emit(this.rateLimitsEvent(reading));
    };
    const checks = request.checks ?? [];
    await sendLimits(validation.limits, checks.length === 0);
    // A key check on another host than inference (a hub and its inference router) says nothing of
    // the inference host's limits: the first check answer that carries them adds them, in one
    // more rate_limits event that replaces the first.
    const validationHost = this.context(main, main.validation.call).host;
    let inferenceLimitsAdded = false;
    const addInferenceLimits = async (reading: RateLimitReading, host: string) => {
      if (inferenceLimitsAdded || !sent || !limitsSent || reading === limitsSent || host === validationHost || reading.limits.length === 0) return;
      inferenceLimitsAdded = true;
      limitsSent = mergeReadings(limitsSent, reading);
      this.learnPacing(reading);
      await this.emit(this.rateLimitsEvent(limitsSent));
    };

    const results: CheckEvent[] = [];
    for (const check of checks) {
      if (this.signal.aborted) {
        const skipped: CheckEvent = { type: 'check', name: check, ok: false, model: '', ms: 0, httpStatus: null, message: 'Not run: the test reached its time limit.', requestId: null };
        results.push(skipped);
        await this.emit(skipped);
        continue;
      }
      const result = await this.runCheck(check, validation.models);
      const checkCtx = this.context(main, checkWork[check]);
      const reading = result.limits ?? this.adapter.readRateLimits(result.headers, checkCtx);
      await sendLimits(reading, false);
      await addInferenceLimits(reading, checkCtx.host);
      results.push(result.event);
      await this.emit(result.event);
    }
    await sendLimits(validation.limits, true);

    if (request.benchmark && !this.signal.aborted && benchEndpoints.length > 0) {
      await this.runBenchmark(request.benchmark, validation.models, limitsSent ?? validation.limits, benchEndpoints, compared);
    }
    await this.emit(this.outcome(validation.event, results));
  }

  /** The key's overall state: the validation's verdict, unless a check that ran says more. */
  private outcome(validation: ValidationEvent, checks: readonly CheckEvent[]): OutcomeEvent {
    const name = this.data.shortName;
    const names = name.endsWith('s') ? `${name}'` : `${name}'s`;
    const telling = checks.find((c) => !c.ok && c.verdict && ['quota_exhausted', 'invalid', 'forbidden', 'unsupported_region'].includes(c.verdict));
    const worked = checks.find((c) => c.ok);
    const unsettled = validation.verdict === 'forbidden' || validation.verdict === 'provider_error';
    if (telling && (validation.verdict === 'valid' || unsettled)) {
      const what = {
        quota_exhausted: `The key is valid, but it cannot spend: ${name} refused the ${telling.name} check for lack of credit or quota.`,
        invalid:
          validation.verdict === 'provider_error'
            ? `${names} free call failed on its side, and the ${telling.name} check says the key is refused.`
            : `${name} accepted the key for the free call but refused it for the ${telling.name} check.`,
        forbidden: `The key is valid, but it lacks the permission the ${telling.name} check needs.`,
        unsupported_region: `${name} refused the ${telling.name} check for the place the test ran from, not for the key.`,
      }[telling.verdict as 'quota_exhausted' | 'invalid' | 'forbidden' | 'unsupported_region'];
      return { type: 'outcome', verdict: telling.verdict as Verdict, basis: telling.name, message: `${what} ${telling.message}` };
    }
    if (validation.verdict === 'forbidden' && worked) {
      return { type: 'outcome', verdict: 'valid', basis: worked.name, message: `The key cannot make the free call, but it works: the ${worked.name} check passed.` };
    }
    if (validation.verdict === 'provider_error' && worked) {
      return { type: 'outcome', verdict: 'valid', basis: worked.name, message: `${names} free call failed on its side, but the key works: the ${worked.name} check passed.` };
    }
    if (validation.billing === 'unverified' && worked) {
      return { type: 'outcome', verdict: 'valid', basis: worked.name, message: `Your key works and can spend: the ${worked.name} check passed.` };
    }
    return { type: 'outcome', verdict: validation.verdict, basis: 'validation', message: validation.message };
  }
}
