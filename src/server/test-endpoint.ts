/**
 * `POST /api/test`: validates the request, then streams the test's events as NDJSON, one line per
 * event, each written as soon as it is known. Stateless: the key lives in this request only.
 */
import { LIMITS, type TestEvent } from '../lib/api-contract';
import { checkAbuseLimits, type AbuseLimits } from './abuse';
import { baseHeaders, errorResponse, internalErrorResponse } from './http';
import { Pacer } from './pacing';
import { testers as defaultTesters, type ProviderTester } from './providers';
import { readTestRequest } from './request';
import { parseOverrides, providerConnection, type Overrides } from './upstream';

export interface EndpointEnv extends AbuseLimits {
  /** JSON map of provider origin → loopback origin, for tests and the demo only. */
  UPSTREAM_OVERRIDES?: string;
}

export interface RequestMeta {
  /** `request.cf.colo` in production; undefined locally. */
  colo?: string;
  /** Provider testers by id; tests replace one to prove how failures are contained. */
  testers?: Record<string, ProviderTester>;
}

/** A benchmark gets a longer budget than a plain test: runs are paced by the key's rate limit. */
const BENCHMARK_DEADLINE_MS = 60_000;

const encoder = new TextEncoder();

export async function handleTestRequest(request: Request, env: EndpointEnv, meta: RequestMeta = {}): Promise<Response> {
  try {
    let overrides: Overrides;
    try {
      overrides = parseOverrides(env.UPSTREAM_OVERRIDES);
    } catch {
      return errorResponse(500, 'misconfigured', 'Keyprobe is misconfigured; the test was not run.');
    }
    const gate = await readTestRequest(request);
    if (!gate.ok) return gate.response;
    const { body, key } = gate.request;
    const provider = providerConnection(body.provider);
    const endpoint = provider?.endpoints.find((e) => e.id === body.endpoint);
    const tester = (meta.testers ?? defaultTesters)[body.provider];
    if (!provider || !endpoint || !tester) return internalErrorResponse();
    const limited = await checkAbuseLimits(env, request, body.provider, key);
    if (limited) return limited;

    const started = performance.now();
    const budget = body.benchmark ? BENCHMARK_DEADLINE_MS : LIMITS.runDeadlineMs;
    const stop = new AbortController();
    const deadline = setTimeout(() => stop.abort(), budget);
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    const emit = async (event: TestEvent) => {
      try {
        await writer.write(encoder.encode(`${JSON.stringify(event)}\n`));
      } catch {
        // The reader went away: stop calling the provider on its behalf.
        stop.abort();
      }
    };

    const run = async () => {
      try {
        await tester({ key, provider, endpoint, overrides, signal: stop.signal, pacer: new Pacer(), colo: meta.colo ?? 'local', emit }, body);
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
