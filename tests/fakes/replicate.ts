// A fake of Replicate's API (api.replicate.com) and of its stream hosts, a native module on the
// shared framework, in two roles: `api` answers the account, predictions and the prediction's own
// URL; `stream` answers the stream URLs the predictions link to (every Replicate stream origin in
// the data maps to it). Both run in one process and share the predictions made (`PREDICTIONS`):
// a stream request carries no token, so the stream role finds its scenario by the stream's id.
//
// Real (see src/content/errors/replicate/ and /work/shared/research/providers/replicate.md): the
// 401 body (replicate-python cassette run__invalid-token, 2023-11), both 402 bodies ("Insufficient
// credit", opencode.school#211, 2026-08; "Billing required", replicate-javascript#342, 2025-02),
// the 429 body with `retry_after` (nodetool#5196, 2026-08), the 404 body (replicate-javascript#347,
// 2025-03); the account shape `{type, username, name, github_url}` (replicate-javascript
// lib/accounts.js and index.d.ts); a prediction's shape with `urls.{get,cancel,stream}`, `version`,
// `status` and the headers `ratelimit-remaining`, `ratelimit-reset`, `replicate-edge-cluster`,
// `replicate-target-cluster` (replicate-python cassette of meta/meta-llama-3-8b-instruct,
// 2024-10-04); stream hosts stream-b.svc.ric1.c.replicate.net (predictions of 2024-12 to 2025-11)
// and the `/v1/streams/<id>` path; the stream's named events output/logs/error/done with `done`
// data `{}` (replicate-javascript lib/stream.js); `metrics.output_token_count` of official language
// models (replicate/cog docs/metrics.md); the wait in `starting` of a cold boot (a lucataco/
// moondream2 run of 2024-12-06 started 12.7 s after it was created).
//
// Synthetic, marked where used: ids, usernames and timestamps; the 500 body (none was ever
// published); the 429 on the account call (the real one was on creating a prediction); the SSE
// `id:` values; the answer text; the stream links that point elsewhere (they test Keyprobe, not
// Replicate); a cold boot of 1.5 s instead of minutes.
import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { bearerKey, fakeKey, GENERIC_FAULTS, type FakeCall, type FakeModule, type GenericFault } from './framework.ts';

export const REPLICATE_SCENARIOS = [
  'valid',
  'user',
  'invalid',
  'noCredit',
  'billingRequired',
  'rateLimited',
  'throttled',
  'serverError',
  'modelNotFound',
  'coldBoot',
  'noMetrics',
  'failedPrediction',
  'streamError',
  'noStreamLink',
  'streamLoopback',
  'streamForeignHost',
  'streamLookalikeHost',
  'jobLinkForeign',
  'streamHttpError',
  ...GENERIC_FAULTS,
] as const;

export type ReplicateScenario = (typeof REPLICATE_SCENARIOS)[number];

export const REPLICATE_DESCRIPTIONS: Record<ReplicateScenario, string> = {
  valid: 'a working token of an organization with credit',
  user: 'a working token of a personal account',
  invalid: '401 Unauthenticated',
  noCredit: 'account works; running a model gets 402 “Insufficient credit”',
  billingRequired: 'account works; running a model gets 402 “Billing required”',
  rateLimited: '429 “Request was throttled” on the account call',
  throttled: 'account works; creating a prediction gets 429 with retry_after',
  serverError: '500 on the account call',
  modelNotFound: 'account works; the model answers 404',
  coldBoot: 'a working token; the model boots before it answers',
  noMetrics: 'a working token; the finished prediction reports no token count',
  failedPrediction: 'a working token; the prediction fails after its stream ends',
  streamError: 'a working token; the stream sends an error event',
  noStreamLink: 'a working token; the prediction links to no stream',
  streamLoopback: 'a prediction whose stream link points at http://127.0.0.1:1/',
  streamForeignHost: 'a prediction whose stream link points at another https host',
  streamLookalikeHost: 'a prediction whose stream link is a look-alike of a Replicate host',
  jobLinkForeign: 'a working token; the prediction’s own link points at another host',
  streamHttpError: 'a working token; the stream host answers 404',
  hang: 'never answers (timeout)',
  resetBeforeHeaders: 'the connection is reset before any answer',
  redirectForeign: 'answers with a redirect',
  redirectForeignHost: 'redirects to a foreign host',
  hugeBody: 'an endless answer',
};

