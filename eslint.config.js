// Lint rules that guard promises the site makes. The main one: nothing in src/ writes to the
// console, so a key can never reach a log line (the Worker's output is the first place it would).
// That covers .astro files too: their frontmatter (which runs at build time, or in the Worker for
// on-demand pages) and their <script> blocks (which run in visitors' browsers), through
// eslint-plugin-astro's parser and processor.
import astro from 'eslint-plugin-astro';
import tseslint from 'typescript-eslint';

const guards = {
  'no-console': 'error',
  'no-debugger': 'error',
};

export default tseslint.config(
  { ignores: ['dist/', '.astro/', '.tools/', 'node_modules/', 'worker-configuration.d.ts'] },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser },
    rules: guards,
  },
  ...astro.configs['flat/base'],
  {
    // The components themselves and the scripts inside them (virtual files *.astro/*.ts).
    files: ['src/**/*.astro', 'src/**/*.astro/*.js', 'src/**/*.astro/*.ts'],
    rules: guards,
  },
);
