/**
 * Test order: vitest's own (projects by sequence.groupOrder, then its timing heuristics), except
 * that the files in RUN_LAST run after every other file of their project. The e2e project's
 * final file searches what all the others left behind (the runtime's output, browser profiles),
 * so it must come after them; vitest has no per-file order option, hence this sequencer.
 *
 * It also writes the e2e files it scheduled, in order, to E2E_SCHEDULE, so the final file can
 * check that it really ran last and that every file before it registered its canaries.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const RUN_LAST = ['tests/e2e/no-trace-left.test.ts'];
export const E2E_SCHEDULE = 'test-results/e2e-schedule.json';

const runsLast = (spec: TestSpecification) => RUN_LAST.includes(relative(process.cwd(), spec.moduleId));

export function runLast(specs: TestSpecification[]): TestSpecification[] {
  return [...specs.filter((s) => !runsLast(s)), ...specs.filter(runsLast)];
}

export default class RunLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = runLast(await super.sort(files));
    const e2e = sorted.filter((s) => s.project.name === 'e2e').map((s) => relative(process.cwd(), s.moduleId));
    if (e2e.length) {
      mkdirSync('test-results', { recursive: true });
      writeFileSync(E2E_SCHEDULE, `${JSON.stringify(e2e, null, 2)}\n`);
    }
    return sorted;
  }
}
