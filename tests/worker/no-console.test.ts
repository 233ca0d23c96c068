/**
 * Nothing the endpoint does writes to the console (the first place a key would reach a log),
 * across every scenario of the fake, including faults and bad requests.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SCENARIO_NAMES } from '../fakes/mistral/keys.ts';
import { bindings, postTest } from './client.ts';

const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
const calls: unknown[][] = [];
beforeAll(() => {
  for (const method of methods) vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void calls.push([method, ...args]));
});
afterAll(() => vi.restoreAllMocks());

function canary(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => alphabet[b % alphabet.length]).join('');
}

describe('console', () => {
  it('stays silent for every scenario, with checks and a benchmark', async () => {
    for (const scenario of SCENARIO_NAMES.filter((s) => s !== 'hang')) {
      const key = canary();
      for (const origin of [bindings.FAKE_PLATFORM, bindings.FAKE_CODESTRAL]) {
        await fetch(`${origin}/__fake/assign`, { method: 'POST', body: JSON.stringify({ key, scenario }) });
      }
      const answer = await postTest({ provider: 'mistral', checks: ['chat', 'stream', 'embeddings', 'fim'], benchmark: { target: 'chat', runs: 1, maxTokens: 4 } }, key);
      expect(answer.text, scenario).not.toContain(key);
    }
    await postTest({ provider: 'mistral', key: canary() }, null);
    await postTest({ provider: 'nope' }, canary());
    expect(calls).toEqual([]);
  }, 120_000);
});
