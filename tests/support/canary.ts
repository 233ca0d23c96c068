/** Canary keys: random, Mistral-shaped, unique per test, so any place they turn up is a leak. */
import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import { registerCanary } from './traces.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 32 random letters and digits, not registered: for markers a test expects to find. */
export function randomMarker(): string {
  let marker = '';
  for (let i = 0; i < 32; i++) marker += ALPHABET[randomInt(ALPHABET.length)];
  return marker;
}

export function canaryKey(): string {
  const key = randomMarker();
  // Registered for the e2e run's final search of the runtime's output and the browser profiles.
  registerCanary(key, expect.getState().testPath ?? 'unknown');
  return key;
}

/** Where `key` or a 12-character piece of it occurs in `text` (empty when it does not). */
export function leaksOf(key: string, text: string): string[] {
  const hits: string[] = [];
  if (text.includes(key)) hits.push('whole key');
  for (let i = 0; i + 12 <= key.length; i += 4) {
    const piece = key.slice(i, i + 12);
    if (text.includes(piece)) hits.push(`piece ${i}–${i + 12}`);
  }
  return hits;
}

export async function assignScenario(fakeOrigins: string[], key: string, scenario: string): Promise<void> {
  for (const origin of fakeOrigins) {
    const response = await fetch(`${origin}/__fake/assign`, { method: 'POST', body: JSON.stringify({ key, scenario }) });
    if (!response.ok) throw new Error(`assign ${scenario}: ${response.status}`);
  }
}
