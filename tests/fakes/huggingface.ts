// A fake of Hugging Face's two hosts, one server per role: `hub` (huggingface.co: GET /api/whoami-v2)
// and `router` (router.huggingface.co: GET /v1/models, POST /v1/chat/completions, OpenAI's protocol,
// each call served by one provider). Every scenario's source is in tests/fixtures/huggingface/SOURCES.md;
// what no recording shows is marked "synthetic" here and there.
import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { FAKE_HF_USER, HUGGINGFACE_SCENARIOS, huggingfaceKeyFor, type HuggingFaceScenario } from './huggingface-keys.ts';
import { bearerKey, GENERIC_FAULTS, startFake, type FakeCall, type FakeModule, type FakeServer, type GenericFault } from './framework.ts';

export { HUGGINGFACE_DESCRIPTIONS, HUGGINGFACE_SCENARIOS, huggingfaceKeyFor, type HuggingFaceScenario } from './huggingface-keys.ts';

type Call = FakeCall<HuggingFaceScenario>;

interface Card {
  id: string;
  providers: { provider: string; status: string; pricing: { input: number; output: number } }[];
}

// Synthetic: the router catalogue's shape (a third-party type of router.huggingface.co/v1/models), with
// the models and cheapest prices of src/content/pricing/huggingface.json.
let catalogue: { object: string; data: Card[] } | undefined;
const CATALOGUE = () => (catalogue ??= JSON.parse(readFileSync(new URL('../fixtures/huggingface/router-models.json', import.meta.url), 'utf8')) as { object: string; data: Card[] });

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
/** Hugging Face's request ids are 16 URL-safe characters (`E6GP7v6l_zNnK4oc`, recorded). */
const requestId = () => randomBytes(12).toString('base64url');

// Recorded on every answer of both hosts (maruel/genai, errors/bad_apiKey/*.yaml).
const EXPOSE = 'X-Repo-Commit,X-Request-Id,X-Error-Code,X-Error-Message,X-Total-Count,ETag,Link,Accept-Ranges,Content-Range,X-Linked-Size,X-Linked-ETag,X-Xet-Hash';
const common = (allowOrigin: string): Record<string, string> => ({
  'access-control-allow-origin': allowOrigin,
  'access-control-expose-headers': EXPOSE,
  'cross-origin-opener-policy': 'same-origin',
  'referrer-policy': 'strict-origin-when-cross-origin',
  vary: 'Origin',
  'x-powered-by': 'huggingface-moon',
});

const BAD_TOKEN = 'Invalid credentials in Authorization header';
// Both recorded: the router answered either wording from August 2026 recordings of one account.
const DEPLETED = 'You have depleted your monthly included credits. Purchase pre-paid credits to continue using Inference Providers. Alternatively, subscribe to PRO to get 20x more included usage.';
const EXCEEDED = 'You have exceeded your monthly included credits for Inference Providers. Subscribe to PRO to get 20x more monthly included credits.';
// Real words (CSOAI-ORG/councilof-ai#1102, 2026-09), the user's name made up.
const NO_PERMISSION = `This authentication method does not have sufficient permissions to call Inference Providers on behalf of user ${FAKE_HF_USER}`;

/** An error the way the router and the Hub write their own: `{"error": text}` and X-Error-Message. */
function hfError(call: Call, status: number, message: string, extra: Record<string, string> = {}, allowOrigin = '*'): void {
  call.json(status, { error: message }, { ...common(allowOrigin), 'content-type': 'application/json; charset=utf-8', 'x-error-message': message, 'x-request-id': requestId(), ...extra });
}

// ----------------------------------------------------------------------------------------------
// hub: huggingface.co
// ----------------------------------------------------------------------------------------------

const HUB_LIMIT = 1000;
const HUB_WINDOW_S = 300;

/** The Hub's IETF-draft headers (recorded: `"api";r=999;t=286`, `"fixed window";"api";q=1000;w=300`). */
function hubLimits(remaining: number, resetS = 286): Record<string, string> {
  return { ratelimit: `"api";r=${remaining};t=${resetS}`, 'ratelimit-policy': `"fixed window";"api";q=${HUB_LIMIT};w=${HUB_WINDOW_S}` };
}

/**
 * whoami-v2, shaped as huggingface.js types it and as the content author saw it on 2026-07-23; the
 * personal fields carry made-up values so tests can prove Keyprobe never shows them.
 */
