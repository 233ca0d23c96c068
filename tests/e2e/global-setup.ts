/**
 * One running site for all browser and HTTP tests: the built site in `wrangler dev`, pointed at
 * every provider fake. Its output goes to test-results/wrangler.log for the leak tests.
 */
import { mkdirSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startFakes } from '../support/fakes.ts';
import { startSite } from '../support/site.ts';

export const WRANGLER_LOG = 'test-results/wrangler.log';

export default async function setup(project: TestProject) {
  mkdirSync('test-results', { recursive: true });
  const fakes = await startFakes();
  const site = await startSite({ overrides: fakes.overrides, logFile: WRANGLER_LOG });
  project.provide('siteOrigin', site.origin);
  project.provide('fakeOrigins', JSON.stringify(fakes.origins));
  project.provide('fakePlatform', fakes.origins.mistral?.platform ?? '');
  project.provide('fakeCodestral', fakes.origins.mistral?.codestral ?? '');
  project.provide('wranglerLog', WRANGLER_LOG);
  return async () => {
    await site.stop();
    await fakes.close();
  };
}
