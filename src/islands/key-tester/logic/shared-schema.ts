/**
 * The schema a shared result must pass before anything of it is shown: structure, enums, bounded
 * numbers and id patterns only, no free text anywhere, no unknown field (a strict object at every
 * level). Built once, when the viewer's chunk loads. Zod's JIT compiles schemas with `new Function`,
 * which the site's CSP forbids (and reports even when the probe is caught), so it runs jitless.
 */
import { z } from 'astro/zod';
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
  type SharedResult,
} from './share';

z.config({ jitless: true });

const ms = z.number().finite().min(0).max(600_000);
const status = z.number().int().min(100).max(599).nullable();
const count = z.number().int().min(0).max(1e12);
const requestId = z.string().regex(requestIdPattern).nullable();
const page = z.string().regex(errorCodePattern).nullable();
const verdict = z.enum(verdicts);
const dist = z.tuple([ms, ms, ms, ms, ms]).nullable();
const rate = z.number().finite().min(0).max(1e7);
const distRate = z.tuple([rate, rate, rate, rate, rate]).nullable();
const run = z.number().int().min(0).max(LIMITS.runs.max);
const sample = z.tuple([run, z.union([z.literal(0), z.literal(1)]), ms, ms.nullable(), ms, count.nullable(), rate.nullable()]);

const lane = z.strictObject({
  endpoint: z.string().regex(endpointIdPattern),
  verdict: verdict.nullable(),
  status,
  ms: ms.nullable(),
  requestId,
  page,
  backoffs: z.number().int().min(0).max(100),
  summary: z.strictObject({ runs: run, ttfb: dist, ttft: dist, e2e: dist, tps: distRate }).nullable(),
  samples: z.array(sample).max(LIMITS.runs.max + 1),
});

export const sharedResultSchema = z.strictObject({
  v: z.literal(SHARE_VERSION),
  provider: z.string().regex(endpointIdPattern),
  endpoint: z.string().regex(endpointIdPattern),
  at: z.number().int().min(1_700_000_000).max(4_102_444_800),
  from: z.string().regex(fromPattern).nullable(),
  key: z.string().regex(keyTailPattern).nullable(),
  phase: z.enum(['finished', 'cancelled', 'failed']),
  failure: z.enum(['http', 'network', 'stream', 'internal', 'timeout']).nullable(),
  failureStatus: status,
  totalMs: ms.nullable(),
  validation: z
    .strictObject({
      verdict,
      status,
      ms,
      requestId,
      billing: z.enum(['verified', 'unverified', 'exhausted']).nullable(),
      page,
      suggested: z.string().regex(endpointIdPattern).nullable(),
    })
    .nullable(),
  outcome: z.strictObject({ verdict, basis: z.enum(['validation', ...checkNames]) }).nullable(),
  models: z.number().int().min(0).max(100_000).nullable(),
  limits: z
    .array(z.strictObject({ name: z.string().regex(limitNamePattern), window: z.string().regex(limitWindowPattern), limit: count, remaining: count.nullable() }))
    .max(20)
    .nullable(),
  checks: z
    .array(
      z.strictObject({
        name: z.enum(checkNames),
        ok: z.boolean(),
        model: z.string().regex(modelIdPattern).nullable(),
        status,
        ms,
        verdict: verdict.nullable(),
        page,
        requestId,
      }),
    )
    .max(checkNames.length),
  benchmark: z
    .strictObject({
      target: z.enum(benchmarkTargets),
      model: z.string().regex(modelIdPattern).nullable(),
      runs: run.min(1),
      maxTokens: z.number().int().min(LIMITS.maxTokens.min).max(LIMITS.maxTokens.max).nullable(),
      tokenSource: z.enum(['usage', 'usage_excluding_reasoning', 'usage_including_reasoning', 'metrics']).nullable(),
      lanes: z.array(lane).min(1).max(4),
    })
    .nullable(),
});

// The schema and the type the link is built from must agree, both ways.
type Parsed = z.infer<typeof sharedResultSchema>;
const toType = (p: Parsed): SharedResult => p;
const fromType = (r: SharedResult): Parsed => r;
void toType;
void fromType;

/** The shared result, or null when the data is not one this site writes. */
export function parseShared(json: unknown): SharedResult | null {
  const result = sharedResultSchema.safeParse(json);
  return result.success ? result.data : null;
}
