/**
 * The built site served by `wrangler dev` (workerd, the runtime production uses), pointed at the
 * fake Mistral hosts. Everything the runtime prints is kept in memory and in a log file, so tests
 * can search it (for a leaked key, say).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { offlineEnv } from './offline-env.ts';

export interface RunningSite {
  origin: string;
  /** wrangler's DevTools proxy to the worker's isolate (see tests/support/inspector.ts). */
  inspectorPort: number;
  /** All stdout + stderr of wrangler and workerd so far. */
  output(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`wrangler dev did not answer within ${timeoutMs} ms:\n${output()}`);
}

/**
 * A copy of the built Worker configuration with other per-minute limits, beside it (its paths are
 * relative to it); everything else as built.
 */
function withRateLimits(built: string, limits: Record<string, number>): string {
  const config = JSON.parse(readFileSync(built, 'utf8')) as { ratelimits?: { name: string; simple: { limit: number } }[] };
  for (const binding of config.ratelimits ?? []) {
    const limit = limits[binding.name];
    if (limit !== undefined) binding.simple.limit = limit;
  }
  const copy = join(dirname(built), 'wrangler.e2e.json');
  writeFileSync(copy, JSON.stringify(config));
  return copy;
}

/**
 * `persistTo`: where workerd keeps the run's storage (the daily counter's Durable Object); a fresh
 * directory per run, so no count carries over from an earlier run and the final e2e file can
 * search what it holds. Without it, wrangler's default (.wrangler/state) is used.
 */
export async function startSite(options: {
  overrides: string;
  vars?: Record<string, string>;
  logFile?: string;
  persistTo?: string;
  /** Per-minute limits by binding name, instead of the built configuration's. */
  rateLimits?: Record<string, number>;
}): Promise<RunningSite> {
  if (!existsSync('dist/server/wrangler.json')) throw new Error('Build the site first (npm run build).');
  const config = options.rateLimits ? withRateLimits('dist/server/wrangler.json', options.rateLimits) : undefined;
  const port = await freePort();
  const inspectorPort = await freePort();
  const vars = { UPSTREAM_OVERRIDES: options.overrides, ...options.vars };
  const args = [
    'wrangler', 'dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--inspector-port', String(inspectorPort),
    // `log`, not `info`: wrangler prints the worker's console.log at its own `log` level, so at
    // `info` a console.log(key) inside the worker never reached this output (console.info, warn,
    // error and debug did). The final e2e file proves every console level gets here.
    '--log-level', 'log',
    ...(options.persistTo ? ['--persist-to', options.persistTo] : []),
    ...(config ? ['--config', config] : []),
    ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
  ];
  let log = '';
  if (options.logFile) writeFileSync(options.logFile, '');
  const record = (chunk: Buffer) => {
    const text = chunk.toString();
    log += text;
    if (options.logFile) appendFileSync(options.logFile, text);
  };
  // Detached: wrangler starts workerd as a child; stopping kills the whole process group.
  const child = spawn('node_modules/.bin/wrangler', args.slice(1), {
    detached: true,
    env: { ...process.env, ...offlineEnv, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', record);
  child.stderr?.on('data', record);
  const origin = `http://127.0.0.1:${port}`;
  const output = () => log;
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  try {
    await waitForHttp(`${origin}/`, child, 60_000, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { origin, inspectorPort, output, stop };
}
