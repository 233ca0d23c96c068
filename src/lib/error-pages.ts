/**
 * Which Keyprobe page explains a tester outcome. The map comes from the error pages' own
 * frontmatter (`explains:`), compiled in at build time (src/integrations/error-pages.ts), so adding
 * a page is a content change only. The build checks that every outcome a tester can produce has
 * a page (src/lib/content-invariants.ts).
 */
import index from 'virtual:keyprobe/error-pages';
import type { Verdict } from './api-contract';
import { errorPageUrl } from './routes';

export interface Outcome {
  verdict: Verdict;
  httpStatus: number | null;
  /** An adapter-specific cause, e.g. `insufficient_quota`; more specific than status and verdict. */
  reason?: string | null;
}

/** The error code (URL segment) explaining an outcome, or null (for `valid`, or no page). */
export function errorCodeFor(provider: string, outcome: Outcome): string | null {
  if (outcome.verdict === 'valid') return null;
  const pages = index[provider];
  if (!pages) return null;
  const byReason = outcome.reason ? pages.reasons[outcome.reason] : undefined;
  const byStatus = outcome.httpStatus === null ? undefined : pages.statuses[String(outcome.httpStatus)];
  return byReason ?? byStatus ?? pages.verdicts[outcome.verdict] ?? null;
}

export function errorPageFor(provider: string, outcome: Outcome): string | null {
  const code = errorCodeFor(provider, outcome);
  return code === null ? null : errorPageUrl(provider, code);
}
