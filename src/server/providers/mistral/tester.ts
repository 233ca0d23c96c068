/**
 * A Mistral key test: validation with the free `GET /v1/models` (or the cheapest FIM call on
 * codestral.mistral.ai, which lists no models), the Codestral-vs-platform diagnosis on a 401, the
 * opt-in checks, and the benchmark. Emits the contract's events in order (src/lib/api-contract.ts).
 */
import type {
  BenchmarkTarget,
  CheckEvent,
  CheckName,
  ModelInfo,
  RateLimitsEvent,
  SampleEvent,
  TestEvent,
  TestRequest,
  ValidationEvent,
} from '../../../lib/api-contract';
import { benchmarkPromptTokens, checkCalls, fimProbe, LIMITS } from '../../../lib/api-contract';
import type { Endpoint, ProviderConnection } from '../../../lib/provider-registry';
import { distribution } from '../../../lib/stats';
import { errorPageFor } from '../../../lib/error-pages';
import { readCompletionStream } from '../../measure';
import { callProvider, readCapped, type CallOutcome, type CallSpec } from '../../outbound';
import { callSpacingMs, sleep, type Pacer } from '../../pacing';
import { scrubKey } from '../../scrub';
import type { Overrides } from '../../upstream';
import { parseProviderError, requestIdOf, retryAfterSeconds, serverTimeOf } from './errors';
import { listsModel, mergeModels, parseModelList } from './models';
import { readRateLimits, type RateLimitReading } from './rate-limits';
import { describe, type AnswerFacts } from './verdict';

export interface RunContext {
  key: string;
  provider: ProviderConnection;
  endpoint: Endpoint;
  overrides: Overrides;
  /** Aborted when the run's deadline passes or the client goes away. */
  signal: AbortSignal;
  pacer: Pacer;
  /** Cloudflare colo the Worker runs in, or `local`. */
  colo: string;
  emit(event: TestEvent): Promise<void>;
}

/** Body caps: generous for real answers, small enough that a hostile upstream cannot exhaust memory. */
const MAX_MODEL_LIST_BYTES = 2 * 1024 * 1024;
const MAX_ANSWER_BYTES = 256 * 1024;
const MAX_STREAM_BYTES = 1024 * 1024;
const MAX_ERROR_BYTES = 64 * 1024;

/** Retries of one call after a plain 429, each waiting longer. */
const MAX_RATE_LIMIT_RETRIES = 3;

const hostOf = (endpoint: Endpoint) => new URL(endpoint.origin).host;
const round1 = (ms: number) => Math.round(ms * 10) / 10;

/** The result of one call, read and classified. */
interface Answer {
  facts: AnswerFacts;
  headers: Headers;
  /** Parsed JSON body of a 2xx answer (non-stream calls). */
  json?: unknown;
  ms: number;
  requestId: string | null;
}

function call(ctx: RunContext, endpoint: Endpoint, spec: Omit<CallSpec, 'signal' | 'deadlineMs'>): Promise<CallOutcome> {
  return callProvider({ origin: endpoint.origin, auth: ctx.provider.auth, overrides: ctx.overrides }, ctx.key, {
    ...spec,
    signal: ctx.signal,
    deadlineMs: LIMITS.callDeadlineMs,
  });
}

