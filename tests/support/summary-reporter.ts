/**
 * Writes test-results/summary.json at the end of every run: the figures behind .ci/run's closing
 * line. Vitest's JSON report counts only failed tests, so a failing hook (an afterAll, a
 * beforeAll), a file that cannot load or an error thrown outside any test made the run fail while
 * the line said "0 failed". Here every failure counts: failed tests, failed suites and hooks
 * (errors on a file or a describe block) and unhandled errors, and a run that did not pass reports
 * at least one failure whatever the counts say. Skipped and todo tests count as skipped.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SerializedError } from 'vitest';
import type { Reporter, TestModule, TestRunEndReason } from 'vitest/node';

export const SUMMARY_FILE = 'test-results/summary.json';

export interface RunSummary {
  passed: number;
  /** failedTests + failedSuites + unhandledErrors, and at least 1 when the run did not pass. */
  failed: number;
  skipped: number;
  failedTests: number;
  /** Files and describe blocks with errors of their own: hooks, imports, collection. */
  failedSuites: number;
  unhandledErrors: number;
  reason: TestRunEndReason;
  /** One line per failure that is not a failed test, so the log says what failed. */
  problems: string[];
}

export function summarize(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): RunSummary {
  const summary: RunSummary = { passed: 0, failed: 0, skipped: 0, failedTests: 0, failedSuites: 0, unhandledErrors: unhandledErrors.length, reason, problems: [] };
  for (const module of modules) {
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') summary.passed++;
      else if (state === 'failed') summary.failedTests++;
      else summary.skipped++; // skipped, todo, and tests that never ran (an interrupted run)
    }
    for (const suite of [module, ...module.children.allSuites()]) {
      const errors = suite.errors();
      if (errors.length === 0) continue;
      summary.failedSuites++;
      const name = suite.type === 'module' ? module.relativeModuleId : `${module.relativeModuleId} > ${suite.fullName}`;
      summary.problems.push(`${name}: ${errors[0]?.message ?? 'error'}`);
    }
  }
  for (const error of unhandledErrors) summary.problems.push(`unhandled: ${error.message}`);
  summary.failed = summary.failedTests + summary.failedSuites + summary.unhandledErrors;
  if (reason !== 'passed' && summary.failed === 0) {
    summary.failed = 1;
    summary.problems.push(`the run ended as "${reason}" with no failure counted`);
  }
  return summary;
}

export default class SummaryReporter implements Reporter {
  private readonly file: string;
  constructor(options: { file?: string } = {}) {
    this.file = options.file ?? SUMMARY_FILE;
  }
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): void {
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, `${JSON.stringify(summarize(modules, unhandledErrors, reason), null, 2)}\n`);
  }
}
