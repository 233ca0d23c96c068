import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      // Pure logic, in Node.
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      // The fake Mistral upstream checked against the OpenAPI spec and the official SDK, in Node.
      { test: { name: 'fake', include: ['tests/fake/**/*.test.ts'], testTimeout: 20_000 } },
    ],
  },
});
