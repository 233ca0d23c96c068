// Scenario keys of the fake Mistral API. A key selects the behaviour; every key has the shape of a
// real Mistral key (exactly 32 characters of [A-Za-z0-9], FACTS §6) so shape detection says "Mistral".

export const SCENARIO_NAMES = [
  'validFree',
  'validPaid',
  'validLegacyHeaders',
  'validFiveMinute',
  'unauthorizedDetail',
  'unauthorizedKong',
  'unauthorizedNoBody',
  'forbidden',
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

/** `validFree` -> `FakeValidFree0000000000000000000` (32 chars). */
export function keyFor(name: string): string {
  const base = `Fake${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  return base.padEnd(32, '0').slice(0, 32);
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
