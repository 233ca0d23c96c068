/**
 * Which Keyprobe page explains each tester outcome. The endpoint puts the page in its validation
 * event; the build checks that every page named here exists (src/lib/content-invariants.ts).
 */
import type { Verdict } from './api-contract';
import { errorPageUrl } from './routes';

type ErrorCodeMap = Partial<Record<Verdict, string>>;

const byVerdict: Record<string, ErrorCodeMap> = {
  mistral: {
    invalid: '401',
    wrong_endpoint: '401',
    forbidden: '403',
    not_found: '404',
    rate_limited: '429',
    quota_exhausted: '429-quota',
    provider_error: '5xx',
    timeout: 'timeout',
    unreachable: 'timeout',
  },
};

/** Statuses with a page of their own, taking precedence over the verdict's page. */
const byStatus: Record<string, Record<number, string>> = {
  mistral: { 520: '520' },
};

export function errorCodeFor(provider: string, verdict: Verdict, httpStatus: number | null): string | null {
  if (verdict === 'valid') return null;
  const special = httpStatus === null ? undefined : byStatus[provider]?.[httpStatus];
  return special ?? byVerdict[provider]?.[verdict] ?? null;
}

export function errorPageFor(provider: string, verdict: Verdict, httpStatus: number | null): string | null {
  const code = errorCodeFor(provider, verdict, httpStatus);
  return code === null ? null : errorPageUrl(provider, code);
}

/** Every error code the tester can link to for a provider. */
export function linkedErrorCodes(provider: string): string[] {
  const codes = new Set([...Object.values(byVerdict[provider] ?? {}), ...Object.values(byStatus[provider] ?? {})]);
  return [...codes];
}

/** Providers with a verdict map. */
export const providersWithVerdictPages = Object.keys(byVerdict);
