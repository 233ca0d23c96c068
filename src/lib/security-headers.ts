/**
 * The HTTP security headers of every page (through the static assets' `_headers` file) and of the
 * endpoint (set in code). One place, so the policy that the tests read is the one that ships.
 */

/** Inline scripts and styles a page may run, as CSP source expressions ('sha256-…'). */
export interface InlineHashes {
  scripts: string[];
  styles: string[];
}

/** One inline script or style the pages are allowed to carry, by the SHA-256 of its text. */
export interface PinnedInline {
  what: string;
  sha256: string;
}

/**
 * Every inline script and style the built pages may hold, pinned. The CSP allows exactly these,
 * and the build fails when a page holds any other, or when one of these no longer appears
 * (src/integrations/security-headers.ts), so an inline script that shows up in a page is refused,
 * not hashed into the policy. An upgrade of Astro or Solid can change them: read the new code in
 * dist/client/ (the build's error names the file), then update its hash here.
 */
export const PINNED_INLINE: { scripts: PinnedInline[]; styles: PinnedInline[] } = {
  scripts: [
    { what: "Astro's client:visible directive (the tester island hydrates when scrolled into view)", sha256: 'Q2BPg90ZMplYY+FSdApNErhpWafg2hcRRbndmvxuL/Q=' },
    { what: "Astro's <astro-island> element, which hydrates the island", sha256: 'Ya0pUYrC7nM5Cn/056TyVuEiz6dFGrzmkWzgON0pF0U=' },
    { what: "Solid's hydration bootstrap (window._$HY: replays clicks and input made before hydration)", sha256: 'VmEf2BGdqVUwcvyhTyarJo/bY7DNqS2+T2sz4IO/kbw=' },
  ],
  styles: [{ what: "Astro's astro-island { display: contents }", sha256: 'vv9IoKo7BSLbWcUHr3tNmfNVmm5L/9Cfn2H6LMk7/ow=' }],
};

export const pinnedHashes = (): InlineHashes => ({
  scripts: PINNED_INLINE.scripts.map((p) => `'sha256-${p.sha256}'`).sort(),
  styles: PINNED_INLINE.styles.map((p) => `'sha256-${p.sha256}'`).sort(),
});

/**
 * The hashes plus those of the site's own stylesheets, which the build inlines into the pages
 * byte for byte (src/integrations/inline-stylesheets.ts): a page renders without a second request.
 */
export const withStylesheets = (hashes: InlineHashes, stylesheets: readonly { sha256: string }[]): InlineHashes => ({
  scripts: hashes.scripts,
  styles: [...new Set([...hashes.styles, ...stylesheets.map((s) => `'sha256-${s.sha256}'`)])].sort(),
});

/*
 * Not in the policy: require-trusted-types-for 'script'. Tried in Chromium 156 (see
 * tests/e2e/csp.test.ts, which fails once this changes): the tester island stops hydrating, as
 * Solid builds its DOM templates through innerHTML; Pagefind starts its search worker from a
 * plain string URL (new Worker('/pagefind/pagefind-worker.js')); the search page writes
 * Pagefind's excerpts with innerHTML. Making them pass needs a 'default' Trusted Types policy that
 * lets strings through, which would keep the header and drop its protection.
 */
/** Turnstile's origin: its script and its frame, allowed only when the human check is configured. */
export const TURNSTILE_CSP_ORIGIN = 'https://challenges.cloudflare.com';

/**
 * `connect`: provider origins pages may call for "Test from this browser" (browserOrigins in
 * src/server/allow-list.ts, from the providers' data); nothing else, and never a loopback or test
 * origin, so a page can send a key only to Keyprobe's endpoint or to the provider it belongs to.
 */
export function contentSecurityPolicy({ scripts, styles }: InlineHashes, options: { turnstile?: boolean; connect?: readonly string[] } = {}): string {
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
    ["connect-src 'self'", ...(options.connect ?? [])].join(' '),
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

/**
 * A `_headers` block applying `headers` to `pattern`; names in `detach` are first removed from what
 * an earlier, more general rule set (`! Name`), so a value here replaces theirs instead of being
 * joined to it (two CSP headers would both be enforced).
 */
export function headersRule(pattern: string, headers: Record<string, string>, detach: string[] = []): string {
  return [pattern, ...detach.map((name) => `  ! ${name}`), ...Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`)].join('\n');
}
