/** The tester's options and their defaults: a provider's defaults are worked out at build time (../build-data.ts); ./request reads the rest. */
import { LIMITS, type BenchmarkTarget, type CheckName } from '../../../lib/api-contract.ts';
import type { WorkKind } from '../../../lib/provider-schema.ts';

export interface Options {
  endpoint: string;
  checks: CheckName[];
  benchmark: boolean;
  target: BenchmarkTarget;
  /** Model per target, so switching targets keeps what was typed for each. */
  models: Record<BenchmarkTarget, string>;
  runs: number;
  maxTokens: number;
  /** Compare endpoints: run the benchmark on `compareWith` too, interleaved with `endpoint`'s runs. */
  compare: boolean;
  /** The other endpoints to compare with (ids; `endpoint` itself is always compared). */
  compareWith: string[];
  /** The user's resource, for providers whose host it is (a checked name, or '' until there is one). */
  resource: string;
  /** The deployment checks and the benchmark use, when the user names one. */
  deployment: string;
  /**
   * "Test from this browser": the page calls the provider itself. Off unless the user turns it on
   * (absent from the defaults, which are part of the page's first script).
   */
  browserDirect?: boolean;
}

/** The most endpoints one run compares (the server's bound). */
export const MAX_COMPARED = 4;

/** The benchmark's model per target, from the provider's defaults (the server uses the same ones). */
export function defaultModels(defaults: Partial<Record<WorkKind, string>>): Record<BenchmarkTarget, string> {
  return { models: '', chat: defaults.chat ?? '', embeddings: defaults.embeddings ?? '', fim: defaults.fim ?? '' };
}

export function defaultOptions(endpoint: string, defaults: Partial<Record<WorkKind, string>>): Options {
  return {
    endpoint,
    checks: [],
    benchmark: false,
    target: 'chat',
    models: defaultModels(defaults),
    runs: LIMITS.runs.default,
    maxTokens: LIMITS.maxTokens.default,
    compare: false,
    compareWith: [],
    resource: '',
    deployment: '',
  };
}

