import { describe, expect, it } from 'vitest';
import pricing from '../../../src/content/pricing/mistral.json';
import { costHeadline, describeLine, estimateCost, formatCost } from '../../../src/islands/key-tester/logic/cost';
import { defaultOptions, type Options } from '../../../src/islands/key-tester/logic/options';
import type { PriceRow } from '../../../src/lib/pricing';
import { codestral, global, mistral } from './provider-fixture';

const prices = pricing.models.filter((m) => m.unit === '1M tokens').map((m) => ({ ids: m.ids, unit: m.unit, input: m.input, output: m.output, free: 'free' in m ? m.free : false })) as PriceRow[];
const opts = (patch: Partial<Options> = {}): Options => ({ ...defaultOptions('global', mistral.benchmarkModels), ...patch });
const context = { checks: mistral.checks, endpoints: mistral.endpoints, prices };

describe('estimateCost', () => {
  it('is free when the test only lists models', () => {
    const estimate = estimateCost(opts(), global, context);
    expect(estimate.lines).toEqual([]);
    expect(costHeadline(estimate)).toMatch(/^Free/);
    expect(costHeadline(estimateCost(opts({ benchmark: true, target: 'models' }), global, context))).toMatch(/^Free/);
  });

  it('says that a refused key costs one probe of the other host, when that host has no free check', () => {
    const estimate = estimateCost(opts(), global, context);
    expect(estimate.ifRefused.map((l) => [l.what, l.model, l.input, l.output])).toEqual([['if the key is refused here: a probe of codestral', 'codestral-latest', 4, 1]]);
    expect(estimate.usd).toBeGreaterThan(0);
    expect(costHeadline(estimate)).toMatch(/^Free if the key works here\. If it is refused, Keyprobe asks the other host .* a call of 5 tokens: up to \$0\.\d+, billed to your key\.$/);
  });

  it('counts the warm-up run and prices prompt and output tokens of the chosen model', () => {
    const estimate = estimateCost(opts({ benchmark: true }), global, context);
    expect(estimate.lines).toHaveLength(1);
    const line = estimate.lines[0]!;
    expect(line).toMatchObject({ calls: 6, model: 'mistral-small-latest', input: 30, output: 32 });
    // Mistral Small 4: $0.15 in, $0.60 out per 1M tokens.
    expect(estimate.usd).toBeCloseTo((6 * (30 * 0.15 + 32 * 0.6)) / 1e6, 12);
    expect(describeLine(line)).toBe('6 calls × 30 in + 32 out tokens on mistral-small-latest at $0.15 in / $0.60 out per 1M tokens');
    expect(costHeadline(estimate)).toBe('Up to $0.00015 in tokens, billed to your key.');
  });

  it('counts every opt-in check as one call, and the Codestral host’s one-token validation', () => {
    const estimate = estimateCost(opts({ checks: ['chat', 'stream', 'embeddings', 'fim'] }), codestral, context);
    // codestral.mistral.ai serves no embeddings, so that check is not priced there.
    expect(estimate.lines.map((l) => l.what)).toEqual(['key check', 'chat check', 'stream check', 'fim check']);
    expect(estimate.usd).toBeGreaterThan(0);
    expect(estimate.unknown).toEqual([]);
  });

  it('does not pretend to know the price of a model missing from the price list', () => {
    const models = { ...defaultOptions('global', mistral.benchmarkModels).models, chat: 'my-fine-tune' };
    const estimate = estimateCost(opts({ benchmark: true, models, checks: ['chat'] }), global, context);
    expect(estimate.unknown).toEqual(['my-fine-tune']);
    expect(describeLine(estimate.lines[1]!)).toMatch(/price unknown$/);
    expect(costHeadline(estimate)).toMatch(/my-fine-tune, whose price Keyprobe does not know/);
  });

  it('ignores max tokens for embeddings, which generate none', () => {
    const estimate = estimateCost(opts({ benchmark: true, target: 'embeddings', maxTokens: 128, runs: 1 }), global, context);
    expect(estimate.lines[0]).toMatchObject({ calls: 2, input: 8, output: 0 });
    expect(describeLine(estimate.lines[0]!)).toBe('2 calls × 8 input tokens on mistral-embed at $0.10 per 1M tokens');
  });
});

describe('estimateCost when comparing endpoints', () => {
  it('covers every run on every compared endpoint that serves the target, before the run starts', () => {
    const single = estimateCost(opts({ benchmark: true, runs: 3 }), global, context);
    const three = estimateCost(opts({ benchmark: true, runs: 3, compare: true, compareWith: ['eu', 'us'] }), global, context);
    expect(three.lines.map((l) => [l.what, l.calls])).toEqual([['benchmark on 3 endpoints, warm-up included', 12]]);
    expect(three.usd).toBeCloseTo(single.usd * 3, 12);
  });

  it('prices a compared endpoint whose key check spends tokens, and leaves out runs an endpoint cannot serve', () => {
    // codestral.mistral.ai validates with a one-token FIM call and serves no embeddings.
    const estimate = estimateCost(opts({ benchmark: true, target: 'embeddings', runs: 1, compare: true, compareWith: ['codestral', 'eu'] }), global, context);
    expect(estimate.lines.map((l) => [l.what, l.calls, l.model])).toEqual([
      ['key check on codestral', 1, 'codestral-latest'],
      ['benchmark on 2 endpoints, warm-up included', 4, 'mistral-embed'],
    ]);
  });
});

describe('formatCost', () => {
  it('rounds up to two significant digits, so the estimate never understates', () => {
    expect(formatCost(0.0001422)).toBe('$0.00015');
    expect(formatCost(0.00015)).toBe('$0.00015');
    expect(formatCost(0.000001)).toBe('$0.0000010');
    expect(formatCost(0.0099)).toBe('$0.0099');
    expect(formatCost(0.01234)).toBe('$0.0124');
    expect(formatCost(0)).toBe('$0');
    for (const value of [0.000123456, 0.0042, 0.0000777, 0.003]) {
      expect(Number(formatCost(value).slice(1))).toBeGreaterThanOrEqual(value);
    }
  });
});

describe('estimateCost where the models are the user\'s own deployments', () => {
  it('prices a deployment as the model the data names for that work, and says so', async () => {
    const { testerData } = await import('../../../src/islands/key-tester/tester-data');
    const azure = await testerData('azure-openai');
    const endpoint = azure.endpoints[0]!;
    const options = { ...defaultOptions('openai', {}), resource: 'my-team', checks: ['chat' as const], benchmark: true, runs: 1, maxTokens: 8 };
    const estimate = estimateCost(options, endpoint, { checks: azure.checks, endpoints: azure.endpoints, prices: azure.prices });
    expect(estimate.lines.map((l) => [l.what, l.model, l.label])).toEqual([
      ['chat check', 'gpt-4o-mini', 'your deployment, priced as gpt-4o-mini'],
      ['benchmark, warm-up included', 'gpt-4o-mini', 'your deployment, priced as gpt-4o-mini'],
    ]);
    expect(estimate.unknown).toEqual([]);
    expect(describeLine(estimate.lines[0]!)).toMatch(/^1 call × 16 in \+ 4 out tokens on your deployment, priced as gpt-4o-mini at \$0\.15 in \/ \$0\.60 out per 1M tokens$/);
    const named = estimateCost({ ...options, deployment: 'chat-mini' }, endpoint, { checks: azure.checks, endpoints: azure.endpoints, prices: azure.prices });
    expect(named.lines[0]?.label).toBe('the deployment chat-mini, priced as gpt-4o-mini');
  });
});
