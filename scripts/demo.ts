/**
 * `npm run demo`: Keyprobe with no key and no network. Starts the fake Mistral API on loopback,
 * builds the site in demo mode (the tester lists the fake's keys, one per verdict) and serves it
 * pointed at the fake. Open http://localhost:4321/mistral/ (PORT overrides the port).
 */
import { spawnSync } from 'node:child_process';
import { startFakePair } from '../tests/support/fakes.ts';
import { offlineEnv } from '../tests/support/offline-env.ts';
import { serve } from './serve.ts';

const port = Number(process.env.PORT ?? 4321);
const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: { ...offlineEnv, ...process.env, PUBLIC_KEYPROBE_DEMO: 'true' } });
if (build.status !== 0) process.exit(build.status ?? 1);

const fakes = await startFakePair();
process.stdout.write(
  `\nFake Mistral API: ${fakes.platform.origin} (api.mistral.ai, eu, us) and ${fakes.codestral.origin} (codestral.mistral.ai)\n` +
    `Demo: open http://localhost:${port}/mistral/ and pick a demo key.\n\n`,
);
const code = await serve({ port, overrides: fakes.overrides });
await fakes.close();
process.exit(code);
