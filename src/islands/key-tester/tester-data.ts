/**
 * What the tester needs to know about a provider, from its data file: endpoints and what each
 * serves and costs to validate, the checks offered with their models, default benchmark models,
 * how its models group and read, every provider's key shapes (for detection as you type) and its
 * token prices. The page's host computes it at build time and passes it as props; the island
 * computes it itself (a lazily loaded chunk) only when used bare, e.g.
 * `<KeyTester provider="…" client:visible />` in MDX.
 */
import { checkNames } from '../../lib/api-contract';
import { isProviderId } from '../../lib/provider-ids';
import { providerData, shapeCatalogue } from '../../lib/provider-registry';
import { checkWork, RESOURCE_PLACEHOLDER } from '../../lib/provider-facts';
import { browserOrigins } from '../../server/allow-list';
import { isoToday, lifecycleOn, type PricedModel } from '../../lib/pricing';
import type { TesterProps } from './types';

const priceTables = import.meta.glob<PricedModel[]>('../../content/pricing/*.json', { import: 'models' });

export type TesterData = Omit<TesterProps, 'demoKeys'>;

export async function testerData(provider: string, today = isoToday()): Promise<TesterData> {
  if (!isProviderId(provider)) throw new Error(`Unknown provider "${provider}"`);
  const data = providerData(provider);
  const loadPrices = priceTables[`../../content/pricing/${provider}.json`];
  const models = loadPrices ? await loadPrices() : [];
  const serves = (endpoint: (typeof data.endpoints)[number], call: string) =>
    call in data.calls && (endpoint.serves === undefined || endpoint.serves.includes(call));
  const direct = browserOrigins(data);
  return {
    provider,
    providerName: data.shortName,
    endpoints: data.endpoints.map((e) => ({
      id: e.id,
      label: e.label,
      description: e.description,
      listsModels: serves(e, 'models'),
      serves: [...checkNames.filter((check) => serves(e, checkWork[check])), ...(serves(e, 'models') ? ['models' as const] : [])],
      models: e.models,
      alternatives: e.alternatives,
      template: e.origin.includes(RESOURCE_PLACEHOLDER) ? e.origin : null,
      ...(direct.includes(e.origin) ? { direct: `${data.shortName} (${new URL(e.origin).host})` } : {}),
      // A validation that is not free is priced before the run, like the checks.
      paidValidation:
        data.calls[e.validation.call]?.cost === 'free' || !e.validation.model
          ? null
          : { model: e.validation.model, inputTokens: e.validation.inputTokens, maxTokens: e.validation.maxTokens },
    })),
    checks: checkNames.flatMap((name) => {
      const check = data.checks[name];
      return check ? [{ name, models: check.models, inputTokens: check.inputTokens, maxTokens: check.maxTokens }] : [];
    }),
    benchmarkModels: data.benchmark,
    catalogue: data.models,
    // Sources stay out: the island only matches shapes.
    shapes: shapeCatalogue().map(({ id, shortName, tester, keyShapes }) => ({
      id,
      shortName,
      tester,
      keyShapes: keyShapes.map(({ label, pattern, prefix }) => ({ label, pattern, prefix })),
    })),
    prices: models
      .filter((m) => m.unit === '1M tokens' && lifecycleOn(m, today) !== 'retired')
      .map(({ ids, unit, input, output, free, family }) => ({ ids, unit, input, output, free, family })),
  };
}
