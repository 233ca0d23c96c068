/**
 * Where outbound calls may go: the one allow-list, derived from the testers' data (every origin of
 * every endpoint, by role). A request names an endpoint id, never a URL. `UPSTREAM_OVERRIDES`
 * (server environment only, for tests and the demo) can point an allow-listed origin at a loopback
 * replacement; an override for an origin the list does not produce is refused. /security/ and the
 * transparency test read the same list.
 */
import type { Endpoint, ProviderData } from '../lib/provider-registry';
import { RESOURCE_PATTERN, RESOURCE_PLACEHOLDER } from '../lib/provider-facts';

export interface AllowList {
  permits(origin: string): boolean;
  /** The origin to call for an allow-listed origin: itself, or its loopback replacement. */
  resolve(origin: string): string;
}

export type Overrides = ReadonlyMap<string, string>;

/** Every origin (or origin template) a provider's endpoints use, each once, in data order. */
export function providerOrigins(data: ProviderData): string[] {
  const origins = data.endpoints.flatMap((e) => [e.origin, e.origins.validation, e.origins.streaming]);
  return [...new Set(origins.filter((o): o is string => o !== undefined))];
}

export const isTemplate = (origin: string): boolean => origin.includes(RESOURCE_PLACEHOLDER);

/** Whether `origin` is an instance of `template` for a well-formed resource name. */
export function instanceOf(template: string, origin: string): boolean {
  const [before = '', after = ''] = template.split(RESOURCE_PLACEHOLDER);
  if (!origin.startsWith(before) || !origin.endsWith(after)) return false;
  return RESOURCE_PATTERN.test(origin.slice(before.length, origin.length - after.length));
}

/** An endpoint with the user's resource put into its origins (the name is checked first). */
export function forResource(endpoint: Endpoint, resource: string | undefined): Endpoint {
  if (!isTemplate(endpoint.origin) && !Object.values(endpoint.origins).some((o) => o && isTemplate(o))) return endpoint;
  if (resource === undefined || !RESOURCE_PATTERN.test(resource)) throw new Error('a resource name is needed for this endpoint');
  const fill = (o: string) => o.replace(RESOURCE_PLACEHOLDER, resource);
  return {
    ...endpoint,
    origin: fill(endpoint.origin),
    origins: { validation: endpoint.origins.validation && fill(endpoint.origins.validation), streaming: endpoint.origins.streaming && fill(endpoint.origins.streaming) },
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
  const set = new Set(allowed.filter((o) => !isTemplate(o)));
  const templates = allowed.filter(isTemplate);
  return {
    permits: (origin) => set.has(origin) || templates.some((t) => instanceOf(t, origin)),
    resolve: (origin) => overrides.get(origin) ?? origin,
  };
}
