// Scenario keys of the Perplexity fake (tests/fakes/perplexity.ts), apart from the fake so that tests
// in workerd can name them without loading its fixtures.
import { fakeKey, GENERIC_FAULTS } from './framework.ts';

export const PERPLEXITY_SCENARIOS = [
  'valid',
  'reasoning',
  'invalid',
  'invalidHtml',
  'insufficientQuota',
  'rateLimited',
  'serverError',
  'badGateway',
  'forbiddenHtml',
  'runFailed',
  'streamFailed',
  'malformedSse',
  'resetMidStream',
  'streamNoEnd',
  ...GENERIC_FAULTS,
] as const;

export type PerplexityScenario = (typeof PERPLEXITY_SCENARIOS)[number];

export const PERPLEXITY_DESCRIPTIONS: Record<PerplexityScenario, string> = {
  valid: 'a working key with credits',
  reasoning: 'a working key; the model reasons before it answers',
  invalid: 'a rejected key (401 invalid_api_key)',
  invalidHtml: 'a rejected key, answered with the old HTML 401 page',
  insufficientQuota: 'a real key whose API group has no credits (401 insufficient_quota)',
  rateLimited: 'rate-limited (429)',
  serverError: 'Perplexity fails (500)',
  badGateway: 'Cloudflare answers 502 with an HTML page',
  forbiddenHtml: 'Cloudflare refuses the network with an HTML 403',
  runFailed: 'the key check answers 200 with status failed',
  streamFailed: 'working; streams end with response.failed',
  malformedSse: 'working; streams carry broken events',
  resetMidStream: 'working; streams are cut off midway',
  streamNoEnd: 'working; streams stop before response.completed',
  hang: 'never answers (timeout)',
  resetBeforeHeaders: 'the connection is reset before any answer',
  redirectForeign: 'answers with a redirect',
  redirectForeignHost: 'redirects to a foreign host',
  hugeBody: 'an endless answer',
};

/** A scenario's key: `pplx-` + 48 pseudo-random letters and digits, like a real key. */
export const perplexityKeyFor = (scenario: PerplexityScenario): string => fakeKey(`perplexity:${scenario}`, { prefix: 'pplx-', length: 53 });
