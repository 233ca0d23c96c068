/** What the numbers were measured on: they mean little without the machine and its load. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './procs.ts';

export interface Machine {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  wrangler: string;
  workerd: string;
  chromium: string;
  lighthouse: string;
}

function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function machine(chromium: string): Machine {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  let chromiumVersion = 'unknown';
  try {
    chromiumVersion = execFileSync(chromium, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // not installed
  }
  return {
    nproc: availableParallelism(),
    cpuModel: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
    node: process.version,
    wrangler: version('wrangler'),
    workerd: version('workerd'),
    chromium: chromiumVersion,
    lighthouse: version('lighthouse'),
  };
}

export const loadavg = (): [number, number, number] => {
  const [a, b, c] = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
  return [a ?? 0, b ?? 0, c ?? 0];
};

/** Samples the 1-minute load average every few seconds while the benchmark runs. */
export function loadSampler(everyMs = 5000) {
  const samples: number[] = [loadavg()[0]];
  const timer = setInterval(() => samples.push(loadavg()[0]), everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      samples.push(loadavg()[0]);
      return { min: Math.min(...samples), max: Math.max(...samples), samples: samples.length };
    },
  };
}
