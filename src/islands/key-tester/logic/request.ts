/** The tester's options and the `POST /api/test` request built from them. */
import { LIMITS, MODEL_ID_PATTERN, type BenchmarkTarget, type TestRequest } from '../../../lib/api-contract';
import { MAX_COMPARED, type Options } from './options';

/** Whole number within bounds; anything unreadable becomes the default. */
export function clampInt(value: unknown, bounds: { min: number; max: number; default: number }): number {
  const n = typeof value === 'number' ? value : Number(String(value).trim() || NaN);
  if (!Number.isFinite(n)) return bounds.default;
  return Math.min(bounds.max, Math.max(bounds.min, Math.round(n)));
}

/** Targets whose calls generate tokens (and so take a maximum). */
export const generates = (target: BenchmarkTarget) => target === 'chat' || target === 'fim';

/** The model a benchmark would use, or '' for the model list. */
export function benchmarkModel(options: Options): string {
  return options.target === 'models' ? '' : options.models[options.target].trim();
}

/**
 * The endpoints a benchmark compares, the chosen endpoint first, each once, at most four; empty
 * when the comparison is off or has no other endpoint.
 */
export function comparedList(options: Options): string[] {
  if (!options.benchmark || !options.compare) return [];
  const list = [...new Set([options.endpoint, ...options.compareWith])].filter(Boolean).slice(0, MAX_COMPARED);
  return list.length > 1 ? list : [];
}

/** What a deployment name may be (the endpoint's own rule). */
export const DEPLOYMENT_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Why the deployment named cannot be sent, or null (empty: the endpoint picks one). */
export function deploymentProblem(options: Pick<Options, 'deployment'>): string | null {
  const deployment = options.deployment.trim();
  return deployment && !DEPLOYMENT_PATTERN.test(deployment) ? 'A deployment name uses only letters, digits and . _ - (at most 64).' : null;
}

/**
 * Why the options cannot be sent as they are, or null. Where the models are the user's own
 * deployments (`deployments`), the benchmark's model may stay empty: the endpoint then uses the
 * deployment named, or the first that can.
 */
export function optionsProblem(options: Options, deployments = false): string | null {
  return compareProblem(options) ?? modelProblem(options, deployments);
}

/** Why the comparison cannot run as chosen, or null. */
export function compareProblem(options: Options): string | null {
  return options.benchmark && options.compare && comparedList(options).length < 2 ? 'Pick at least one other endpoint to compare with.' : null;
}

/** Why the deployment or the benchmark's model id cannot be sent, or null. */
export function modelProblem(options: Options, deployments = false): string | null {
  if (deployments && deploymentProblem(options)) return deploymentProblem(options);
  if (!options.benchmark || options.target === 'models') return null;
  const model = benchmarkModel(options);
  if (!model) return deployments ? null : 'Enter the model to benchmark.';
  if (model.length > 100 || !MODEL_ID_PATTERN.test(model)) {
    return 'A model id uses only letters, digits and . _ : - (with / between parts) as the provider lists it.';
  }
  return null;
}

/**
 * The request body; the key never goes here (it travels in the X-Api-Key header only).
 * `costAgreed`: the user saw the cost of a paid key check and agreed to it.
 */
export function buildRequest(provider: string, options: Options, turnstileToken?: string | null, costAgreed = false): TestRequest {
  const body: TestRequest = { provider, endpoint: options.endpoint };
  if (turnstileToken) body.turnstileToken = turnstileToken;
  if (costAgreed) body.confirmPaidValidation = true;
  if (options.resource) body.resource = options.resource;
  if (options.resource && options.deployment.trim()) body.deployment = options.deployment.trim();
  if (options.checks.length) body.checks = [...new Set(options.checks)];
  if (options.benchmark) {
    const { target } = options;
    body.benchmark = { target, runs: clampInt(options.runs, LIMITS.runs) };
    if (target !== 'models' && benchmarkModel(options)) body.benchmark.model = benchmarkModel(options);
    if (generates(target)) body.benchmark.maxTokens = clampInt(options.maxTokens, LIMITS.maxTokens);
    const compared = comparedList(options);
    if (compared.length) body.benchmark.endpoints = compared;
  }
  return body;
}

/** The fetch options of a run: JSON body, key in its header, nothing cached or referred. */
export function fetchInit(key: string, body: TestRequest, signal: AbortSignal): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Api-Key': key },
    body: JSON.stringify(body),
    signal,
    cache: 'no-store',
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  };
}
