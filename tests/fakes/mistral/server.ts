// A faithful local fake of Mistral's API (api.mistral.ai and codestral.mistral.ai) for Keyprobe's
// tests and demo: a module of the fake framework (../framework.ts), which owns the server, the
// request log, injected delays and the control endpoints. Behaviour is chosen by the API key (see
// keys.ts and README.md); every choice cites the real material in tests/fixtures/mistral/ or is
// marked synthetic in README.md.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { bearerKey, startFake, type FakeCall, type FakeModule, type FakeServer, type Timing } from '../framework.ts';
import { SCENARIO_NAMES, keyFor } from './keys.ts';
import type { ScenarioName } from './keys.ts';
import { MODELS_FIXTURE_PATH, requestValidators } from './spec.ts';
import type { PydanticError, RequestSchemaName } from './spec.ts';
import { cfRay, completionText, countTokens, embeddingFor, hex32, tokenAt, uuidv7 } from './content.ts';

export { FAKE_KEYS, SCENARIO_NAMES, keyFor } from './keys.ts';
export type { ScenarioName } from './keys.ts';

export type FakeRole = 'platform' | 'codestral';
export type { HugeBodyStats, RecordedRequest, Timing } from '../framework.ts';

/** A running fake of one Mistral host. */
export type FakeMistral = FakeServer<ScenarioName> & { role: FakeRole };

// ---------------------------------------------------------------------------------------------
// Scenario profiles

type Plan = 'free' | 'paid';
type HeaderGen = '2026' | '2025';

interface ValidProfile {
  plan: Plan;
  gen: HeaderGen;
  fiveMinute: boolean;
}

const PAID_2026: ValidProfile = { plan: 'paid', gen: '2026', fiveMinute: false };

/** Scenarios that behave as a valid La Plateforme key (on the platform role). */
const VALID_PROFILES: Partial<Record<ScenarioName, ValidProfile>> = {
  validFree: { plan: 'free', gen: '2026', fiveMinute: false },
  validPaid: PAID_2026,
  validLegacyHeaders: { plan: 'paid', gen: '2025', fiveMinute: false },
  validFiveMinute: { plan: 'paid', gen: '2026', fiveMinute: true },
  slow: PAID_2026,
  capacity: PAID_2026,
  // Synthetic: a paid key whose every third call is rate-limited (tests the benchmark's backoff).
  burst429: PAID_2026,
  burst429NoHint: PAID_2026,
  // Stream faults: a valid paid key whose streaming responses misbehave.
  resetMidStream: PAID_2026,
  malformedSse: PAID_2026,
  streamNoDone: PAID_2026,
};

const SCENARIO_TIMING: Partial<Record<ScenarioName, Timing>> = {
  slow: { headersMs: 1500, firstTokenMs: 500, interTokenMs: 100 },
};

interface Limits {
  reqMinute: number;
  tokensMinute: number;
  tokensMonth: number;
  tokens5Minute: number;
}

// Free: 2026-02-18 dump A (60 / 50000 / 4000000). Paid: client-ts#169 (720 / 5000000); the monthly
// value is the 2025 dump D's x-ratelimitbysize-limit-month; the 5-minute window value is synthetic.
const LIMITS: Record<Plan, Limits> = {
  free: { reqMinute: 60, tokensMinute: 50_000, tokensMonth: 4_000_000, tokens5Minute: 200_000 },
  paid: { reqMinute: 720, tokensMinute: 5_000_000, tokensMonth: 1_000_000_000, tokens5Minute: 20_000_000 },
};
// 2025 "ratelimitbysize" family (dump D, 2025-05-13): tokens per minute and per month.
const LEGACY_LIMITS = { minute: 500_000, month: 1_000_000_000 };

const FREE_MIN_INTERVAL_MS = 1000;
const CODESTRAL_MODEL_IDS = new Set(['codestral-2508', 'codestral-latest']);

interface ModelCard {
  id: string;
  name?: string | null;
  capabilities: Record<string, boolean>;
  [k: string]: unknown;
}

let modelListCache: { object: string; data: ModelCard[] } | undefined;
function modelFixture(): { object: string; data: ModelCard[] } {
  modelListCache ??= JSON.parse(readFileSync(MODELS_FIXTURE_PATH, 'utf8')) as { object: string; data: ModelCard[] };
  return modelListCache;
}

