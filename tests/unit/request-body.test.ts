/**
 * The request body's check (src/server/request-body.ts), written by hand for speed, against the
 * zod schema it replaced (kept here, in the test, as the reference): on generated bodies near the
 * contract's shape both accept and refuse the same ones, and accept them as the same value. Plus
 * each rule on its own, with a message that names the field and never quotes the value.
 */
import fc from 'fast-check';
import { z } from 'astro/zod';
import { describe, expect, it } from 'vitest';
import { benchmarkTargets, checkNames, LIMITS, MODEL_ID_PATTERN } from '../../src/lib/api-contract.ts';
import { RESOURCE_PATTERN } from '../../src/lib/provider-facts.ts';
import { checkTestRequest } from '../../src/server/request-body.ts';

const providers = ['mistral', 'openai'];

/** The schema as src/server/request.ts had it with zod (before the hand-written check). */
const reference = z.strictObject({
  provider: z.string().refine((id) => providers.includes(id)),
  endpoint: z.string().max(40).optional(),
  checks: z
    .array(z.enum(checkNames))
    .max(checkNames.length)
    .refine((list) => new Set(list).size === list.length)
    .optional(),
  benchmark: z
    .strictObject({
      target: z.enum(benchmarkTargets),
      model: z.string().min(1).max(100).regex(MODEL_ID_PATTERN).optional(),
      runs: z.number().int().min(LIMITS.runs.min).max(LIMITS.runs.max).optional(),
      maxTokens: z.number().int().min(LIMITS.maxTokens.min).max(LIMITS.maxTokens.max).optional(),
      endpoints: z
        .array(z.string().max(40))
        .min(2)
        .max(4)
        .refine((list) => new Set(list).size === list.length)
        .optional(),
    })
    .optional(),
  turnstileToken: z.string().min(1).max(2048).regex(/^[\x21-\x7e]+$/).optional(),
  resource: z.string().regex(RESOURCE_PATTERN).optional(),
  deployment: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/).optional(),
});

const text = fc.oneof(fc.constantFrom('', 'global', 'eu', 'a b', 'a?b', 'mistral-small-latest', 'x'.repeat(40), 'x'.repeat(41), 'my-resource', '-bad', 'x'.repeat(101)), fc.string({ maxLength: 45 }));
const anything = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 3 }), fc.dictionary(text, text, { maxKeys: 2 }));
/** A body every rule accepts (optional fields present or not). */
const validBody = fc.record(
  {
    provider: fc.constantFrom(...providers),
    endpoint: fc.constantFrom('global', 'eu', 'x'.repeat(40)),
    checks: fc.uniqueArray(fc.constantFrom(...checkNames), { maxLength: 4 }),
    benchmark: fc.record(
      {
        target: fc.constantFrom(...benchmarkTargets),
        model: fc.constantFrom('mistral-small-latest', 'openai/gpt-oss-20b:free', 'x'.repeat(100)),
        runs: fc.integer({ min: LIMITS.runs.min, max: LIMITS.runs.max }),
        maxTokens: fc.integer({ min: LIMITS.maxTokens.min, max: LIMITS.maxTokens.max }),
        endpoints: fc.uniqueArray(fc.constantFrom('global', 'eu', 'us', 'x'.repeat(40)), { minLength: 2, maxLength: 4 }),
      },
      { requiredKeys: ['target'] },
    ),
    turnstileToken: fc.constantFrom('a.b-c', 'x'.repeat(2048)),
    resource: fc.constantFrom('my-resource', 'a', 'x'.repeat(63)),
    deployment: fc.constantFrom('gpt-4o', 'a._-b', 'x'.repeat(64)),
  },
  { requiredKeys: ['provider'] },
);

/** Values one field may be given instead: near its bounds, of another type, or anything. */
const near = (min: number, max: number) => fc.oneof(fc.integer({ min: min - 2, max: max + 2 }), fc.constantFrom(min + 0.5, 2 ** 60, -0));
const perturbations: Record<string, fc.Arbitrary<unknown>> = {
  provider: fc.oneof(fc.constant('nosuch'), anything),
  endpoint: fc.oneof(fc.constantFrom('x'.repeat(41), ''), anything),
  checks: fc.oneof(fc.array(fc.constantFrom(...checkNames, 'images'), { maxLength: 6 }), anything),
  benchmark: fc.oneof(fc.constant({}), anything),
  'benchmark.target': fc.oneof(fc.constant('speech'), anything),
  'benchmark.model': fc.oneof(fc.constantFrom('a b', '', 'x'.repeat(101), 'a//b', '/a'), anything),
  'benchmark.runs': near(LIMITS.runs.min, LIMITS.runs.max),
  'benchmark.maxTokens': near(LIMITS.maxTokens.min, LIMITS.maxTokens.max),
  'benchmark.endpoints': fc.oneof(fc.array(fc.constantFrom('global', 'eu', 'us', 'codestral', 'x'.repeat(41)), { maxLength: 6 }), anything),
  'benchmark.extra': anything,
  turnstileToken: fc.oneof(fc.constantFrom('', 'tok\u00e9n', 'x'.repeat(2049), 'a b'), anything),
  resource: fc.oneof(fc.constantFrom('-bad', 'Bad', 'x'.repeat(64), ''), anything),
  deployment: fc.oneof(fc.constantFrom('', 'a/b', 'x'.repeat(65)), anything),
  key: text,
  headers: anything,
};