/** Keys of the real shape: r8_ + 37 letters and digits (40 characters). */
export function replicateKeyFor(scenario: ReplicateScenario): string {
  return fakeKey(`replicate:${scenario}`, { prefix: 'r8_', length: 40 });
}

export const REPLICATE_DEMO_KEYS = REPLICATE_SCENARIOS.map((name) => ({ name, key: replicateKeyFor(name), description: REPLICATE_DESCRIPTIONS[name] }));

/** The origins the fake stands in for, by role (every stream origin of the data has an instance here). */
export const REPLICATE_API_ORIGIN = 'https://api.replicate.com';
export const REPLICATE_STREAM_ORIGINS = ['https://stream-b.svc.ric1.c.replicate.net', 'https://stream.replicate.com', 'https://streaming-api.svc.rno2.c.replicate.net'] as const;
const STREAM_ORIGIN = REPLICATE_STREAM_ORIGINS[0];

/** A prediction made by the api role, read by the stream role and by `GET /v1/predictions/{id}`. */
interface Prediction {
  id: string;
  streamId: string;
  scenario: ReplicateScenario;
  model: string;
  input: { prompt: string; max_tokens: number };
  timing: FakeCall<ReplicateScenario>['timing'];
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  tokens: string[];
  streamed: boolean;
}

/** Shared by both roles in one process; bounded, oldest dropped first. */
const PREDICTIONS = new Map<string, Prediction>();
const byStream = (streamId: string) => [...PREDICTIONS.values()].find((p) => p.streamId === streamId);
const remember = (p: Prediction) => {
  PREDICTIONS.set(p.id, p);
  while (PREDICTIONS.size > 500) PREDICTIONS.delete(PREDICTIONS.keys().next().value as string);
};

// Replicate's ids are 26 lower-case base-32 characters (jp9nrd1g2hrj20cjb2vrb55mkr); stream ids 52.
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const replicateId = (length: number) => [...randomBytes(length)].map((b) => BASE32[b % 32]).join('');

const iso = (ms: number) => new Date(ms).toISOString();

const problem = (status: number, body: Record<string, unknown>): [number, Record<string, unknown>] => [status, body];

/** Real bodies (see the header), by scenario. */
const ERRORS = {
  invalid: problem(401, { title: 'Unauthenticated', detail: 'You did not pass a valid authentication token', status: 401 }),
  noCredit: problem(402, {
    title: 'Insufficient credit',
    detail: 'You have insufficient credit to run this model. Go to https://replicate.com/account/billing#billing to purchase credit. Once you purchase credit, please wait a few minutes before trying again.',
    status: 402,
  }),
  billingRequired: problem(402, {
    title: 'Billing required',
    detail: 'You need to set up billing to run this model. Go to https://replicate.com/account/billing#billing to set it up. If you have recently set up billing, please wait a few minutes before trying again.',
    status: 402,
  }),
  throttled: problem(429, {
    detail: 'Request was throttled. Your rate limit for creating predictions is reduced to 6 requests per minute with a burst of 1 requests while you have less than $5.0 in credit. Your rate limit resets in ~5s.',
    status: 429,
    retry_after: 5,
  }),
  notFound: problem(404, { detail: 'The requested resource could not be found.', status: 404 }),
  // Synthetic: no Replicate 5xx body was ever published (replicate-python#379 shows only its size).
  serverError: problem(500, { title: 'Internal Server Error', detail: 'Something went wrong on our end.', status: 500 }),
};

const HUGE = { open: '{"type":"organization","username":"', item: () => 'x'.repeat(64), close: '"}' };

/** Headers every api answer carries, from the 2024-10-04 recording. */
function apiHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    server: 'cloudflare',
    'cf-ray': `${randomBytes(8).toString('hex')}-SJC`,
    'cf-cache-status': 'DYNAMIC',
    'ratelimit-remaining': '599',
    'ratelimit-reset': '1',
    'replicate-edge-cluster': 'services-aws-us-west-2',
    'replicate-target-cluster': 'coreweave-rno2',
    ...extra,
  };
}

