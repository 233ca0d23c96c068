/**
 * Where outbound calls may go: the one allow-list, derived from the testers' data (every origin of
 * every endpoint, by role). A request names an endpoint id, never a URL. `UPSTREAM_OVERRIDES`
 * (server environment only, for tests and the demo) can point an allow-listed origin at a loopback
 * replacement; an override for an origin the list does not produce is refused. /security/ and the
 * transparency test read the same list.
 */
import type { Endpoint, ProviderData } from '../lib/provider-registry';
import { LINK_LABEL_PLACEHOLDER, RESOURCE_PATTERN, RESOURCE_PLACEHOLDER } from '../lib/provider-facts';

export interface AllowList {
  permits(origin: string): boolean;
  /** The origin to call for an allow-listed origin: itself, or its loopback replacement. */
  resolve(origin: string): string;
}

export type Overrides = ReadonlyMap<string, string>;

/** Every origin (or origin template) a provider's endpoints use, each once, in data order. */
export function providerOrigins(data: ProviderData): string[] {
  const origins = data.endpoints.flatMap((e) => [e.origin, e.origins.validation, e.origins.streaming, ...e.origins.streamLinks]);
  return [...new Set(origins.filter((o): o is string => o !== undefined))];
}

/**
 * The origins a page may call itself, for "Test from this browser": every origin of a testable
 * provider whose API is known to allow other sites' pages (`browser.cors` is `yes`), templates left
 * out (a user's own host is not known at build time). The CSP's connect-src lists exactly these,
 * and the browser-direct runner's allow-list is built from them.
 */
export function browserOrigins(data: ProviderData): string[] {
  if (!data.tester || data.browser?.cors !== 'yes') return [];
  return providerOrigins(data).filter((o) => !isTemplate(o));
}

/** `{resource}` (the user's resource name) or `{label}` (a label the provider's answer picks). */
const PLACEHOLDER = new RegExp(`${RESOURCE_PLACEHOLDER}|${LINK_LABEL_PLACEHOLDER}`.replace(/[{}]/g, '\\$&'));

export const isTemplate = (origin: string): boolean => PLACEHOLDER.test(origin);

/** Whether `origin` is an instance of `template`: its placeholder replaced by one well-formed DNS label. */
export function instanceOf(template: string, origin: string): boolean {
  const [before = '', after = ''] = template.split(PLACEHOLDER);
  if (origin.length <= before.length + after.length || !origin.startsWith(before) || !origin.endsWith(after)) return false;
  return RESOURCE_PATTERN.test(origin.slice(before.length, origin.length - after.length));
}

/** Whether `origin` is one of `patterns`: equal to an exact one, or an instance of a template. */
export function matchesOrigin(patterns: readonly string[], origin: string): boolean {
  return patterns.some((p) => (isTemplate(p) ? instanceOf(p, origin) : p === origin));
}

const hasResource = (origin: string | undefined) => origin !== undefined && origin.includes(RESOURCE_PLACEHOLDER);

/** An endpoint with the user's resource put into its origins (the name is checked first). */
export function forResource(endpoint: Endpoint, resource: string | undefined): Endpoint {
  if (!hasResource(endpoint.origin) && !hasResource(endpoint.origins.validation) && !hasResource(endpoint.origins.streaming)) return endpoint;
  if (resource === undefined || !RESOURCE_PATTERN.test(resource)) throw new Error('a resource name is needed for this endpoint');
  const fill = (o: string) => o.replace(RESOURCE_PLACEHOLDER, resource);
  return {
    ...endpoint,
    origin: fill(endpoint.origin),
    origins: {
      validation: endpoint.origins.validation && fill(endpoint.origins.validation),
      streaming: endpoint.origins.streaming && fill(endpoint.origins.streaming),
      streamLinks: endpoint.origins.streamLinks,
    },
  };
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
  const list = createAllowList(allowed);
  for (const [from, to] of Object.entries(parsed)) {
    if (!list.permits(from)) throw new Error(`UPSTREAM_OVERRIDES: ${from} is not a provider origin`);
    if (typeof to !== 'string') throw new Error(`UPSTREAM_OVERRIDES: replacement for ${from} must be a string`);
    const url = new URL(to);
    if (url.origin !== to || !LOOPBACK.has(url.hostname) || !/^https?:$/.test(url.protocol)) {
      throw new Error(`UPSTREAM_OVERRIDES: replacement for ${from} must be a loopback origin`);
    }
    overrides.set(from, to);
  }
  return overrides;
}

/**
 * The list: exact origins, plus instances of origin templates (`https://{resource}.openai.azure.com`
 * permits `https://my-team.openai.azure.com`, never `https://evil.example/.openai.azure.com`).
 */
export function createAllowList(allowed: readonly string[], overrides: Overrides = new Map()): AllowList {
  return {
    permits: (origin) => matchesOrigin(allowed, origin),
    resolve: (origin) => overrides.get(origin) ?? origin,
  };
}
