// The fake of OpenAI's API (api.openai.com and the data-residency hosts us., eu., ae.), on the
// shared OpenAI-compatible module. One server per host (role), so a data-residency key can work on
// its own host only. Bodies are OpenAI's real ones, from the error pages' sources
// (src/content/errors/openai/*.mdx) and the fact sheet; anything synthetic says so where it is.
import { randomBytes } from 'node:crypto';
import { fakeKey, startFake, type FakeCall, type FakeModule, type FakeServer } from './framework.ts';
import { demoKeysOf, openAICompatibleFake, type Canned, type CommonScenario } from './openai-compatible.ts';

/** The hosts, by endpoint id of src/content/providers/openai.json. */
export const OPENAI_ROLES = {
  global: 'https://api.openai.com',
  us: 'https://us.api.openai.com',
  eu: 'https://eu.api.openai.com',
  ae: 'https://ae.api.openai.com',
} as const;
export type OpenAIRole = keyof typeof OPENAI_ROLES;

const OWN_SCENARIOS = [
  // A key whose organization has no credit: models list, completions get 429 (the 2026 code).
  'creditExhausted',
  // A restricted key without Model capabilities: Write (model.request): lists models, chat gets 401 Missing scopes.
  'missingScopes',
  // A restricted key without Models: Read: the list gets 403, chat works.
  'noModelsRead',
  // The older "Missing scopes" 401 on the list itself (code null).
  'missingScopesOnList',
  // OpenAI refuses the country the call came from.
  'unsupportedRegion',
  // A US data-residency project's key: elsewhere 401 incorrect_hostname naming us.api.openai.com.
  'usProject',
  // An EU data-residency project's key refused elsewhere with a plain 401 (synthetic): found by asking the other hosts.
  'euProjectPlain401',
  // An admin key (sk-admin-): model endpoints refuse it.
  'adminKey',
] as const;
type OwnScenario = (typeof OWN_SCENARIOS)[number];
type Scenario = CommonScenario | OwnScenario;

/** A key of OpenAI's shape: prefix, 74 characters, the `T3BlbkFJ` marker, 74 more (admin keys: 58 each side). */
function openaiKey(scenario: string): string {
  const admin = scenario === 'adminKey';
  const half = admin ? 58 : 74;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  return `${admin ? 'sk-admin-' : 'sk-proj-'}${fakeKey(`openai:${scenario}:a`, { length: half, alphabet })}T3BlbkFJ${fakeKey(`openai:${scenario}:b`, { length: half, alphabet })}`;
}

/** OpenAI echoes a key it refuses masked: its first characters, stars, its last four (continuedev/continue#9634, 2026-01). */
function masked(key: string): string {
  const head = /^sk-(proj|svcacct|admin)-/.exec(key)?.[0] ?? key.slice(0, 3);
  return `${head}${'*'.repeat(Math.max(4, key.length - head.length - 4))}${key.slice(-4)}`;
}

const error = (message: string, type: string, code: string | null, extra: Record<string, unknown> = {}) => ({ error: { message, type, param: null, code, ...extra } });

