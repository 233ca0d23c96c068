/** How each verdict is headed and coloured, and what the live region says as a run goes. */
import type { CheckName, Verdict } from '../../../lib/api-contract';
import type { Tone } from './key';
import { formatMs } from './format';
import type { RunState } from './state';

export const verdictInfo: Record<Verdict, { title: (provider: string) => string; tone: Tone }> = {
  valid: { title: () => 'Your key works', tone: 'ok' },
  invalid: { title: (p) => `${p} rejected this key`, tone: 'err' },
  forbidden: { title: () => 'Key accepted, but access refused', tone: 'err' },
  rate_limited: { title: () => 'Valid key, rate-limited right now', tone: 'warn' },
  quota_exhausted: { title: () => 'Valid key, but no allowance left', tone: 'warn' },
  wrong_endpoint: { title: () => 'Right key, wrong endpoint', tone: 'warn' },
  unsupported_region: { title: (p) => `${p} does not serve the place this test ran from`, tone: 'warn' },
  not_found: { title: () => 'This endpoint does not serve the call', tone: 'err' },
  provider_error: { title: (p) => `${p} had a problem answering`, tone: 'warn' },
  unreachable: { title: (p) => `Keyprobe could not reach ${p}`, tone: 'warn' },
  timeout: { title: (p) => `${p} did not answer in time`, tone: 'warn' },
};

export interface EndpointOption {
  id: string;
  label: string;
  description: string;
  listsModels: boolean;
  /** Checks and benchmark targets this endpoint serves. */
  serves: (CheckName | 'models')[];
  /** The models an endpoint that cannot list them serves. */
  models: string[];
  /** Endpoints asked whether the key is theirs when this one refuses it. */
  alternatives: string[];
  /** The validation call when it spends tokens (null when it is free). */
  paidValidation: { model: string; inputTokens: number; maxTokens: number } | null;
  /** `https://{resource}.<host>` when the host is the user's own resource (the tester asks for it); else null. */
  template: string | null;
  /**
   * Where "Test from this browser" sends the key, in words (`Mistral (api.mistral.ai)`), when the
   * provider's API lets pages call this endpoint; absent otherwise (the option is not offered).
   */
  direct?: string;
}

export interface Announcement {
  text: string;
  assertive: boolean;
}

/** What changed between two states that a screen reader should hear, or null. */
export function announcement(prev: RunState, next: RunState, provider: string): Announcement | null {
  if (next.phase === 'running' && prev.phase !== 'running') return { text: 'Testing the key…', assertive: false };
  const v = next.validation;
  if (v && v !== prev.validation) {
    const info = verdictInfo[v.verdict];
    return { text: `${info.title(provider)}. ${v.message}`, assertive: info.tone !== 'ok' };
  }
  if (prev.phase !== 'running' || next.phase === 'running') return null;
  if (next.phase === 'cancelled') return { text: 'Test cancelled. Results so far are shown.', assertive: false };
  if (next.failure) return { text: next.failure.message, assertive: true };
  const parts = [`Test finished${next.totalMs === null ? '' : ` in ${formatMs(next.totalMs)}`}.`];
  if (next.checks.length) {
    const failed = next.checks.filter((c) => !c.ok).length;
    parts.push(failed ? `${failed} of ${next.checks.length} checks failed.` : `All ${next.checks.length} checks passed.`);
  }
  if (next.summary?.runs) parts.push(`Benchmark: ${next.summary.runs} runs measured.`);
  return { text: parts.join(' '), assertive: false };
}