// ---------------------------------------------------------------------------------------------
// Per-key usage (rate-limit headers count down like the real ones)

interface Usage {
  minuteStart: number;
  reqs: number;
  tokensMinute: number;
  fiveStart: number;
  tokens5: number;
  tokensMonth: number;
  tokensMonthLegacy: number;
  lastAccepted: number | undefined;
}

function newUsage(now: number): Usage {
  return { minuteStart: now, reqs: 0, tokensMinute: 0, fiveStart: now, tokens5: 0, tokensMonth: 0, tokensMonthLegacy: 0, lastAccepted: undefined };
}

function rollWindows(u: Usage, now: number): void {
  if (now - u.minuteStart >= 60_000) { u.minuteStart = now; u.reqs = 0; u.tokensMinute = 0; }
  if (now - u.fiveStart >= 300_000) { u.fiveStart = now; u.tokens5 = 0; }
}

function rateHeaders(p: ValidProfile, u: Usage, cost: number, now: number): Record<string, string> {
  if (p.gen === '2025') {
    const remainingMinute = Math.max(0, LEGACY_LIMITS.minute - u.tokensMinute);
    return {
      'ratelimitbysize-limit': String(LEGACY_LIMITS.minute),
      'ratelimitbysize-remaining': String(remainingMinute),
      'ratelimitbysize-reset': String(Math.min(60, Math.max(0, Math.ceil((u.minuteStart + 60_000 - now) / 1000)))),
      'ratelimitbysize-query-cost': String(cost),
      'x-ratelimitbysize-limit-minute': String(LEGACY_LIMITS.minute),
      'x-ratelimitbysize-remaining-minute': String(remainingMinute),
      'x-ratelimitbysize-limit-month': String(LEGACY_LIMITS.month),
      'x-ratelimitbysize-remaining-month': String(Math.max(0, LEGACY_LIMITS.month - u.tokensMonthLegacy)),
    };
  }
  const l = LIMITS[p.plan];
  const h: Record<string, string> = {
    'x-ratelimit-limit-req-minute': String(l.reqMinute),
    'x-ratelimit-limit-tokens-minute': String(l.tokensMinute),
    'x-ratelimit-limit-tokens-month': String(l.tokensMonth),
    'x-ratelimit-remaining-req-minute': String(Math.max(0, l.reqMinute - u.reqs)),
    'x-ratelimit-remaining-tokens-minute': String(Math.max(0, l.tokensMinute - u.tokensMinute)),
    'x-ratelimit-remaining-tokens-month': String(Math.max(0, l.tokensMonth - u.tokensMonth)),
    'x-ratelimit-tokens-query-cost': String(cost),
  };
  if (p.fiveMinute) {
    h['x-ratelimit-limit-tokens-5-minute'] = String(l.tokens5Minute);
    h['x-ratelimit-remaining-tokens-5-minute'] = String(Math.max(0, l.tokens5Minute - u.tokens5));
  }
  return h;
}

function charge(u: Usage, tokens: number): void {
  u.tokensMinute += tokens;
  u.tokens5 += tokens;
  u.tokensMonth += tokens;
  u.tokensMonthLegacy += tokens;
}

// ---------------------------------------------------------------------------------------------
// Bodies (FACTS §3.2)

const JSON_UTF8 = 'application/json; charset=utf-8';
const BODY_RATE_LIMITED = { object: 'error', message: 'Rate limit exceeded', type: 'rate_limited', param: null, code: '1300', raw_status_code: 429 };
const BODY_CAPACITY = { object: 'error', message: 'Service tier capacity exceeded for this model.', type: 'invalid_request_error', param: null, code: null };

function invalidModelBody(model: string): object {
  return { object: 'error', message: `Invalid model: ${model}`, type: 'invalid_model', param: null, code: '1500', raw_status_code: 400 };
}

function validationBody(detail: PydanticError[]): object {
  return { object: 'error', message: { detail }, type: 'invalid_request_error', param: null, code: null };
}

