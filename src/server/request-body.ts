/**
 * The body of `POST /api/test` against its schema: a strict object (unknown fields are refused,
 * naming them), each field's type, bounds and pattern. Written out by hand rather than with zod:
 * the gate runs on every request and first in every fresh isolate, where building and first running
 * a zod schema cost more CPU than the rest of a validation (bench/results/latest.md, "cold start"),
 * and zod would be the largest module the API path evaluates at startup. The result is typed as the
 * contract's TestRequest, so the compiler checks that the two agree; tests/worker/request-gate.test.ts
 * and tests/unit/request-body.test.ts check every rule.
 *
 * A problem is reported as `path: what is wrong`, naming the field and never quoting its value
 * (a misplaced key must not come back).
 */
import { benchmarkTargets, checkNames, LIMITS, MODEL_ID_PATTERN, type BenchmarkTarget, type CheckName, type TestRequest } from '../lib/api-contract';
import { RESOURCE_PATTERN } from '../lib/provider-facts';

export type BodyCheck = { ok: true; value: TestRequest } | { ok: false; message: string };

class Refusal {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

const fail = (path: string, message: string): never => {
  throw new Refusal(`${path}: ${message}`);
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Unknown fields: named when their names are plain words, with a hint when one looks like a key. */
function refuseUnknown(value: Record<string, unknown>, known: readonly string[], path: string): void {
  const unknown = Object.keys(value).filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  const names = unknown.every((k) => /^[A-Za-z_]{1,24}$/.test(k)) ? ` (${unknown.join(', ')})` : '';
  const hint = unknown.some((k) => /key|token|secret/i.test(k)) ? ' The key goes in the X-Api-Key header, never in the body.' : '';
  throw new Refusal(`Unknown field${unknown.length > 1 ? 's' : ''}${names}${path ? ` in ${path}` : ''}.${hint}`);
}

function string(value: unknown, path: string, rules: { min?: number; max?: number; pattern?: RegExp; patternMessage?: string } = {}): string {
  if (typeof value !== 'string') return fail(path, 'expected a string');
  if (rules.min !== undefined && value.length < rules.min) fail(path, `expected at least ${rules.min} character${rules.min === 1 ? '' : 's'}`);
  if (rules.max !== undefined && value.length > rules.max) fail(path, `expected at most ${rules.max} characters`);
  if (rules.pattern && !rules.pattern.test(value)) fail(path, rules.patternMessage ?? 'invalid format');
  return value;
}

function integer(value: unknown, path: string, bounds: { min: number; max: number }): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return fail(path, 'expected a whole number');
  if (value < bounds.min || value > bounds.max) fail(path, `expected a number from ${bounds.min} to ${bounds.max}`);
  return value;
}

function oneOf<T extends string>(value: unknown, path: string, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) return fail(path, `expected one of ${options.map((o) => `"${o}"`).join('|')}`);
  return value as T;
}

function list<T>(value: unknown, path: string, bounds: { min: number; max: number; once: string }, item: (v: unknown, path: string) => T): T[] {
  if (!Array.isArray(value)) return fail(path, 'expected a list');
  const out = value.map((v, i) => item(v, `${path}.${i}`));
  if (out.length < bounds.min) fail(path, `expected at least ${bounds.min} items`);
  if (out.length > bounds.max) fail(path, `expected at most ${bounds.max} items`);
  if (new Set(out).size !== out.length) fail(path, bounds.once);
  return out;
}

const BODY_FIELDS = ['provider', 'endpoint', 'checks', 'benchmark', 'turnstileToken', 'resource', 'deployment', 'confirmPaidValidation'] as const;
const BENCHMARK_FIELDS = ['target', 'model', 'runs', 'maxTokens', 'endpoints'] as const;

function benchmark(value: unknown): NonNullable<TestRequest['benchmark']> {
  if (!isObject(value)) return fail('benchmark', 'expected an object');
  const out: NonNullable<TestRequest['benchmark']> = { target: oneOf<BenchmarkTarget>(value.target, 'benchmark.target', benchmarkTargets) };
  if (value.model !== undefined) {
    out.model = string(value.model, 'benchmark.model', { min: 1, max: 100, pattern: MODEL_ID_PATTERN, patternMessage: 'Model ids use letters, digits and . _ : -, with / between parts' });
  }
  if (value.runs !== undefined) out.runs = integer(value.runs, 'benchmark.runs', LIMITS.runs);
  if (value.maxTokens !== undefined) out.maxTokens = integer(value.maxTokens, 'benchmark.maxTokens', LIMITS.maxTokens);
  if (value.endpoints !== undefined) {
    out.endpoints = list(value.endpoints, 'benchmark.endpoints', { min: 2, max: 4, once: 'List each endpoint once' }, (v, path) => string(v, path, { max: 40 }));
  }
  refuseUnknown(value, BENCHMARK_FIELDS, 'benchmark');
  return out;
}

/**
 * Checks a parsed JSON body. `providers` are the ids with a tester; the first problem found is
 * reported (fields in the order of the contract, unknown fields after the known ones).
 */
export function checkTestRequest(json: unknown, providers: readonly string[]): BodyCheck {
  try {
    if (!isObject(json)) return fail('body', 'expected a JSON object');
    const provider = string(json.provider, 'provider');
    if (!providers.includes(provider)) fail('provider', `Unknown or untestable provider; testable today: ${providers.join(', ')}`);
    const value: TestRequest = { provider };
    if (json.endpoint !== undefined) value.endpoint = string(json.endpoint, 'endpoint', { max: 40 });
    if (json.checks !== undefined) {
      value.checks = list(json.checks, 'checks', { min: 0, max: checkNames.length, once: 'List each check once' }, (v, path) => oneOf<CheckName>(v, path, checkNames));
    }
    if (json.benchmark !== undefined) value.benchmark = benchmark(json.benchmark);
    if (json.turnstileToken !== undefined) {
      value.turnstileToken = string(json.turnstileToken, 'turnstileToken', { min: 1, max: 2048, pattern: /^[\x21-\x7e]+$/, patternMessage: 'a token is printable ASCII' });
    }
    if (json.resource !== undefined) {
      value.resource = string(json.resource, 'resource', { pattern: RESOURCE_PATTERN, patternMessage: 'a resource name is lower-case letters, digits and hyphens (1-63), like my-resource' });
    }
    if (json.deployment !== undefined) {
      value.deployment = string(json.deployment, 'deployment', { min: 1, max: 64, pattern: /^[A-Za-z0-9._-]+$/, patternMessage: 'a deployment name uses letters, digits and . _ -' });
    }
    if (json.confirmPaidValidation !== undefined) {
      if (typeof json.confirmPaidValidation !== 'boolean') fail('confirmPaidValidation', 'expected true or false');
      value.confirmPaidValidation = json.confirmPaidValidation as boolean;
    }
    refuseUnknown(json, BODY_FIELDS, '');
    return { ok: true, value };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, message: error.message };
    throw error;
  }
}
