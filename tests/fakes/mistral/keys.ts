// Scenario keys of the fake Mistral API. A key selects the behaviour; every key has the shape of a
// real Mistral key (exactly 32 characters of [A-Za-z0-9], FACTS §6) so shape detection says "Mistral".
// Past "Fake", the characters are pseudo-random, not words: the scrubber would rightly hide any
// 8 of them that an answer repeats, and a key spelling "Unauthorized" would hide the provider's words.
import { fakeKey } from '../framework.ts';

export const SCENARIO_NAMES = [
  'validFree',
  'validPaid',
  'validLegacyHeaders',
  'validFiveMinute',
  'unauthorizedDetail',
  'unauthorizedKong',
  'unauthorizedNoBody',
  'unauthorizedInvalidApiKey',
  'forbidden',
  'vibeKeyScope',
  'rateLimited',
  'rateLimitedRetryAfter',
  'zeroAllowance',
  'capacity',
  'codestralOnly',
  'serverError',
  'badGateway',
  'cloudflare520',
  'hang',
  'slow',
  'resetBeforeHeaders',
  'resetMidStream',
  'malformedJson',
  'malformedSse',
  'streamNoDone',
  'redirectForeign',
  'redirectForeignHost',
  'hugeBody',
  'echoKey',
  'routeNotFound',
  'burst429',
  'burst429NoHint',
] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** One line per scenario, as the demo lists them (the README has the full table with sources). */
export const SCENARIO_SUMMARIES: Record<ScenarioName, string> = {
  validFree: 'valid key on the free plan',
  validPaid: 'valid key on a paid plan',
  validLegacyHeaders: 'valid, with 2025-style rate-limit headers',
  validFiveMinute: 'valid, with a 5-minute token window',
  unauthorizedDetail: '401 with a FastAPI “detail” body',
  unauthorizedKong: '401 from the API gateway',
  unauthorizedNoBody: '401 with an empty body',
  unauthorizedInvalidApiKey: '401 with the 2026 “Invalid API Key” body',
  forbidden: '403: key accepted, access refused',
  vibeKeyScope: '403: a Vibe key outside its scope (api_key_scope_not_allowed)',
  rateLimited: '429: rate-limited',
  rateLimitedRetryAfter: '429 with Retry-After',
  zeroAllowance: '429 with a limit of 0 (no allowance)',
  capacity: 'valid; completions hit “service tier capacity exceeded”',
  codestralOnly: 'a Codestral key (works on codestral.mistral.ai only)',
  serverError: '500 from Mistral',
  badGateway: '502 from Mistral',
  cloudflare520: '520 from Cloudflare in front of Mistral',
  hang: 'never answers (timeout)',
  slow: 'valid but slow (1.5 s to first byte)',
  resetBeforeHeaders: 'connection reset before any answer',
  resetMidStream: 'valid; streams are cut off midway',
  malformedJson: '200 with a body that is not JSON',
  malformedSse: 'valid; streams carry broken events',
  streamNoDone: 'valid; streams end without [DONE]',
  redirectForeign: 'answers with a redirect elsewhere',
  redirectForeignHost: 'redirects to a foreign host',
  hugeBody: 'an endless model list',
  echoKey: 'echoes the key back in its error',
  routeNotFound: '404: the host does not serve the call',
  burst429: 'valid; every third call is rate-limited (Retry-After: 1)',
  burst429NoHint: 'valid; every third call is rate-limited, no retry hint',
};

/** `validFree` -> `Fake` + 28 pseudo-random letters and digits, the same every time. */
export function keyFor(name: string): string {
  return fakeKey(`mistral:${name}`, { prefix: 'Fake', length: 32 });
}

export const FAKE_KEYS: Record<ScenarioName, string> = Object.fromEntries(
  SCENARIO_NAMES.map((n) => [n, keyFor(n)]),
) as Record<ScenarioName, string>;

const BY_KEY = new Map<string, ScenarioName>(SCENARIO_NAMES.map((n) => [FAKE_KEYS[n], n]));

export function scenarioOfKey(key: string): ScenarioName | undefined {
  return BY_KEY.get(key);
}

export function isScenarioName(s: string): s is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(s);
}
