// The fake of api.x.ai, from the fact sheet (shared/research/providers/xai.md) and the bodies on
// the xAI error pages (src/content/errors/xai/). What is real and what is synthetic is said per
// answer below.
//
// Its own behaviour: `GET /v1/api-key` (the key's redacted form, name, ACLs and the flags
// team_blocked, api_key_blocked, api_key_disabled), errors in a gRPC-style body
// `{"code": "<gRPC status text>", "error": "<message>"}`, a wrong key answered with 400, billing
// refusals as 403 or 429 with the same words, streams whose usage comes in a last chunk with
// `choices: []`, and reasoning tokens reported outside `completion_tokens`.
import { randomUUID } from 'node:crypto';
import type { FakeCall, FakeModule } from './framework.ts';
import { playChat } from './chat-play.ts';
import { demoKeysOf, openAICompatibleFake, type Canned, type CommonScenario } from './openai-compatible.ts';

const EXTRA = ['revoked', 'keyBlocked', 'keyDisabled', 'teamBlocked', 'spendingLimit403'] as const;
type Extra = (typeof EXTRA)[number];
type Scenario = CommonScenario | Extra;

// Ids from a live `GET /v1/models` of 2026-08-22 (a project's verification notes, found by code
// search), plus grok-4.7 (released 2026-09-21); grok-build-0.1 reached its end of life on
// 2026-11-19. The card shape (object, created, owned_by) is OpenAI's and not verified verbatim;
// the `created` values of grok-4.20 (2026-03-09), 4.3, 4.5 and 4.6 are real, grok-4.7's is its
// release day, the others are synthetic.
const MODELS = [
  ['grok-4.20-0309-non-reasoning', 1773014400],
  ['grok-4.20-0309-reasoning', 1773014400],
  ['grok-4.20-multi-agent-0309', 1773014400],
  ['grok-4.3', 1776384000],
  ['grok-4.5', 1782691200],
  ['grok-4.6', 1785974400],
  ['grok-4.7', 1789948800],
  ['grok-imagine-image', 1775000000],
  ['grok-imagine-image-2.0', 1788000000],
  ['grok-imagine-video', 1775000000],
] as const;
const CHAT_MODELS: readonly string[] = MODELS.map(([id]) => id).filter((id) => !id.startsWith('grok-imagine'));
/** Models that reason before answering, without streaming their reasoning (Grok 4 models). */
const REASONS = (model: string) => model !== 'grok-4.20-0309-non-reasoning';

const grpc = (status: number, code: string, error: string, headers?: Record<string, string>): Canned => ({ status, body: { code, error }, headers });
const PERMISSION_DENIED = 'The caller does not have permission to execute the specified operation';
// A synthetic team id: xAI's messages name the team, and Keyprobe must not show it.
const TEAM = 'c853730f-fe0f-4537-b8a2-0e6e33c8342d';

// Real message (continue#10373, 429, 2026-02; warp#14867, 403, 2026-08); the `code` texts are
// gRPC's names for those statuses (RESOURCE_EXHAUSTED, PERMISSION_DENIED), not seen verbatim.
const spent = (status: 403 | 429) =>
  grpc(
    status,
    status === 429 ? 'Some resource has been exhausted' : PERMISSION_DENIED,
    `Your team ${TEAM} has either used all available credits or reached its monthly spending limit. To continue making API requests, please purchase more credits or raise your spending limit.`,
  );

// Real body (griptape-nodes-engine#1079, 2025), team id replaced.
const noCredits = grpc(403, PERMISSION_DENIED, `Your newly created teams doesn't have any credits yet. You can purchase credits on https://console.x.ai/team/${TEAM}.`);

/** Real shape (xai-proto auth.proto, public notes quoting live calls); ids, dates and name synthetic. */
function apiKeyInfo(call: FakeCall<Scenario>) {
  const restricted = call.scenario === 'forbidden';
  return {
    redacted_api_key: `xai-...${(call.key ?? '').slice(-4)}`,
    user_id: '0f5d3c2e-9a41-4b7e-8c0d-2e6f1a9b7c55',
    name: restricted ? 'ci-restricted' : 'Default',
    create_time: '2026-09-02T08:14:51.000Z',
    modify_time: '2026-09-02T08:14:51.000Z',
    modified_by: '0f5d3c2e-9a41-4b7e-8c0d-2e6f1a9b7c55',
    team_id: TEAM,
    // The trailing empty entry is real: a live answer quoted in public notes had one.
    acls: restricted ? ['api-key:model:grok-4.7', 'api-key:endpoint:chat'] : ['api-key:model:*', 'api-key:endpoint:*', ''],
    api_key_id: '6b1e2d9c-4f7a-4c3b-9e8d-1a2b3c4d5e6f',
    team_blocked: call.scenario === 'teamBlocked',
    api_key_blocked: call.scenario === 'keyBlocked',
    api_key_disabled: call.scenario === 'keyDisabled',
  };
}

function modelOf(call: FakeCall<Scenario>): string {
  try {
    return String((JSON.parse(call.body) as { model?: unknown }).model ?? '');
  } catch {
    return '';
  }
}