/** The text a prompt gets: "OK" for the check, counting for the benchmark (synthetic answers). */
function tokensFor(prompt: string, maxTokens: number, wanted: number): string[] {
  if (/single word OK/.test(prompt)) return ['OK'];
  const count = Math.max(1, Math.min(maxTokens, wanted));
  return Array.from({ length: count }, (_, i) => `${i + 1}\n`);
}

/** What a prediction's own links say, for the scenarios that test where Keyprobe follows them. */
function links(p: Prediction): Record<string, string> {
  const get = `${REPLICATE_API_ORIGIN}/v1/predictions/${p.id}`;
  const stream = {
    streamLoopback: `http://127.0.0.1:1/v1/streams/${p.streamId}`,
    streamForeignHost: `https://stream.example.com/v1/streams/${p.streamId}`,
    streamLookalikeHost: `https://stream-b.svc.ric1.c.replicate.net.example.com/v1/streams/${p.streamId}`,
  }[p.scenario as string] ?? `${STREAM_ORIGIN}/v1/streams/${p.streamId}`;
  const out: Record<string, string> = { cancel: `${get}/cancel`, get: p.scenario === 'jobLinkForeign' ? `https://api.example.com/v1/predictions/${p.id}` : get };
  if (p.scenario !== 'noStreamLink') out.stream = stream;
  return out;
}

function predictionJson(p: Prediction, now = performance.timeOrigin + performance.now()) {
  const done = p.completedAt !== null && p.completedAt <= now;
  const failed = p.scenario === 'failedPrediction' && done;
  const status = failed ? 'failed' : done ? 'succeeded' : p.startedAt !== null && p.startedAt <= now ? 'processing' : 'starting';
  const metrics: Record<string, number> = {};
  if (done) {
    metrics.predict_time = ((p.completedAt ?? now) - (p.startedAt ?? now)) / 1000;
    metrics.total_time = ((p.completedAt ?? now) - p.createdAt) / 1000;
    if (p.scenario !== 'noMetrics' && !failed) {
      metrics.input_token_count = 24;
      metrics.output_token_count = p.tokens.length;
    }
  }
  return {
    id: p.id,
    model: p.model,
    // Official models show their version as "hidden" in recorded predictions of 2025.
    version: 'hidden',
    input: p.input,
    logs: '',
    output: done ? p.tokens : null,
    data_removed: false,
    error: failed ? 'CUDA error: out of memory' : null,
    status,
    created_at: iso(p.createdAt),
    ...(p.startedAt !== null && p.startedAt <= now ? { started_at: iso(p.startedAt) } : {}),
    ...(done ? { completed_at: iso(p.completedAt ?? now), metrics } : {}),
    urls: links(p),
  };
}

function readInput(body: string): { prompt: string; max_tokens: number } {
  try {
    const parsed = JSON.parse(body) as { input?: { prompt?: unknown; max_tokens?: unknown } };
    return { prompt: String(parsed.input?.prompt ?? ''), max_tokens: typeof parsed.input?.max_tokens === 'number' ? parsed.input.max_tokens : 128 };
  } catch {
    return { prompt: '', max_tokens: 128 };
  }
}

