/**
 * ESLint's no-console guard reaches every kind of source file in src/: TypeScript, Solid
 * components, and .astro components (frontmatter and <script> blocks). Lints sample sources with
 * the project's own eslint.config.js, as `npm run check` does.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function consoleErrors(filePath: string, source: string): Promise<number[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-console').map((m) => m.line);
}

describe('no console in src/', () => {
  it('TypeScript and Solid components', async () => {
    expect(await consoleErrors('src/server/sample.ts', 'export const f = (key: string) => console.log(key);\n')).toEqual([1]);
    expect(await consoleErrors('src/islands/sample.tsx', 'export const C = (p: { k: string }) => { console.info(p.k); return null; };\n')).toEqual([1]);
  });

  it('.astro components: the frontmatter and every <script> block, inline ones too', async () => {
    const source = [
      '---',
      'const key: string = Astro.props.key;',
      'console.log(key);',
      '---',
      '<p>{key}</p>',
      '<script>',
      "  const field = document.querySelector('input');",
      '  console.warn(field?.value);',
      '</script>',
      '<script is:inline>console.error("inline");</script>',
      '',
    ].join('\n');
    expect(await consoleErrors('src/components/Sample.astro', source)).toEqual([3, 8, 10]);
  });

  it('a clean .astro component passes', async () => {
    expect(await consoleErrors('src/components/Clean.astro', '---\nconst a = 1;\n---\n<p>{a}</p>\n<script>\n  document.title = "x";\n</script>\n')).toEqual([]);
  });
});
