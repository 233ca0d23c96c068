/** The tester of each testable provider. Adding a provider means adding its tester here. */
import type { TestRequest } from '../../lib/api-contract';
import { runMistralTest, type RunContext } from './mistral/tester';

export type ProviderTester = (ctx: RunContext, request: TestRequest) => Promise<void>;

export const testers: Record<string, ProviderTester> = {
  mistral: runMistralTest,
};

export type { RunContext };

/** What each tester can answer, for the build's check that every outcome has an error page. */
export const testerOutcomes: Record<string, { verdicts: readonly string[]; reasons: readonly string[] }> = {
  mistral: {
    verdicts: ['valid', 'invalid', 'forbidden', 'rate_limited', 'quota_exhausted', 'wrong_endpoint', 'not_found', 'provider_error', 'unreachable', 'timeout'],
    reasons: ['capacity'],
  },
};
