/** The tester of each testable provider. Adding a provider means adding its tester here. */
import type { TestRequest } from '../../lib/api-contract';
import { runMistralTest, type RunContext } from './mistral/tester';

export type ProviderTester = (ctx: RunContext, request: TestRequest) => Promise<void>;

export const testers: Record<string, ProviderTester> = {
  mistral: runMistralTest,
};

export type { RunContext };
