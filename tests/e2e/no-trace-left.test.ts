/**
 * Runs after every other e2e file (tests/support/run-last.ts) and searches what the whole run left
 * behind for every canary key any file used (tests/support/traces.ts registers each one):
 * everything the Workers runtime printed. Each search has a positive control, so "0 hits" is known
 * to mean the search could have found one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { leaksOf, randomMarker } from '../support/canary.ts';
import { evaluateInWorker } from '../support/inspector.ts';
import { E2E_SCHEDULE, RUN_LAST } from '../support/run-last.ts';
import { canaries } from '../support/traces.ts';

const THIS_FILE = relative(process.cwd(), import.meta.filename);
const used = () => canaries().map((c) => ({ file: relative(process.cwd(), c.file), key: c.key }));
const printed = () => readFileSync(inject('wranglerLog'), 'utf8');

describe('after every other e2e file', () => {
  it('this file runs last, and every file before it that made canaries registered them', () => {
    expect(RUN_LAST).toContain(THIS_FILE);
    expect(existsSync(E2E_SCHEDULE)).toBe(true);
    const schedule = JSON.parse(readFileSync(E2E_SCHEDULE, 'utf8')) as string[];
    expect(schedule.at(-1)).toBe(THIS_FILE);
    const registering = new Set(used().map((c) => c.file));
    const makers = schedule.filter((file) => file !== THIS_FILE && readFileSync(file, 'utf8').includes('canaryKey('));
    for (const file of makers) expect(registering, `${file} made canaries but registered none`).toContain(file);
  });

  it('positive control: a marker printed inside the worker at every console level reaches the captured runtime output', async () => {
    const levels = ['log', 'info', 'warn', 'error', 'debug'] as const;
    const markers = levels.map((level) => ({ level, marker: randomMarker() }));
    const script = markers.map(({ level, marker }) => `console.${level}(${JSON.stringify(`probe ${level} ${marker}`)});`).join('\n');
    await evaluateInWorker(inject('inspectorPort'), `${script}\n'printed'`);
    for (const { level, marker } of markers) {
      await expect.poll(() => leaksOf(marker, printed()), { timeout: 5000, message: `console.${level} output did not reach the captured log` }).toContain('whole key');
    }
  });

  it('the Workers runtime printed none of the canaries, of any file', () => {
    const keys = used();
    expect(keys.length).toBeGreaterThan(0);
    const text = printed();
    const found = keys.flatMap(({ file, key }) => leaksOf(key, text).map((where) => `${file}: ${where} of ${key.slice(0, 4)}…`));
    expect(found, 'canary found in the Workers runtime output').toEqual([]);
  });
});
