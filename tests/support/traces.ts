/**
 * The e2e run's register of what might leave a trace: every canary key a test file used and every
 * browser profile a test launched. The project's final file (tests/e2e/no-trace-left.test.ts)
 * searches the Workers runtime's output and those profiles for every canary.
 *
 * Active only when KEYPROBE_TRACES names a directory (vitest.config.ts sets it for the e2e
 * project); elsewhere (the benchmark) nothing is recorded and browser profiles are deleted on close.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const TRACES_DIR = 'test-results/traces';

const dir = () => process.env.KEYPROBE_TRACES;
export const tracing = () => !!dir();

function append(name: string, record: object): void {
  const where = dir();
  if (!where) return;
  mkdirSync(where, { recursive: true });
  appendFileSync(join(where, name), `${JSON.stringify(record)}\n`);
}

function read<T>(where: string, name: string): T[] {
  const file = join(where, name);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

export interface CanaryRecord {
  file: string;
  key: string;
}

export function registerCanary(key: string, file: string): void {
  append('canaries.jsonl', { file, key } satisfies CanaryRecord);
}

/** A closed browser's profile directory, kept for the final search (which deletes it). */
export function registerProfile(profileDir: string): void {
  append('profiles.jsonl', { dir: profileDir });
}

export const canaries = (where = TRACES_DIR) => read<CanaryRecord>(where, 'canaries.jsonl');
export const profiles = (where = TRACES_DIR) => read<{ dir: string }>(where, 'profiles.jsonl').map((p) => p.dir);

/** Starts a run with an empty register; deletes profiles a previous run left behind. */
export function resetTraces(where = TRACES_DIR): void {
  removeProfiles(where);
  rmSync(where, { recursive: true, force: true });
  mkdirSync(where, { recursive: true });
}

export function removeProfiles(where = TRACES_DIR): void {
  for (const profile of profiles(where)) rmSync(profile, { recursive: true, force: true });
}
