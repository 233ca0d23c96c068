/** Starts the provider fakes for the in-workerd endpoint tests and hands their addresses over. */
import type { TestProject } from 'vitest/node';
import { acmeFake } from '../fakes/acme.ts';
import { startFake } from '../fakes/framework.ts';
import { startFakePair } from '../support/fakes.ts';

export default async function setup(project: TestProject) {
  const fakes = await startFakePair();
  const acme = await startFake(acmeFake);
  project.provide('upstreamOverrides', fakes.overrides);
  project.provide('fakePlatform', fakes.platform.origin);
  project.provide('fakeCodestral', fakes.codestral.origin);
  project.provide('fakeAcme', acme.origin);
  return async () => {
    await Promise.all([fakes.close(), acme.close()]);
  };
}
