/**
 * After the build, writes the pages' security headers into the static assets' `_headers` file:
 * a strict CSP whose script and style hashes are computed from the inline scripts and styles the
 * build actually produced (Astro's island bootstrap), so nothing else inline can run.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { contentSecurityPolicy, headersRule, pageHeaders, type InlineHashes } from '../lib/security-headers';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export async function inlineHashes(dir: string): Promise<InlineHashes> {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.html'));
  for (const file of files) {
    const html = await readFile(join(dir, file), 'utf8');
    for (const match of html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g)) {
      if (/type="application\/ld\+json"/.test(match[1] ?? '')) continue; // data, never executed
      scripts.add(sha256(match[2] ?? ''));
    }
    for (const match of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) styles.add(sha256(match[1] ?? ''));
  }
  return { scripts: [...scripts].sort(), styles: [...styles].sort() };
}

export default function securityHeaders(): AstroIntegration {
  return {
    name: 'keyprobe:security-headers',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const clientDir = fileURLToPath(dir);
        const hashes = await inlineHashes(clientDir);
        const file = join(clientDir, '_headers');
        const existing = await readFile(file, 'utf8').catch(() => '');
        // The human check's site key is read at build time, like the island reads it (PUBLIC_ env).
        const turnstile = Boolean(process.env.PUBLIC_TURNSTILE_SITE_KEY);
        const rule = headersRule('/*', { 'Content-Security-Policy': contentSecurityPolicy(hashes, { turnstile }), ...pageHeaders });
        await writeFile(file, `${existing.trimEnd()}\n\n${rule}\n`.trimStart());
        logger.info(`CSP with ${hashes.scripts.length} script and ${hashes.styles.length} style hashes written to _headers.`);
      },
    },
  };
}
