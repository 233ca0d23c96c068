import { describe, expect, it } from 'vitest';
import pricing from '../../../src/content/pricing/mistral.json';
import { checkCalls, fimProbe } from '../../../src/lib/api-contract';
import { defaultOptions } from '../../../src/islands/key-tester/logic/options';

describe('what the island assumes about the data', () => {
  it('prices only models the price list knows (defaults, check models, the Codestral probe)', () => {
    const priced = new Set(pricing.models.filter((m) => m.unit === '1M tokens').flatMap((m) => m.ids));
    const used = [...Object.values(defaultOptions('global').models).filter(Boolean), ...Object.values(checkCalls).flatMap((c) => c.models), fimProbe.model];
    for (const id of used) expect(priced, id).toContain(id);
  });
});
