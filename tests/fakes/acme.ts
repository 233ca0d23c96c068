// The fake of the made-up provider in tests/fixtures/acme/provider.json: the seam test proves that a
// provider is data, a few lines of adapter and a fake, with no runner, island or page code.
import { openAICompatibleFake } from './openai-compatible.ts';

export const acmeFake = openAICompatibleFake({
  id: 'acme',
  key: { prefix: 'ak-', length: 43 },
  basePath: '/v1',
  models: {
    object: 'list',
    data: [
      { id: 'acme-mini', object: 'model', created: 1_760_000_000, owned_by: 'acme' },
      { id: 'acme-large', object: 'model', created: 1_760_000_000, owned_by: 'acme' },
      { id: 'acme-embed', object: 'model', created: 1_760_000_000, owned_by: 'acme' },
    ],
  },
  chatModels: ['acme-mini', 'acme-large'],
  embeddingModels: ['acme-embed'],
  requestIdHeader: 'x-request-id',
  rateLimitHeaders: (used) => ({
    'x-ratelimit-limit-requests': '600',
    'x-ratelimit-remaining-requests': String(600 - used),
    'x-ratelimit-reset-requests': '100ms',
    'x-ratelimit-limit-tokens': '100000',
    'x-ratelimit-remaining-tokens': String(100_000 - used * 40),
    'x-ratelimit-reset-tokens': '6m0s',
  }),
  streamUsage: 'include_usage',
  answers: {
    invalid: { status: 401, body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } },
    forbidden: { status: 403, body: { error: { message: 'Not allowed.', type: 'permission_error', param: null, code: null } } },
    quotaExhausted: { status: 429, body: { error: { message: 'You exceeded your current quota.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } } },
    rateLimited: { status: 429, body: { error: { message: 'Rate limit reached.', type: 'requests', param: null, code: 'rate_limit_exceeded' } }, headers: { 'retry-after': '1' } },
    notFound: { status: 404, body: { error: { message: 'No such model.', type: 'invalid_request_error', param: null, code: 'model_not_found' } } },
    serverError: { status: 500, body: { error: { message: 'The server had an error.', type: 'server_error', param: null, code: null } } },
    echoBodyRequestId: { status: 401, body: {} },
  },
});
