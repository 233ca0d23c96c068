/**
 * After the build, the site's own stylesheets go into the pages that link them: each
 * `<link rel="stylesheet" href="/_astro/….css">` becomes a `<style>` holding that very file, so a
 * page renders from its HTML alone, without waiting for a second request (Lighthouse flagged the
 * links as render-blocking: about 0.25 s of first paint on slow 4G). The files stay (a script may
 * still load one with a lazy chunk).
 *
 * Only files the build itself wrote under /_astro/ are inlined, byte for byte, and the CSP allows
 * exactly those texts by hash (src/integrations/security-headers.ts): an inline style that is not a
 * built stylesheet or pinned still fails the build. Astro's own `build.inlineStylesheets` would
 * write the `<style>` without leaving the file to prove where the text came from.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface InlinedStylesheet {
  /** The file, relative to the client directory (`_astro/BaseLayout.BtSpd5jc.css`). */
  file: string;
  sha256: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

/** The stylesheet links of a page that point at a built file, with that file's path. */
const LINK = /<link\b(?=[^>]*\brel="stylesheet")(?=[^>]*\bhref="\/(_astro\/[\w.-]+\.css)")[^>]*>/g;

/** Replaces every built stylesheet's link in every page by the stylesheet; returns the files inlined. */
export async function inlineStylesheets(clientDir: string): Promise<InlinedStylesheet[]> {
  const inlined = new Map<string, InlinedStylesheet>();
  const texts = new Map<string, string>();
  const pages = (await readdir(clientDir, { recursive: true })).filter((f) => f.endsWith('.html'));
  for (const page of pages) {
    const html = await readFile(join(clientDir, page), 'utf8');
    const files = [...html.matchAll(LINK)].map((m) => m[1] as string);
    if (files.length === 0) continue;
    for (const file of files) {
      if (!texts.has(file)) {
        const text = await readFile(join(clientDir, file), 'utf8');
        // `</style` inside a stylesheet would end the element early; no built file has it.
        if (/<\/style/i.test(text)) throw new Error(`${file} contains "</style": it cannot be inlined`);
        texts.set(file, text);
        inlined.set(file, { file, sha256: sha256(text) });
      }
    }
    await writeFile(join(clientDir, page), html.replace(LINK, (_tag, file: string) => `<style>${texts.get(file) ?? ''}</style>`));
  }
  return [...inlined.values()].sort((a, b) => a.file.localeCompare(b.file));
}