function cloudflare520Html(ray: string): string {
  const id = ray.split('-')[0] ?? ray;
  return `<!DOCTYPE html>
<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
<html class="no-js" lang="en-US">
<head>
<title>mistral.ai | 520: Web server is returning an unknown error</title>
<meta charset="UTF-8" />
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<meta name="robots" content="noindex, nofollow" />
<meta name="viewport" content="width=device-width,initial-scale=1" />
</head>
<body>
<div id="cf-wrapper">
  <div id="cf-error-details" class="p-0">
    <header class="mx-auto pt-10 lg:pt-6 lg:px-8 w-240 lg:w-full mb-8">
      <h1 class="inline-block sm:block sm:mb-2 font-light text-60 lg:text-4xl text-black-dark leading-tight mr-2">
        <span class="inline-block">Web server is returning an unknown error</span>
        <span class="code-label">Error code 520</span>
      </h1>
      <div>Visit <a href="https://www.cloudflare.com/5xx-error-landing?utm_source=errorcode_520&amp;utm_campaign=api.mistral.ai" target="_blank" rel="noopener noreferrer">cloudflare.com</a> for more information.</div>
    </header>
    <div class="cf-error-footer">
      <p>Cloudflare Ray ID: <strong class="font-semibold">${id}</strong></p>
    </div>
  </div>
</div>
</body>
</html>
`;
}

type Route = 'models' | 'chat' | 'embeddings' | 'fim';
const ROUTES: Record<FakeRole, Record<string, { route: Route; method: string }>> = {
  platform: {
    '/v1/models': { route: 'models', method: 'GET' },
    '/v1/chat/completions': { route: 'chat', method: 'POST' },
    '/v1/embeddings': { route: 'embeddings', method: 'POST' },
    '/v1/fim/completions': { route: 'fim', method: 'POST' },
  },
  codestral: {
    '/v1/chat/completions': { route: 'chat', method: 'POST' },
    '/v1/fim/completions': { route: 'fim', method: 'POST' },
  },
};

interface Ctx {
  call: FakeCall<ScenarioName>;
  req: IncomingMessage;
  res: ServerResponse;
  /** performance.now() when the request arrived */
  t0: number;
  /** performance.now() when dispatch started (after the body was read) */
  tDispatch: number;
  gen: HeaderGen;
  correlationId: string;
  legacyRequestId: string;
  timing: Required<Timing>;
}

function cookieHeaders(): string[] {
  const now = Date.now();
  const exp = new Date(now + 30 * 60_000).toUTCString();
  const bm = `${randomBytes(32).toString('base64url')}-${Math.floor(now / 1000)}-1.0.1.1-${randomBytes(48).toString('base64url')}`;
  const uv = `${randomBytes(24).toString('base64url')}-${now}-0.0.1.1-604800000`;
  return [
    `__cf_bm=${bm}; path=/; expires=${exp}; domain=.mistral.ai; HttpOnly; Secure; SameSite=None`,
    `_cfuvid=${uv}; path=/; domain=.mistral.ai; HttpOnly; Secure; SameSite=None`,
  ];
}

function infraHeaders(ctx: Ctx, upstream: boolean): Record<string, string | string[]> {
  const elapsed = String(Math.max(0, Math.round(performance.now() - ctx.tDispatch)));
  const proxy = String(Math.max(0, Math.round(ctx.tDispatch - ctx.t0)));
  if (ctx.gen === '2025') {
    // Order and set of dump D (2025-05-13): no correlation id, no HSTS/nosniff, 32-hex kong id.
    const h: Record<string, string | string[]> = {};
    if (upstream) h['x-envoy-upstream-service-time'] = elapsed;
    h['server'] = 'cloudflare';
    h['access-control-allow-origin'] = '*';
    h['alt-svc'] = 'h3=":443"; ma=86400';
    if (upstream) h['x-kong-upstream-latency'] = elapsed;
    h['x-kong-proxy-latency'] = proxy;
    h['set-cookie'] = cookieHeaders();
    h['cf-cache-status'] = 'DYNAMIC';
    h['cf-ray'] = cfRay();
    h['x-kong-request-id'] = ctx.legacyRequestId;
    return h;
  }
  // Dump A (2026-02-18).
  const h: Record<string, string | string[]> = {
    'access-control-allow-origin': '*',
    'alt-svc': 'h3=":443"; ma=86400',
    'cf-cache-status': 'DYNAMIC',
    'cf-ray': cfRay(),
    'mistral-correlation-id': ctx.correlationId,
    'server': 'cloudflare',
    'set-cookie': cookieHeaders(),
    'strict-transport-security': 'max-age=15552000; includeSubDomains; preload',
    'x-content-type-options': 'nosniff',
  };
  if (upstream) h['x-envoy-upstream-service-time'] = elapsed;
  h['x-kong-proxy-latency'] = proxy;
  h['x-kong-request-id'] = ctx.correlationId;
  if (upstream) h['x-kong-upstream-latency'] = elapsed;
  return h;
}

