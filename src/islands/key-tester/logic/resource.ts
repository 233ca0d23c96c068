/**
 * The resource a user names, for providers whose host is the user's own resource
 * (`https://{resource}.<host>` in the provider's data): typed as a bare name, or pasted as any URL
 * of the resource (an endpoint, a Target URI with its path and api-version). A URL's host also says
 * which endpoint it is. Nothing but a checked DNS label ever leaves the island.
 */
import { RESOURCE_PATTERN } from '../../../lib/provider-facts';

export interface ResourceReading {
  /** The resource name, or null when there is none yet or it is not usable. */
  resource: string | null;
  /** The endpoint a pasted URL's host points to, when it does. */
  endpoint: string | null;
  /** What is wrong with the input, in words; null when nothing is (or nothing was typed). */
  problem: string | null;
}

const PLACEHOLDER = '{resource}';

/** The fixed part of a template's host: `.openai.azure.com` of `https://{resource}.openai.azure.com`. */
const suffixOf = (template: string) => template.replace(/^https:\/\//, '').replace(PLACEHOLDER, '');

const NAME_RULE = 'A resource name is 1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen (like my-resource).';

export function readResource(input: string, endpoints: readonly { id: string; template: string | null }[]): ResourceReading {
  const text = input.trim();
  const templates = endpoints.flatMap((e) => (e.template ? [{ id: e.id, suffix: suffixOf(e.template) }] : []));
  if (text === '') return { resource: null, endpoint: null, problem: null };
  const hosts = templates.map((t) => `<resource>${t.suffix}`).join(' or ');

  if (/[/:.]/.test(text)) {
    let host: string;
    try {
      host = new URL(text.includes('://') ? text : `https://${text}`).hostname.toLowerCase();
    } catch {
      return { resource: null, endpoint: null, problem: `That is neither a resource name nor a URL Keyprobe can read. Paste https://${hosts.split(' or ')[0] ?? '<resource>'} or just the name.` };
    }
    for (const { id, suffix } of templates) {
      if (!host.endsWith(suffix)) continue;
      const name = host.slice(0, -suffix.length);
      if (RESOURCE_PATTERN.test(name)) return { resource: name, endpoint: id, problem: null };
      return { resource: null, endpoint: null, problem: `The host ${host} does not start with a resource name. ${NAME_RULE}` };
    }
    return { resource: null, endpoint: null, problem: `${host} is not a host this tester knows. It tests resources at ${hosts}: paste such a URL, or just the resource name.` };
  }

  // DNS names are case-insensitive: a name typed with capitals is the same resource.
  const name = text.toLowerCase();
  if (!RESOURCE_PATTERN.test(name)) return { resource: null, endpoint: null, problem: NAME_RULE };
  return { resource: name, endpoint: null, problem: null };
}
