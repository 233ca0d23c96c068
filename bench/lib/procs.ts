/**
 * The processes the benchmark runs and watches: the fake Mistral API (its own Node process, so
 * its timers and spin-waits never share an event loop with the client that measures), and
 * `wrangler dev` on the build. wrangler dev runs two workerd processes: a proxy (the port the
 * browser talks to) and the one that runs Keyprobe's worker. Both are found by process tree.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { offlineEnv } from '../../tests/support/offline-env.ts';
import { freePort } from '../../tests/support/site.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

export { freePort };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Process groups this run started (each child is detached, so it leads its own group). If the run
 * dies or is interrupted, they are killed on the way out: nothing of the benchmark outlives it.
 */
const started = new Set<number>();
const tempDirs = new Set<string>();
function killStarted(): void {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
  for (const pgid of started) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  started.clear();
}
process.once('exit', killStarted);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killStarted();
    process.exit(130);
  });
}

/** Registers a detached child so that it is killed with the run if nothing stops it first. */
export function track(child: ChildProcess): void {
  if (child.pid === undefined) return;
  const pid = child.pid;
  started.add(pid);
  child.once('exit', () => started.delete(pid));
}

/** Ends a process group we started: SIGTERM, then SIGKILL after `graceMs`. */
async function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  await Promise.race([exited, sleep(graceMs)]);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

// ------------------------------------------------------------------------------------------------
// the fake upstream

export interface FakeProcess {
  platform: string;
  codestral: string;
  overrides: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startFake(): Promise<FakeProcess> {
  const child = spawn(process.execPath, ['tests/fakes/mistral/cli.ts', '--port', '0', '--codestral-port', '0'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const line = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`fake did not start: ${err}`)), 15_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        done(out.slice(0, nl));
      }
    });
    child.once('exit', (code) => fail(new Error(`fake exited (${code}): ${err}`)));
  });
  const info = JSON.parse(line) as { platform: string; codestral: string; overrides: Record<string, string> };
  return {
    platform: info.platform,
    codestral: info.codestral,
    overrides: JSON.stringify(info.overrides),
    pid: child.pid as number,
    stop: () => stopGroup(child),
  };
}

// ------------------------------------------------------------------------------------------------
// process tree and CPU time

export interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string;
  cmdline: string[];
}

function readProc(pid: number): ProcInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return { pid, ppid: Number(fields[1]), comm, cmdline };
  } catch {
    return null;
  }
}

export function descendants(root: number): ProcInfo[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProc(Number(name)))
    .filter((p): p is ProcInfo => p !== null);
  const found: ProcInfo[] = [];
  const frontier = [root];
  while (frontier.length > 0) {
    const parent = frontier.pop() as number;
    for (const p of all) {
      if (p.ppid === parent) {
        found.push(p);
        frontier.push(p.pid);
      }
    }
  }
  return found;
}

export const CLOCK_TICKS_PER_S = 100; // USER_HZ on Linux x86-64 (`getconf CLK_TCK`)

export interface CpuSample {
  /** utime + stime from /proc/<pid>/stat, in ms (10 ms resolution). */
  statMs: number;
  /** Sum over threads of /proc/<pid>/task/<tid>/schedstat on-CPU time, in ms (ns resolution). */
  schedMs: number;
  at: number;
}

export function cpuOf(pid: number): CpuSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ": field 3 is state, so utime (14) and stime (15) are at indexes 11 and 12.
  const ticks = Number(fields[11]) + Number(fields[12]);
  let schedNs = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      schedNs += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // thread ended in between
    }
  }
  return { statMs: (ticks * 1000) / CLOCK_TICKS_PER_S, schedMs: schedNs / 1e6, at: performance.now() };
}

/** Listening TCP ports of a process (IPv4 and IPv6). */
export function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m?.[1]) inodes.add(m[1]);
    } catch {
      // fd closed in between
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const row of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = row.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue; // 0A = LISTEN
      if (!inodes.has(cols[9] as string)) continue;
      ports.push(parseInt((cols[1] as string).split(':')[1] as string, 16));
    }
  }
  return ports;
}

// ------------------------------------------------------------------------------------------------
// wrangler dev