/** Reads a non-stream answer: JSON on success, the parsed error otherwise. */
async function readAnswer(ctx: RunContext, endpoint: Endpoint, outcome: CallOutcome, maxBytes: number): Promise<Answer> {
  const host = hostOf(endpoint);
  if (outcome.kind !== 'response') {
    const ms = outcome.kind === 'aborted' ? 0 : round1(outcome.endedAt - outcome.sentAt);
    // `aborted` means the whole test ran out of time (or the user left): for the user, a timeout.
    const failure = outcome.kind === 'unreachable' ? 'unreachable' : 'timeout';
    return { facts: { status: null, failure, host, key: ctx.key }, headers: new Headers(), ms, requestId: null };
  }
  const { response, sentAt } = outcome;
  const ok = response.status >= 200 && response.status < 300;
  const body = await readCapped(response, ok ? maxBytes : MAX_ERROR_BYTES);
  const ms = round1(body.endedAt - sentAt);
  const limits = readRateLimits(response.headers);
  const facts: AnswerFacts = { status: response.status, host, key: ctx.key, limits };
  if (body.failed) facts.failure = outcome.deadline.aborted ? 'timeout' : 'interrupted';
  else if (body.truncated) facts.failure = 'too_large';
  let json: unknown;
  if (ok && !facts.failure) {
    try {
      json = JSON.parse(body.text);
    } catch {
      facts.failure = 'unreadable';
    }
  }
  if (!ok) facts.error = parseProviderError(response.headers.get('content-type'), body.text);
  return { facts, headers: response.headers, json, ms, requestId: requestIdOf(response.headers, facts.error) };
}

const succeeded = (answer: Answer) =>
  answer.facts.status !== null && answer.facts.status >= 200 && answer.facts.status < 300 && !answer.facts.failure;

// ----------------------------------------------------------------------------------------------
// validation
// ----------------------------------------------------------------------------------------------

async function probe(ctx: RunContext, endpoint: Endpoint): Promise<Answer> {
  const outcome = endpoint.listsModels
    ? await call(ctx, endpoint, { method: 'GET', path: '/v1/models' })
    : await call(ctx, endpoint, { method: 'POST', path: '/v1/fim/completions', body: { model: fimProbe.model, prompt: 'def', max_tokens: fimProbe.maxTokens } });
  return readAnswer(ctx, endpoint, outcome, MAX_MODEL_LIST_BYTES);
}

/**
 * A 401 is most often a Codestral key used on api.mistral.ai or the reverse: ask the other kind
 * of host, with its cheapest call, whether it accepts the key.
 */
async function diagnoseWrongEndpoint(ctx: RunContext): Promise<Endpoint | null> {
  const others = ctx.provider.endpoints.filter((e) => e.listsModels !== ctx.endpoint.listsModels);
  const other = others[0];
  if (!other || ctx.signal.aborted) return null;
  const answer = await probe(ctx, other);
  return succeeded(answer) ? other : null;
}

interface Validation {
  event: ValidationEvent;
  models: ModelInfo[] | null;
  limits: RateLimitReading;
}

async function validate(ctx: RunContext): Promise<Validation> {
  const started = performance.now();
  await ctx.pacer.next(ctx.signal);
  const answer = await probe(ctx, ctx.endpoint);
  const limits = answer.facts.limits ?? readRateLimits(new Headers());
  const base = { type: 'validation' as const, httpStatus: answer.facts.status, requestId: answer.requestId, suggestedEndpoint: null };

  if (succeeded(answer)) {
    const cards = ctx.endpoint.listsModels ? parseModelList(answer.json) : [];
    if (cards === null) {
      const finding = describe({ ...answer.facts, failure: 'unreadable' });
      return {
        event: { ...base, ...finding, ms: round1(performance.now() - started), errorPage: errorPageFor('mistral', { verdict: finding.verdict, httpStatus: answer.facts.status }) },
        models: null,
        limits,
      };
    }
    const models = ctx.endpoint.listsModels ? mergeModels(cards) : null;
    const message = models
      ? `Your key works on ${hostOf(ctx.endpoint)}. It can use ${models.length} models.`
      : `Your key works on ${hostOf(ctx.endpoint)}: it answered a one-token code completion. This host does not list models.`;
    return {
      event: { ...base, verdict: 'valid', ms: answer.ms, message, fix: '', errorPage: null },
      models,
      limits,
    };
  }

  let finding = describe(answer.facts);
  let suggestedEndpoint: string | null = null;
  if (finding.verdict === 'invalid') {
    const rightEndpoint = await diagnoseWrongEndpoint(ctx);
    if (rightEndpoint) {
      suggestedEndpoint = rightEndpoint.id;
      const codestralKey = !rightEndpoint.listsModels;
      finding = {
        verdict: 'wrong_endpoint',
        message: codestralKey
          ? `This is a Codestral key: ${hostOf(rightEndpoint)} accepts it, ${hostOf(ctx.endpoint)} does not.`
          : `This key belongs to ${hostOf(rightEndpoint)}: it works there, not on ${hostOf(ctx.endpoint)}.`,
        fix: codestralKey
          ? `Use ${rightEndpoint.origin}/v1 as the base URL in your tool (here: pick the “${rightEndpoint.label}” endpoint), or create a La Plateforme key for ${hostOf(ctx.endpoint)}.`
          : `Use ${rightEndpoint.origin}/v1 as the base URL in your tool (here: pick the “${rightEndpoint.label}” endpoint). Codestral keys are separate keys.`,
      };
    }
  }
  return {
    event: {
      ...base,
      ...finding,
      suggestedEndpoint,
      ms: round1(performance.now() - started),
      errorPage: errorPageFor('mistral', { verdict: finding.verdict, httpStatus: answer.facts.status }),
    },
    models: null,
    limits,
  };
}

