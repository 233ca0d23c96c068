/**
 * Mistral's rate-limit headers, both generations seen on the wire:
 * 2026 `x-ratelimit-{limit,remaining}-{req-minute,tokens-minute,tokens-5-minute,tokens-month}` and
 * 2025 `x-ratelimitbysize-{limit,remaining}-{minute,month}` with `ratelimitbysize-{limit,remaining,reset}`.
 */
import type { RateLimit } from '../../../lib/api-contract';

interface HeaderPair {
  limit: string;
  remaining: string;
  name: string;
  window: string;
}

const current: HeaderPair[] = [
  { limit: 'x-ratelimit-limit-req-minute', remaining: 'x-ratelimit-remaining-req-minute', name: 'Requests', window: 'minute' },
  { limit: 'x-ratelimit-limit-tokens-minute', remaining: 'x-ratelimit-remaining-tokens-minute', name: 'Tokens', window: 'minute' },
  { limit: 'x-ratelimit-limit-tokens-5-minute', remaining: 'x-ratelimit-remaining-tokens-5-minute', name: 'Tokens', window: '5 minutes' },
  { limit: 'x-ratelimit-limit-tokens-month', remaining: 'x-ratelimit-remaining-tokens-month', name: 'Tokens', window: 'month' },
];

const legacy: HeaderPair[] = [
  { limit: 'x-ratelimitbysize-limit-minute', remaining: 'x-ratelimitbysize-remaining-minute', name: 'Tokens', window: 'minute' },
  { limit: 'x-ratelimitbysize-limit-month', remaining: 'x-ratelimitbysize-remaining-month', name: 'Tokens', window: 'month' },
];

function number(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

export interface RateLimitReading {
  limits: RateLimit[];
  notes: string[];
  /** Some limit is 0: the model or workspace has no allowance on this key's plan. */
  zeroAllowance: boolean;
  /** Some remaining count is 0. */
  exhausted: boolean;
  /** Requests per minute, when known: paces benchmark runs. */
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  /** Seconds until the 2025-style window resets, when sent. */
  resetSeconds: number | null;
}

export function readRateLimits(headers: Headers): RateLimitReading {
  const limits: RateLimit[] = [];
  for (const pair of [...current, ...legacy]) {
    const limit = number(headers, pair.limit);
    if (limit === null) continue;
    limits.push({ name: pair.name, limit, remaining: number(headers, pair.remaining), window: pair.window });
  }
  // `ratelimitbysize-limit` repeats the per-minute token limit; show it only when the explicit one is absent.
  const sizeLimit = number(headers, 'ratelimitbysize-limit');
  const resetSeconds = number(headers, 'ratelimitbysize-reset');
  if (sizeLimit !== null && !limits.some((l) => l.name === 'Tokens' && l.window === 'minute')) {
    limits.push({ name: 'Tokens', limit: sizeLimit, remaining: number(headers, 'ratelimitbysize-remaining'), window: 'minute' });
  }

  const notes: string[] = [];
  const zeroAllowance = limits.some((l) => l.limit === 0);
  const exhausted = limits.some((l) => l.remaining === 0);
  if (zeroAllowance) {
    notes.push('A limit of 0 means this key has no allowance there: the model is not on its plan, or the workspace has no quota for it.');
  }
  const cost = number(headers, 'x-ratelimit-tokens-query-cost') ?? number(headers, 'ratelimitbysize-query-cost');
  if (cost !== null) notes.push(`This call counted ${cost} tokens against the limits.`);
  if (resetSeconds !== null) notes.push(`The current window resets in ${resetSeconds} s.`);
  if (limits.length === 0) notes.push('Mistral sent no rate-limit headers on this call.');

  const find = (name: string, window: string) => limits.find((l) => l.name === name && l.window === window)?.limit ?? null;
  return {
    limits,
    notes,
    zeroAllowance,
    exhausted,
    requestsPerMinute: find('Requests', 'minute'),
    tokensPerMinute: find('Tokens', 'minute'),
    resetSeconds,
  };
}