/** Kong's own `request_id` in error bodies: the request id as 32 hex. */
const kongRequestId = (ctx: Ctx): string => (ctx.gen === '2025' ? ctx.legacyRequestId : ctx.correlationId.replace(/-/g, ''));

const send = (
  ctx: Ctx,
  status: number,
  body: string,
  o: { contentType?: string | null; upstream?: boolean; headers?: Record<string, string | string[]> } = {},
): void => {
  if (ctx.call.closed) return;
  const h: Record<string, string | string[]> = { ...infraHeaders(ctx, o.upstream ?? true), ...(o.headers ?? {}) };
  const ct = o.contentType === undefined ? 'application/json' : o.contentType;
  if (ct !== null) h['content-type'] = ct;
  h['content-length'] = String(Buffer.byteLength(body));
  ctx.res.writeHead(status, h);
  ctx.res.end(body);
};
const sendJson = (ctx: Ctx, status: number, body: unknown, o: { contentType?: string; upstream?: boolean; headers?: Record<string, string | string[]> } = {}): void => {
  send(ctx, status, typeof body === 'string' ? body : JSON.stringify(body), o);
};


async function handle(call: FakeCall<ScenarioName>, state: unknown): Promise<void> {
  const { req, res, key, scenario, body, method, path } = call;
  const role = call.role as FakeRole;
  const { usageOf, burstCounts, validators } = state as MistralState;
  const ctx: Ctx = {
    call, req, res, t0: call.t0, tDispatch: performance.now(),
    gen: scenario === 'validLegacyHeaders' ? '2025' : '2026',
    correlationId: uuidv7(), legacyRequestId: hex32(),
    timing: call.timing,
  };

  // 1. Routing happens in Kong before authentication.
  const routeDef = ROUTES[role][path];
  if (!routeDef) {
    if (role === 'codestral') sendJson(ctx, 404, { detail: 'Not Found' }, { upstream: true });
    else sendJson(ctx, 404, { message: 'no Route matched with those values', request_id: kongRequestId(ctx) }, { contentType: JSON_UTF8, upstream: false });
    return;
  }
  // 2. Authentication.
  if (key === undefined) {
    sendJson(ctx, 401, { message: 'No API key found in request', request_id: kongRequestId(ctx) }, { contentType: JSON_UTF8, upstream: false });
    return;
  }
  const waitHeaders = (): Promise<boolean> => call.waitHeaders();
  const profile = scenario ? VALID_PROFILES[scenario] : undefined;
  const wrongHost = (role === 'platform' && scenario === 'codestralOnly') || (role === 'codestral' && profile !== undefined);
  if (!scenario || wrongHost || scenario === 'unauthorizedDetail') {
    if (!(await waitHeaders())) return;
    if (role === 'platform' && scenario === 'codestralOnly') {
      // FACTS §5: a Codestral key on api.mistral.ai (simonw/llm-mistral#16).
      sendJson(ctx, 401, { message: 'Unauthorized', request_id: kongRequestId(ctx) }, { contentType: JSON_UTF8, upstream: false });
    } else {
      sendJson(ctx, 401, { detail: 'Unauthorized' }, { contentType: JSON_UTF8 });
    }
    return;
  }
  switch (scenario) {
    case 'unauthorizedKong':
      if (await waitHeaders()) sendJson(ctx, 401, { message: 'Unauthorized', request_id: kongRequestId(ctx) }, { contentType: JSON_UTF8, upstream: false });
      return;
    case 'unauthorizedNoBody':
      if (await waitHeaders()) send(ctx, 401, '', { contentType: null, upstream: false });
      return;
    case 'unauthorizedInvalidApiKey':
      // cline/cline#13288 (2026-08).
      if (await waitHeaders()) sendJson(ctx, 401, { detail: 'Invalid API Key' }, { contentType: JSON_UTF8 });
      return;
    case 'echoKey':
      if (await waitHeaders()) sendJson(ctx, 401, { detail: `Invalid API key: ${key}` }, { contentType: JSON_UTF8 });
      return;
    case 'routeNotFound':
      // Synthetic: what a host that does not serve this path answers (Kong, as for unknown routes).
      if (await waitHeaders()) sendJson(ctx, 404, { message: 'no Route matched with those values', request_id: kongRequestId(ctx) }, { contentType: JSON_UTF8, upstream: false });
      return;
    default:
      break;
  }
  // 3. Method (FastAPI, upstream).
  if (method !== routeDef.method) {
    if (await waitHeaders()) sendJson(ctx, 405, { detail: 'Method Not Allowed' }, { headers: { allow: routeDef.method } });
    return;
  }
  const wantsStream = (routeDef.route === 'chat' || routeDef.route === 'fim') && streamRequested(body);

  // 4. Scenario behaviour.
  switch (scenario) {
    case 'vibeKeyScope': {
      // mistral-vibe#515 (2026-03): a Vibe key on a model outside its scope.
      const model = (() => {
        try {
          return String((JSON.parse(body) as { model?: unknown }).model ?? 'labs-leanstral-2603');
        } catch {
          return 'labs-leanstral-2603';
        }
      })();
      if (await waitHeaders()) {
        sendJson(ctx, 403, { object: 'error', message: `Model ${model} is not available for API key with scope APIKeyScope.vibe`, type: 'api_key_scope_not_allowed', param: null, code: '1912', raw_status_code: 403 });
      }
      return;
    }
    case 'forbidden':
      if (await waitHeaders()) sendJson(ctx, 403, { detail: 'Forbidden' });
      return;
    case 'rateLimited':
    case 'rateLimitedRetryAfter': {
      if (!(await waitHeaders())) return;
      const l = LIMITS.free;
      const headers: Record<string, string> = {
        'x-ratelimit-limit-req-minute': String(l.reqMinute),
        'x-ratelimit-limit-tokens-minute': String(l.tokensMinute),
        'x-ratelimit-limit-tokens-month': String(l.tokensMonth),
        'x-ratelimit-remaining-req-minute': '0',
        'x-ratelimit-remaining-tokens-minute': String(l.tokensMinute),
        'x-ratelimit-remaining-tokens-month': String(l.tokensMonth),
        'x-ratelimit-tokens-query-cost': '0',
      };
      if (scenario === 'rateLimitedRetryAfter') headers['retry-after'] = '2';
      sendJson(ctx, 429, BODY_RATE_LIMITED, { headers });
      return;
    }
    case 'zeroAllowance':
      if (await waitHeaders()) {
        sendJson(ctx, 429, BODY_RATE_LIMITED, {
          headers: {
            'x-ratelimit-limit-req-minute': '0',
            'x-ratelimit-limit-tokens-minute': '0',
            'x-ratelimit-limit-tokens-month': '0',
            'x-ratelimit-remaining-req-minute': '0',
            'x-ratelimit-remaining-tokens-minute': '0',
            'x-ratelimit-remaining-tokens-month': '0',
            'x-ratelimit-tokens-query-cost': '0',
          },
        });
      }
      return;
    case 'serverError':
      // Python's json.dumps spacing, as observed (client-python#103).
      if (await waitHeaders()) send(ctx, 500, '{"detail": "Internal Server Error"}');
      return;
    case 'badGateway':
      if (await waitHeaders()) sendJson(ctx, 502, { detail: 'Bad Gateway' }, { upstream: false });
      return;
    case 'cloudflare520': {
      if (!(await waitHeaders())) return;
      const ray = cfRay();
      const html = cloudflare520Html(ray);
      if (call.closed) return;
      res.writeHead(520, {
        'server': 'cloudflare',
        'cf-ray': ray,
        'content-type': 'text/html; charset=UTF-8',
        'cache-control': 'private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0',
        'expires': 'Thu, 01 Jan 1970 00:00:01 GMT',
        'referrer-policy': 'same-origin',
        'x-frame-options': 'SAMEORIGIN',
        'content-length': String(Buffer.byteLength(html)),
      });
      res.end(html);
      return;
    }
    case 'hang':
    case 'resetBeforeHeaders':
      await call.fault(scenario);
      return;
    case 'malformedJson':
      if (await waitHeaders()) send(ctx, 200, '{"object":"list","data":[{"id":');
      return;
    case 'redirectForeign':
    case 'redirectForeignHost':
      await call.fault(scenario);
      return;
    case 'hugeBody': {
      // An endless model list made of real cards.
      const cards = modelFixture().data;
      await call.fault('hugeBody', { open: '{"object":"list","data":[', item: (i) => JSON.stringify({ ...cards[i % cards.length], id: `${cards[i % cards.length]?.id ?? 'model'}-copy-${i}` }), close: ']}' });
      return;
    }
    case 'malformedSse':
      if (wantsStream) {
        if (await waitHeaders()) writeMalformedSse(ctx);
        return;
      }
      break;
    default:
      break;
  }

  // 5. A working key: La Plateforme profile, or a Codestral key on the Codestral host.
  const isCodestral = role === 'codestral' && scenario === 'codestralOnly';
  const p = profile ?? PAID_2026;
  const withRate = !isCodestral; // codestral.mistral.ai rate-limit headers: unknown (synthetic: none)
  const now = performance.now();
  const u = usageOf(key, now);
  const rh = (cost: number): Record<string, string> => (withRate ? rateHeaders(p, u, cost, now) : {});

  if (!isCodestral && p.plan === 'free') {
    // Free mode: 1 request per second per key (FACTS §3.2 / §4, Reddit probe; anon-kode#53).
    if (u.lastAccepted !== undefined && ctx.t0 - u.lastAccepted < FREE_MIN_INTERVAL_MS) {
      if (await waitHeaders()) sendJson(ctx, 429, { message: 'Requests rate limit exceeded' }, { contentType: JSON_UTF8, upstream: false, headers: rh(0) });
      return;
    }
    u.lastAccepted = ctx.t0;
  }
  if (withRate && p.gen === '2026' && u.reqs >= LIMITS[p.plan].reqMinute) {
    if (await waitHeaders()) sendJson(ctx, 429, BODY_RATE_LIMITED, { headers: rh(0) });
    return;
  }
  if (scenario === 'burst429' || scenario === 'burst429NoHint') {
    const n = (burstCounts.get(key) ?? 0) + 1;
    burstCounts.set(key, n);
    if (n % 3 === 0) {
      const hint: Record<string, string> = scenario === 'burst429' ? { 'retry-after': '1' } : {};
      if (await waitHeaders()) sendJson(ctx, 429, BODY_RATE_LIMITED, { headers: { ...rh(0), ...hint } });
      return;
    }
  }
  u.reqs++;

  const route = routeDef.route;
  if (route === 'models') {
    if (!(await waitHeaders())) return;
    const created = Math.floor(Date.now() / 1000);
    const list = modelFixture();
    sendJson(ctx, 200, { object: list.object, data: list.data.map((c) => ({ ...c, created })) }, { headers: rh(0) });
    return;
  }

  // Request body: JSON, then the spec's request schema (422), then the model (400).
  let parsed: unknown;
  try {
    parsed = body.length === 0 ? undefined : JSON.parse(body);
  } catch (err) {
    const pos = /position (\d+)/.exec(String(err))?.[1];
    if (await waitHeaders()) {
      sendJson(ctx, 422, validationBody([{ type: 'json_invalid', loc: ['body', Number(pos ?? 0)], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } }]), { headers: rh(0) });
    }
    return;
  }
  const schemaName: RequestSchemaName = route === 'chat' ? 'ChatCompletionRequest' : route === 'fim' ? 'FIMCompletionRequest' : 'EmbeddingRequest';
  const errors: PydanticError[] = parsed === undefined
    ? [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]
    : validators.validate(schemaName, parsed);
  if (errors.length > 0) {
    if (await waitHeaders()) sendJson(ctx, 422, validationBody(errors), { headers: rh(0) });
    return;
  }
  const reqBody = parsed as Record<string, unknown>;
  const model = String(reqBody['model']);
  const card = modelFixture().data.find((c) => c.id === model);
  const allowed = card !== undefined
    && (!isCodestral || CODESTRAL_MODEL_IDS.has(model))
    && (route === 'chat' ? card.capabilities['completion_chat'] === true
      : route === 'fim' ? card.capabilities['completion_fim'] === true
        : model.includes('embed'));
  if (!allowed) {
    if (await waitHeaders()) sendJson(ctx, 400, invalidModelBody(model), { headers: rh(0) });
    return;
  }
  const paidOnly = /^(devstral|magistral)-/.test(model) || /^(devstral|magistral)-/.test(String(card.name ?? ''));
  if (!isCodestral && p.plan === 'free' && route !== 'embeddings' && paidOnly) {
    // Zero allowance for this model on a free key (FACTS §4 F, §8.4).
    if (await waitHeaders()) sendJson(ctx, 429, BODY_RATE_LIMITED, { headers: { ...rh(0), 'x-ratelimit-limit-req-minute': '0', 'x-ratelimit-remaining-req-minute': '0' } });
    return;
  }
  if (scenario === 'capacity' && route !== 'embeddings') {
    if (await waitHeaders()) sendJson(ctx, 429, BODY_CAPACITY, { headers: rh(0) });
    return;
  }

  if (route === 'embeddings') {
    const input = reqBody['input'];
    const inputs: string[] = Array.isArray(input) ? input.map(String) : [String(input)];
    const promptTokens = inputs.reduce((a, s) => a + countTokens(s), 0);
    const od = reqBody['output_dimension'];
    const dim = model.startsWith('codestral-embed') ? (typeof od === 'number' ? od : 1536) : 1024;
    charge(u, promptTokens);
    if (!(await waitHeaders())) return;
    sendJson(ctx, 200, {
      id: hex32(),
      object: 'list',
      data: inputs.map((s, index) => ({ object: 'embedding', embedding: embeddingFor(s, dim), index })),
      model,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens, completion_tokens: 0, prompt_audio_seconds: null },
    }, { headers: rh(promptTokens) });
    return;
  }

  // Chat / FIM completion.
  const kind = route === 'fim' ? 'fim' : 'chat';
  const promptTokens = route === 'fim'
    ? countTokens(String(reqBody['prompt'] ?? '')) + (typeof reqBody['suffix'] === 'string' && reqBody['suffix'] !== '' ? countTokens(reqBody['suffix']) : 0)
    : (reqBody['messages'] as { content?: unknown }[]).reduce((a, msg) => a + 3 + countTokens(textOfContent(msg.content)), 0);
  const maxTokens = typeof reqBody['max_tokens'] === 'number' ? reqBody['max_tokens'] : undefined;
  const n = Math.min(maxTokens ?? Number.POSITIVE_INFINITY, ctx.timing.completionTokens);
  const finish = maxTokens !== undefined && n >= maxTokens ? 'length' : 'stop';
  const usageBody = { prompt_tokens: promptTokens, completion_tokens: n, total_tokens: promptTokens + n };
  const thinking = kind === 'chat' && /^magistral-/.test(model);
  const per = Math.max(1, Math.floor(ctx.timing.tokensPerChunk));
  const groups: string[] = [];
  for (let i = 0; i < n; i += per) {
    let s = '';
    for (let j = i; j < Math.min(n, i + per); j++) s += tokenAt(j, kind);
    groups.push(s);
  }
  charge(u, promptTokens + n);
  const id = hex32();
  const created = Math.floor(Date.now() / 1000);
  const headers = rh(promptTokens + n);

  if (!wantsStream) {
    const genMs = groups.length > 0 ? ctx.timing.firstTokenMs + (groups.length - 1) * ctx.timing.interTokenMs : 0;
    if (!(await call.sleepUntil(ctx.t0 + ctx.timing.headersMs + genMs))) return;
    const text = completionText(n, kind);
    const firstGroup = groups[0] ?? '';
    const content: unknown = thinking && n > 0
      ? [{ type: 'thinking', thinking: [{ type: 'text', text: firstGroup }] }, { type: 'text', text: text.slice(firstGroup.length) }]
      : text;
    const usageFull = { ...usageBody, prompt_tokens_details: { cached_tokens: 0 } };
    if (kind === 'chat') {
      // Key order of the real 2026-06-23 response (FACTS §2.3).
      sendJson(ctx, 200, {
        id, object: 'chat.completion', created, model,
        choices: [{ index: 0, message: { role: 'assistant', tool_calls: null, content }, finish_reason: finish }],
        usage: usageFull,
      }, { headers });
    } else {
      // Key order of the spec's FIM example.
      sendJson(ctx, 200, {
        id, object: 'chat.completion', model, usage: usageFull, created,
        choices: [{ index: 0, message: { content, tool_calls: null, prefix: false, role: 'assistant' }, finish_reason: finish }],
      }, { headers });
    }
    return;
  }

  // Streaming (FACTS §2.3, sse_stream_samples.md).
  if (!(await waitHeaders())) return;
  const chunk = (delta: object, finishReason: string | null, withUsage: boolean): string => {
    const o: Record<string, unknown> = { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason }] };
    if (withUsage) o['usage'] = usageBody;
    return `data: ${JSON.stringify(o)}\n\n`;
  };
  if (call.closed) return;
  res.writeHead(200, { ...infraHeaders(ctx, true), 'content-type': 'text/event-stream; charset=utf-8', ...headers });
  res.write(chunk({ role: 'assistant', content: '' }, null, false));
  const tHeaders = performance.now();
  const events = groups.length > 0 ? groups : [''];
  for (let i = 0; i < events.length; i++) {
    const target = tHeaders + ctx.timing.firstTokenMs + i * ctx.timing.interTokenMs;
    if (!(await call.sleepUntil(target))) return;
    const last = i === events.length - 1;
    const text = events[i] ?? '';
    const content: unknown = thinking && i === 0 && text !== '' ? [{ type: 'thinking', thinking: [{ type: 'text', text }] }] : text;
    const data = chunk({ content }, last ? finish : null, last);
    if (scenario === 'resetMidStream' && i === 1) {
      // Third event (role chunk + two content chunks), then a TCP reset.
      res.write(data, () => req.socket.resetAndDestroy());
      return;
    }
    res.write(data);
  }
  if (scenario !== 'streamNoDone') res.write('data: [DONE]\n\n');
  res.end();
}


