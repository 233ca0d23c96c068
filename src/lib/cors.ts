/**
 * What a page can read of a cross-origin answer (the Fetch standard's CORS filtering), for runs made
 * by the page itself ("Test from this browser"). A module of its own: only that run needs it, not
 * the island's first script.
 */

/**
 * Response headers every browser lets a page read, whatever the server's Access-Control-Expose-Headers
 * (the CORS-safelisted response headers of the Fetch standard). Anything else the page sees only if
 * the provider lists it.
 */
export const SAFELISTED_RESPONSE_HEADERS = ['cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma'] as const;

/** Whether a page can read response header `name`, given the provider's Access-Control-Expose-Headers list. */
export function exposedToBrowsers(name: string, exposed: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return (SAFELISTED_RESPONSE_HEADERS as readonly string[]).includes(lower) || exposed.some((e) => e === '*' || e.toLowerCase() === lower);
}
