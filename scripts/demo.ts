/**
 * `npm run demo`: Keyprobe with no key and no network. Starts every provider fake on loopback,
 * builds the site in demo mode (each tester lists its fake's keys, one per verdict) and serves it
 * pointed at the fakes. Open http://localhost:4321/ (PORT overrides the port).
 */
import { spawnSync } from 'node:child_process';
import { startFakes } from '../tests/support/fakes.ts';
import { offlineEnv } from '../tests/support/offline-env.ts';
import { serve } from './serve.ts';

const port = Number(process.env.PORT ?? 4321);
const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: { ...offlineEnv, ...process.env, PUBLIC_KEYPROBE_DEMO: 'true' } });
if (build.status !== 0) process.exit(build.status ?? 1);

const fakes = await startFakes();
const lines = Object.entries(fakes.origins).flatMap(([provider, roles]) => Object.entries(roles).map(([role, origin]) => `  ${provider} (${role}): ${origin}`));
process.stdout.write(`\nProvider fakes:\n${lines.join('\n')}\nDemo: open http://localhost:${port}/ and pick a provider's demo key.\n\n`);
const code = await serve({ port, overrides: fakes.overrides });
await fakes.close();
process.exit(code);
