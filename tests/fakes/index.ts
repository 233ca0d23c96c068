// Every provider fake the tests, the demo and the benchmark start, with the provider origins each
// one stands in for (tests/unit/fakes.test.ts checks them against the provider data). Adding a
// provider's fake is one entry here.
import { COHERE_DESCRIPTIONS, COHERE_SCENARIOS, cohereKeyFor, startFakeCohere } from './cohere.ts';
import type { FakeServer } from './framework.ts';
import { HUGGINGFACE_DESCRIPTIONS, HUGGINGFACE_SCENARIOS, huggingfaceKeyFor, startFakeHuggingFace } from './huggingface.ts';
import { FAKE_KEYS, SCENARIO_NAMES, SCENARIO_SUMMARIES } from './mistral/keys.ts';
import { startFakeMistral } from './mistral/server.ts';
import { PERPLEXITY_DESCRIPTIONS, PERPLEXITY_SCENARIOS, perplexityKeyFor, startFakePerplexity } from './perplexity.ts';

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
    provider: 'cohere',
    roles: { default: { origins: ['https://api.cohere.com'], start: ({ port }) => startFakeCohere({ port }) } },
    demoKeys: COHERE_SCENARIOS.map((name) => ({ name, key: cohereKeyFor(name), description: COHERE_DESCRIPTIONS[name] })),
  },
  {
    provider: 'huggingface',
    roles: {
      hub: { origins: ['https://huggingface.co'], start: ({ port }) => startFakeHuggingFace({ role: 'hub', port }) },
      router: { origins: ['https://router.huggingface.co'], start: ({ port }) => startFakeHuggingFace({ role: 'router', port }) },
    },
    demoKeys: HUGGINGFACE_SCENARIOS.map((name) => ({ name, key: huggingfaceKeyFor(name), description: HUGGINGFACE_DESCRIPTIONS[name] })),
  },
  {
    provider: 'mistral',
    roles: {
      platform: { origins: ['https://api.mistral.ai', 'https://api.eu.mistral.ai', 'https://api.us.mistral.ai'], start: ({ port }) => startFakeMistral({ role: 'platform', port }) },
      codestral: { origins: ['https://codestral.mistral.ai'], start: ({ port }) => startFakeMistral({ role: 'codestral', port }) },
    },
    demoKeys: SCENARIO_NAMES.map((name) => ({ name, key: FAKE_KEYS[name], description: SCENARIO_SUMMARIES[name] })),
  },
  {
    provider: 'perplexity',
    roles: { default: { origins: ['https://api.perplexity.ai'], start: ({ port }) => startFakePerplexity({ port }) } },
    demoKeys: PERPLEXITY_SCENARIOS.map((name) => ({ name, key: perplexityKeyFor(name), description: PERPLEXITY_DESCRIPTIONS[name] })),
  },
];