function rateLimitsEvent(reading: RateLimitReading): RateLimitsEvent {
  return { type: 'rate_limits', limits: reading.limits, notes: reading.notes };
}

/** Spaces later calls by the key's per-minute limits (tokens per call is a small upper bound). */
function learnPacing(ctx: RunContext, reading: RateLimitReading, tokensPerCall = 64): void {
  const spacing = callSpacingMs(reading, tokensPerCall);
  if (spacing > ctx.pacer.spacingMs) ctx.pacer.setSpacing(spacing);
}

// ----------------------------------------------------------------------------------------------
// checks
// ----------------------------------------------------------------------------------------------

const capabilityFor: Record<CheckName, (model: ModelInfo) => boolean> = {
  chat: (m) => m.capabilities.completion_chat === true && m.deprecation === null,
  stream: (m) => m.capabilities.completion_chat === true && m.deprecation === null,
  embeddings: (m) => m.family === 'Embed',
  fim: (m) => m.capabilities.completion_fim === true,
};

/**
 * Model for a check: a preferred one the key lists, else any listed model able to do it. Without a
 * list (codestral.mistral.ai), Codestral is the one model that host serves.
 */
export function pickModel(check: CheckName, models: readonly ModelInfo[] | null): string | null {
  const preferred = checkCalls[check].models;
  if (models === null) return preferred.find((id) => id.startsWith('codestral')) ?? null;
  const listed = preferred.find((id) => listsModel(models, id));
  return listed ?? models.find(capabilityFor[check])?.id ?? null;
}

const checkRequests: Record<CheckName, (model: string) => Omit<CallSpec, 'signal' | 'deadlineMs'>> = {
  chat: (model) => ({ method: 'POST', path: '/v1/chat/completions', body: { model, messages: [{ role: 'user', content: 'Reply with the single word OK.' }], max_tokens: checkCalls.chat.maxTokens } }),
  stream: (model) => ({ method: 'POST', path: '/v1/chat/completions', body: { model, messages: [{ role: 'user', content: 'Reply with the single word OK.' }], max_tokens: checkCalls.stream.maxTokens, stream: true } }),
  embeddings: (model) => ({ method: 'POST', path: '/v1/embeddings', body: { model, input: ['Keyprobe'] } }),
  fim: (model) => ({ method: 'POST', path: '/v1/fim/completions', body: { model, prompt: 'def add(a, b):\n    return', suffix: '\n', max_tokens: checkCalls.fim.maxTokens } }),
};

/** codestral.mistral.ai serves FIM and chat only. */
function servedOn(endpoint: Endpoint, check: CheckName): boolean {
  return endpoint.listsModels || check !== 'embeddings';
}

function firstChoiceText(json: unknown): string {
  const choices = (json as { choices?: { message?: { content?: unknown } }[] } | undefined)?.choices;
  const content = choices?.[0]?.message?.content;
  return typeof content === 'string' ? content.trim() : '';
}

