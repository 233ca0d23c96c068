/**
 * `POST /api/test` in the Worker: the request gate, the abuse limits and the NDJSON response around
 * the runtime-neutral runner (run-test.ts). Stateless: the key lives in this request only, and
 * every event passes the key scrubber (events.ts) before it is written.
 */
import { LIMITS, type TestEvent } from '../lib/api-contract';
import type { Endpoint } from '../lib/provider-registry';
import { createKeyScrubber } from '../lib/key-fragments';
import { checkAbuseLimits, type AbuseLimits } from './abuse';
import { createAllowList, forResource, parseOverrides, type Overrides } from './allow-list';
import { createEventWriter, publicLiterals, type Emit } from './events';
import { baseHeaders, errorResponse, internalErrorResponse } from './http';
import { humanCheck, TURNSTILE_ORIGIN, verifyHuman, type HumanCheck } from './human-check';
import { createTransport } from './outbound';
import { defaultRegistry, type TesterRegistry } from './registry';
import { readTestRequest, type AcceptedRequest } from './request';
import { BENCHMARK_DEADLINE_MS, runTest, type Tester } from './run-test';

export interface EndpointEnv extends AbuseLimits {
  /** JSON map of provider origin → loopback origin, for tests and the demo only. */
  UPSTREAM_OVERRIDES?: string;
  /** Secret of the optional human check (Turnstile); see src/server/human-check.ts. */
  TURNSTILE_SECRET?: string;
}

export interface RequestMeta {
  /** `request.cf.colo` in production; undefined locally. */
  colo?: string;
  /** The testers to use; tests pass one with a made-up provider or a broken adapter. */
  registry?: TesterRegistry;
  /** Called with every outbound URL (tests record where keys were sent). */
  onSend?: (url: string, method: string) => void;
  /** The human check's site key; by default the one the site was built with. */
  turnstileSiteKey?: string;
}


const encoder = new TextEncoder();

/** Parsed `UPSTREAM_OVERRIDES`, kept for as long as the setting and the registry stay the same. */
let parsedOverrides: { raw: string | undefined; registry: TesterRegistry; overrides: Overrides } | undefined;

function overridesFor(raw: string | undefined, registry: TesterRegistry): Overrides {
  if (parsedOverrides === undefined || parsedOverrides.raw !== raw || parsedOverrides.registry !== registry) {
    // Turnstile's siteverify can be pointed at a fake too, like the providers.
    parsedOverrides = { raw, registry, overrides: parseOverrides(raw, [...registry.origins, TURNSTILE_ORIGIN]) };
  }
  return parsedOverrides.overrides;
}

/** A request that passed the gate, with what the rest of the pipeline needs. */
export interface Admitted {
  body: AcceptedRequest['body'];
  key: string;
  tester: Tester;
  endpoint: Endpoint;
  registry: TesterRegistry;
  overrides: Overrides;
  human: HumanCheck;
}

export type Admission = { ok: true; admitted: Admitted } | { ok: false; response: Response };

const misconfigured = () => errorResponse(503, 'misconfigured', 'Keyprobe is misconfigured; the test was not run.');

/**
 * The pipeline, in the order every request takes it (handleTestRequest). Split in stages so the
 * benchmark (bench/stages/) can time each one with the very code that serves requests; no stage
 * can be skipped from outside: handleTestRequest always runs all of them.
 *
 * Stage 1, the gate: configuration, then the request itself (src/server/request.ts), its provider and endpoint.
 */