function writeMalformedSse(ctx: Ctx): void {
  if (ctx.call.closed) return;
  const id = hex32();
  ctx.res.writeHead(200, { ...infraHeaders(ctx, true), 'content-type': 'text/event-stream; charset=utf-8' });
  ctx.res.write(`data: {"id":"${id}","object":"chat.completion.chunk","created":${Math.floor(Date.now() / 1000)},"model":"mistral-small-latest","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n`);
  ctx.res.write('this line is not an SSE field\n\n');
  ctx.res.write(`data: {"id":"${id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hel\n\n`);
  ctx.res.write('data: not json at all\n\n');
  ctx.res.write('event: error\ndata: {]\n\n');
  ctx.res.write('data: {"choices": null}\n\n');
  ctx.res.end('data: [DONE]\n\n');
}


function streamRequested(body: string): boolean {
  try {
    const o: unknown = JSON.parse(body);
    return typeof o === 'object' && o !== null && (o as { stream?: unknown }).stream === true;
  } catch {
    return false;
  }
}

function textOfContent(c: unknown): string {
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) {
    return c.map((p: unknown) => {
      if (typeof p === 'object' && p !== null && 'text' in p && typeof (p as { text: unknown }).text === 'string') return (p as { text: string }).text;
      return 'xxxxxxxxxxxxxxxx'; // non-text chunk (image, audio, …): a few tokens
    }).join('');
  }
  return '';
}

