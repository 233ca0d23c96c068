/** The tester's options and their defaults (the part the first script needs; see ./request). */
import { LIMITS, type BenchmarkTarget, type CheckName } from '../../../lib/api-contract';

export interface Options {
  endpoint: string;
  checks: CheckName[];
  benchmark: boolean;
  target: BenchmarkTarget;
  /** Model per target, so switching targets keeps what was typed for each. */
  models: Record<BenchmarkTarget, string>;
  runs: number;
  maxTokens: number;
}

/** The benchmark's default model per target (the server uses the same ones). */
export const defaultModels: Record<BenchmarkTarget, string> = {
  models: '',
  chat: 'mistral-small-latest',
  embeddings: 'mistral-embed',
  fim: 'codestral-latest',
};

export function defaultOptions(endpoint: string): Options {
  return {
    endpoint,
    checks: [],
    benchmark: false,
    target: 'chat',
    models: { ...defaultModels },
    runs: LIMITS.runs.default,
    maxTokens: LIMITS.maxTokens.default,
  };
}

