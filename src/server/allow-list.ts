/**
 * Where outbound calls may go: the one allow-list, derived from the testers' data (every origin of
 * every endpoint, by role). A request names an endpoint id, never a URL. `UPSTREAM_OVERRIDES`
 * (server environment only, for tests and the demo) can point an allow-listed origin at a loopback
 * replacement; an override for an origin the list does not produce is refused. /security/ and the
 * transparency test read the same list.
 */
import type { ProviderData } from '../lib/provider-registry';

export interface AllowList {
  permits(origin: string): boolean;
  /** The origin to call for an allow-listed origin: itself, or its loopback replacement. */
  resolve(origin: string): string;
}

export type Overrides = ReadonlyMap<string, string>;

/** Every origin a provider's endpoints use, each once, in data order. */
export function providerOrigins(data: ProviderData): string[] {
  const origins = data.endpoints.flatMap((e) => [e.origin, e.origins.validation, e.origins.streaming]);
  return [...new Set(origins.filter((o): o is string => o !== undefined))];
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Parses `UPSTREAM_OVERRIDES`, e.g. `{"https://api.mistral.ai":"http://127.0.0.1:9100"}`. Only
 * allow-listed origins can be replaced, and only by loopback origins: a wrong setting must not turn
 * the endpoint into a proxy to somewhere else. Throws on a malformed value (a deployment error).
 */
export function parseOverrides(raw: string | undefined, allowed: readonly string[]): Overrides {
  if (!raw || raw.trim() === '') return new Map();
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('UPSTREAM_OVERRIDES must be a JSON object of origin → origin');
  }
  const overrides = new Map<string, string>();
  for (const [from, to] of Object.entries(parsed)) {
    if (!allowed.includes(from)) throw new Error(`UPSTREAM_OVERRIDES: ${from} is not a provider origin`);
    if (typeof to !== 'string') throw new Error(`UPSTREAM_OVERRIDES: replacement for ${from} must be a string`);
    const url = new URL(to);
    if (url.origin !== to || !LOOPBACK.has(url.hostname) || !/^https?:$/.test(url.protocol)) {
      throw new Error(`UPSTREAM_OVERRIDES: replacement for ${from} must be a loopback origin`);
    }
    overrides.set(from, to);
  }
  return overrides;
}

export function createAllowList(allowed: readonly string[], overrides: Overrides = new Map()): AllowList {
  const set = new Set(allowed);
  return {
    permits: (origin) => set.has(origin),
    resolve: (origin) => overrides.get(origin) ?? origin,
  };
}
