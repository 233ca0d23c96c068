/**
 * `POST /api/test` in the Worker: the request gate, the abuse limits and the NDJSON response around
 * the runtime-neutral runner (run-test.ts). Stateless: the key lives in this request only, and
 * every event passes the key scrubber (events.ts) before it is written.
 */
import { LIMITS, type TestEvent } from '../lib/api-contract';
import { createKeyScrubber } from '../lib/key-fragments';
import { checkAbuseLimits, type AbuseLimits } from './abuse';
import { createAllowList, forResource, parseOverrides, type Overrides } from './allow-list';
import { createEventWriter } from './events';
import { baseHeaders, errorResponse, internalErrorResponse } from './http';
import { humanCheck, TURNSTILE_ORIGIN, verifyHuman } from './human-check';
import { createTransport } from './outbound';
import { defaultRegistry, type TesterRegistry } from './registry';
import { readTestRequest } from './request';
import { runTest, type Tester } from './run-test';

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

/** A benchmark gets a longer budget than a plain test: runs are paced by the key's rate limit. */
const BENCHMARK_DEADLINE_MS = 60_000;

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

/** The public text of a provider's key shapes (prefixes, markers): not key material. */
function publicLiterals(tester: Tester): string[] {
  return tester.data.keyShapes.flatMap((shape) => [...(shape.prefix ? [shape.prefix] : []), ...shape.markers]);
}

export async function handleTestRequest(request: Request, env: EndpointEnv, meta: RequestMeta = {}): Promise<Response> {
  try {
    const registry = meta.registry ?? defaultRegistry;
    let overrides: Overrides;
    try {
      overrides = overridesFor(env.UPSTREAM_OVERRIDES, registry);
    } catch {
      return errorResponse(503, 'misconfigured', 'Keyprobe is misconfigured; the test was not run.');
    }
    const human = humanCheck(meta.turnstileSiteKey ?? import.meta.env.PUBLIC_TURNSTILE_SITE_KEY, env.TURNSTILE_SECRET);
    if (human.kind === 'misconfigured') return errorResponse(503, 'misconfigured', 'Keyprobe is misconfigured; the test was not run.');
    const gate = await readTestRequest(request, registry);
    if (!gate.ok) return gate.response;
    const { body, key } = gate.request;
    const registered = registry.get(body.provider);
    if (!registered) return internalErrorResponse();
    // A provider whose host is the user's resource gets its origins built here, from the checked name.
    const tester: Tester = { ...registered, data: { ...registered.data, endpoints: registered.data.endpoints.map((e) => forResource(e, body.resource)) } };
    const endpoint = tester.data.endpoints.find((e) => e.id === body.endpoint);
    if (!endpoint) return internalErrorResponse();
    const limited = await checkAbuseLimits(env, request, body.provider, key);
    if (limited) return limited;
    if (human.kind === 'on') {
      const refused = await verifyHuman(human, body.turnstileToken, request, (origin) => overrides.get(origin) ?? origin);
      if (refused) return refused;
    }

    const started = performance.now();
    const budget = body.benchmark ? BENCHMARK_DEADLINE_MS : LIMITS.runDeadlineMs;
    const stop = new AbortController();
    const deadline = setTimeout(() => stop.abort(), budget);
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    const emit = createEventWriter(createKeyScrubber(key, publicLiterals(tester)), async (event: TestEvent) => {
      try {
        await writer.write(encoder.encode(`${JSON.stringify(event)}\n`));
      } catch {
        // The reader went away: stop calling the provider on its behalf.
        stop.abort();
      }
    });
    const transport = createTransport({
      key,
      auth: tester.data.auth,
      fixedHeaders: tester.data.fixedHeaders,
      allowList: createAllowList(registry.origins, overrides),
      onSend: meta.onSend,
    });

    const run = async () => {
      try {
        await runTest({ key, tester, endpoint, request: body, transport, signal: stop.signal, emit, measuredFrom: meta.colo ?? 'local' });
      } catch {
        await emit({ type: 'error', code: 'internal_error', message: 'Something went wrong inside Keyprobe; the test stopped. Your key was not kept.' });
      } finally {
        clearTimeout(deadline);
        await emit({ type: 'done', ms: Math.round(performance.now() - started) });
        await writer.close().catch(() => undefined);
      }
    };
    void run();

    return new Response(readable, {
      status: 200,
      headers: {
        ...baseHeaders,
        'Content-Type': 'application/x-ndjson; charset=utf-8',
        // no-transform: a compressing proxy must not hold lines back to fill a buffer.
        'Cache-Control': 'no-store, no-transform',
      },
    });
  } catch {
    return internalErrorResponse();
  }
}
