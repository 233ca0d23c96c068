// Lint rules that guard promises the site makes. The main one: nothing in src/ writes to the
// console, so a key can never reach a log line (the Worker's output is the first place it would).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.astro/', '.tools/', 'node_modules/', 'worker-configuration.d.ts'] },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser },
    rules: {
      'no-console': 'error',
      'no-debugger': 'error',
    },
  },
);