const body = fc.oneof(
  { weight: 1, arbitrary: anything },
  { weight: 1, arbitrary: validBody },
  {
    weight: 8,
    arbitrary: fc.tuple(validBody, fc.constantFrom(...Object.keys(perturbations))).chain(([base, field]) =>
      (perturbations[field] as fc.Arbitrary<unknown>).map((value) => {
        const out = JSON.parse(JSON.stringify(base)) as Record<string, Record<string, unknown>>;
        const [head, tail] = field.split('.') as [string, string | undefined];
        if (tail === undefined) out[head] = value as Record<string, unknown>;
        else out[head] = { ...(out[head] ?? { target: 'chat' }), [tail]: value };
        return out;
      }),
    ),
  },
);

describe('the request body check', () => {
  it('accepts and refuses exactly what the zod schema did, and accepts the same value', () => {
    fc.assert(
      fc.property(body, (value) => {
        const json = JSON.parse(JSON.stringify(value ?? null)) as unknown;
        const mine = checkTestRequest(json, providers);
        const theirs = reference.safeParse(json);
        expect(mine.ok, JSON.stringify(json)).toBe(theirs.success);
        if (mine.ok && theirs.success) expect(mine.value).toEqual(theirs.data);
      }),
      { numRuns: 5000 },
    );
  });

  it('names the field and what is wrong, never the value', () => {
    const cases: [unknown, string][] = [
      [[{ provider: 'mistral' }], 'body: expected a JSON object'],
      [{}, 'provider: expected a string'],
      [{ provider: 'nosuch' }, 'provider: Unknown or untestable provider; testable today: mistral, openai'],
      [{ provider: 'mistral', endpoint: 'https://evil.example/'.repeat(3) }, 'endpoint: expected at most 40 characters'],
      [{ provider: 'mistral', checks: ['chat', 'chat'] }, 'checks: List each check once'],
      [{ provider: 'mistral', checks: ['images'] }, 'checks.0: expected one of "chat"|"stream"|"embeddings"|"fim"'],
      [{ provider: 'mistral', benchmark: { target: 'chat', runs: 21 } }, 'benchmark.runs: expected a number from 1 to 20'],
      [{ provider: 'mistral', benchmark: { target: 'chat', runs: 2.5 } }, 'benchmark.runs: expected a whole number'],
      [{ provider: 'mistral', benchmark: { target: 'chat', maxTokens: 129 } }, 'benchmark.maxTokens: expected a number from 1 to 128'],
      [{ provider: 'mistral', benchmark: { target: 'chat', model: 'a b' } }, 'benchmark.model: Model ids use letters, digits and . _ : -, with / between parts'],
      [{ provider: 'mistral', benchmark: { target: 'chat', endpoints: ['eu', 'eu'] } }, 'benchmark.endpoints: List each endpoint once'],
      [{ provider: 'mistral', benchmark: { target: 'chat', endpoints: ['eu'] } }, 'benchmark.endpoints: expected at least 2 items'],
      [{ provider: 'mistral', benchmark: { target: 'chat', speed: 1 } }, 'Unknown field (speed) in benchmark.'],
      [{ provider: 'mistral', turnstileToken: 'tok\u00e9n' }, 'turnstileToken: a token is printable ASCII'],
      [{ provider: 'mistral', resource: 'My_Resource' }, 'resource: a resource name is lower-case letters, digits and hyphens (1-63), like my-resource'],
      [{ provider: 'mistral', deployment: 'a/b' }, 'deployment: a deployment name uses letters, digits and . _ -'],
      [{ provider: 'mistral', baseUrl: 'https://evil.example' }, 'Unknown field (baseUrl).'],
      [{ provider: 'mistral', apiKey: 'sk-secret', other: 1 }, 'Unknown fields (apiKey, other). The key goes in the X-Api-Key header, never in the body.'],
      [{ provider: 'mistral', 'sk-proj-key': 1 }, 'Unknown field. The key goes in the X-Api-Key header, never in the body.'],
    ];
    for (const [json, message] of cases) {
      const result = checkTestRequest(json, providers);
      expect(result, JSON.stringify(json)).toEqual({ ok: false, message });
    }
  });

  it('accepts a full request as it is', () => {
    const json = { provider: 'openai', endpoint: 'eu', checks: ['chat', 'fim'], benchmark: { target: 'chat', model: 'openai/gpt-oss-20b:free', runs: 20, maxTokens: 1, endpoints: ['eu', 'us'] }, turnstileToken: 'a.b-c', resource: 'my-resource', deployment: 'gpt-4o.v2_x' };
    expect(checkTestRequest(json, providers)).toEqual({ ok: true, value: json });
  });
});