function whoami(scenario: HuggingFaceScenario): unknown {
  const fineGrained = scenario === 'validFineGrained' || scenario === 'noInferencePermission';
  const scopedPermissions = scenario === 'validFineGrained' ? ['repo.content.read', 'inference.serverless.write'] : ['repo.content.read'];
  return {
    type: 'user',
    id: '66f1c0ffee0123456789abcd',
    name: FAKE_HF_USER,
    fullname: 'Keyprobe Fake Person',
    email: 'fake.person@keyprobe.invalid',
    emailVerified: true,
    canPay: true,
    billingMode: 'prepaid',
    isPro: false,
    periodEnd: null,
    avatarUrl: '/avatars/0000.svg',
    orgs: [{ type: 'org', id: '66f1c0ffee0123456789abce', name: 'keyprobe-fake-org', fullname: 'Keyprobe Fake Org', email: null, canPay: false, periodEnd: null, avatarUrl: '/avatars/0001.svg', roleInOrg: 'admin' }],
    auth: {
      type: 'access_token',
      accessToken: {
        displayName: 'keyprobe-fake-token',
        role: fineGrained ? 'fineGrained' : 'read',
        createdAt: '2026-07-23T09:14:05.000Z',
        ...(fineGrained
          ? {
              fineGrained: {
                canReadGatedRepos: false,
                global: ['discussion.write', 'post.write'],
                scoped: [
                  { entity: { _id: '66f1c0ffee0123456789abcd', type: 'user', name: FAKE_HF_USER }, permissions: scopedPermissions },
                  { entity: { _id: '66f1c0ffee0123456789abce', type: 'org', name: 'keyprobe-fake-org' }, permissions: ['repo.content.read', 'inference.serverless.write'] },
                ],
              },
            }
          : {}),
      },
    },
  };
}

const hubFake: FakeModule<HuggingFaceScenario> = {
  scenarios: HUGGINGFACE_SCENARIOS,
  keyFor: huggingfaceKeyFor,
  keyOf: (req: IncomingMessage) => bearerKey(req),
  createState: () => new Map<string, number>(),
  async handle(call, rawState) {
    const used = rawState as Map<string, number>;
    const scenario = call.scenario;
    if (!(await call.waitHeaders())) return;
    // The Hub answers a request without Origin with its own origin (recorded).
    const own = 'https://huggingface.co';
    if (call.key === undefined || scenario === undefined || scenario === 'invalid') {
      return hfError(call, 401, BAD_TOKEN, { 'www-authenticate': 'Bearer realm="Authentication required", charset="UTF-8"' }, own);
    }
    if ((GENERIC_FAULTS as readonly string[]).includes(scenario)) {
      await call.fault(scenario as GenericFault, { open: '{"type":"user","orgs":[', item: (i) => JSON.stringify({ type: 'org', name: `org-${i}` }), close: ']}' });
      return;
    }
    if (call.path !== '/api/whoami-v2' || call.method !== 'GET') return hfError(call, 404, 'Sorry, we can\'t find the page you are looking for.', {}, own); // synthetic
    // Synthetic bodies: no recording shows the Hub's 429 or 500 text; the 429's headers follow the recorded ones.
    if (scenario === 'hubRateLimited') return hfError(call, 429, 'Too Many Requests', { ...hubLimits(0, 42), 'retry-after': '42' }, own);
    if (scenario === 'hubError') return hfError(call, 500, 'Internal Error', {}, own);
    const count = (used.get(call.key) ?? 0) + 1;
    used.set(call.key, count);
    call.json(200, whoami(scenario), { ...common(own), 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId(), ...hubLimits(HUB_LIMIT - count) });
  },
};

// ----------------------------------------------------------------------------------------------
// router: router.huggingface.co
// ----------------------------------------------------------------------------------------------

/** The answer's words: "OK." first (the check asks for it), then counting. Synthetic. */
const tokenAt = (i: number) => (i === 0 ? 'OK' : i === 1 ? '.' : ` ${i - 1}`);

/** Which provider serves a model id with the router's suffixes: `:provider`, `:cheapest`, `:fastest` or none. */
function route(requested: string, scenario: HuggingFaceScenario): { card: Card; provider: string } | null {
  const [id, policy] = requested.split(':') as [string, string | undefined];
  const card = CATALOGUE().data.find((c) => c.id === id);
  const live = card?.providers.filter((p) => p.status === 'live') ?? [];
  if (!card || live.length === 0) return null;
  if (scenario === 'servedByNebius') return { card, provider: 'nebius' };
  if (policy && policy !== 'cheapest' && policy !== 'fastest') return live.some((p) => p.provider === policy) ? { card, provider: policy } : null;
  const cheapest = [...live].sort((a, b) => a.pricing.output - b.pricing.output)[0];
  // Synthetic: which provider :fastest picks depends on live measurements; the fake takes the first.
  return { card, provider: (policy === 'cheapest' ? cheapest : live[0])?.provider ?? live[0]?.provider ?? 'novita' };
}

