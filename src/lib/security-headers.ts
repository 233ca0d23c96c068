/**
 * The HTTP security headers of every page (through the static assets' `_headers` file) and of the
 * endpoint (set in code). One place, so the policy that the tests read is the one that ships.
 */

/** Inline scripts and styles a page may run, as CSP source expressions ('sha256-…'). */
export interface InlineHashes {
  scripts: string[];
  styles: string[];
}

export function contentSecurityPolicy({ scripts, styles }: InlineHashes): string {
  return [
    "default-src 'self'",
    // Pagefind's search index runs as WebAssembly; hashes cover Astro's island bootstrap scripts.
    ["script-src 'self' 'wasm-unsafe-eval'", ...scripts].join(' '),
    ["style-src 'self'", ...styles].join(' '),
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers on every page besides the CSP. */
export const pageHeaders: Record<string, string> = {
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  // Two years, subdomains, and eligible for browsers' preload lists (hstspreload.org): after the
  // first visit, or from the start once listed, a browser never sends a key over plain http:.
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains; preload',
  'Permissions-Policy': 'accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Headers on every answer of the endpoint: JSON/NDJSON for scripts, never a document. */
export const apiHeaders: Record<string, string> = {
  ...pageHeaders,
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

/** A `_headers` block applying `headers` to `pattern`. */
export function headersRule(pattern: string, headers: Record<string, string>): string {
  return [pattern, ...Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`)].join('\n');
}
