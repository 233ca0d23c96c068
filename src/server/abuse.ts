/**
 * Abuse limits: the endpoint must not become an anonymous bulk checker for leaked keys.
 *
 * - Per client network and per key, per minute: the Workers Rate Limiting binding. A client is its
 *   IPv4 address or its IPv6 /64 (one customer's whole subnet, so rotating addresses in it does not
 *   escape the limit). The key limiter only ever sees a SHA-256 digest of the key.
 * - Per client network, per day: a Durable Object (DailyCap) named by an HMAC of the network with a
 *   salt that changes every day; it holds a count and its expiry, nothing else, and deletes them
 *   after 24 h. The Rate Limiting binding only has 10 s and 60 s periods, hence the object.
 *
 * A missing binding or salt is a deployment error, answered with 503 `misconfigured`, never by
 * quietly running without limits.
 */
import { errorResponse } from './http';
import { isLoopbackHost } from './request';

/** The Rate Limiting binding's interface (wrangler `ratelimits`). */
export interface RateLimiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** The daily counter's interface (src/server/daily-cap.ts), as the endpoint calls it over RPC. */
export interface DailyCounter {
  count(limit: number): Promise<{ allowed: boolean; count: number }>;
}

export interface DailyCapNamespace {
  idFromName(name: string): unknown;
  get(id: never): DailyCounter;
}

export interface AbuseLimits {
  LIMIT_BY_IP?: RateLimiter;
  LIMIT_BY_KEY?: RateLimiter;
  DAILY_CAP?: DailyCapNamespace;
  /** Secret: salts the daily counter's names (`wrangler secret put DAILY_SALT`). */
  DAILY_SALT?: string;
  /** Tests a client network may run per day (default DEFAULT_DAILY_LIMIT). */
  DAILY_LIMIT?: string;
}

export const DEFAULT_DAILY_LIMIT = 200;

/** Used only where the request comes from this machine (tests, the demo): a real deployment sets a secret. */
const LOCAL_SALT = 'keyprobe-local-salt';

const isLoopback = (request: Request): boolean => isLoopbackHost(new URL(request.url).hostname);

const encoder = new TextEncoder();
const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** Hex SHA-256 of provider and key: stable per key, useless to anyone who reads it. */
export async function keyFingerprint(provider: string, key: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(`${provider}\n${key}`)));
}

/**
 * The network a client address belongs to, for limiting: an IPv4 address as it is, an IPv6
 * address as its /64 prefix (`2001:db8:1:2::/64`); null when the value is not an IP address.
 */
export function clientNetwork(address: string): string | null {
  const ip = address.trim();
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return ip.split('.').every((part) => Number(part) <= 255) ? ip : null;
  if (!/^[0-9a-f:.]+$/i.test(ip) || !ip.includes(':')) return null;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  if (ip.split('::').length > 2) return null;
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups.
  const groups = (parts: string[]) => parts.reduce((n, p) => n + (p.includes('.') ? 2 : 1), 0);
  const missing = 8 - groups(headParts) - groups(tailParts);
  if (missing < 0 || (!ip.includes('::') && missing !== 0)) return null;
  const full = [...headParts, ...Array<string>(missing).fill('0'), ...tailParts];
  if (full.slice(0, 4).some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return `${full.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

const hmacKey = (secret: string) => crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
const sign = async (key: CryptoKey, message: string) => hex(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));

/**
 * Today's HMAC key, kept for the isolate's life: the same for every request of a day, so a request
 * signs once (the network) instead of importing two keys and signing twice. Only the last day's is
 * kept (a key, never a promise: nothing pending is shared between requests).
 */
let dayKey: { salt: string; day: string; key: CryptoKey } | undefined;

/** The daily counter's name: HMAC of the network under a salt derived for today (UTC). */
export async function dailyName(salt: string, network: string, now = new Date()): Promise<string> {
  const day = now.toISOString().slice(0, 10);
  let key = dayKey?.salt === salt && dayKey.day === day ? dayKey.key : undefined;
  if (!key) {
    key = await hmacKey(await sign(await hmacKey(salt), day));
    dayKey = { salt, day, key };
  }
  return sign(key, network);
}

/** Counts this test in the network's daily counter (a Durable Object round trip). */
async function countToday(cap: DailyCapNamespace, salt: string, network: string, limit: number): Promise<boolean> {
  const counter = cap.get(cap.idFromName(await dailyName(salt, network)) as never);
  return (await counter.count(limit)).allowed;
}

const misconfigured = () => errorResponse(503, 'misconfigured', 'Keyprobe is misconfigured; the test was not run.');

/** Null when the request may go ahead, else the answer to send (429, or 503 when misconfigured). */
export async function checkAbuseLimits(env: AbuseLimits, request: Request, provider: string, key: string): Promise<Response | null> {
  const local = isLoopback(request);
  const salt = env.DAILY_SALT || (local ? LOCAL_SALT : undefined);
  if (!env.LIMIT_BY_IP || !env.LIMIT_BY_KEY || !env.DAILY_CAP || !salt) return misconfigured();
  // Cloudflare sets CF-Connecting-IP and clients cannot override it. Without it, every client would
  // share one bucket: only this machine (tests, the demo) may go without.
  const address = request.headers.get('cf-connecting-ip');
  const network = address === null ? (local ? 'local' : null) : clientNetwork(address);
  if (network === null) return misconfigured();

  const limit = Number(env.DAILY_LIMIT) > 0 ? Number(env.DAILY_LIMIT) : DEFAULT_DAILY_LIMIT;
  // The three counters at once: each is a round trip (the daily one to a Durable Object) and none
  // needs another's answer, so a test waits for the slowest, not for their sum. A test the
  // per-minute limits refuse is still counted for the day: a client that hits those limits is the
  // one the daily cap is for.
  const [byIp, byKey, allowed] = await Promise.all([
    env.LIMIT_BY_IP.limit({ key: network }),
    keyFingerprint(provider, key).then((fingerprint) => (env.LIMIT_BY_KEY as RateLimiter).limit({ key: fingerprint })),
    countToday(env.DAILY_CAP, salt, network, limit),
  ]);
  if (!byIp.success) {
    return errorResponse(429, 'too_many_tests', 'Too many tests from your network in the last minute. Try again in a minute.', { 'Retry-After': '60' });
  }
  if (!byKey.success) {
    return errorResponse(429, 'too_many_tests_for_key', 'This key has been tested many times in the last minute. Try again in a minute.', { 'Retry-After': '60' });
  }
  if (!allowed) {
    const now = new Date();
    const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
    return errorResponse(429, 'too_many_tests_today', `Your network has run ${limit} tests today, the most Keyprobe allows in a day. Try again tomorrow (UTC).`, {
      'Retry-After': String(Math.ceil((midnight - now.getTime()) / 1000)),
    });
  }
  return null;
}
