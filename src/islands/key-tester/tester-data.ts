/**
 * What the tester needs to know about a provider, from the content files: its endpoints, every
 * provider's key shapes (for detection as you type) and its token prices. The page's host computes
 * it at build time and passes it as props; the island computes it itself (a lazily loaded chunk)
 * only when used bare, e.g. `<KeyTester provider="mistral" client:visible />` in MDX.
 */
import { connections, shapeCatalogue } from '../../lib/provider-registry';
import { isoToday, lifecycleOn, type PricedModel } from '../../lib/pricing';
import type { TesterProps } from './types';

const priceTables = import.meta.glob<PricedModel[]>('../../content/pricing/*.json', { import: 'models' });

export type TesterData = Omit<TesterProps, 'demoKeys'>;

export async function testerData(provider: string, today = isoToday()): Promise<TesterData> {
  const connection = connections().get(provider);
  if (!connection) throw new Error(`Unknown provider "${provider}"`);
  const loadPrices = priceTables[`../../content/pricing/${provider}.json`];
  const models = loadPrices ? await loadPrices() : [];
  return {
    provider,
    providerName: connection.name,
    endpoints: connection.endpoints.map(({ id, label, description, listsModels }) => ({ id, label, description, listsModels })),
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
