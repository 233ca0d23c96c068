/**
 * What the tester reads of a provider's data, computed at build time (pure; imports carry their
 * extensions so the Vite plugin in src/integrations/tester-modules.ts can run it in Node):
 *
 * - `providerFacts`: one provider's endpoints, checks, models, prices, where its keys are rotated
 *   and which error pages it has. A provider page's host passes it as props; everywhere else the
 *   island loads it as that provider's own chunk (`virtual:keyprobe/testers`).
 * - `keyShapes`: every provider's names and key shapes (without their sources), for detection as
 *   you type. One small chunk, loaded with the rest of the tester on first intent.
 */
import { checkNames } from '../../lib/api-contract.ts';
import { checkWork, RESOURCE_PLACEHOLDER } from '../../lib/provider-facts.ts';
import type { ProviderData } from '../../lib/provider-schema.ts';
import { lifecycleOn, type PricedModel } from '../../lib/pricing.ts';
import { browserOrigins } from '../../server/allow-list.ts';
import type { ProviderFacts, ShapeEntry } from './types.ts';
import { defaultOptions } from './logic/options.ts';

/** A price row as the pricing JSON holds it (the collection's defaults not filled in). */
export type RawPricedModel = Omit<PricedModel, 'free'> & { free?: boolean };

export function providerFacts(
  provider: string,
  data: ProviderData,
  input: { prices: readonly RawPricedModel[]; errorCodes: readonly string[]; today: string },
): ProviderFacts {
  const serves = (endpoint: (typeof data.endpoints)[number], call: string) =>
    call in data.calls && (endpoint.serves === undefined || endpoint.serves.includes(call));
  /** Origins a page may call itself ("Test from this browser"): the provider's CORS is verified. */
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
    defaultOptions: defaultOptions(data.endpoints[0]?.id ?? '', data.benchmark),
    catalogue: data.models,
    prices: input.prices
      .filter((m) => m.unit === '1M tokens' && lifecycleOn({ ...m, free: m.free ?? false }, input.today) !== 'retired')
      .map(({ ids, unit, input: inPrice, output, free, family }) => ({ ids, unit, input: inPrice, output, free: free ?? false, family })),
    keysUrl: data.links.keys,
    rateLimits: [...new Map(data.headers.rateLimits.map(({ name, window }) => [`${name}|${window}`, { name, window }])).values()],
    errorCodes: [...input.errorCodes].sort(),
  };
}

/** Every provider's names and key shapes, sources left out: the island only matches shapes. */
export function keyShapes(providers: readonly { id: string; data: ProviderData; guide: boolean }[]): ShapeEntry[] {
  return providers.map(({ id, data, guide }) => ({
    id,
    shortName: data.shortName,
    tester: data.tester,
    guide,
    keyShapes: data.keyShapes.map(({ label, pattern, prefix }) => ({ label, pattern, prefix })),
  }));
}
