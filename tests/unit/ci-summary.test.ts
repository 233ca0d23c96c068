/**
 * .ci/run's closing line counts every failure. Runs vitest on fixture files that fail in each way
 * a run can fail (a test, an afterAll hook, an error thrown outside any test) and checks what the
 * summary reporter writes; before it, a failing hook left the line at "0 failed".
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startVitest } from 'vitest/node';
import SummaryReporter, { type RunSummary } from '../support/summary-reporter.ts';

const FIXTURES = 'tests/unit/fixtures/ci-summary';

async function summaryOf(files: string[]): Promise<RunSummary> {
  const dir = mkdtempSync(join(tmpdir(), 'keyprobe-summary-'));
  const file = join(dir, 'summary.json');
  try {
    const vitest = await startVitest('test', files.map((f) => `${FIXTURES}/${f}`), {
      config: false,
      root: process.cwd(),
      include: [`${FIXTURES}/*.fixture.ts`],
      reporters: [new SummaryReporter({ file })],
      watch: false,
      silent: true,
    });
    await vitest.close();
    return JSON.parse(readFileSync(file, 'utf8')) as RunSummary;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    process.exitCode = 0; // the nested run's failures are the point, not this run's
  }
}

describe('the CI summary', () => {
  it('a passing run: skipped and todo tests count as skipped, nothing failed', async () => {
    const summary = await summaryOf(['passing.fixture.ts']);
    expect(summary).toMatchObject({ passed: 1, failed: 0, skipped: 2, reason: 'passed' });
  });

  it('a failing afterAll hook counts as a failure although every test passed', async () => {
    const summary = await summaryOf(['failing-hook.fixture.ts']);
    expect(summary).toMatchObject({ passed: 1, failedTests: 0, failedSuites: 1, failed: 1 });
    expect(summary.problems.join('\n')).toContain('afterAll failed on purpose');
  });

  it('an error thrown outside any test counts as a failure', async () => {
    const summary = await summaryOf(['unhandled.fixture.ts']);
    // vitest reports this run's end reason as 'passed' (its exit code is 1): the count must not rely on it.
    expect(summary).toMatchObject({ passed: 1, failedTests: 0, unhandledErrors: 1, failed: 1 });
    expect(summary.problems.join('\n')).toContain('thrown outside the test on purpose');
  });

  it('everything at once: every kind of failure is added up', async () => {
    const summary = await summaryOf(['passing.fixture.ts', 'failing-test.fixture.ts', 'failing-hook.fixture.ts', 'unhandled.fixture.ts']);
    expect(summary).toMatchObject({ failedTests: 1, failedSuites: 1, unhandledErrors: 1, skipped: 2 });
    expect(summary.failed).toBe(3);
  });
}, 60_000);
