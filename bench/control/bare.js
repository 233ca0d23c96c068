/**
 * The bare worker: the least any worker answering POST /api/test must do, and nothing else. The key
 * from the X-Api-Key header, the same GET /v1/models on the same loopback fake as the endpoint's
 * validation, the list parsed, and four NDJSON lines of the endpoint's sizes written (a verdict, the
 * model list, the rate limits, done). No body read, no routing, no limits, no hashing, no schema.
 * Run by the same `wrangler dev`, with the same config, as the endpoint: what POST /api/test costs
 * above this arm is what Keyprobe adds for its user.
 */
const encoder = new TextEncoder();

export default {
  async fetch(request, env) {
    const key = request.headers.get('x-api-key') ?? '';
    const origin = JSON.parse(env.UPSTREAM_OVERRIDES)['https://api.mistral.ai'];
    const { readable, writable } = new TransformStream();
    const writer = writable.getWriter();
    const line = (value) => writer.write(encoder.encode(`${JSON.stringify(value)}\n`));
    const run = async () => {
      const started = performance.now();
      const answer = await fetch(`${origin}/v1/models`, { headers: { Authorization: `Bearer ${key}`, Accept: 'application/json' } });
      const list = JSON.parse(await answer.text());
      await line({ type: 'validation', verdict: 'valid', httpStatus: answer.status, ms: performance.now() - started, message: 'x'.repeat(180) });
      await line({ type: 'models', models: list.data.slice(0, 33).map((m) => ({ id: m.id, name: m.name, aliases: m.aliases, capabilities: m.capabilities })) });
      await line({ type: 'rate_limits', limits: [answer.headers.get('x-ratelimit-limit-req-minute'), answer.headers.get('x-ratelimit-remaining-req-minute')], notes: ['x'.repeat(300)] });
      await line({ type: 'done', ms: performance.now() - started });
      await writer.close();
    };
    void run();
    return new Response(readable, { headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store, no-transform' } });
  },
};
