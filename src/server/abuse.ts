/**
 * Abuse limits with the Workers Rate Limiting binding: one client cannot test keys in bulk, and
 * one key cannot be hammered from many places. The key limiter only ever sees a SHA-256 digest.
 */
import { errorResponse } from './http';

/** The Rate Limiting binding's interface (wrangler `ratelimits`). */
export interface RateLimiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

export interface AbuseLimits {
  LIMIT_BY_IP: RateLimiter;
  LIMIT_BY_KEY: RateLimiter;
}

/** Hex SHA-256 of provider and key: stable per key, useless to anyone who reads it. */
export async function keyFingerprint(provider: string, key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${provider}\n${key}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Null when the request may go ahead, else the 429 to send. */
export async function checkAbuseLimits(limits: AbuseLimits, request: Request, provider: string, key: string): Promise<Response | null> {
  // Cloudflare sets CF-Connecting-IP and clients cannot override it; locally it may be absent.
  const ip = request.headers.get('cf-connecting-ip') ?? 'local';
  const [byIp, byKey] = await Promise.all([
    limits.LIMIT_BY_IP.limit({ key: ip }),
    keyFingerprint(provider, key).then((fingerprint) => limits.LIMIT_BY_KEY.limit({ key: fingerprint })),
  ]);
  if (!byIp.success) {
    return errorResponse(429, 'too_many_tests', 'Too many tests from your network in the last minute. Try again in a minute.', { 'Retry-After': '60' });
  }
  if (!byKey.success) {
    return errorResponse(429, 'too_many_tests_for_key', 'This key has been tested many times in the last minute. Try again in a minute.', { 'Retry-After': '60' });
  }
  return null;
}
