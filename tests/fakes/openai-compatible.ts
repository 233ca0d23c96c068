// A fake of an API that speaks OpenAI's wire protocol, configured per provider: its paths, auth
// header, request-id header, rate-limit headers, real error bodies per scenario, the way its
// streams carry usage, and any routes of its own (a balance or key-info call). A provider's fake is
// this module plus a config built from its fact sheet (see tests/fakes/README.md).
import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { bearerKey, fakeKey, GENERIC_FAULTS, type FakeCall, type FakeModule, type GenericFault, type Preflight, type Timing } from './framework.ts';

/** Scenarios every OpenAI-style fake offers; a provider adds its own. */
export const COMMON_SCENARIOS = [
  'valid',
  'invalid',
  'forbidden',
  'quotaExhausted',
  'rateLimited',
  'notFound',
  'serverError',
  'malformedSse',
  'resetMidStream',
  'streamNoDone',
  'streamError',
  // The provider repeats the key in a place Keyprobe passes on: its request-id header, a
  // `request_id` in an error body, a model id. Synthetic: no provider does this on purpose.
  'echoRequestIdHeader',
  'echoBodyRequestId',
  'echoModelId',
  ...GENERIC_FAULTS,
] as const;

export type CommonScenario = (typeof COMMON_SCENARIOS)[number];