// GET /v1/models: a part of a real list recorded on 2026-08-20 (maruel/genai 66b63e6,
// providers/openaichat/testdata/TestClient/Warmup.yaml), with `shutdown_date` as OpenAI sends it.
// The GPT-6 entries (released 2026-09-22 and later) are synthetic: ids from the price table.
const MODELS = {
  object: 'list',
  data: [
    { id: 'gpt-4-0613', object: 'model', created: 1686588896, owned_by: 'openai', shutdown_date: '2026-10-23' },
    { id: 'gpt-3.5-turbo', object: 'model', created: 1677610602, owned_by: 'openai', shutdown_date: '2026-10-23' },
    { id: 'gpt-live-transcribe', object: 'model', created: 1785168034, owned_by: 'system', shutdown_date: null },
    { id: 'gpt-5.6-luna', object: 'model', created: 1782228658, owned_by: 'system', shutdown_date: null },
    { id: 'gpt-realtime-2.1-mini', object: 'model', created: 1782254706, owned_by: 'system', shutdown_date: null },
    { id: 'tts-1-hd', object: 'model', created: 1699046015, owned_by: 'system', shutdown_date: null },
    { id: 'text-embedding-3-small', object: 'model', created: 1705948997, owned_by: 'system', shutdown_date: null },
    { id: 'text-embedding-3-large', object: 'model', created: 1705953180, owned_by: 'system', shutdown_date: null },
    { id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system', shutdown_date: null },
    { id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system', shutdown_date: null },
    { id: 'omni-moderation-latest', object: 'model', created: 1731689265, owned_by: 'system', shutdown_date: null },
    { id: 'o3-mini', object: 'model', created: 1737146383, owned_by: 'system', shutdown_date: '2026-10-23' },
    { id: 'gpt-4o-mini-transcribe', object: 'model', created: 1742068596, owned_by: 'system', shutdown_date: null },
    { id: 'o3', object: 'model', created: 1744225308, owned_by: 'system', shutdown_date: null },
    { id: 'gpt-4.1', object: 'model', created: 1744316542, owned_by: 'system', shutdown_date: null },
    { id: 'gpt-4.1-nano', object: 'model', created: 1744321707, owned_by: 'system', shutdown_date: '2026-10-23' },
    { id: 'gpt-image-1', object: 'model', created: 1745517030, owned_by: 'system', shutdown_date: '2026-10-23' },
    { id: 'gpt-5', object: 'model', created: 1754425777, owned_by: 'system', shutdown_date: null },
    { id: 'gpt-5-mini', object: 'model', created: 1754425928, owned_by: 'system', shutdown_date: null },
    // synthetic
    { id: 'gpt-6-luna', object: 'model', created: 1790035200, owned_by: 'system', shutdown_date: null },
    { id: 'gpt-6.1-terra', object: 'model', created: 1792800000, owned_by: 'system', shutdown_date: null },
    { id: 'gpt-6.2-sol', object: 'model', created: 1795305600, owned_by: 'system', shutdown_date: null },
  ],
};
const CHAT_MODELS = MODELS.data.map((m) => m.id).filter((id) => /^(gpt-(3\.5|4|5|6)|o\d)/.test(id) && !/transcribe|realtime|image|tts/.test(id));

const QUOTA_MESSAGE = 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.';
const SCOPES_MESSAGE = (scope: string) =>
  `You have insufficient permissions for this operation. Missing scopes: ${scope}. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.`;

const invalid = (call: FakeCall<Scenario>): Canned => ({
  status: 401,
  // The 2026 recording of GET /v1/models with a bad key (maruel/genai, errors/bad_apiKey/ListModels.yaml).
  body:
    call.key === undefined
      ? error(
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
          'invalid_request_error',
          null,
        )
      : error(`Incorrect API key provided: ${masked(call.key)}. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_request_error', 'invalid_api_key'),
  headers: { 'www-authenticate': 'Bearer realm="OpenAI API"' },
});

const inference = (call: FakeCall<Scenario>) => call.method === 'POST' && (call.path === '/v1/chat/completions' || call.path === '/v1/embeddings');
const listing = (call: FakeCall<Scenario>) => call.method === 'GET' && call.path === '/v1/models';

const base = openAICompatibleFake<OwnScenario>({
  id: 'openai',
  extraScenarios: OWN_SCENARIOS,
  key: { prefix: 'sk-proj-', length: 164 },
  basePath: '/v1',
  models: MODELS,
  chatModels: CHAT_MODELS,
  embeddingModels: ['text-embedding-3-small', 'text-embedding-3-large'],
  requestIdHeader: 'x-request-id',
  requestId: () => `req_${randomBytes(16).toString('hex')}`,
  // Headers of real 2026 answers (fact sheet §4); the processing time is synthetic.
  // Access-Control-Allow-Origin on answers: the recordings kept only the expose list, but pages read
  // these answers (Niek/chatgpt-web#330), which a browser allows only with it.
  headers: { 'access-control-allow-origin': '*', 'openai-version': '2020-10-01', 'openai-processing-ms': '42', 'access-control-expose-headers': 'X-Request-ID, CF-Ray', 'x-openai-proxy-wasm': 'v0.1' },
  // The preflight allows Authorization and Content-Type, with Access-Control-Allow-Origin: * (Niek/chatgpt-web#330,
  // 2026-08-20); whether it allows other headers was not recorded, so none are. Status and methods: synthetic.
  preflight: { allowOrigin: '*', allowMethods: 'GET, POST, OPTIONS', allowHeaders: ['authorization', 'content-type'] },
  // The values of a real 2026 chat answer (gpt-5.6-luna: 500 requests, 200000 tokens a minute), counting down.
  rateLimitHeaders: (used) => ({
    'x-ratelimit-limit-requests': '500',
    'x-ratelimit-limit-tokens': '200000',
    'x-ratelimit-remaining-requests': String(Math.max(0, 500 - used)),
    'x-ratelimit-remaining-tokens': String(Math.max(0, 200_000 - used * 34)),
    'x-ratelimit-reset-requests': '120ms',
    'x-ratelimit-reset-tokens': '10ms',
  }),
  rateLimitsOnInferenceOnly: true,
  streamUsage: 'include_usage',
  inferenceOnly: ['quotaExhausted', 'creditExhausted', 'missingScopes', 'notFound'],
  answers: {
    invalid,
    // Synthetic: no real 403 body of OpenAI's own was found (the 403 page has none).
    forbidden: { status: 403, body: error('You are not allowed to access this resource.', 'invalid_request_error', null) },
    // Real: transformrs/ata#63 (2024-07); the message is unchanged in 2026 reports (continuedev/continue#11484).
    quotaExhausted: { status: 429, body: error(QUOTA_MESSAGE, 'insufficient_quota', 'insufficient_quota') },
    // The code of OpenAI's 2026 error-code guide; no real body with it was found, so the pairing is synthetic.
    creditExhausted: { status: 429, body: error(QUOTA_MESSAGE, 'insufficient_quota', 'credit_balance_exhausted') },
    // Real: coderabbitai/ai-pr-reviewer#451 (a TPM limit); the retry-after and rate-limit headers are synthetic.
    rateLimited: {
      status: 429,
      body: error(
        'Rate limit reached for gpt-4o in organization org-FAKEorgIdOfTheFake01 on tokens per min (TPM): Limit 30000, Used 14567, Requested 24754. Please try again in 18.642s. Visit https://platform.openai.com/account/rate-limits to learn more.',
        'tokens',
        'rate_limit_exceeded',
      ),
      headers: {
        'retry-after': '19',
        'x-ratelimit-limit-requests': '500',
        'x-ratelimit-remaining-requests': '499',
        'x-ratelimit-reset-requests': '120ms',
        'x-ratelimit-limit-tokens': '30000',
        'x-ratelimit-remaining-tokens': '0',
        'x-ratelimit-reset-tokens': '18.642s',
      },
    },
    // Real shape: openai/openai-agents-python#458 (2025-04), with the model asked for.
    notFound: (call) => {
      let model = '';
      try {
        model = String((JSON.parse(call.body) as { model?: unknown }).model ?? '');
      } catch {
        // not JSON
      }
      return { status: 404, body: error(`The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found') };
    },
    // Real: ai-genie/chatgpt-vscode#100 (2023-05).
    serverError: {
      status: 500,
      body: error(
        'The server had an error processing your request. Sorry about that! You can retry your request, or contact us through our help center at help.openai.com if you keep seeing this error. (Please include the request ID e5c949c8ec2c86be225544e5eefcbe4d in your email.)',
        'server_error',
        null,
      ),
    },
    // Real, with the April 2026 code: Wei-Shaw/sub2api#1566.
    missingScopes: { status: 401, body: error(SCOPES_MESSAGE('model.request'), 'invalid_request_error', 'missing_scope') },
    echoBodyRequestId: { status: 401, body: {} },
  },
  extraScenario(call) {
    switch (call.scenario) {
      case 'noModelsRead':
        // The status is real (TruffleHog's analyzer reads Models: Read as 200 vs 403); the body is synthetic.
        return listing(call) ? { status: 403, body: error(SCOPES_MESSAGE('api.model.read'), 'invalid_request_error', 'missing_scope') } : false;
      case 'missingScopesOnList':
        // Real wording with code null (continuedev/continue#10059, 2026-01); `api.model.read` is a scope seen in real messages.
        return listing(call) ? { status: 401, body: error(SCOPES_MESSAGE('api.model.read'), 'invalid_request_error', null) } : false;
      case 'unsupportedRegion':
        // Real: aurora-develop/Duck2api#33 (2024-12), keys in OpenAI's order for this error.
        return { status: 403, body: { error: { code: 'unsupported_country_region_territory', message: 'Country, region, or territory not supported', param: null, type: 'request_forbidden' } } };
      case 'usProject':
        // Real: agent-ecosystem/skill-validator#70 (2026-04), seen on a completion; on the model list it is synthetic.
        return call.role === 'us'
          ? false
          : {
              status: 401,
              body: {
                error: { message: 'Attempted to access resource with incorrect regional hostname. Please make your request to us.api.openai.com', type: 'invalid_request_error', code: 'incorrect_hostname', param: null },
                status: 401,
              },
            };
      case 'euProjectPlain401':
        return call.role === 'eu' ? false : invalid(call);
      case 'adminKey':
        // Synthetic: which answer OpenAI gives an admin key on model endpoints is not verified; a 401 like a wrong key is assumed.
        return inference(call) || listing(call) ? invalid(call) : false;
      default:
        return false;
    }
  },
});

export const openaiFake: FakeModule<Scenario> = { ...base, keyFor: openaiKey };

export const OPENAI_DESCRIPTIONS: Record<OwnScenario, string> = {
  creditExhausted: 'no credit left (429 credit_balance_exhausted on completions)',
  missingScopes: 'a restricted key without model.request (401 Missing scopes on completions)',
  noModelsRead: 'a restricted key without Models: Read (403 on the model list; chat works)',
  missingScopesOnList: 'a restricted key refused the model list with 401 Missing scopes',
  unsupportedRegion: 'OpenAI refuses the country of the caller (403 unsupported_country_region_territory)',
  usProject: 'a US data-residency key (works on us.api.openai.com only)',
  euProjectPlain401: 'an EU data-residency key (works on eu.api.openai.com only)',
  adminKey: 'an admin key (sk-admin-), refused by model endpoints',
};

export const openaiDemoKeys = demoKeysOf(openaiFake, OPENAI_DESCRIPTIONS);

/** Starts the fake of one OpenAI host. */
export function startFakeOpenAI(role: OpenAIRole = 'global', port?: number): Promise<FakeServer<Scenario>> {
  return startFake(openaiFake, { role, port });
}