const base = openAICompatibleFake<Extra>({
  id: 'xai',
  extraScenarios: EXTRA,
  key: { prefix: 'xai-', length: 84 },
  basePath: '/v1',
  models: { object: 'list', data: MODELS.map(([id, created]) => ({ id, created, object: 'model', owned_by: 'xai' })) },
  chatModels: CHAT_MODELS,
  // The header name is the one xAI's SDK reads for its request id (xai-sdk-python#185, gRPC
  // metadata, 2026-07); on REST answers it is assumed, and its values are synthetic.
  requestIdHeader: 'x-request-id',
  requestId: randomUUID,
  streamUsage: 'include_usage',
  answers: {
    // Real body (continue#10778, 2026-02; beeai-framework#447, 2025-03): the first two and last
    // two characters of what was sent.
    invalid: (call) => grpc(400, 'Client specified an invalid argument', `Incorrect API key provided: ${(call.key ?? '').slice(0, 2)}***${(call.key ?? '').slice(-2)}. You can obtain an API key from https://console.x.ai.`),
    // Body from a test fixture, not verified live.
    revoked: grpc(401, 'Unauthenticated', 'The provided token has been revoked.'),
    // Synthetic shape; the message is real (cline#4826, 2025-07) with a synthetic team id.
    rateLimited: grpc(429, 'Some resource has been exhausted', `Too many tokens for team ${TEAM} and model grok-4.20-0309-non-reasoning. Your team's rate limit is — Tokens per Minute (actual/limit): 65605/16000`),
    // Real body of a wrong path (AIWriteX#26, 2025-07). An unknown model: the words are real
    // ("Model not found: grok-beta", definable.ai#14, 2026-02), the code text synthetic.
    notFound: (call) =>
      call.path === '/v1/chat/completions'
        ? grpc(400, 'Client specified an invalid argument', `Model not found: ${modelOf(call)}`)
        : grpc(404, 'Some requested entity was not found', 'No handler found on route. Please double check your URL and consult https://api.x.ai/docs for more information.'),
    // Synthetic: no body of a real xAI 5xx is published.
    serverError: grpc(500, 'Internal', 'Internal error. Please try again later.'),
    echoBodyRequestId: { status: 401, body: {} },
  },
  unknownKey: grpc(400, 'Client specified an invalid argument', 'Incorrect API key provided: ***. You can obtain an API key from https://console.x.ai.'),
  extraRoutes: {
    '/v1/api-key': (call) => ({ status: 200, body: apiKeyInfo(call) }),
  },
  extraScenario(call) {
    if (call.path !== '/v1/chat/completions') return false;
    switch (call.scenario) {
      case 'teamBlocked':
        return noCredits;
      case 'quotaExhausted':
        return spent(429);
      case 'spendingLimit403':
        return spent(403);
      case 'forbidden':
        // Synthetic wording: the message of a 403 caused by ACLs is not published.
        return modelOf(call) === 'grok-4.7' ? false : grpc(403, PERMISSION_DENIED, `The API key is not allowed to use the model ${modelOf(call)}.`);
      case 'keyBlocked':
      case 'keyDisabled':
        // Synthetic: what a blocked or disabled key gets on inference is not published.
        return grpc(403, PERMISSION_DENIED, 'The API key is blocked or disabled.');
      default:
        return false;
    }
  },
});

/** Scenarios whose completions this module plays itself (usage with reasoning tokens); the rest are the shared module's. */
const PLAYED: readonly Scenario[] = ['valid', 'forbidden'];

export const xaiFake: FakeModule<Scenario> = {
  ...base,
  async handle(call, state) {
    const scenario = call.scenario;
    const model = modelOf(call);
    if (scenario === undefined || !PLAYED.includes(scenario) || call.method !== 'POST' || call.path !== '/v1/chat/completions' || !CHAT_MODELS.includes(model)) {
      return base.handle(call, state);
    }
    if (scenario === 'forbidden' && model !== 'grok-4.7') return base.handle(call, state);
    let body: { stream?: unknown; max_tokens?: unknown; stream_options?: { include_usage?: unknown } };
    try {
      body = JSON.parse(call.body) as typeof body;
    } catch {
      return base.handle(call, state);
    }
    if (!(await call.waitHeaders())) return;
    // Shapes from vercel/ai's recorded xAI stream (2026-02): no `usage` or `logprobs` on chunks,
    // the finish reason in a chunk of its own, usage last with `choices: []` when asked for, and
    // reasoning tokens outside `completion_tokens` (12 + 1 + 290 = 303).
    await playChat(call, {
      model,
      stream: body.stream === true,
      maxTokens: typeof body.max_tokens === 'number' ? body.max_tokens : 4096,
      reasoningTokens: REASONS(model) ? 40 : 0,
      reasoningHidden: true,
      reasoningInCompletion: false,
      streamUsage: body.stream_options?.include_usage === true ? 'separate_chunk' : 'none',
      finishApart: true,
      headers: { 'x-request-id': randomUUID() },
      extra: { system_fingerprint: 'fp_2a885414fb' },
    });
  },
};

const OWN: Record<Extra, string> = {
  revoked: 'a revoked key (401)',
  keyBlocked: 'a key xAI blocked (api_key_blocked)',
  keyDisabled: 'a disabled key (api_key_disabled)',
  teamBlocked: 'a valid key whose team has no credits (team_blocked; 403 on chat)',
  spendingLimit403: 'a valid key whose team reached its spending limit (403 on chat)',
};

export const xaiDemoKeys = demoKeysOf(xaiFake, OWN).map((k) =>
  k.name === 'invalid'
    ? { ...k, description: 'a wrong key (400 Incorrect API key provided)' }
    : k.name === 'quotaExhausted'
      ? { ...k, description: 'a valid key whose team used its credits (429 on chat)' }
      : k.name === 'forbidden'
        ? { ...k, description: 'a key whose ACLs allow only grok-4.7 (403 on other models)' }
        : k,
);
