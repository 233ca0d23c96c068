/**
 * The HTTP security headers of every page (through the static assets' `_headers` file) and of the
 * endpoint (set in code). One place, so the policy that the tests read is the one that ships.
 */

/** Inline scripts and styles a page may run, as CSP source expressions ('sha256-…'). */
export interface InlineHashes {
  scripts: string[];
  styles: string[];
}

/** Turnstile's origin: its script and its frame, allowed only when the human check is configured. */
export const TURNSTILE_CSP_ORIGIN = 'https://challenges.cloudflare.com';

export function contentSecurityPolicy({ scripts, styles }: InlineHashes, options: { turnstile?: boolean } = {}): string {
  const turnstile = options.turnstile ? [TURNSTILE_CSP_ORIGIN] : [];
  return [
    "default-src 'self'",
    // 'wasm-unsafe-eval': Pagefind's search runs as WebAssembly, and the search dialog can open it on
    // every page, so every page needs it (it allows compiling WebAssembly, not eval of strings).
    // Hashes cover Astro's island bootstrap scripts; page scripts, the search opener included, are files.
    ["script-src 'self' 'wasm-unsafe-eval'", ...turnstile, ...scripts].join(' '),
    ...(options.turnstile ? [`frame-src ${TURNSTILE_CSP_ORIGIN}`] : []),
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
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
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
