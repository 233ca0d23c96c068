// Every provider fake the tests, the demo and the benchmark start, with the provider origins each
// one stands in for (tests/unit/fakes.test.ts checks them against the provider data). Adding a
// provider's fake is one entry here.
import type { FakeServer } from './framework.ts';
import { FAKE_KEYS, SCENARIO_NAMES, SCENARIO_SUMMARIES } from './mistral/keys.ts';
import { startFakeMistral } from './mistral/server.ts';
import { startFake } from './framework.ts';
import { OPENROUTER_DESCRIPTIONS, openrouterFake, openrouterKeyFor } from './openrouter/server.ts';

/** One key of a fake, as demo builds list it in the tester. */
export interface DemoKey {
  name: string;
  key: string;
  description: string;
}

export interface FakeRole {
  /** Provider origins (from its data) this server answers for. */
  origins: readonly string[];
  start(options: { port?: number }): Promise<FakeServer<string>>;
}

export interface FakeEntry {
  provider: string;
  /** One server per role (a provider with two hosts that behave differently has two). */
  roles: Record<string, FakeRole>;
  /** The scenario keys demo builds offer (`npm run demo`). */
  demoKeys: DemoKey[];
}

export const FAKES: FakeEntry[] = [
  {
    provider: 'mistral',
    roles: {
      platform: { origins: ['https://api.mistral.ai', 'https://api.eu.mistral.ai', 'https://api.us.mistral.ai'], start: ({ port }) => startFakeMistral({ role: 'platform', port }) },
      codestral: { origins: ['https://codestral.mistral.ai'], start: ({ port }) => startFakeMistral({ role: 'codestral', port }) },
    },
    demoKeys: SCENARIO_NAMES.map((name) => ({ name, key: FAKE_KEYS[name], description: SCENARIO_SUMMARIES[name] })),
  },
  {
    provider: 'openrouter',
    roles: {
      default: { origins: ['https://openrouter.ai'], start: ({ port }) => startFake(openrouterFake, { port }) },
    },
    demoKeys: openrouterFake.scenarios.map((name) => ({ name, key: openrouterKeyFor(name), description: OPENROUTER_DESCRIPTIONS[name] })),
  },
];
