/**
 * One running site for all browser and HTTP tests: the built site in `wrangler dev`, pointed at
 * every provider fake. Its output goes to test-results/wrangler.log, and the canaries and
 * browser profiles of the run are registered under test-results/traces/, for the final file
 * (no-trace-left.test.ts) to search.
 */
import { mkdirSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startFakes } from '../support/fakes.ts';
import { startSite } from '../support/site.ts';
import { removeProfiles, resetTraces, TRACES_DIR } from '../support/traces.ts';

export const WRANGLER_LOG = 'test-results/wrangler.log';

export default async function setup(project: TestProject) {
  mkdirSync('test-results', { recursive: true });
  resetTraces(TRACES_DIR);
  const fakes = await startFakes();
  const site = await startSite({ overrides: fakes.overrides, logFile: WRANGLER_LOG });
  project.provide('siteOrigin', site.origin);
  project.provide('inspectorPort', site.inspectorPort);
  project.provide('fakeOrigins', JSON.stringify(fakes.origins));
  project.provide('fakePlatform', fakes.origins.mistral?.platform ?? '');
  project.provide('fakeCodestral', fakes.origins.mistral?.codestral ?? '');
  project.provide('wranglerLog', WRANGLER_LOG);
  return async () => {
    await site.stop();
    await fakes.close();
    // The final file deletes the profiles it searched; these are left by a run that stopped early.
    removeProfiles(TRACES_DIR);
  };
}
