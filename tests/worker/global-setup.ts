/** Starts the provider fakes for the in-workerd endpoint tests and hands their addresses over. */
import type { TestProject } from 'vitest/node';
import { acmeFake } from '../fakes/acme.ts';
import { startFake } from '../fakes/framework.ts';
import { startFakes } from '../support/fakes.ts';
import { startFakeTurnstile } from '../fakes/turnstile.ts';

export default async function setup(project: TestProject) {
  const fakes = await startFakes();
  const acme = await startFake(acmeFake);
  const turnstile = await startFakeTurnstile();
  project.provide('fakeTurnstile', turnstile.origin);
  project.provide('upstreamOverrides', fakes.overrides);
  project.provide('fakeOrigins', JSON.stringify(fakes.origins));
  project.provide('fakePlatform', fakes.origins.mistral?.platform ?? '');
  project.provide('fakeCodestral', fakes.origins.mistral?.codestral ?? '');
  project.provide('fakeAcme', acme.origin);
  return async () => {
    await Promise.all([fakes.close(), acme.close(), turnstile.close()]);
  };
}