interface MistralState {
  usageOf(key: string, now: number): Usage;
  burstCounts: Map<string, number>;
  validators: ReturnType<typeof requestValidators>;
}

let validatorsCache: ReturnType<typeof requestValidators> | undefined;

/** The Mistral module of the fake framework: both hosts, chosen by role. */
export const mistralFake: FakeModule<ScenarioName> = {
  scenarios: SCENARIO_NAMES,
  keyFor,
  keyOf: bearerKey,
  timing: SCENARIO_TIMING,
  // Synthetic: no preflight was recorded; every recorded answer allows any origin (access-control-allow-origin: *).
  preflight: { allowOrigin: '*', allowMethods: 'GET, POST, OPTIONS' },
  createState(): MistralState {
    const usage = new Map<string, Usage>();
    return {
      usageOf(key, now) {
        let u = usage.get(key);
        if (!u) {
          u = newUsage(now);
          usage.set(key, u);
        }
        rollWindows(u, now);
        return u;
      },
      burstCounts: new Map(),
      validators: (validatorsCache ??= requestValidators()),
    };
  },
  handle,
};

export async function startFakeMistral(opts: { role?: FakeRole; port?: number; host?: string } = {}): Promise<FakeMistral> {
  // Parse the spec and the model list once, before listening.
  validatorsCache ??= requestValidators();
  modelFixture();
  const role = opts.role ?? 'platform';
  const server = await startFake(mistralFake, { role, port: opts.port, host: opts.host });
  return Object.assign(server, { role });
}
