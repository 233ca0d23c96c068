/**
 * What the tester needs to know about a provider, read from its data at build time: the page's
 * host (../KeyTester.astro) passes it as props, and the Vite plugin
 * (src/integrations/tester-modules.ts) writes the same facts as one chunk per provider, which the
 * island loads on demand (a pasted key of another provider, the home page, a tester used bare in
 * MDX). Every provider's key shapes come in one chunk of their own, loaded on first intent.
 */
import { isProviderId } from '../../lib/provider-ids';
import { providerData } from '../../lib/provider-registry';
import { isoToday } from '../../lib/pricing';
import { providerFacts, type RawPricedModel } from './build-data';
import type { ProviderFacts } from './types';

const priceTables = import.meta.glob<RawPricedModel[]>('../../content/pricing/*.json', { import: 'models' });

/** A provider's facts; `errorCodes` are its error pages' codes, which the host reads from the collection. */
export async function testerData(provider: string, today = isoToday(), errorCodes: readonly string[] = []): Promise<ProviderFacts> {
  if (!isProviderId(provider)) throw new Error(`Unknown provider "${provider}"`);
  const loadPrices = priceTables[`../../content/pricing/${provider}.json`];
  const prices = loadPrices ? await loadPrices() : [];
  return providerFacts(provider, providerData(provider), { prices, errorCodes, today });
}
