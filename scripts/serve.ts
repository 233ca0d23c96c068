/**
 * `npm start` (after the build): serves dist/ in `wrangler dev`, i.e. in workerd, the runtime
 * Cloudflare runs in production. PORT picks the port (default 4321); UPSTREAM_OVERRIDES, if set in
 * the environment, points provider origins at a local fake (see README).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { offlineEnv } from '../tests/support/offline-env.ts';

export function serve(options: { port: number; overrides?: string }): Promise<number> {
  if (!existsSync('dist/server/wrangler.json')) throw new Error('No build found: run `npm run build` first.');
  const args = ['dev', '--port', String(options.port), '--ip', 'localhost'];
  if (options.overrides) args.push('--var', `UPSTREAM_OVERRIDES:${options.overrides}`);
  const child = spawn('node_modules/.bin/wrangler', args, { stdio: 'inherit', env: { ...offlineEnv, ...process.env } });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 4321);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PORT must be a port number, not "${process.env.PORT}"`);
  process.exitCode = await serve({ port, overrides: process.env.UPSTREAM_OVERRIDES });
}
