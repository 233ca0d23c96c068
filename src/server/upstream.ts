/**
 * Where outbound calls may go. The allow-list is the providers' own origins from
 * src/content/providers; a request names an endpoint id, never a URL. `UPSTREAM_OVERRIDES`
 * (server environment only) can point a real origin at a loopback replacement for tests and the demo.
 */
import { connections, testableProviderIds, type ProviderConnection } from '../lib/provider-registry';

const registry = connections();

/** Every origin the endpoint may send a key to: the testable providers' endpoints. */
export function allowedOrigins(): string[] {
  return testableProviderIds().flatMap((id) => registry.get(id)?.endpoints.map((e) => e.origin) ?? []);
}

export function providerConnection(providerId: string): ProviderConnection | undefined {
  return registry.get(providerId);
}

export type Overrides = ReadonlyMap<string, string>;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Parses `UPSTREAM_OVERRIDES`, e.g. `{"https://api.mistral.ai":"http://127.0.0.1:9100"}`. Only
 * allow-listed origins can be replaced, and only by loopback origins: a wrong setting must not turn
 * the endpoint into a proxy to somewhere else. Throws on a malformed value (a deployment error).
 */
export function parseOverrides(raw: string | undefined): Overrides {
  if (!raw || raw.trim() === '') return new Map();
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('UPSTREAM_OVERRIDES must be a JSON object of origin → origin');
  }
  const allowed = new Set(allowedOrigins());
  const overrides = new Map<string, string>();
  for (const [from, to] of Object.entries(parsed)) {
    if (!allowed.has(from)) throw new Error(`UPSTREAM_OVERRIDES: ${from} is not a provider origin`);
    if (typeof to !== 'string') throw new Error(`UPSTREAM_OVERRIDES: replacement for ${from} must be a string`);
    const url = new URL(to);
    if (url.origin !== to || !LOOPBACK.has(url.hostname) || !/^https?:$/.test(url.protocol)) {
      throw new Error(`UPSTREAM_OVERRIDES: replacement for ${from} must be a loopback origin`);
    }
    overrides.set(from, to);
  }
  return overrides;
}

/** The origin to call for a provider origin: itself, or its configured loopback replacement. */
export function effectiveOrigin(origin: string, overrides: Overrides): string {
  return overrides.get(origin) ?? origin;
}
