/**
 * One running site for all browser and HTTP tests: the built site in `wrangler dev`, pointed at
 * every provider fake. Its output goes to test-results/wrangler.log, and the canaries and
 * browser profiles of the run are registered under test-results/traces/, for the final file
 * (no-trace-left.test.ts) to search.
 */
import { mkdirSync, rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startFakes } from '../support/fakes.ts';
import { startSite } from '../support/site.ts';
import { removeProfiles, resetTraces, TRACES_DIR } from '../support/traces.ts';

export const WRANGLER_LOG = 'test-results/wrangler.log';
/** The run's Workers storage (the daily counter); searched by no-trace-left.test.ts. */
export const WRANGLER_STATE = 'test-results/wrangler-state';

export default async function setup(project: TestProject) {
  mkdirSync('test-results', { recursive: true });
  resetTraces(TRACES_DIR);
  const fakes = await startFakes();
  rmSync(WRANGLER_STATE, { recursive: true, force: true });
  // One client (127.0.0.1) runs every browser test of the run: more than a day's 200, and at times
  // more than 60 a minute. The limits themselves are tested in workerd with tight values
  // (tests/worker/abuse-limits.test.ts); here they only must not refuse the tests.
  const site = await startSite({
    overrides: fakes.overrides,
    logFile: WRANGLER_LOG,
    persistTo: WRANGLER_STATE,
    vars: { DAILY_LIMIT: '100000' },
    rateLimits: { LIMIT_BY_IP: 100_000 },
  });
  project.provide('siteOrigin', site.origin);
  project.provide('inspectorPort', site.inspectorPort);
  project.provide('fakeOrigins', JSON.stringify(fakes.origins));
  project.provide('fakePlatform', fakes.origins.mistral?.platform ?? '');
  project.provide('fakeCodestral', fakes.origins.mistral?.codestral ?? '');
  project.provide('wranglerLog', WRANGLER_LOG);
  project.provide('wranglerState', WRANGLER_STATE);
  return async () => {
    await site.stop();
    await fakes.close();
    // The final file deletes the profiles it searched; these are left by a run that stopped early.
    removeProfiles(TRACES_DIR);
  };
}
