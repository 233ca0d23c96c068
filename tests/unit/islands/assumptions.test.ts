/**
 * What the tester assumes about each provider's data: every model it may call (check models,
 * benchmark defaults, a paid validation's model) has a price, so the cost line before a run is
 * never blank, and none of them has been retired.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lifecycleOn, type PricedModel } from '../../../src/lib/pricing';
import { providerData, testableProviderIds } from '../../../src/lib/provider-registry';

const today = new Date().toISOString().slice(0, 10);

describe.each(testableProviderIds())('what the tester assumes about %s', (id) => {
  const data = providerData(id);
  const models = (JSON.parse(readFileSync(`src/content/pricing/${id}.json`, 'utf8')) as { models: PricedModel[] }).models;
  const used = [
    ...Object.values(data.benchmark),
    ...Object.values(data.checks).flatMap((check) => check.models),
    ...data.endpoints.flatMap((e) => (e.validation.model ? [e.validation.model] : [])),
  ];

  it('prices every model the tester may call', () => {
    const priced = new Set(models.filter((m) => m.unit === '1M tokens').flatMap((m) => m.ids));
    for (const model of used) expect(priced, model).toContain(model);
  });

  it('calls no model that is retired by now', () => {
    for (const model of used) {
      const row = models.find((m) => m.ids.includes(model));
      expect(row && lifecycleOn(row, today), model).not.toBe('retired');
    }
  });
});
