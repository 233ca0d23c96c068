import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { contentModules } from './src/integrations/content-modules.ts';
import { testerModules } from './src/integrations/tester-modules.ts';
import RunLastSequencer from './tests/support/run-last.ts';
import { TRACES_DIR } from './tests/support/traces.ts';

// Both arms of the fuzz test (workerd and raw HTTP) generate the same requests from this seed;
// set FUZZ_SEED to replay a run (fast-check prints the seed of a failure).
const fuzzSeed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

const FAKE_TIMING = 'tests/fake/timing.test.ts';
const WORKER_TIMING = 'tests/worker/timing.test.ts';

/** The Workers runtime for the endpoint's tests, with the bindings the real entry has. */
const workerd = () =>
  cloudflareTest(({ inject }) => ({
    // Exports the daily cap's Durable Object class, as the real entry does.
    main: './tests/worker/test-main.ts',
    miniflare: {
      compatibilityDate: '2026-10-01',
      durableObjects: { DAILY_CAP: { className: 'DailyCap', useSQLite: true } },
      bindings: { UPSTREAM_OVERRIDES: inject('upstreamOverrides'), FAKE_PLATFORM: inject('fakePlatform'), FAKE_CODESTRAL: inject('fakeCodestral'), FAKE_ACME: inject('fakeAcme'), FAKE_ORIGINS: inject('fakeOrigins'), FAKE_TURNSTILE: inject('fakeTurnstile'), DAILY_SALT: 'salt-for-the-worker-tests' },
      // Generous limits for the tests that reuse the fake's keys; tight ones for the abuse-limit test.
      ratelimits: {
        LIMIT_BY_IP: { namespace_id: '1001', simple: { limit: 1_000_000, period: 60 } },
        LIMIT_BY_KEY: { namespace_id: '1002', simple: { limit: 1_000_000, period: 60 } },
        TIGHT_LIMIT_BY_IP: { namespace_id: '2001', simple: { limit: 3, period: 60 } },
        TIGHT_LIMIT_BY_KEY: { namespace_id: '2002', simple: { limit: 2, period: 60 } },
      },
    },
  }));

export default defineConfig({
  test: {
    // The summary reporter writes test-results/summary.json, from which .ci/run prints
    // "N passed, N failed, N skipped", counting failed hooks, suites and unhandled errors too.
    reporters: ['default', './tests/support/summary-reporter.ts'],
    // The e2e project's final file (no-trace-left.test.ts) runs after all the others.
    sequence: { sequencer: RunLastSequencer },
    projects: [
      // Size budgets over dist/ (needs `npm run build`, which `npm test` runs first): cheap, so first.
      { test: { name: 'budgets', include: ['tests/budgets/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      // Pure logic, in Node. Every project gets the content modules (virtual:keyprobe/*) the code imports.
      // Projects run one after another (sequence.groupOrder): the fake's and the endpoint's timing
      // tests measure milliseconds, and on a 2-core machine parallel projects would skew them.
      { plugins: [contentModules(), testerModules()], test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      // The fake Mistral upstream checked against the OpenAPI spec and the official SDK, in Node.
      { plugins: [contentModules()], test: { name: 'fake', include: ['tests/fake/**/*.test.ts'], exclude: [FAKE_TIMING], testTimeout: 20_000, sequence: { groupOrder: 1 } } },
      // The endpoint's modules inside workerd (the Workers runtime), calling the fake upstream.
      {
        plugins: [contentModules(), workerd()],
        test: {
          name: 'worker',
          include: ['tests/worker/**/*.test.ts'],
          exclude: [WORKER_TIMING],
          provide: { fuzzSeed },
          globalSetup: ['tests/worker/global-setup.ts'],
          testTimeout: 60_000,
          sequence: { groupOrder: 2 },
        },
      },
      // Timing tests measure milliseconds: each runs alone, after the rest, so no other test file
      // competes for the 2 cores while it measures.
      { plugins: [contentModules()], test: { name: 'fake-timing', include: [FAKE_TIMING], testTimeout: 20_000, sequence: { groupOrder: 3 } } },
      {
        plugins: [contentModules(), workerd()],
        test: {
          name: 'worker-timing',
          include: [WORKER_TIMING],
          globalSetup: ['tests/worker/global-setup.ts'],
          testTimeout: 60_000,
          sequence: { groupOrder: 4 },
        },
      },
      // The built site in `wrangler dev`, over HTTP and in Chromium. Needs `npm run build` first.
      {
        plugins: [contentModules()],
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          provide: { fuzzSeed },
          globalSetup: ['tests/e2e/global-setup.ts'],
          // Canaries and browser profiles are registered here for the final search.
          env: { KEYPROBE_TRACES: TRACES_DIR },
          fileParallelism: false,
          sequence: { groupOrder: 5 },
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