function embeddingSize(json: unknown): number | null {
  const data = (json as { data?: { embedding?: unknown }[] } | undefined)?.data;
  const vector = data?.[0]?.embedding;
  return Array.isArray(vector) ? vector.length : null;
}

interface CheckResult {
  event: CheckEvent;
  headers: Headers;
}

async function runCheck(ctx: RunContext, check: CheckName, models: ModelInfo[] | null): Promise<CheckResult> {
  const model = pickModel(check, models);
  const base = { type: 'check' as const, name: check, model: model ?? '', requestId: null };
  if (!servedOn(ctx.endpoint, check)) {
    return {
      event: { ...base, ok: false, ms: 0, httpStatus: null, message: `${hostOf(ctx.endpoint)} does not serve ${check}; test it on the Global endpoint with a La Plateforme key.` },
      headers: new Headers(),
    };
  }
  if (model === null) {
    return {
      event: { ...base, ok: false, ms: 0, httpStatus: null, message: `None of this key's models can do ${check}.` },
      headers: new Headers(),
    };
  }

  for (let attempt = 0; ; attempt++) {
    await ctx.pacer.next(ctx.signal);
    const outcome = await call(ctx, ctx.endpoint, checkRequests[check](model));
    if (check === 'stream' && outcome.kind === 'response' && outcome.response.ok) {
      const reading = await readCompletionStream(outcome.response, outcome.sentAt, outcome.headersAt, MAX_STREAM_BYTES);
      const ok = reading.done && reading.malformed === 0 && !reading.interrupted && !reading.truncated;
      const message = ok
        ? `Streamed ${reading.outputTokens ?? '?'} tokens; first content after ${reading.ttftMs ?? '?'} ms.`
        : reading.interrupted
          ? 'The stream was cut off before it finished.'
          : !reading.done
            ? 'The stream ended without its closing [DONE] event.'
            : `The stream contained ${reading.malformed} unreadable events.`;
      return {
        event: { ...base, ok, ms: reading.e2eMs, httpStatus: outcome.response.status, message: scrubKey(message, ctx.key), requestId: requestIdOf(outcome.response.headers) },
        headers: outcome.response.headers,
      };
    }
    const answer = await readAnswer(ctx, ctx.endpoint, outcome, MAX_ANSWER_BYTES);
    const status = answer.facts.status;
    if (status === 429 && !answer.facts.limits?.zeroAllowance && attempt < 1 && !ctx.signal.aborted) {
      // One patient retry: a check should not fail because the previous call used this second's request.
      await sleep((retryAfterSeconds(answer.headers) ?? 1) * 1000, ctx.signal);
      continue;
    }
    if (succeeded(answer)) {
      const size = embeddingSize(answer.json);
      const text = firstChoiceText(answer.json);
      const message =
        check === 'embeddings'
          ? size === null
            ? 'Answered, but without an embedding vector.'
            : `Returned a ${size}-dimension vector.`
          : `Answered${text ? ` “${text}”` : ''}.`;
      const ok = check !== 'embeddings' || size !== null;
      return { event: { ...base, ok, ms: answer.ms, httpStatus: status, message: scrubKey(message, ctx.key), requestId: answer.requestId }, headers: answer.headers };
    }
    const finding = describe(answer.facts);
    const message =
      finding.verdict === 'quota_exhausted'
        ? `${model} is not available to this key: Mistral reports a limit of 0 (429).`
        : status === 400 || status === 422
          ? `Mistral refused the request for ${model} (HTTP ${status}).${answer.facts.error?.message ? ` It said: “${scrubKey(answer.facts.error.message, ctx.key).replace(/[.!]+$/, '')}”.` : ''}`
          : finding.message;
    return { event: { ...base, ok: false, ms: answer.ms, httpStatus: status, message, requestId: answer.requestId }, headers: answer.headers };
  }
}

// ----------------------------------------------------------------------------------------------
// benchmark
// ----------------------------------------------------------------------------------------------

const defaultBenchmarkModel: Record<Exclude<BenchmarkTarget, 'models'>, string> = {
  chat: 'mistral-small-latest',
  embeddings: 'mistral-embed',
  fim: 'codestral-latest',
};

