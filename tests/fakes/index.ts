// Every provider fake the tests, the demo and the benchmark start, with the provider origins each
// one stands in for (tests/unit/fakes.test.ts checks them against the provider data). Adding a
// provider's fake is one entry here.
import { startFake, type FakeServer } from './framework.ts';
import { GEMINI_SCENARIOS, GEMINI_SCENARIO_SUMMARIES, geminiFake, geminiKeyFor } from './gemini.ts';
import { FAKE_KEYS, SCENARIO_NAMES, SCENARIO_SUMMARIES } from './mistral/keys.ts';
import { startFakeMistral } from './mistral/server.ts';

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
    provider: 'gemini',
    roles: { default: { origins: ['https://generativelanguage.googleapis.com'], start: ({ port }) => startFake(geminiFake, { port }) } },
    demoKeys: GEMINI_SCENARIOS.map((name) => ({ name, key: geminiKeyFor(name), description: GEMINI_SCENARIO_SUMMARIES[name] })),
  },
  {
    provider: 'mistral',
    roles: {
      platform: { origins: ['https://api.mistral.ai', 'https://api.eu.mistral.ai', 'https://api.us.mistral.ai'], start: ({ port }) => startFakeMistral({ role: 'platform', port }) },
      codestral: { origins: ['https://codestral.mistral.ai'], start: ({ port }) => startFakeMistral({ role: 'codestral', port }) },
    },
    demoKeys: SCENARIO_NAMES.map((name) => ({ name, key: FAKE_KEYS[name], description: SCENARIO_SUMMARIES[name] })),
  },
];