export async function admit(request: Request, env: EndpointEnv, meta: RequestMeta = {}): Promise<Admission> {
  const registry = meta.registry ?? defaultRegistry;
  let overrides: Overrides;
  try {
    overrides = overridesFor(env.UPSTREAM_OVERRIDES, registry);
  } catch {
    return { ok: false, response: misconfigured() };
  }
  const human = humanCheck(meta.turnstileSiteKey ?? import.meta.env.PUBLIC_TURNSTILE_SITE_KEY, env.TURNSTILE_SECRET);
  if (human.kind === 'misconfigured') return { ok: false, response: misconfigured() };
  const gate = await readTestRequest(request, registry);
  if (!gate.ok) return gate;
  const { body, key } = gate.request;
  const registered = registry.get(body.provider);
  if (!registered) return { ok: false, response: internalErrorResponse() };
  // A provider whose host is the user's resource gets its origins built here, from the checked name.
  const tester: Tester = body.resource === undefined ? registered : { ...registered, data: { ...registered.data, endpoints: registered.data.endpoints.map((e) => forResource(e, body.resource)) } };
  const endpoint = tester.data.endpoints.find((e) => e.id === body.endpoint);
  if (!endpoint) return { ok: false, response: internalErrorResponse() };
  return { ok: true, admitted: { body, key, tester, endpoint, registry, overrides, human } };
}

/** Stage 2, the limits: the abuse limits (abuse.ts), then the optional human check. Null: go ahead. */
export async function limit(request: Request, env: EndpointEnv, admitted: Admitted): Promise<Response | null> {
  const limited = await checkAbuseLimits(env, request, admitted.body.provider, admitted.key);
  if (limited) return limited;
  const { human, overrides } = admitted;
  if (human.kind === 'on') return verifyHuman(human, admitted.body.turnstileToken, request, (origin) => overrides.get(origin) ?? origin);
  return null;
}

/**
 * Stage 3, the run (run-test.ts): every call to the provider and what it makes of the answers,
 * handed to `emit` as events, then `done`. `stop` aborts it (deadline, or the reader went away).
 */
export async function run(admitted: Admitted, meta: RequestMeta, emit: Emit, stop: AbortController): Promise<void> {
  const started = performance.now();
  const { body, key, tester, endpoint, registry, overrides } = admitted;
  const deadline = setTimeout(() => stop.abort(), body.benchmark ? BENCHMARK_DEADLINE_MS : LIMITS.runDeadlineMs);
  const transport = createTransport({
    key,
    auth: tester.data.auth,
    fixedHeaders: tester.data.fixedHeaders,
    allowList: createAllowList(registry.origins, overrides),
    onSend: meta.onSend,
  });
  try {
    // Workers' clock stands still while code runs: times are those at which I/O completed.
    await runTest({ key, tester, endpoint, request: body, transport, signal: stop.signal, emit, measuredFrom: meta.colo ?? 'local', clockAdvancesOnIoOnly: true });
  } catch {
    await emit({ type: 'error', code: 'internal_error', message: 'Something went wrong inside Keyprobe; the test stopped. Your key was not kept.' });
  } finally {
    clearTimeout(deadline);
    await emit({ type: 'done', ms: Math.round(performance.now() - started) });
  }
}

/** Stage 4, the answer: the run's events, each through the key scrubber (events.ts), as NDJSON lines. */
export function respond(admitted: Admitted, meta: RequestMeta): Response {
  const stop = new AbortController();
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const emit = createEventWriter(createKeyScrubber(admitted.key, publicLiterals(admitted.tester.data)), async (event: TestEvent) => {
    try {
      await writer.write(encoder.encode(`${JSON.stringify(event)}\n`));
    } catch {
      // The reader went away: stop calling the provider on its behalf.
      stop.abort();
    }
  });
  void run(admitted, meta, emit, stop).finally(() => writer.close().catch(() => undefined));
  return new Response(readable, {
    status: 200,
    headers: {
      ...baseHeaders,
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      // no-transform: a compressing proxy must not hold lines back to fill a buffer.
      'Cache-Control': 'no-store, no-transform',
    },
  });
}

export async function handleTestRequest(request: Request, env: EndpointEnv, meta: RequestMeta = {}): Promise<Response> {
  try {
    const admission = await admit(request, env, meta);
    if (!admission.ok) return admission.response;
    const refused = await limit(request, env, admission.admitted);
    if (refused) return refused;
    return respond(admission.admitted, meta);
  } catch {
    return internalErrorResponse();
  }
}
