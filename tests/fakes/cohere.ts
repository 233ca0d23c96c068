// A fake of Cohere's own API (api.cohere.com: `GET /v1/models`, `POST /v2/chat`, `POST /v2/embed`) on the
// fake framework. Real material, with its source, in tests/fixtures/cohere/SOURCES.md: the model list
// (a recorded answer), the answer headers, the 401 and 404 bodies, the v2 stream (named events, then
// `data: [DONE]`), the non-stream chat answer, the trial headers and the documented error messages.
// Everything marked "synthetic" below is shaped after those sources but not seen in a recording.
import type { IncomingMessage } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { COHERE_SCENARIOS, cohereKeyFor, type CohereScenario } from './cohere-keys.ts';
import { bearerKey, GENERIC_FAULTS, startFake, type FakeCall, type FakeModule, type FakeServer, type GenericFault } from './framework.ts';

export { COHERE_DESCRIPTIONS, COHERE_SCENARIOS, cohereKeyFor, type CohereScenario } from './cohere-keys.ts';

interface Card {
  name: string;
  endpoints: string[];
  [k: string]: unknown;
}

// Recorded answer of GET /v1/models?page_size=1000 (maruel/genai, 2026-08-17): 31 models, one page.
let modelList: { models: Card[] } | undefined;
const MODELS = (): { models: Card[] } =>
  (modelList ??= JSON.parse(readFileSync(new URL('../fixtures/cohere/models_2026-08-17_recorded.json', import.meta.url), 'utf8')) as { models: Card[] });

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** Headers of Cohere's answers (recorded); the bad-key 401s carry no trace id and no expose header. */
function infraHeaders(call: FakeCall<CohereScenario>, o: { trace: boolean; stream?: boolean }): Record<string, string> {
  const h: Record<string, string> = {
    'alt-svc': 'h3=":443"; ma=2592000',
    'cache-control': 'no-cache, no-store, no-transform, must-revalidate, private, max-age=0',
    expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
    pragma: 'no-cache',
    server: 'envoy',
    vary: o.stream ? 'Origin' : 'Origin,Accept-Encoding',
    via: '1.1 google',
    'x-accel-expires': '0',
    'x-envoy-upstream-service-time': String(Math.max(1, Math.round(performance.now() - call.t0))),
  };
  if (o.trace) {
    h['access-control-expose-headers'] = 'X-Debug-Trace-ID';
    h['x-debug-trace-id'] = hex(16);
  }
  return h;
}

// Documented messages (Cohere's error reference, 2026-08); the ids are fresh UUIDs as in every real body.
const TRIAL_MONTHLY =
  "You are using a Trial key, which is limited to 1000 API calls / month. You can continue to use the Trial key for free or upgrade to a Production key with higher rate limits at 'https://dashboard.cohere.com/api-keys'. Contact us on 'https://discord.gg/XW44jPfYJu' or email us at support@cohere.com with any questions";
const TRIAL_PER_MINUTE =
  "You are using a Trial key, which is limited to 40 API calls / minute. You can continue to use the Trial key for free or upgrade to a Production key with higher rate limits at 'https://dashboard.cohere.com/api-keys'. Contact us on 'https://discord.gg/XW44jPfYJu' or email us at support@cohere.com with any questions";
const PER_MINUTE = 'You are past the per minute request limit, please wait and try again later.';
const PAYMENT_METHOD = 'Please add or update your payment method at https://dashboard.cohere.com/billing?tab=payment to continue';
const MAX_BILLING =
  'Maximum billing reached for this API key as set in your dashboard, please go to https://dashboard.cohere.com/billing?tab=payment to increase your maximum amount to continue using this API key. Your billing capacity will reset at the beginning of next month.';
const EXPIRED = 'Your API key has expired. Please create a production key at dashboard.cohere.com or reach out to your contact at Cohere to continue usage.';
// The load balancer's page of cohere-typescript#185 and dify#2506 (2024), byte for byte.
const HTML_403 = '<!doctype html><meta charset="utf-8"><meta name=viewport content="width=device-width, initial-scale=1"><title>403</title>403 Forbidden';

const notFoundBody = (model: string) => ({ id: randomUUID(), message: `model '${model}' not found, make sure the correct model ID was used and that you have access to the model.` });

/**
 * Trial limits per endpoint and minute. Chat's 20 is the recorded header value (2026-06-05 dump);
 * the others follow Cohere's rate-limit table as header values (synthetic: not seen in a header).
 */
const TRIAL_PER_MINUTE_LIMIT: Record<string, number> = { models: 500, chat: 20, embed: 100 };
const TRIAL_MONTHLY_LIMIT = 1000;

interface State {
  /** Calls per key and endpoint in the current minute (trial headers count down). */
  minute: Map<string, { start: number; used: number }>;
}

