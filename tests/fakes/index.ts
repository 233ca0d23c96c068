// Every provider fake the tests, the demo and the benchmark start, with the provider origins each
// one stands in for (tests/unit/fakes.test.ts checks them against the provider data). Adding a
// provider's fake is one entry here.
import { ANTHROPIC_DEMO_KEYS, anthropicFake } from './anthropic.ts';
import { COHERE_DESCRIPTIONS, COHERE_SCENARIOS, cohereKeyFor, startFakeCohere } from './cohere.ts';
import { deepseekDemoKeys, deepseekFake } from './deepseek.ts';
import { CEREBRAS_DEMO_KEYS, cerebrasFake } from './cerebras.ts';
import { FIREWORKS_DEMO_KEYS, fireworksFake } from './fireworks.ts';
import { startFake, type FakeServer } from './framework.ts';
import { GEMINI_SCENARIOS, GEMINI_SCENARIO_SUMMARIES, geminiFake, geminiKeyFor } from './gemini.ts';
import { FAKE_KEYS, SCENARIO_NAMES, SCENARIO_SUMMARIES } from './mistral/keys.ts';
import { startFakeMistral } from './mistral/server.ts';
import { xaiDemoKeys, xaiFake } from './xai.ts';
import { groqDemoKeys, startFakeGroq } from './groq.ts';
import { OPENAI_ROLES, openaiDemoKeys, startFakeOpenAI, type OpenAIRole } from './openai.ts';
import { OPENROUTER_DESCRIPTIONS, openrouterFake, openrouterKeyFor } from './openrouter/server.ts';
import { TOGETHER_DEMO_KEYS, togetherFake } from './together.ts';

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
    provider: 'anthropic',
    roles: { default: { origins: ['https://api.anthropic.com'], start: ({ port }) => startFake(anthropicFake, { port }) } },
    demoKeys: ANTHROPIC_DEMO_KEYS,
  },
  {
    provider: 'cohere',
    roles: { default: { origins: ['https://api.cohere.com'], start: ({ port }) => startFakeCohere({ port }) } },
    demoKeys: COHERE_SCENARIOS.map((name) => ({ name, key: cohereKeyFor(name), description: COHERE_DESCRIPTIONS[name] })),
  },
  {
    provider: 'deepseek',
    roles: { default: { origins: ['https://api.deepseek.com'], start: ({ port }) => startFake(deepseekFake, { port }) } },
    demoKeys: deepseekDemoKeys,
  },
  {
    provider: 'gemini',
    roles: { default: { origins: ['https://generativelanguage.googleapis.com'], start: ({ port }) => startFake(geminiFake, { port }) } },
    demoKeys: GEMINI_SCENARIOS.map((name) => ({ name, key: geminiKeyFor(name), description: GEMINI_SCENARIO_SUMMARIES[name] })),
  },
  {
    provider: 'together',
    // The SDK's host and the older one answer the same API (recordings are of api.together.xyz).
    roles: { default: { origins: ['https://api.together.ai'], start: ({ port }) => startFake(togetherFake, { port }) } },
    demoKeys: TOGETHER_DEMO_KEYS,
  },
  {
    provider: 'fireworks',
    roles: { default: { origins: ['https://api.fireworks.ai'], start: ({ port }) => startFake(fireworksFake, { port }) } },
    demoKeys: FIREWORKS_DEMO_KEYS,
  },
  {
    provider: 'cerebras',
    roles: { default: { origins: ['https://api.cerebras.ai'], start: ({ port }) => startFake(cerebrasFake, { port }) } },
    demoKeys: CEREBRAS_DEMO_KEYS,
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
    provider: 'xai',
    roles: { default: { origins: ['https://api.x.ai'], start: ({ port }) => startFake(xaiFake, { port }) } },
    demoKeys: xaiDemoKeys,
  },
  {
    provider: 'openai',
    // One server per host: a data-residency key works on its own host only.
    roles: Object.fromEntries(
      (Object.entries(OPENAI_ROLES) as [OpenAIRole, string][]).map(([role, origin]) => [role, { origins: [origin], start: ({ port }) => startFakeOpenAI(role, port) }]),
    ),
    demoKeys: openaiDemoKeys,
  },
  {
    provider: 'groq',
    roles: { default: { origins: ['https://api.groq.com'], start: ({ port }) => startFakeGroq(port) } },
    demoKeys: groqDemoKeys,
  },
  {
    provider: 'openrouter',
    roles: {
      default: { origins: ['https://openrouter.ai'], start: ({ port }) => startFake(openrouterFake, { port }) },
    },
    demoKeys: openrouterFake.scenarios.map((name) => ({ name, key: openrouterKeyFor(name), description: OPENROUTER_DESCRIPTIONS[name] })),
  },
];
