/**
 * After the build, inlines the site's stylesheets into its pages (inline-stylesheets.ts), then
 * writes the pages' security headers into the static assets' `_headers` file: a strict CSP whose
 * script and style hashes are the pinned ones (PINNED_INLINE in src/lib/security-headers.ts) and
 * those of the built stylesheets it inlined. The build fails when a page holds an inline script or
 * style that is neither pinned nor a built stylesheet, or when a pinned one no longer appears:
 * nothing inline is allowed just because the build found it.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { contentSecurityPolicy, headersRule, pageHeaders, PINNED_INLINE, pinnedHashes, withStylesheets } from '../lib/security-headers';
import { inlineStylesheets, type InlinedStylesheet } from './inline-stylesheets';
import { readProviders } from './content-modules';
import { browserOrigins } from '../server/allow-list';

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

export interface InlineFound {
  kind: 'script' | 'style';
  sha256: string;
  /** The first page it is in, relative to the client directory. */
  file: string;
  sample: string;
}

/** Every distinct inline script (not JSON-LD data) and style in the built pages. */
export async function inlineCode(dir: string): Promise<InlineFound[]> {
  const found = new Map<string, InlineFound>();
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.html')).sort();
  for (const file of files) {
    const html = await readFile(join(dir, file), 'utf8');
    const add = (kind: InlineFound['kind'], text: string) => {
      const hash = sha256(text);
      if (!found.has(`${kind} ${hash}`)) found.set(`${kind} ${hash}`, { kind, sha256: hash, file, sample: text.slice(0, 80) });
    };
    for (const match of html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g)) {
      if (/type="application\/ld\+json"/.test(match[1] ?? '')) continue; // data, never executed
      add('script', match[2] ?? '');
    }
    for (const match of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) add('style', match[1] ?? '');
  }
  return [...found.values()];
}

/**
 * What is wrong with the inline code found, against the pinned list and the built stylesheets the
 * build inlined (empty when nothing is).
 */
export function pinProblems(found: InlineFound[], pinned = PINNED_INLINE, stylesheets: readonly InlinedStylesheet[] = []): string[] {
  const problems: string[] = [];
  for (const item of found) {
    const list = item.kind === 'script' ? pinned.scripts : [...pinned.styles, ...stylesheets];
    if (!list.some((p) => p.sha256 === item.sha256)) {
      problems.push(`inline ${item.kind} not pinned, in ${item.file} (sha256 ${item.sha256}): ${JSON.stringify(item.sample)}`);
    }
  }
  for (const kind of ['script', 'style'] as const) {
    for (const pin of kind === 'script' ? pinned.scripts : pinned.styles) {
      if (!found.some((f) => f.kind === kind && f.sha256 === pin.sha256)) problems.push(`pinned inline ${kind} no longer in any page: ${pin.what} (sha256 ${pin.sha256})`);
    }
  }
  return problems;
}

/**
 * The `_headers` rules for the pages: one strict policy everywhere (Pagefind's WebAssembly included:
 * the search dialog can open on any page), and Turnstile's origin when the optional human check is configured (its site key is read at build
 * time, as the island reads it).
 */
export function pageRules(turnstile = Boolean(process.env.PUBLIC_TURNSTILE_SITE_KEY), stylesheets: readonly InlinedStylesheet[] = [], connect = browserDirectOrigins()): string {
  const hashes = withStylesheets(pinnedHashes(), stylesheets);
  return headersRule('/*', { 'Content-Security-Policy': contentSecurityPolicy(hashes, { turnstile, connect }), ...pageHeaders });
}

/** The connect-src origins for "Test from this browser", from the provider files as the build validates them. */
export function browserDirectOrigins(root = process.cwd()): string[] {
  const providers = readProviders(join(root, 'src/content/providers'));
  return [...new Set(Object.values(providers).flatMap(browserOrigins))];
}

export default function securityHeaders(): AstroIntegration {
  return {
    name: 'keyprobe:security-headers',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const clientDir = fileURLToPath(dir);
        const stylesheets = await inlineStylesheets(clientDir);
        const problems = pinProblems(await inlineCode(clientDir), PINNED_INLINE, stylesheets);
        if (problems.length) {
          throw new Error(`Inline code does not match the pinned list (PINNED_INLINE in src/lib/security-headers.ts):\n${problems.join('\n')}`);
        }
        const file = join(clientDir, '_headers');
        const existing = await readFile(file, 'utf8').catch(() => '');
        await writeFile(file, `${existing.trimEnd()}\n\n${pageRules(undefined, stylesheets)}\n`.trimStart());
        logger.info(`${stylesheets.length} stylesheets inlined; CSP with the ${PINNED_INLINE.scripts.length} pinned script and ${PINNED_INLINE.styles.length + stylesheets.length} style hashes written to _headers.`);
      },
    },
  };
}
