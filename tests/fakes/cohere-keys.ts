// Scenario keys of the Cohere fake (tests/fakes/cohere.ts), apart from the fake so that tests in
// workerd can name them without loading the fake's fixtures.
import { fakeKey, GENERIC_FAULTS } from './framework.ts';

export const COHERE_SCENARIOS = [
  'valid',
  'validTrial',
  'trialMonthly',
  'trialPerMinute',
  'rateLimited',
  'paymentRequired',
  'billingLimit',
  'invalid',
  'expired',
  'forbiddenHtml',
  'routeNotFound',
  'modelGone',
  'serverError',
  'pagedModels',
  'streamError',
  'malformedSse',
  'resetMidStream',
  'streamNoEnd',
  ...GENERIC_FAULTS,
] as const;

export type CohereScenario = (typeof COHERE_SCENARIOS)[number];

export const COHERE_DESCRIPTIONS: Record<CohereScenario, string> = {
  valid: 'a working production key',
  validTrial: 'a working trial key (trial limits in its headers)',
  trialMonthly: "a trial key whose 1,000 calls a month are used up (429)",
  trialPerMinute: "a trial key over its per-minute limit (429)",
  rateLimited: 'rate-limited (429, “past the per minute request limit”)',
  paymentRequired: 'lists models, but paid calls need a payment method (402)',
  billingLimit: "lists models, but the key's maximum billing is reached (402)",
  invalid: 'a rejected key (401 “invalid api token”)',
  expired: 'an expired key (401)',
  forbiddenHtml: 'an HTML 403 page from the load balancer',
  routeNotFound: '404 page not found on the model list',
  modelGone: 'lists its models, but chat answers “model not found” (404)',
  serverError: 'Cohere fails (500)',
  pagedModels: 'a working key whose model list comes in pages of 10',
  streamError: 'working; streams end with finish_reason ERROR',
  malformedSse: 'working; streams carry broken events',
  resetMidStream: 'working; streams are cut off midway',
  streamNoEnd: 'working; streams stop before message-end',
  hang: 'never answers (timeout)',
  resetBeforeHeaders: 'the connection is reset before any answer',
  redirectForeign: 'answers with a redirect',
  redirectForeignHost: 'redirects to a foreign host',
  hugeBody: 'an endless model list',
};

/** A scenario's key: `Fake` + pseudo-random letters and digits, 40 in all like a real Cohere key. */
export const cohereKeyFor = (scenario: CohereScenario): string => fakeKey(`cohere:${scenario}`, { prefix: 'Fake', length: 40 });
