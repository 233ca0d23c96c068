/**
 * Bench only, never deployed: the endpoint's own pipeline (src/server/test-endpoint.ts) stopped
 * after each stage, to time the stages with the code that serves requests. The stage comes from
 * the `X-Bench-Stage` header; each arm then does the bare worker's work (control/bare.js: GET
 * /v1/models on the endpoint's upstream, four NDJSON lines), so arms differ only by the stages run:
 *
 *   bare    the bare worker's work, inside this bundle (compare with control/bare.js)
 *   gate    + admit(): configuration, the request gate and its schema, provider and endpoint
 *   hash    + the hashing the limits need: SHA-256 of provider + key, the daily counter's HMAC name
 *   limits  + limit(): both rate-limit calls and the daily counter (hashing included), the human check
 *   run     + run(): the provider logic (validation, model list, limits, verdict) instead of the
 *           bare work; events are written as their type only, without scrubbing or serialising
 *   full    handleTestRequest(): all of the above and the scrubbing NDJSON writer (respond())
 *
 * The real endpoint (src/server/worker.ts in the site's build) adds its routing over `full`.
 * bench/lib/procs.ts bundles this file with wrangler (the content modules aliased to generated files).
 */
import type { TestEvent } from '../../src/lib/api-contract';
import { clientNetwork, dailyName, keyFingerprint } from '../../src/server/abuse';
import { admit, handleTestRequest, limit, run, type EndpointEnv } from '../../src/server/test-endpoint';

export { DailyCap } from '../../src/server/daily-cap';

const encoder = new TextEncoder();
const LOCAL_SALT = 'keyprobe-local-salt';
/** No human check in the bench (its site key would come from the build's environment). */
const META = { turnstileSiteKey: '' };

function bare(key: string, origin: string): Response {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const line = (value: unknown) => writer.write(encoder.encode(`${JSON.stringify(value)}\n`));
  const work = async () => {
    const started = performance.now();
    const answer = await fetch(`${origin}/v1/models`, { headers: { Authorization: `Bearer ${key}`, Accept: 'application/json' } });
    const list = JSON.parse(await answer.text()) as { data: { id: string; name: string; aliases: string[]; capabilities: unknown }[] };
    await line({ type: 'validation', verdict: 'valid', httpStatus: answer.status, ms: performance.now() - started, message: 'x'.repeat(180) });
    await line({ type: 'models', models: list.data.slice(0, 33).map((m) => ({ id: m.id, name: m.name, aliases: m.aliases, capabilities: m.capabilities })) });
    await line({ type: 'rate_limits', limits: [answer.headers.get('x-ratelimit-limit-req-minute'), answer.headers.get('x-ratelimit-remaining-req-minute')], notes: ['x'.repeat(300)] });
    await line({ type: 'done', ms: performance.now() - started });
    await writer.close();
  };
  void work();
  return new Response(readable, { headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store, no-transform' } });
}

export default {
  async fetch(request: Request, env: EndpointEnv): Promise<Response> {
    const stage = request.headers.get('x-bench-stage');
    if (stage === 'full') return handleTestRequest(request, env, META);
    if (stage === 'bare') {
      const overrides = JSON.parse(env.UPSTREAM_OVERRIDES ?? '{}') as Record<string, string>;
      return bare(request.headers.get('x-api-key') ?? '', overrides['https://api.mistral.ai'] ?? '');
    }
    const admission = await admit(request, env, META);
    if (!admission.ok) return admission.response;
    const admitted = admission.admitted;
    const upstream = admitted.overrides.get(admitted.endpoint.origin) ?? admitted.endpoint.origin;
    if (stage === 'gate') return bare(admitted.key, upstream);
    if (stage === 'hash') {
      await keyFingerprint(admitted.body.provider, admitted.key);
      await dailyName(env.DAILY_SALT || LOCAL_SALT, clientNetwork(request.headers.get('cf-connecting-ip') ?? '') ?? 'local');
      return bare(admitted.key, upstream);
    }
    const refused = await limit(request, env, admitted);
    if (refused) return refused;
    if (stage === 'limits') return bare(admitted.key, upstream);
    if (stage === 'run') {
      const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
      const writer = writable.getWriter();
      const emit = (event: TestEvent) => writer.write(encoder.encode(`{"type":"${event.type}"${event.type === 'validation' ? `,"verdict":"${event.verdict}"` : ''}}\n`));
      void run(admitted, META, emit, new AbortController()).finally(() => writer.close());
      return new Response(readable, { headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store, no-transform' } });
    }
    return new Response(`unknown stage ${stage}`, { status: 400 });
  },
};