/** The serving provider's own headers, as the router passes them on. */
function providerHeaders(provider: string, completionId: string, used: number): Record<string, string> {
  if (provider === 'nebius') {
    // Recorded on nebius answers (Qwen/Qwen3-4B, 2025-08-29); the count goes down with use (synthetic).
    return {
      'x-inference-provider': 'nebius',
      'x-inference-id': completionId,
      'x-request-id': requestId(),
      'x-ratelimit-limit-requests': '600',
      'x-ratelimit-remaining-requests': String(600 - used),
      'x-ratelimit-limit-tokens': '400000',
      'x-ratelimit-remaining-tokens': String(400_000 - used * 64),
      'x-ratelimit-reset-requests': '1s',
      'x-ratelimit-reset-tokens': '1s',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
    };
  }
  // Recorded on novita answers (meta-llama/Llama-3.1-8B-Instruct, 2026-06-22): a trace id, no limits.
  return { 'x-inference-provider': provider, 'x-trace-id': hex(16), 'x-robots-tag': 'none' };
}

// Recorded on novita's answers: content-filter results on every choice.
const FILTERS = {
  hate: { filtered: false },
  self_harm: { filtered: false },
  sexual: { filtered: false },
  violence: { filtered: false },
  jailbreak: { filtered: false, detected: false },
  profanity: { filtered: false, detected: false },
};

async function chat(call: Call, used: number): Promise<void> {
  const scenario = call.scenario as HuggingFaceScenario;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(call.body) as Record<string, unknown>;
  } catch {
    return hfError(call, 400, 'Invalid JSON body'); // synthetic
  }
  const requested = String(body.model ?? '');
  const served = scenario === 'modelNotFound' ? null : route(requested, scenario);
  if (!served) {
    // Recorded (errors/bad_model/GenSync.yaml): the router's own OpenAI-style object, status 400.
    return call.json(
      400,
      { error: { message: `The requested model '${requested}' does not exist.`, type: 'invalid_request_error', param: 'model', code: 'model_not_found' } },
      { ...common('*'), 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId(), 'x-robots-tag': 'none' },
    );
  }
  const id = `chatcmpl-${hex(16)}`;
  const headers = { ...common('*'), ...providerHeaders(served.provider, id, used) };
  if (scenario === 'routerRateLimited') {
    // Synthetic body: a provider's own 429 passed through; Retry-After was recorded on router answers.
    return call.json(429, { error: { message: 'Rate limit exceeded, please slow down.', type: 'rate_limit_error', code: 'rate_limit_exceeded' } }, { ...headers, 'content-type': 'application/json', 'retry-after': '1' });
  }
  if (scenario === 'providerError') {
    // Recorded (Qwen3-Coder-480B-A35B-Instruct/GenSync-JSONSchema.yaml, 2026-08-17): together's body, passed through.
    const together = { ...headers, ...providerHeaders('together', id, used), 'content-type': 'application/json; charset=utf-8', 'retry-after': '1' };
    return call.send(500, JSON.stringify({ id: `oPNHar4-${hex(3)}-${hex(8)}`, error: { message: 'Internal server error', type: 'server_error', param: null, code: null } }, null, 2), together);
  }

  const max = typeof body.max_tokens === 'number' ? body.max_tokens : typeof body.max_completion_tokens === 'number' ? body.max_completion_tokens : Infinity;
  const n = Math.min(max, call.timing.completionTokens);
  const created = Math.floor(Date.now() / 1000);
  // novita answers with its own model name, not the one asked for (recorded: meta-llama/llama-3.2-1b-instruct).
  const model = served.card.id.toLowerCase();
  const prompt = 43;
  const usage = (completion: number) => ({ prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, prompt_tokens_details: null, completion_tokens_details: null });
  const finish = n >= max ? 'length' : 'stop';
  if (body.stream !== true) {
    if (!(await call.sleepUntil(performance.now() + call.timing.firstTokenMs + Math.max(0, n - 1) * call.timing.interTokenMs))) return;
    const text = Array.from({ length: n }, (_, i) => tokenAt(i)).join('');
    return call.json(
      200,
      { id, object: 'chat.completion', created, model, choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finish, content_filter_results: FILTERS }], usage: usage(n), system_fingerprint: '' },
      { ...headers, 'content-type': 'application/json' },
    );
  }

  // novita's stream (recorded, GenStream-Text.yaml): usage on every chunk, counting up, and
  // sla_metrics with its own time to first token; a last chunk with no choices; then [DONE].
  const ttft = Math.round(call.timing.firstTokenMs) + 7;
  const chunk = (delta: object, finishReason: string | null, completion: number) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason, content_filter_results: FILTERS }], system_fingerprint: '', usage: usage(completion), sla_metrics: { ttft_ms: ttft, ts_us: Date.now() * 1000 } })}\n\n`;
  const per = Math.max(1, call.timing.tokensPerChunk);
  const timed: string[] = [];
  for (let i = 0; i < n; i += per) {
    const upto = Math.min(n, i + per);
    timed.push(chunk({ content: Array.from({ length: upto - i }, (_, j) => tokenAt(i + j)).join('') }, null, upto));
  }
  if (scenario === 'malformedSse') timed.splice(1, 0, 'data: not json at all\n\n', 'data: {"choices": null}\n\n');
  const tail: string[] = [chunk({}, finish, n)];
  // Synthetic: an error object inside a 200 stream, as OpenAI-style servers send one.
  if (scenario === 'streamError') tail.push(`data: ${JSON.stringify({ error: { message: 'The model server failed while generating.', type: 'server_error', code: 500 } })}\n\n`);
  const wantsUsage = (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
  if (wantsUsage) tail.push(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], system_fingerprint: '', usage: usage(n), sla_metrics: { ttft_ms: ttft, ts_us: Date.now() * 1000 } })}\n\n`);
  if (scenario !== 'streamNoDone') tail.push('data: [DONE]\n\n');
  await call.stream(200, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }, {
    head: [chunk({ role: 'assistant' }, null, 0)],
    timed,
    tail,
    resetAfter: scenario === 'resetMidStream' ? 1 : undefined,
  });
}