function trialHeaders(state: State, key: string, endpoint: string): Record<string, string> {
  const id = `${key}:${endpoint}`;
  const now = Date.now();
  let window = state.minute.get(id);
  if (!window || now - window.start >= 60_000) {
    window = { start: now, used: 0 };
    state.minute.set(id, window);
  }
  window.used++;
  const limit = TRIAL_PER_MINUTE_LIMIT[endpoint] ?? 500;
  return {
    'x-endpoint-monthly-call-limit': String(TRIAL_MONTHLY_LIMIT),
    'x-trial-endpoint-call-limit': String(limit),
    'x-trial-endpoint-call-remaining': String(Math.max(0, limit - window.used)),
  };
}

/** The answer's words: "OK." first (the check asks for it), then counting. Synthetic. */
const tokenAt = (i: number) => (i === 0 ? 'OK' : i === 1 ? '.' : ` ${i - 1}`);

/** An opaque page token (synthetic: Cohere's format is not public). */
const pageToken = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');
const offsetOf = (token: string | null) => {
  if (!token) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  return match ? Number(match[1]) : -1;
};

const sse = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

function dimensionsOf(model: string, requested: unknown): number {
  if (typeof requested === 'number') return requested;
  if (model === 'embed-v4.0') return 1536;
  return model.includes('light') ? 384 : 1024;
}