async function handleApi(call: FakeCall<ReplicateScenario>): Promise<void> {
  const { scenario } = call;
  const fail = ([status, body]: [number, Record<string, unknown>]) => call.json(status, body, { ...apiHeaders(), 'content-type': 'application/problem+json' });
  if (!(await call.waitHeaders())) return;
  if (scenario !== undefined && (GENERIC_FAULTS as readonly string[]).includes(scenario)) {
    await call.fault(scenario as GenericFault, HUGE);
    return;
  }
  if (call.key === undefined || scenario === undefined || scenario === 'invalid') return fail(ERRORS.invalid);

  if (call.method === 'GET' && call.path === '/v1/account') {
    if (scenario === 'serverError') return fail(ERRORS.serverError);
    // Synthetic placement: the real 429 was an answer to creating a prediction.
    if (scenario === 'rateLimited') return fail(ERRORS.throttled);
    const type = scenario === 'user' ? 'user' : 'organization';
    // The owner's names: Keyprobe must never show them (synthetic values).
    return call.json(200, { type, username: 'keyprobe-fake-owner', name: 'Fake Owner Name', github_url: 'https://github.com/keyprobe-fake-owner' }, apiHeaders({ 'ratelimit-remaining': '2999' }));
  }

  const create = /^\/v1\/models\/([^/]+)\/([^/]+)\/predictions$/.exec(call.path);
  if (call.method === 'POST' && create) {
    if (scenario === 'noCredit') return fail(ERRORS.noCredit);
    if (scenario === 'billingRequired') return fail(ERRORS.billingRequired);
    if (scenario === 'throttled') return fail(ERRORS.throttled);
    if (scenario === 'modelNotFound') return fail(ERRORS.notFound);
    const input = readInput(call.body);
    const now = performance.timeOrigin + performance.now();
    const boot = scenario === 'coldBoot' ? 1500 : 0;
    const prediction: Prediction = {
      id: replicateId(26),
      streamId: replicateId(52),
      scenario,
      model: `${create[1]}/${create[2]}`,
      input,
      timing: call.timing,
      createdAt: now,
      startedAt: now + boot + 20,
      completedAt: null,
      tokens: tokensFor(input.prompt, input.max_tokens, call.timing.completionTokens),
      streamed: false,
    };
    remember(prediction);
    return call.json(201, predictionJson(prediction, now), apiHeaders({ 'content-type': 'application/json; charset=UTF-8' }));
  }

  const get = /^\/v1\/predictions\/([a-z0-9]+)$/.exec(call.path);
  if (call.method === 'GET' && get) {
    const p = PREDICTIONS.get(get[1] ?? '');
    if (!p) return fail(ERRORS.notFound);
    return call.json(200, predictionJson(p), apiHeaders());
  }
  return fail(ERRORS.notFound);
}

/** One SSE event; text with line breaks goes on several `data:` lines, as SSE requires. */
const sse = (event: string, data: string, id?: string) => `event: ${event}\n${id ? `id: ${id}\n` : ''}${data.split('\n').map((line) => `data: ${line}`).join('\n')}\n\n`;

async function handleStream(call: FakeCall<ReplicateScenario>): Promise<void> {
  const match = /^\/v1\/streams\/([a-z0-9]+)$/.exec(call.path);
  const p = match ? byStream(match[1] ?? '') : undefined;
  if (!p) return call.json(404, { detail: 'The requested resource could not be found.', status: 404 });
  if (p.scenario === 'streamHttpError') return call.json(404, { detail: 'The requested resource could not be found.', status: 404 });
  const { timing } = p;
  call.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', server: 'cloudflare' });
  // A cold boot: nothing is sent until the model has started.
  if (p.startedAt !== null && !(await call.sleepUntil(p.startedAt - performance.timeOrigin))) return;
  call.res.write(sse('logs', 'Prediction started.'));
  const start = performance.now();
  for (let i = 0; i < p.tokens.length; i++) {
    if (!(await call.sleepUntil(start + timing.firstTokenMs + i * timing.interTokenMs))) return;
    // Empty outputs happen in real runs; they are not tokens.
    if (i === 0) call.res.write(sse('output', '', `${Math.floor(start)}:0`));
    call.res.write(sse('output', p.tokens[i] ?? '', `${Math.floor(start)}:${i + 1}`));
    if (p.scenario === 'streamError') {
      call.res.end(sse('error', 'Prediction failed: CUDA error: out of memory'));
      return;
    }
  }
  p.completedAt = performance.timeOrigin + performance.now();
  p.streamed = true;
  call.res.end(sse('done', p.scenario === 'failedPrediction' ? '{"reason":"error"}' : '{}'));
}

function fakeModule(role: 'api' | 'stream'): FakeModule<ReplicateScenario> {
  return {
    scenarios: REPLICATE_SCENARIOS,
    keyFor: replicateKeyFor,
    keyOf: (req: IncomingMessage) => bearerKey(req) ?? tokenKey(req),
    handle: (call) => (role === 'api' ? handleApi(call) : handleStream(call)),
  };
}

/** The legacy `Authorization: Token r8_…` form, which Replicate still accepts. */
function tokenKey(req: IncomingMessage): string | undefined {
  const auth = req.headers['authorization'];
  return typeof auth === 'string' ? /^Token\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined;
}

export const replicateApiFake = fakeModule('api');
export const replicateStreamFake = fakeModule('stream');