function benchmarkRequest(target: BenchmarkTarget, model: string, maxTokens: number, run: number): Omit<CallSpec, 'signal' | 'deadlineMs'> {
  // A different prompt each run keeps prompt caches from flattering later runs.
  const nonce = `${run}-${crypto.randomUUID().slice(0, 8)}`;
  switch (target) {
    case 'models':
      return { method: 'GET', path: '/v1/models' };
    case 'chat':
      return {
        method: 'POST',
        path: '/v1/chat/completions',
        body: {
          model,
          messages: [{ role: 'user', content: `Count upwards from 1, one number per line, and do not stop. (${nonce})` }],
          max_tokens: maxTokens,
          stream: true,
        },
      };
    case 'embeddings':
      return { method: 'POST', path: '/v1/embeddings', body: { model, input: [`Keyprobe latency sample ${nonce}`] } };
    case 'fim':
      return { method: 'POST', path: '/v1/fim/completions', body: { model, prompt: `# ${nonce}\ndef fibonacci(n):\n`, suffix: '', max_tokens: maxTokens, stream: true } };
  }
}

type RunResult =
  | { kind: 'sample'; sample: Omit<SampleEvent, 'type' | 'run' | 'warmup'>; headers: Headers }
  | { kind: 'rate_limited'; waitMs: number; headers: Headers }
  | { kind: 'failed'; message: string };

async function benchmarkRun(ctx: RunContext, target: BenchmarkTarget, model: string, maxTokens: number, run: number): Promise<RunResult> {
  const outcome = await call(ctx, ctx.endpoint, benchmarkRequest(target, model, maxTokens, run));
  if (outcome.kind !== 'response') {
    return { kind: 'failed', message: describe({ status: null, failure: outcome.kind === 'timeout' ? 'timeout' : 'unreachable', host: hostOf(ctx.endpoint), key: ctx.key }).message };
  }
  const { response, sentAt, headersAt } = outcome;
  const serverMs = serverTimeOf(response.headers);
  if (response.status === 429) {
    const limits = readRateLimits(response.headers);
    const body = await readCapped(response, MAX_ERROR_BYTES);
    const error = parseProviderError(response.headers.get('content-type'), body.text);
    if (limits.zeroAllowance) return { kind: 'failed', message: describe({ status: 429, error, limits, host: hostOf(ctx.endpoint), key: ctx.key }).message };
    const retryAfter = retryAfterSeconds(response.headers);
    return { kind: 'rate_limited', waitMs: retryAfter === null ? -1 : retryAfter * 1000, headers: response.headers };
  }
  if (!response.ok) {
    const answer = await readAnswer(ctx, ctx.endpoint, outcome, MAX_ERROR_BYTES);
    return { kind: 'failed', message: describe(answer.facts).message };
  }
  if (target === 'chat' || target === 'fim') {
    const reading = await readCompletionStream(response, sentAt, headersAt, MAX_STREAM_BYTES);
    if (reading.interrupted || reading.truncated) return { kind: 'failed', message: 'The stream was cut off before it finished.' };
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
    },
  };
}

