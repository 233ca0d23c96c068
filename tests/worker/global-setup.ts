/** Starts the fake Mistral hosts for the in-workerd endpoint tests and hands their addresses over. */
import type { TestProject } from 'vitest/node';
import { startFakePair } from '../support/fakes.ts';

export default async function setup(project: TestProject) {
  const fakes = await startFakePair();
  project.provide('upstreamOverrides', fakes.overrides);
  project.provide('fakePlatform', fakes.platform.origin);
  project.provide('fakeCodestral', fakes.codestral.origin);
  return () => fakes.close();
}
