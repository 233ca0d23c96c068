import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../src/lib/api-contract';
import { capabilityLabels, filterModels, groupModels, suggestModels } from '../../../src/islands/key-tester/logic/models';
import { formatPrice } from '../../../src/islands/key-tester/logic/format';
import { mistral } from './provider-fixture';

const { catalogue } = mistral;
const capabilitiesOf = (model: ModelInfo) => capabilityLabels(model, catalogue);
const familyOrder = catalogue.families.map((f) => f.name);

const m = (id: string, family: string, capabilities: Record<string, boolean> = {}, extra: Partial<ModelInfo> = {}): ModelInfo => ({
  id,
  name: id,
  aliases: [],
  family,
  capabilities,
  contextLength: 32768,
  deprecation: null,
  fineTuned: false,
  ...extra,
});

const models = [
  m('voxtral-small-2507', 'Voxtral', { completion_chat: true, audio: true }),
  m('mistral-embed-2312', 'Embed', {}, { aliases: ['mistral-embed'] }),
  m('mistral-small-2506', 'Small', { completion_chat: true, vision: true, function_calling: true }, { aliases: ['mistral-small-latest'] }),
  m('codestral-2508', 'Codestral', { completion_chat: true, completion_fim: true }, { aliases: ['codestral-latest'] }),
  m('mistral-large-2512', 'Large', { completion_chat: true }),
  m('mistral-small-2501', 'Small', { completion_chat: true }, { deprecation: { date: '2026-01-31T12:00:00Z', replacement: 'mistral-small-latest' } }),
  m('ft:open-mistral-7b:abc', 'Mystery', { completion_chat: true }, { fineTuned: true }),
];

describe('groupModels', () => {
  it('orders families as the contract does, models by id, and puts unknown families under Other', () => {
    const groups = groupModels(models, catalogue);
    expect(groups.map((g) => g.family)).toEqual(['Large', 'Small', 'Codestral', 'Embed', 'Voxtral', 'Other']);
    expect(groups.map((g) => g.family)).toEqual([...familyOrder, 'Other'].filter((f) => groups.some((g) => g.family === f)));
    expect(groups.find((g) => g.family === 'Small')?.models.map((x) => x.id)).toEqual(['mistral-small-2501', 'mistral-small-2506']);
    expect(groups.flatMap((g) => g.models)).toHaveLength(models.length);
  });

  it('keeps only the first models in display order when limited', () => {
    const groups = groupModels(models, catalogue, 3);
    expect(groups.flatMap((g) => g.models.map((x) => x.id))).toEqual(['mistral-large-2512', 'mistral-small-2501', 'mistral-small-2506']);
  });
});

describe('filterModels', () => {
  it('matches every word against ids, aliases, families, capabilities and deprecation', () => {
    expect(filterModels(models, 'small vision', catalogue).map((x) => x.id)).toEqual(['mistral-small-2506']);
    expect(filterModels(models, 'CODESTRAL-LATEST', catalogue).map((x) => x.id)).toEqual(['codestral-2508']);
    expect(filterModels(models, 'embeddings', catalogue).map((x) => x.id)).toEqual(['mistral-embed-2312']);
    expect(filterModels(models, 'deprecated', catalogue).map((x) => x.id)).toEqual(['mistral-small-2501']);
    expect(filterModels(models, '  ', catalogue)).toHaveLength(models.length);
    expect(filterModels(models, 'nothing-like-this', catalogue)).toEqual([]);
  });
});

describe('capabilitiesOf', () => {
  it('labels flags in a stable order, adds Embeddings for embedding models and shows unknown flags by name', () => {
    expect(capabilitiesOf(models[2]!)).toEqual(['Chat', 'Function calling', 'Vision']);
    expect(capabilitiesOf(models[1]!)).toEqual(['Embeddings']);
    expect(capabilitiesOf(m('x', 'Other', { brand_new_thing: true, completion_fim: true, ocr: false }))).toEqual(['FIM', 'brand new thing']);
  });
});

describe('suggestModels', () => {
  const priced = [
    { ids: ['mistral-small-2603', 'mistral-small-latest'], family: 'Small' },
    { ids: ['mistral-embed-2312', 'mistral-embed'], family: 'Embed' },
    { ids: ['codestral-2508', 'codestral-latest'], family: 'Codestral' },
  ];
  it("suggests the key's own fitting models once known, -latest aliases first, deprecated ones left out", () => {
    expect(suggestModels('fim', models, priced, catalogue)).toEqual(['codestral-latest', 'codestral-2508']);
    expect(suggestModels('embeddings', models, priced, catalogue)).toEqual(['mistral-embed', 'mistral-embed-2312']);
    expect(suggestModels('chat', models, priced, catalogue)).not.toContain('mistral-small-2501');
    expect(suggestModels('models', models, priced, catalogue)).toEqual([]);
  });
  it('falls back to priced models of fitting families before the key is known', () => {
    expect(suggestModels('chat', null, priced, catalogue)).toEqual(['codestral-latest', 'mistral-small-latest', 'codestral-2508', 'mistral-small-2603']);
    expect(suggestModels('embeddings', null, priced, catalogue)).toEqual(['mistral-embed', 'mistral-embed-2312']);
  });
});

describe('formatPrice', () => {
  it('writes a list price per million tokens, without the float noise lists carry', () => {
    expect(formatPrice({ input: 0.05, output: 0.2, currency: 'USD' })).toBe('$0.05 in · $0.20 out per 1M tokens');
    expect(formatPrice({ input: 0.18000000000000002, output: 1.0399999999999998, currency: 'USD' })).toBe('$0.18 in · $1.04 out per 1M tokens');
    expect(formatPrice({ input: 0.008, output: null, currency: 'USD' })).toBe('$0.008 in per 1M tokens');
    expect(formatPrice({ input: 3, output: 15, currency: 'EUR' })).toBe('3.00 EUR in · 15.00 EUR out per 1M tokens');
  });
});