export interface Site {
  /** What a browser uses: wrangler dev's proxy workerd. */
  origin: string;
  /** The workerd that runs Keyprobe's worker, reached without the proxy hop. */
  workerOrigin: string;
  wranglerPid: number;
  /** workerd running the user worker (what production's CPU limit is about). */
  workerPid: number;
  /** workerd running wrangler dev's proxy (dev only; production has no such hop). */
  proxyPid: number;
  /** wrangler dev's inspector proxy (Chrome DevTools protocol) for the worker. */
  inspectorPort: number;
  /** The config wrangler dev was given (in a snapshot of dist/). */
  config: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * A private copy of dist/ in a temp dir, with its generated wrangler.json: others may rebuild
 * dist/ while the benchmark runs (wrangler dev would reload mid-measurement). `limit`, if given,
 * raises the abuse limits in the copy only; production's wrangler.jsonc is never touched.
 */
export function snapshotDist(options: { limit?: number; source?: string } = {}): { config: string; dir: string } {
  const source = options.source ?? join(ROOT, 'dist');
  if (!existsSync(join(source, 'server/wrangler.json'))) throw new Error('Build the site first (npm run build).');
  const dir = mkdtempSync(join(tmpdir(), 'keyprobe-bench-dist-'));
  tempDirs.add(dir);
  cpSync(source, join(dir, 'dist'), { recursive: true });
  const path = join(dir, 'dist/server/wrangler.json');
  const config = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & { ratelimits?: { simple: { limit: number } }[] };
  // The generated file names the project's wrangler.jsonc as its origin; the copy stands alone.
  delete config.configPath;
  delete config.userConfigPath;
  if (options.limit !== undefined) for (const rule of config.ratelimits ?? []) rule.simple.limit = options.limit;
  writeFileSync(path, JSON.stringify(config));
  return { config: path, dir };
}

type WranglerConfig = Record<string, unknown> & { main: string; assets?: { directory: string }; durable_objects?: unknown; migrations?: unknown };

/** A worker beside the snapshot's build: the snapshot's config (assets, bindings, vars) with another `main`. */
function variantConfig(snapshotConfig: string, name: string, edit: (config: WranglerConfig, dir: string) => void): string {
  const config = JSON.parse(readFileSync(snapshotConfig, 'utf8')) as WranglerConfig;
  const serverDir = dirname(snapshotConfig);
  const dir = join(dirname(dirname(serverDir)), name);
  mkdirSync(dir, { recursive: true });
  if (config.assets) config.assets.directory = resolve(serverDir, config.assets.directory);
  config.name = `keyprobe-${name}`;
  edit(config, dir);
  const path = join(dir, 'wrangler.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

/**
 * The control worker (bench/control/worker.js) with the snapshot's assets, bindings and vars:
 * the same runtime and I/O as the endpoint, none of its logic.
 */
export function controlConfig(snapshotConfig: string): string {
  return variantConfig(snapshotConfig, 'control', (config, dir) => {
    cpSync(join(ROOT, 'bench/control/worker.js'), join(dir, 'worker.js'));
    config.main = 'worker.js';
  });
}

/**
 * The bare worker (bench/control/bare.js): the same wrangler dev and config, minus the Durable
 * Object binding (it exports no class; an unused binding costs nothing per request anyway).
 */
export function bareConfig(snapshotConfig: string): string {
  return variantConfig(snapshotConfig, 'bare', (config, dir) => {
    cpSync(join(ROOT, 'bench/control/bare.js'), join(dir, 'worker.js'));
    config.main = 'worker.js';
    delete config.durable_objects;
    delete config.migrations;
  });
}

/**
 * The stage worker (bench/stages/worker.ts), bundled once by `wrangler deploy --dry-run` into the
 * snapshot, so that edits to src/ during a run change nothing. Keyprobe's Vite plugin is not there:
 * its two content modules are generated here by the same code (src/integrations/content-modules.ts)
 * and aliased.
 */
export async function stagesConfig(snapshotConfig: string): Promise<string> {
  const { readProviders, readErrorPagesIndex, PROVIDERS_MODULE, ERROR_PAGES_MODULE } = await import('../../src/integrations/content-modules.ts');
  const config = variantConfig(snapshotConfig, 'stages', (config, dir) => {
    writeFileSync(join(dir, 'providers.mjs'), `export default ${JSON.stringify(readProviders(join(ROOT, 'src/content/providers')))};\n`);
    writeFileSync(join(dir, 'error-pages.mjs'), `export default ${JSON.stringify(readErrorPagesIndex(join(ROOT, 'src/content/errors')))};\n`);
    config.main = join(ROOT, 'bench/stages/worker.ts');
    config.no_bundle = false;
    delete config.rules;
    config.alias = { [PROVIDERS_MODULE]: join(dir, 'providers.mjs'), [ERROR_PAGES_MODULE]: join(dir, 'error-pages.mjs') };
  });
  const dir = dirname(config);
  const out = join(dir, 'bundle');
  const result = spawnSync(join(ROOT, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--config', config, '--outdir', out], {
    cwd: dir,
    env: { ...process.env, ...offlineEnv, NO_COLOR: '1', FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (result.status !== 0) throw new Error(`bundling bench/stages/worker.ts failed:\n${result.stdout}${result.stderr}`);
  const bundled = JSON.parse(readFileSync(config, 'utf8')) as WranglerConfig;
  bundled.main = join(out, 'worker.js');
  bundled.no_bundle = true;
  delete bundled.alias;
  writeFileSync(config, JSON.stringify(bundled));
  return config;
}

/**
 * The site's own build behind a bench-only entry (bench/stages/cold-entry.mjs) that loads the built
 * entry.mjs with a dynamic import on its first request: that request's CPU is the module evaluation
 * a fresh isolate does at startup, measured apart from the first validation after it.
 */
export function coldConfig(snapshotConfig: string): string {
  const serverDir = dirname(snapshotConfig);
  cpSync(join(ROOT, 'bench/stages/cold-entry.mjs'), join(serverDir, 'bench-cold-entry.mjs'));
  const config = JSON.parse(readFileSync(snapshotConfig, 'utf8')) as WranglerConfig;
  config.main = 'bench-cold-entry.mjs';
  config.name = 'keyprobe-cold';
  const path = join(serverDir, 'wrangler.cold.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

export function removeSnapshot(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

async function probe(url: string, timeoutMs: number): Promise<{ status: number; body: string } | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, body: await res.text() };
  } catch {
    return null;
  }
}

/** wrangler dev, retried: a free port can be taken between the check and wrangler's bind. */
export async function startSite(options: { overrides: string; config: string; persistTo?: string }): Promise<Site> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startSiteOnce(options);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function startSiteOnce(options: { overrides: string; config: string; persistTo?: string }): Promise<Site> {
  const port = await freePort();
  const inspectorPort = await freePort();
  const config = options.config;
  const args = [
    'dev',
    '--config', config,
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--inspector-port', String(inspectorPort),
    '--log-level', 'warn',
    '--var', `UPSTREAM_OVERRIDES:${options.overrides}`,
    ...(options.persistTo ? ['--persist-to', options.persistTo] : []),
  ];
  let log = '';
  const child = spawn(join(ROOT, 'node_modules/.bin/wrangler'), args, {
    // The snapshot's own folder: wrangler keeps its local state (.wrangler/) there, not in the project.
    cwd: dirname(config),
    detached: true,
    env: { ...process.env, ...offlineEnv, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  child.stdout?.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (log += c.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const stop = () => stopGroup(child);
  try {
    const until = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`wrangler dev exited early (${child.exitCode ?? child.signalCode}):\n${log}`);
      const answer = await probe(`${origin}/`, 1000);
      if (answer?.status === 200) break;
      if (Date.now() > until) throw new Error(`wrangler dev did not answer within 60 s:\n${log}`);
      await sleep(150);
    }
    const workerds = descendants(child.pid as number).filter((p) => p.comm === 'workerd');
    const proxy = workerds.find((p) => p.cmdline.some((a) => a === `--socket-addr=entry=127.0.0.1:${port}`));
    const worker = workerds.find((p) => p !== proxy && p.cmdline.some((a) => a.startsWith('--inspector-addr')));
    if (!proxy || !worker) throw new Error(`could not tell wrangler dev's workerd processes apart: ${JSON.stringify(workerds.map((p) => p.cmdline.slice(0, 6)))}`);
    // The user workerd listens on its entry socket, its inspector and a debug port; the entry
    // socket is the one that answers GET / as the proxy does.
    const expected = await probe(`${origin}/`, 5000);
    let workerOrigin = '';
    for (const candidate of listeningPorts(worker.pid)) {
      const answer = await probe(`http://127.0.0.1:${candidate}/`, 1000);
      if (answer && expected && answer.status === expected.status && answer.body === expected.body) {
        workerOrigin = `http://127.0.0.1:${candidate}`;
        break;
      }
    }
    if (!workerOrigin) throw new Error('could not find the user workerd entry socket');
    return {
      origin,
      workerOrigin,
      wranglerPid: child.pid as number,
      workerPid: worker.pid,
      proxyPid: proxy.pid,
      inspectorPort,
      config,
      output: () => log,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