async function runBenchmark(
  ctx: RunContext,
  request: NonNullable<TestRequest['benchmark']>,
  models: ModelInfo[] | null,
  limits: RateLimitReading,
): Promise<void> {
  const { target } = request;
  const runs = request.runs ?? LIMITS.runs.default;
  const maxTokens = request.maxTokens ?? LIMITS.maxTokens.default;
  const summary = (note: string | null, samples: SampleEvent[] = []) => {
    const measured = samples.filter((s) => !s.warmup);
    return ctx.emit({
      type: 'summary',
      runs: measured.length,
      metrics: {
        ttfbMs: distribution(measured.map((s) => s.ttfbMs)),
        ttftMs: distribution(measured.map((s) => s.ttftMs)),
        e2eMs: distribution(measured.map((s) => s.e2eMs)),
        tokensPerSecond: distribution(measured.map((s) => s.tokensPerSecond)),
      },
      measuredFrom: ctx.colo,
      note,
    });
  };

  if ((target === 'models' || target === 'embeddings') && !ctx.endpoint.listsModels) {
    return summary(`${hostOf(ctx.endpoint)} does not serve ${target === 'models' ? 'the model list' : 'embeddings'}; benchmark skipped.`);
  }
  const model = target === 'models' ? '' : (request.model ?? defaultBenchmarkModel[target]);
  if (target !== 'models' && models !== null && !listsModel(models, model)) {
    return summary(`Benchmark skipped: ${model} is not in this key's model list.`);
  }

  learnPacing(ctx, limits, benchmarkPromptTokens[target] + maxTokens);
  const samples: SampleEvent[] = [];
  let note: string | null = null;
  // Run 0 is the warm-up: it opens connections and wakes caches, and stays out of the summary.
  for (let run = 0; run <= runs && note === null; run++) {
    for (let attempt = 0; ; attempt++) {
      if (ctx.signal.aborted) {
        note = `Stopped after ${samples.filter((s) => !s.warmup).length} of ${runs} runs: the time limit for one test was reached.`;
        break;
      }
      await ctx.pacer.next(ctx.signal);
      const result = await benchmarkRun(ctx, target, model, maxTokens, run);
      if (result.kind === 'sample') {
        const sample: SampleEvent = { type: 'sample', run, warmup: run === 0, ...result.sample };
        samples.push(sample);
        await ctx.emit(sample);
        break;
      }
      if (result.kind === 'failed') {
        note = `Run ${run} failed: ${result.message}`;
        break;
      }
      if (attempt >= MAX_RATE_LIMIT_RETRIES) {
        note = `Stopped at run ${run}: still rate-limited after ${MAX_RATE_LIMIT_RETRIES} waits.`;
        break;
      }
      const waitMs = result.waitMs >= 0 ? result.waitMs : 1000 * 2 ** attempt;
      learnPacing(ctx, readRateLimits(result.headers), benchmarkPromptTokens[target] + maxTokens);
      await ctx.emit({
        type: 'backoff',
        run,
        waitMs,
        message: `Mistral rate-limited run ${run} (429); waiting ${(waitMs / 1000).toFixed(1)} s before retrying it.`,
      });
      await sleep(waitMs, ctx.signal);
    }
  }
  await summary(note, samples);
}

// ----------------------------------------------------------------------------------------------
// the run
// ----------------------------------------------------------------------------------------------

export async function runMistralTest(ctx: RunContext, request: TestRequest): Promise<void> {
  const validation = await validate(ctx);
  await ctx.emit(validation.event);
  learnPacing(ctx, validation.limits);
  if (validation.event.verdict !== 'valid') {
    if (validation.limits.limits.length > 0) await ctx.emit(rateLimitsEvent(validation.limits));
    return;
  }
  if (validation.models) await ctx.emit({ type: 'models', models: validation.models });

  // Rate limits come from the first answer that carries them: the model list if it did, else the
  // first check's answer (Mistral sends them on completions for sure).
  let limitsSent: RateLimitReading | null = null;
  const sendLimits = async (reading: RateLimitReading, force: boolean) => {
    if (limitsSent || (!force && reading.limits.length === 0)) return;
    limitsSent = reading;
    learnPacing(ctx, reading);
    await ctx.emit(rateLimitsEvent(reading));
  };
  const checks = request.checks ?? [];
  await sendLimits(validation.limits, checks.length === 0);

  for (const check of checks) {
    if (ctx.signal.aborted) {
      await ctx.emit({ type: 'check', name: check, ok: false, model: '', ms: 0, httpStatus: null, message: 'Not run: the test reached its time limit.', requestId: null });
      continue;
    }
    const result = await runCheck(ctx, check, validation.models);
    await sendLimits(readRateLimits(result.headers), false);
    await ctx.emit(result.event);
  }
  await sendLimits(validation.limits, true);

  if (request.benchmark && !ctx.signal.aborted) {
    await runBenchmark(ctx, request.benchmark, validation.models, limitsSent ?? validation.limits);
  }
}

