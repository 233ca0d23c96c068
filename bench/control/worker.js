/**
 * The control: a worker that does the I/O `POST /api/test` does, in the same runtime, with the
 * same assets, rate-limit and Durable Object bindings, and none of Keyprobe's logic (no schema, no
 * verdicts, no model merging). What it costs is the floor the local runtime sets for that I/O; what
 * the real endpoint costs above it is Keyprobe's own. (control/bare.js does none of the I/O.)
 *
 * Validation: read the body, SHA-256 of provider + key, both rate limits, the daily counter (its
 * name two HMACs, as the endpoint derives it; one Durable Object call), GET /v1/models read whole
 * and parsed, four NDJSON lines of the same sizes streamed back. With `benchmark`, also
 * warm-up + N streamed chat calls paced like the endpoint paces a paid key, each read chunk by
 * chunk with a timestamp per chunk, and one sample line per run.
 */
import { DurableObject } from 'cloudflare:workers';

const encoder = new TextEncoder();

/** The endpoint's daily counter, the same storage calls (src/server/daily-cap.ts). */
export class DailyCap extends DurableObject {
  async count(limit) {
    const now = Date.now();
    let entry = await this.ctx.storage.get('entry');
    if (!entry || entry.expires <= now) {
      entry = { count: 0, expires: now + 86_400_000 };
      await this.ctx.storage.setAlarm(entry.expires);
    }
    entry.count += 1;
    await this.ctx.storage.put('entry', entry);
    return { allowed: entry.count <= limit, count: entry.count };
  }

  async alarm() {
    await this.ctx.storage.deleteAll();
  }
}

async function hmac(secret, message) {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return hex(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
}
const CONTENT = /"delta":\{(?:"role":"assistant",)?"content":"(?!")/;

function hex(buffer) {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function streamChat(origin, key, maxTokens, run) {
  const body = JSON.stringify({
    model: 'mistral-small-latest',
    messages: [{ role: 'user', content: `Count upwards from 1, one number per line, and do not stop. (${run})` }],
    max_tokens: maxTokens,
    stream: true,
  });
  const sentAt = performance.now();
  const response = await fetch(`${origin}/v1/chat/completions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
    body,
  });
  const headersAt = performance.now();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  let firstAt = null;
  let lastAt = null;
  let doneAt = null;
  let tokens = null;
  for (;;) {
    const { done, value } = await reader.read();
    const at = performance.now();
    if (done) break;
    pending += decoder.decode(value, { stream: true });
    // Whole events only (they end with a blank line); no parsing beyond what timing needs.
    let end = pending.indexOf('\n\n');
    while (end >= 0) {
      const event = pending.slice(0, end);
      pending = pending.slice(end + 2);
      if (CONTENT.test(event)) {
        firstAt ??= at;
        lastAt = at;
      }
      const usage = /"completion_tokens":(\d+)/.exec(event);
      if (usage) tokens = Number(usage[1]);
      if (event.includes('[DONE]')) doneAt ??= at;
      end = pending.indexOf('\n\n');
    }
    if (doneAt !== null) break;
  }
  const rate = tokens !== null && tokens > 1 && firstAt !== null && lastAt > firstAt ? (tokens - 1) / ((lastAt - firstAt) / 1000) : null;
  return { ttfbMs: headersAt - sentAt, ttftMs: firstAt === null ? null : firstAt - sentAt, e2eMs: (doneAt ?? performance.now()) - sentAt, outputTokens: tokens, tokensPerSecond: rate };
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname !== '/api/test' || request.method !== 'POST') return env.ASSETS.fetch(request);
    const key = request.headers.get('x-api-key') ?? '';
    const json = JSON.parse(await request.text());
    const digest = await crypto.subtle.digest('SHA-256', encoder.encode(`${json.provider}\n${key}`));
    // The benchmark asks for a variant without the limits, to show what the local limiters cost.
    if (request.headers.get('x-control-skip-limits') !== '1') {
      const [byIp, byKey] = await Promise.all([
        env.LIMIT_BY_IP.limit({ key: request.headers.get('cf-connecting-ip') ?? 'local' }),
        env.LIMIT_BY_KEY.limit({ key: hex(digest) }),
      ]);
      if (!byIp.success || !byKey.success) return new Response('{"error":{}}', { status: 429 });
      const name = await hmac(await hmac('control-salt', new Date().toISOString().slice(0, 10)), request.headers.get('cf-connecting-ip') ?? 'local');
      const { allowed } = await env.DAILY_CAP.get(env.DAILY_CAP.idFromName(name)).count(200);
      if (!allowed) return new Response('{"error":{}}', { status: 429 });
    }
    const overrides = JSON.parse(env.UPSTREAM_OVERRIDES || '{}');
    const origin = overrides[json.endpoint === 'eu' ? 'https://api.eu.mistral.ai' : 'https://api.mistral.ai'];
    const { readable, writable } = new TransformStream();
    const writer = writable.getWriter();
    const line = (value) => writer.write(encoder.encode(`${JSON.stringify(value)}\n`));
    const run = async () => {
      const started = performance.now();
      const answer = await fetch(`${origin}/v1/models`, { headers: { Authorization: `Bearer ${key}`, Accept: 'application/json' } });
      const list = JSON.parse(await answer.text());
      // Sizes like the endpoint's: a ~250-byte verdict, the ~12 KB merged model list, the limits, done.
      await line({ type: 'validation', verdict: 'valid', httpStatus: answer.status, ms: performance.now() - started, message: 'x'.repeat(180) });
      await line({ type: 'models', models: list.data.slice(0, 33).map((m) => ({ id: m.id, name: m.name, aliases: m.aliases, capabilities: m.capabilities })) });
      await line({ type: 'rate_limits', limits: [answer.headers.get('x-ratelimit-limit-req-minute'), answer.headers.get('x-ratelimit-remaining-req-minute')], notes: ['x'.repeat(300)] });
      if (json.benchmark) {
        let lastStart = -Infinity;
        for (let i = 0; i <= (json.benchmark.runs ?? 5); i++) {
          const wait = lastStart + 134 - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          lastStart = performance.now();
          const sample = await streamChat(origin, key, json.benchmark.maxTokens ?? 32, i);
          await line({ type: 'sample', run: i, warmup: i === 0, ...sample });
        }
        await line({ type: 'summary', runs: json.benchmark.runs ?? 5 });
      }
      await line({ type: 'done', ms: performance.now() - started });
      await writer.close();
    };
    void run();
    return new Response(readable, { headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store, no-transform' } });
  },
};