/** A canned answer: status, JSON (or raw text) body, extra headers. */
export interface Canned {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface OpenAICompatibleFake<S extends string> {
  /** Provider id, seeds the scenario keys. */
  id: string;
  /** Extra scenarios of this provider. */
  extraScenarios?: readonly S[];
  /** The shape of the provider's keys, for the scenario keys: prefix and total length. */
  key: { prefix: string; length: number; alphabet?: string };
  /** Reads the key from a request (default: `Authorization: Bearer`). */
  keyOf?(req: IncomingMessage): string | undefined;
  /** The provider's answer to CORS preflights, where it lets pages call it. */
  preflight?: Preflight;
  basePath: string;
  /** The model list body (the real shape: `{object:'list', data}` or a bare array). */
  models: unknown;
  /** Model ids that can chat / embed (default: every listed id chats). */
  chatModels?: readonly string[];
  embeddingModels?: readonly string[];
  /** Response header carrying the request id, and how to make one. */
  requestIdHeader?: string;
  requestId?(): string;
  /** Headers on every answer (CORS, server, ...). */
  headers?: Record<string, string>;
  /** Rate-limit headers of an accepted inference call (and of the models list, unless `rateLimitsOnInferenceOnly`). */
  rateLimitHeaders?(used: number): Record<string, string>;
  rateLimitsOnInferenceOnly?: boolean;
  /** The real answers of the failure scenarios. */
  answers: Partial<Record<CommonScenario | S, Canned | ((call: FakeCall<CommonScenario | S>) => Canned)>>;
  /**
   * Scenarios whose answer comes only on inference calls (chat, embeddings), the model list
   * answering as for a working key: a key without credit still lists models at OpenAI, and only
   * a completion gets its 429. By default an answer comes on every route.
   */
  inferenceOnly?: readonly (CommonScenario | S)[];
  /** The answer to a key no scenario knows (default: the `invalid` answer). */
  unknownKey?: Canned;
  /** How a stream carries usage: only when asked (`stream_options.include_usage`), on the last content chunk, in its own chunk, or in `x_groq`. */
  streamUsage: StreamUsage | ((call: FakeCall<CommonScenario | S>) => StreamUsage);
  /** The finish reason comes in a chunk of its own with an empty delta (Together, Fireworks, Cerebras), not on the last text. */
  separateFinish?: boolean;
  /** The finish reason of a complete answer (default `stop`; Together has sent `eos`). */
  finishReason?(call: FakeCall<CommonScenario | S>): string;
  /** Adds the provider's own fields to a stream chunk (`time_info`, `usage: null`, `text`). */
  decorateChunk?(chunk: Record<string, unknown>, kind: 'role' | 'content' | 'finish' | 'usage'): Record<string, unknown>;
  /** Adds the provider's own fields to a non-stream completion. */
  decorateCompletion?(body: Record<string, unknown>): Record<string, unknown>;
  /** Headers of a chat answer only (server timings). */
  inferenceHeaders?(call: FakeCall<CommonScenario | S>, stream: boolean): Record<string, string>;
  /** Routes of the provider's own (balance, key info): path → handler for working keys. */
  extraRoutes?: Record<string, (call: FakeCall<CommonScenario | S>) => Canned>;
  /** Behaviour of the extra scenarios on any route; return false to fall through to a working key. */
  extraScenario?(call: FakeCall<CommonScenario | S>): Canned | false;
  timing?: Partial<Record<CommonScenario | S, Timing>>;
}

export type StreamUsage = 'include_usage' | 'last_chunk' | 'separate_chunk' | 'x_groq';

const WORDS = [' Hello', ',', ' this', ' is', ' a', ' deterministic', ' reply', ' from', ' a', ' fake', ' API', '.'];
const tokenAt = (i: number) => WORDS[i % WORDS.length] ?? '';
const hex = (n: number) => randomBytes(n).toString('hex');

export function openAICompatibleFake<S extends string = never>(config: OpenAICompatibleFake<S>): FakeModule<CommonScenario | S> {
  const scenarios = [...COMMON_SCENARIOS, ...(config.extraScenarios ?? [])] as (CommonScenario | S)[];
  const keyFor = (s: CommonScenario | S) => fakeKey(`${config.id}:${s}`, config.key);
  const base = config.basePath;
  const answer = (call: FakeCall<CommonScenario | S>, scenario: CommonScenario | S): Canned | undefined => {
    const a = config.answers[scenario];
    return typeof a === 'function' ? a(call) : a;
  };

  return {
    scenarios,
    keyFor,
    keyOf: config.keyOf ?? bearerKey,
    preflight: config.preflight,
    timing: config.timing,
    createState: () => ({ used: new Map<string, number>() }),
    async handle(call, state) {
      const used = (state as { used: Map<string, number> }).used;
      const requestId = config.requestId?.() ?? `req_${hex(12)}`;
      const scenario = call.scenario;
      const common: Record<string, string> = { ...config.headers };
      // With the id in the body only, the body's `request_id` is the one the tester passes on.
      if (config.requestIdHeader && scenario !== 'echoBodyRequestId') common[config.requestIdHeader] = scenario === 'echoRequestIdHeader' ? `req_${call.key}` : requestId;
      const reply = (canned: Canned, extra: Record<string, string> = {}) => {
        const headers = { ...common, ...extra, ...canned.headers };
        if (typeof canned.body === 'string') call.send(canned.status, canned.body, { 'content-type': 'text/plain', ...headers });
        else call.json(canned.status, canned.body, headers);
      };
      if (!(await call.waitHeaders())) return;

      if (call.key === undefined || scenario === undefined) {
        const unknown = config.unknownKey ?? answer(call, 'invalid');
        if (unknown) reply(unknown);
        return;
      }
      if ((GENERIC_FAULTS as readonly string[]).includes(scenario)) {
        await call.fault(scenario as GenericFault);
        return;
      }
      const extra = config.extraScenario?.(call);
      if (extra) return reply(extra);
      const listing = call.path === `${base}/models` && call.method === 'GET';
      const canned = listing && config.inferenceOnly?.includes(scenario) ? undefined : answer(call, scenario);
      if (canned && !['valid', 'malformedSse', 'resetMidStream', 'streamNoDone', 'streamError', 'echoRequestIdHeader', 'echoModelId'].includes(scenario)) {
        if (scenario === 'echoBodyRequestId') return reply({ ...canned, body: { error: { message: 'Unauthorized', type: 'invalid_request_error', request_id: `req_${call.key}` } } });
        return reply(canned);
      }

      const count = (used.get(call.key) ?? 0) + 1;
      used.set(call.key, count);
      const limits = config.rateLimitHeaders?.(count) ?? {};
      const route = call.path;
      const own = config.extraRoutes?.[route];
      if (own) return reply(own(call), limits);

      if (route === `${base}/models` && call.method === 'GET') {
        const models =
          scenario === 'echoModelId' && typeof config.models === 'object' && config.models !== null && 'data' in config.models
            ? { ...config.models, data: [...(config.models as { data: unknown[] }).data, { id: `ft:${call.key}`, object: 'model', owned_by: 'you' }] }
            : config.models;
        return reply({ status: 200, body: models }, config.rateLimitsOnInferenceOnly ? {} : limits);
      }

      let body: Record<string, unknown>;
      try {
        body = JSON.parse(call.body) as Record<string, unknown>;
      } catch {
        return reply({ status: 400, body: { error: { message: 'Invalid JSON body', type: 'invalid_request_error', param: null, code: null } } });
      }
      const model = String(body.model ?? '');
      if (route === `${base}/embeddings` && call.method === 'POST') {
        if (config.embeddingModels && !config.embeddingModels.includes(model)) return reply(answer(call, 'notFound') ?? { status: 404, body: {} });
        const input = Array.isArray(body.input) ? body.input : [body.input];
        return reply(
          {
            status: 200,
            body: {
              object: 'list',
              data: input.map((_, index) => ({ object: 'embedding', index, embedding: Array.from({ length: 8 }, (__, i) => Math.round(Math.sin(i + index) * 1e4) / 1e4) })),
              model,
              usage: { prompt_tokens: 4, total_tokens: 4 },
            },
          },
          limits,
        );
      }
      if (route !== `${base}/chat/completions` || call.method !== 'POST') return reply(answer(call, 'notFound') ?? { status: 404, body: { error: { message: 'Not found' } } });
      if (config.chatModels && !config.chatModels.includes(model)) return reply(answer(call, 'notFound') ?? { status: 404, body: {} });

      const max = typeof body.max_tokens === 'number' ? body.max_tokens : typeof body.max_completion_tokens === 'number' ? body.max_completion_tokens : Infinity;
      const n = Math.min(max, call.timing.completionTokens);
      const id = `chatcmpl-${hex(8)}`;
      const created = Math.floor(Date.now() / 1000);
      const usage = { prompt_tokens: 12, completion_tokens: n, total_tokens: 12 + n };
      const finish = n >= max ? 'length' : (config.finishReason?.(call) ?? 'stop');
      const timings = config.inferenceHeaders?.(call, body.stream === true) ?? {};
      if (body.stream !== true) {
        if (!(await call.sleepUntil(performance.now() + call.timing.firstTokenMs + Math.max(0, n - 1) * call.timing.interTokenMs))) return;
        const text = Array.from({ length: n }, (_, i) => tokenAt(i)).join('');
        const completion = { id, object: 'chat.completion', created, model, choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finish }], usage };
        return reply({ status: 200, body: config.decorateCompletion?.(completion) ?? completion }, { ...limits, ...timings });
      }
      const usageMode = typeof config.streamUsage === 'function' ? config.streamUsage(call) : config.streamUsage;
      const decorate = (chunk: Record<string, unknown>, kind: 'role' | 'content' | 'finish' | 'usage') => config.decorateChunk?.(chunk, kind) ?? chunk;

      const per = Math.max(1, call.timing.tokensPerChunk);
      const groups: string[] = [];
      for (let i = 0; i < n; i += per) groups.push(Array.from({ length: Math.min(per, n - i) }, (_, j) => tokenAt(i + j)).join(''));
      const chunk = (delta: object, finishReason: string | null, extra: object = {}, kind: 'role' | 'content' | 'finish' = 'content') =>
        `data: ${JSON.stringify(decorate({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra }, kind))}\n\n`;
      const wantsUsage = usageMode !== 'include_usage' || (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
      const endExtra = wantsUsage && usageMode === 'last_chunk' ? { usage } : usageMode === 'x_groq' ? { x_groq: { id: `req_${hex(8)}`, usage } } : {};
      const timed = groups.map((text, i) => {
        const last = i === groups.length - 1 && !config.separateFinish;
        return chunk({ content: text }, last ? finish : null, last ? endExtra : {});
      });
      if (config.separateFinish) timed.push(chunk({}, finish, endExtra, 'finish'));
      if (scenario === 'malformedSse') timed.splice(1, 0, 'data: not json at all\n\n', 'data: {"choices": null}\n\n');
      const tail: string[] = [];
      if (scenario === 'streamError') tail.push(`data: ${JSON.stringify({ error: { message: 'The server had an error while processing your request.', type: 'server_error', code: 500 } })}\n\n`);
      if (wantsUsage && (usageMode === 'separate_chunk' || usageMode === 'include_usage')) {
        tail.push(`data: ${JSON.stringify(decorate({ id, object: 'chat.completion.chunk', created, model, choices: [], usage }, 'usage'))}\n\n`);
      }
      if (scenario !== 'streamNoDone') tail.push('data: [DONE]\n\n');
      await call.stream(200, { ...common, ...limits, ...timings, 'content-type': 'text/event-stream; charset=utf-8' }, {
        head: [chunk({ role: 'assistant', content: '' }, null, {}, 'role')],
        timed,
        tail,
        resetAfter: scenario === 'resetMidStream' ? 1 : undefined,
      });
    },
  };
}

