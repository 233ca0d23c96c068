/**
 * The error identifiers a provider's real responses carry (`"type": "insufficient_quota"`,
 * `"status": "RESOURCE_EXHAUSTED"`): what people paste into search. Error pages give them to
 * Pagefind as the `errorcode` field (src/lib/search.ts ranks it), so the page that shows a
 * response with that identifier comes before a page that only mentions it. Pure.
 */

/** Keys whose string values name an error in the providers' bodies (OpenAI, Anthropic, Google, …). */
const IDENTIFIER_KEYS = new Set(['code', 'type', 'status', 'reason']);
/** One token, as APIs spell them; messages and URLs are not identifiers. */
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_.-]{2,63}$/;
/** Envelope words that name no particular error (Anthropic's `"type": "error"`). */
const GENERIC = new Set(['error']);

/** Identifiers found in JSON bodies, first seen first; bodies that are not JSON are skipped. */
export function responseIdentifiers(bodies: string[]): string[] {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (IDENTIFIER_KEYS.has(key) && typeof inner === 'string' && IDENTIFIER.test(inner) && !GENERIC.has(inner)) found.add(inner);
        walk(inner);
      }
    }
  };
  for (const body of bodies) {
    try {
      walk(JSON.parse(body));
    } catch {
      // HTML error pages, event streams and truncated bodies carry no structured identifier.
    }
  }
  return [...found];
}
