// Scenario keys of the Hugging Face fake (tests/fakes/huggingface.ts), apart from the fake so that
// tests in workerd can name them without loading its fixtures. Both hosts' servers know every key.
import { fakeKey, GENERIC_FAULTS } from './framework.ts';

export const HUGGINGFACE_SCENARIOS = [
  'valid',
  'validFineGrained',
  'servedByNebius',
  'noInferencePermission',
  'invalid',
  'creditsDepleted',
  'creditsExceeded',
  'hubRateLimited',
  'routerRateLimited',
  'modelNotFound',
  'providerError',
  'routerBadGateway',
  'hubError',
  'streamError',
  'malformedSse',
  'resetMidStream',
  'streamNoDone',
  ...GENERIC_FAULTS,
] as const;

export type HuggingFaceScenario = (typeof HUGGINGFACE_SCENARIOS)[number];

export const HUGGINGFACE_DESCRIPTIONS: Record<HuggingFaceScenario, string> = {
  valid: 'a working read token; novita serves the checks',
  validFineGrained: 'a working fine-grained token with the Inference Providers permission',
  servedByNebius: 'a working token; nebius serves the checks and passes its rate limits on',
  noInferencePermission: 'a fine-grained token without the Inference Providers permission (403 on the router)',
  invalid: 'a rejected token (401 “Invalid credentials in Authorization header”)',
  creditsDepleted: 'a valid token whose monthly credits are depleted (402 on the router)',
  creditsExceeded: 'a valid token over its monthly included credits (402, the other wording)',
  hubRateLimited: 'over the Hub API limit (429, RateLimit r=0)',
  routerRateLimited: 'the serving provider rate-limits inference (429 on the router)',
  modelNotFound: 'the router knows no such model (400 model_not_found)',
  providerError: 'the serving provider fails (500, together’s body)',
  routerBadGateway: 'the router answers 502 with an HTML page',
  hubError: 'the Hub API fails (500)',
  streamError: 'working; an error arrives inside the stream',
  malformedSse: 'working; streams carry broken events',
  resetMidStream: 'working; streams are cut off midway',
  streamNoDone: 'working; streams end without data: [DONE]',
  hang: 'never answers (timeout)',
  resetBeforeHeaders: 'the connection is reset before any answer',
  redirectForeign: 'answers with a redirect',
  redirectForeignHost: 'redirects to a foreign host',
  hugeBody: 'an endless answer',
};

/** A scenario's token: `hf_` + 34 pseudo-random letters and digits, like a real user access token. */
export const huggingfaceKeyFor = (scenario: HuggingFaceScenario): string => fakeKey(`huggingface:${scenario}`, { prefix: 'hf_', length: 37 });

/** The account name the fake's whoami and 403 carry: Keyprobe must never show it. */
export const FAKE_HF_USER = 'keyprobe-fake-user-q7x';