/** What each common scenario plays, as demo builds describe it. */
export const COMMON_DESCRIPTIONS: Record<CommonScenario, string> = {
  valid: 'a working key',
  invalid: 'a rejected key (401)',
  forbidden: 'a key without the permission (403)',
  quotaExhausted: 'a key with no credit or quota left',
  rateLimited: 'rate-limited (429)',
  notFound: 'the model is not found',
  serverError: 'the provider fails (5xx)',
  malformedSse: 'working; streams carry broken events',
  resetMidStream: 'working; streams are cut off midway',
  streamNoDone: 'working; streams end without their closing event',
  streamError: 'working; an error arrives inside the stream',
  echoRequestIdHeader: 'echoes the key in its request-id header',
  echoBodyRequestId: 'echoes the key in an error body',
  echoModelId: 'echoes the key in a model id',
  hang: 'never answers (timeout)',
  resetBeforeHeaders: 'the connection is reset before any answer',
  redirectForeign: 'answers with a redirect',
  redirectForeignHost: 'redirects to a foreign host',
  hugeBody: 'an endless model list',
};

/** Demo keys of an OpenAI-style fake: its common scenarios, plus its own with their descriptions. */
export function demoKeysOf<S extends string>(module: FakeModule<CommonScenario | S>, own: Partial<Record<S, string>> = {}) {
  return module.scenarios.map((name) => ({ name, key: module.keyFor(name), description: (COMMON_DESCRIPTIONS as Record<string, string>)[name] ?? (own as Record<string, string>)[name] ?? name }));
}
