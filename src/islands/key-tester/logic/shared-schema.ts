/**
 * The rules a shared result must pass before anything of it is shown: structure, enums, bounded
 * numbers and id patterns only, no free text anywhere, no unknown or missing field at any level.
 *
 * Written as a few small guards rather than with zod: zod was 25 KB of the viewer's 55 KB at mount
 * for one fixed shape. The guards are typed against SharedResult, so the compiler checks that the
 * rules and the type a link is built from agree; tests/unit/islands/share.test.ts holds them to the
 * zod schema they replaced, on generated links near the rules' edges.
 */
import { benchmarkTargets, checkNames, verdicts, LIMITS } from '../../../lib/api-contract';
import {
  endpointIdPattern,
  errorCodePattern,
  fromPattern,
  keyTailPattern,
  limitNamePattern,
  limitWindowPattern,
  modelIdPattern,
  requestIdPattern,
  SHARE_VERSION,
  type SharedCheck,
  type SharedLane,
  type SharedResult,
} from './share';

type Guard<T> = (value: unknown) => value is T;

const number =
  (min: number, max: number, whole = false): Guard<number> =>
  (v): v is number =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max && (!whole || Number.isInteger(v));
const text =
  (pattern: RegExp): Guard<string> =>
  (v): v is string =>
    typeof v === 'string' && pattern.test(v);
const oneOf =
  <T extends string | number | boolean>(options: readonly T[]): Guard<T> =>
  (v): v is T =>
    (options as readonly unknown[]).includes(v);
const nullable =
  <T>(guard: Guard<T>): Guard<T | null> =>
  (v): v is T | null =>
    v === null || guard(v);

/** A list of `min` to `max` items (every index checked: a hole is not an item). */
const list =
  <T>(item: Guard<T>, max: number, min = 0): Guard<T[]> =>
  (v): v is T[] => {
    if (!Array.isArray(v) || v.length < min || v.length > max) return false;
    for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
    return true;
  };

const tuple =
  <T extends unknown[]>(...items: { [I in keyof T]: Guard<T[I]> }): Guard<T> =>
  (v): v is T => {
    if (!Array.isArray(v) || v.length !== items.length) return false;
    for (let i = 0; i < items.length; i++) if (!(items[i] as Guard<unknown>)(v[i])) return false;
    return true;
  };

/** Exactly these fields, each passing its guard: none missing, none more. */
const object =
  <T extends object>(shape: { [K in keyof T]-?: Guard<T[K]> }): Guard<T> =>
  (v): v is T => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const fields = v as Record<string, unknown>;
    for (const name of Object.keys(fields)) if (!Object.hasOwn(shape, name)) return false;
    for (const [name, guard] of Object.entries(shape) as [string, Guard<unknown>][]) if (!(name in fields) || !guard(fields[name])) return false;
    return true;
  };

const ms = number(0, 600_000);
const status = nullable(number(100, 599, true));
const count = number(0, 1e12, true);
const requestId = nullable(text(requestIdPattern));
const page = nullable(text(errorCodePattern));
const verdict = oneOf(verdicts);
const rate = number(0, 1e7);
const dist = nullable(tuple<[number, number, number, number, number]>(ms, ms, ms, ms, ms));
const distRate = nullable(tuple<[number, number, number, number, number]>(rate, rate, rate, rate, rate));
const run = number(0, LIMITS.runs.max, true);
const endpointId = text(endpointIdPattern);
const modelId = nullable(text(modelIdPattern));

const lane = object<SharedLane>({
  endpoint: endpointId,
  verdict: nullable(verdict),
  status,
  ms: nullable(ms),
  requestId,
  page,
  backoffs: number(0, 100, true),
  summary: nullable(object<NonNullable<SharedLane['summary']>>({ runs: run, ttfb: dist, ttft: dist, e2e: dist, tps: distRate })),
  samples: list(tuple(run, oneOf([0, 1] as const), ms, nullable(ms), ms, nullable(count), nullable(rate)), LIMITS.runs.max + 1),
});

const check = object<SharedCheck>({
  name: oneOf(checkNames),
  ok: oneOf([true, false]),
  model: modelId,
  status,
  ms,
  verdict: nullable(verdict),
  page,
  requestId,
});

const isSharedResult = object<SharedResult>({
  v: oneOf([SHARE_VERSION] as const),
  provider: endpointId,
  endpoint: endpointId,
  at: number(1_700_000_000, 4_102_444_800, true),
  from: nullable(text(fromPattern)),
  key: nullable(text(keyTailPattern)),
  phase: oneOf(['finished', 'cancelled', 'failed'] as const),
  failure: nullable(oneOf(['http', 'network', 'stream', 'internal', 'timeout'] as const)),
  failureStatus: status,
  totalMs: nullable(ms),
  validation: nullable(
    object<NonNullable<SharedResult['validation']>>({
      verdict,
      status,
      ms,
      requestId,
      billing: nullable(oneOf(['verified', 'unverified', 'exhausted'] as const)),
      page,
      suggested: nullable(endpointId),
    }),
  ),
  outcome: nullable(object<NonNullable<SharedResult['outcome']>>({ verdict, basis: oneOf(['validation', ...checkNames] as const) })),
  models: nullable(number(0, 100_000, true)),
  limits: nullable(
    list(object<NonNullable<SharedResult['limits']>[number]>({ name: text(limitNamePattern), window: text(limitWindowPattern), limit: count, remaining: nullable(count) }), 20),
  ),
  checks: list(check, checkNames.length),
  benchmark: nullable(
    object<NonNullable<SharedResult['benchmark']>>({
      target: oneOf(benchmarkTargets),
      model: modelId,
      runs: number(1, LIMITS.runs.max, true),
      maxTokens: nullable(number(LIMITS.maxTokens.min, LIMITS.maxTokens.max, true)),
      tokenSource: nullable(oneOf(['usage', 'usage_excluding_reasoning', 'usage_including_reasoning', 'metrics'] as const)),
      lanes: list(lane, 4, 1),
    }),
  ),
});

/** The shared result, or null when the data is not one this site writes. */
export function parseShared(json: unknown): SharedResult | null {
  return isSharedResult(json) ? json : null;
}