const routerFake: FakeModule<HuggingFaceScenario> = {
  scenarios: HUGGINGFACE_SCENARIOS,
  keyFor: huggingfaceKeyFor,
  keyOf: (req: IncomingMessage) => bearerKey(req),
  createState: () => new Map<string, number>(),
  async handle(call, rawState) {
    const used = rawState as Map<string, number>;
    const scenario = call.scenario;
    if (!(await call.waitHeaders())) return;
    // The router's list needs no token (the content author's finding); it is the same for everyone.
    if (call.path === '/v1/models' && call.method === 'GET' && (scenario === undefined || !(GENERIC_FAULTS as readonly string[]).includes(scenario))) {
      return call.json(200, CATALOGUE(), { ...common('*'), 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId() });
    }
    if (call.key === undefined || scenario === undefined || scenario === 'invalid') return hfError(call, 401, BAD_TOKEN, { 'www-authenticate': 'Bearer realm="Authentication required", charset="UTF-8"' });
    if ((GENERIC_FAULTS as readonly string[]).includes(scenario)) {
      await call.fault(scenario as GenericFault);
      return;
    }
    if (call.path !== '/v1/chat/completions' || call.method !== 'POST') return hfError(call, 404, 'Not Found'); // synthetic
    if (scenario === 'noInferencePermission') return hfError(call, 403, NO_PERMISSION);
    // The router refuses these itself: no X-Inference-Provider (recorded).
    if (scenario === 'creditsDepleted') return hfError(call, 402, DEPLETED);
    if (scenario === 'creditsExceeded') return hfError(call, 402, EXCEEDED);
    if (scenario === 'routerBadGateway') {
      // Synthetic page: the content author found the router's 502 to be HTML, without its text.
      return call.send(502, '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n', { ...common('*'), 'content-type': 'text/html' });
    }
    const count = (used.get(call.key) ?? 0) + 1;
    used.set(call.key, count);
    await chat(call, count);
  },
};

export type HuggingFaceRole = 'hub' | 'router';

export function startFakeHuggingFace(options: { role: HuggingFaceRole; port?: number }): Promise<FakeServer<HuggingFaceScenario>> {
  return startFake(options.role === 'hub' ? hubFake : routerFake, { role: options.role, port: options.port });
}