export const cohereFake: FakeModule<CohereScenario> = {
  scenarios: COHERE_SCENARIOS,
  keyFor: cohereKeyFor,
  keyOf: (req: IncomingMessage) => bearerKey(req),
  createState: (): State => ({ minute: new Map() }),

  async handle(call, rawState) {
    const state = rawState as State;
    const scenario = call.scenario;
    if (!(await call.waitHeaders())) return;
    const error = (status: number, message: string, trace = true) =>
      call.json(status, { id: randomUUID(), message }, { ...infraHeaders(call, { trace }), 'content-type': 'application/json' });

    // A key no scenario knows is a wrong key (recorded body; the trace headers are absent on these).
    if (call.key === undefined || scenario === undefined || scenario === 'invalid') return error(401, 'invalid api token', false);
    if ((GENERIC_FAULTS as readonly string[]).includes(scenario)) {
      await call.fault(scenario as GenericFault, {
        open: '{"models":[',
        item: (i) => JSON.stringify({ name: `model-${i}`, endpoints: ['chat'], finetuned: false, context_length: 4096 }),
        close: ']}',
      });
      return;
    }
    switch (scenario) {
      case 'expired':
        return error(401, EXPIRED);
      case 'forbiddenHtml':
        return call.send(403, HTML_403, { 'content-type': 'text/html; charset=UTF-8', via: '1.1 google' });
      case 'trialMonthly':
        // The whole allowance is across endpoints; trial headers never come on a 429 (Elasticsearch's handler).
        return error(429, TRIAL_MONTHLY);
      case 'trialPerMinute':
        return error(429, TRIAL_PER_MINUTE);
      case 'rateLimited':
        return error(429, PER_MINUTE);
      case 'serverError':
        // cohere-python#563's words (2024-08), in today's `{id, message}` envelope.
        return error(500, `internal server error, this has been reported to our developers. id ${randomUUID()}`);
      default:
        break;
    }

    const route = call.path;
    const endpoint = route === '/v1/models' ? 'models' : route === '/v2/chat' ? 'chat' : route === '/v2/embed' ? 'embed' : null;
    // Synthetic: a plain-text "404 page not found" is in Cohere's error reference; its headers are not.
    if (endpoint === null || scenario === 'routeNotFound') return call.send(404, '404 page not found', { 'content-type': 'text/plain; charset=utf-8' });
    const trial = scenario === 'validTrial' ? trialHeaders(state, call.key, endpoint) : {};

    if (endpoint === 'models') {
      if (call.method !== 'GET') return call.send(404, '404 page not found', { 'content-type': 'text/plain; charset=utf-8' });
      const filter = call.url.searchParams.get('endpoint');
      const all = MODELS().models.filter((m) => !filter || m.endpoints.includes(filter));
      // The documented default page is 20, at most 1,000; `pagedModels` pages by 10 whatever is asked.
      const asked = Number(call.url.searchParams.get('page_size') ?? 20);
      const size = scenario === 'pagedModels' ? 10 : Math.min(1000, Math.max(1, Number.isFinite(asked) ? asked : 20));
      const offset = offsetOf(call.url.searchParams.get('page_token'));
      if (offset < 0) return error(400, 'invalid request: invalid page token');
      const page = all.slice(offset, offset + size);
      const body: Record<string, unknown> = { models: page };
      if (offset + size < all.length) body.next_page_token = pageToken(offset + size);
      return call.json(200, body, { ...infraHeaders(call, { trace: true }), ...trial, 'content-type': 'application/json' });
    }

    if (call.method !== 'POST') return call.send(404, '404 page not found', { 'content-type': 'text/plain; charset=utf-8' });
    if (scenario === 'paymentRequired') return error(402, PAYMENT_METHOD);
    if (scenario === 'billingLimit') return error(402, MAX_BILLING);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(call.body) as Record<string, unknown>;
    } catch {
      return error(400, "invalid json syntax: invalid character 'x' looking for beginning of value");
    }
    const model = typeof body.model === 'string' ? body.model : '';
    if (!model) return error(400, 'a model parameter is required for this endpoint.');
    const card = MODELS().models.find((m) => m.name === model);
    if (!card || (scenario === 'modelGone' && endpoint === 'chat')) return call.json(404, notFoundBody(model), { ...infraHeaders(call, { trace: true }), 'content-type': 'application/json' });
    if (!card.endpoints.includes(endpoint)) return error(400, `invalid request: model '${model}' is not supported by the ${endpoint} API`);

    if (endpoint === 'embed') {
      if (typeof body.input_type !== 'string') return error(400, 'invalid request: valid input_type must be provided with the provided model');
      const texts = Array.isArray(body.texts) ? body.texts.map(String) : [];
      if (texts.length === 0) return error(400, 'invalid request: texts must not be empty');
      const size = dimensionsOf(model, body.output_dimension);
      // Shape per Cohere's API reference (v2 embed example); the numbers are synthetic.
      const embeddings = texts.map((_, t) => Array.from({ length: size }, (__, i) => Math.round(Math.sin(i * 0.7 + t) * 1e4) / 1e5));
      return call.json(
        200,
        {
          id: randomUUID(),
          embeddings: { float: embeddings },
          texts,
          meta: { api_version: { version: '2' }, billed_units: { input_tokens: texts.reduce((n, t) => n + Math.max(1, t.split(/\s+/).length), 0) } },
          response_type: 'embeddings_by_type',
        },
        { ...infraHeaders(call, { trace: true }), ...trial, 'content-type': 'application/json' },
      );
    }

    // Chat. Recorded: max_tokens 16 gave 15 text deltas, billed output 15, raw output 16; a complete
    // two-token answer billed 2 and counted 4 raw. The fake follows that pattern (counts synthetic).
    const max = typeof body.max_tokens === 'number' ? body.max_tokens : Number.POSITIVE_INFINITY;
    const cut = call.timing.completionTokens >= max;
    const n = cut ? Math.max(1, max - 1) : call.timing.completionTokens;
    const finish = cut ? 'MAX_TOKENS' : 'COMPLETE';
    const prompt = JSON.stringify(body.messages ?? '');
    const billedIn = Math.max(1, Math.ceil(prompt.length / 5));
    const usage = { billed_units: { input_tokens: billedIn, output_tokens: n }, tokens: { input_tokens: billedIn + 495, output_tokens: cut ? max : n + 2 } };
    const id = randomUUID();

    if (body.stream !== true) {
      if (!(await call.sleepUntil(performance.now() + call.timing.firstTokenMs + Math.max(0, n - 1) * call.timing.interTokenMs))) return;
      const text = Array.from({ length: n }, (_, i) => tokenAt(i)).join('');
      return call.json(
        200,
        { id, message: { role: 'assistant', content: [{ type: 'text', text }] }, finish_reason: finish, usage },
        { ...infraHeaders(call, { trace: true }), ...trial, 'content-type': 'application/json', num_chars: String(2600 + text.length), num_tokens: String(billedIn + n) },
      );
    }

    const per = Math.max(1, call.timing.tokensPerChunk);
    const timed: string[] = [];
    for (let i = 0; i < n; i += per) {
      const text = Array.from({ length: Math.min(per, n - i) }, (_, j) => tokenAt(i + j)).join('');
      timed.push(sse('content-delta', { index: 0, delta: { message: { content: { text } } } }));
    }
    if (scenario === 'malformedSse') timed.splice(1, 0, 'event: content-delta\ndata: not json at all\n\n', sse('content-delta', { index: 0, delta: {} }));
    const tail = [sse('content-end', { index: 0 })];
    if (scenario === 'streamError') {
      // Synthetic: the SDK's ChatMessageEndEvent documents `error` and finish reason ERROR; no recording shows one.
      tail.push(sse('message-end', { delta: { finish_reason: 'ERROR', error: 'internal server error, the generation failed' } }), 'data: [DONE]\n\n');
    } else if (scenario !== 'streamNoEnd') {
      tail.push(sse('message-end', { delta: { finish_reason: finish, usage } }), 'data: [DONE]\n\n');
    }
    await call.stream(200, { ...infraHeaders(call, { trace: true, stream: true }), ...trial, 'content-type': 'text/event-stream' }, {
      head: [
        `event: message-start\ndata: ${JSON.stringify({ id, type: 'message-start', delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } })}\n\n`,
        sse('content-start', { index: 0, delta: { message: { content: { type: 'text', text: '' } } } }),
      ],
      timed,
      tail,
      resetAfter: scenario === 'resetMidStream' ? 1 : undefined,
    });
  },
};

export const startFakeCohere = (options: { port?: number } = {}): Promise<FakeServer<CohereScenario>> => startFake(cohereFake, options);
