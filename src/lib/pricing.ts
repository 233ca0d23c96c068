/**
 * Reading the `pricing` collection: lifecycle status on a given day, price formatting, and the
 * token-cost estimate the tester shows before a run. Pure functions; pages and the island share them.
 */
import type { CollectionEntry } from 'astro:content';

export type PricingTable = CollectionEntry<'pricing'>['data'];
export type PricedModel = PricingTable['models'][number];
export type Lifecycle = 'ga' | 'preview' | 'deprecated' | 'retired';

/** The model's status on `day` (YYYY-MM-DD): any model is retired once its retirement date has passed, whatever its status says. */
export function lifecycleOn(model: PricedModel, day: string): Lifecycle {
  if (model.deprecation && model.deprecation.retires < day) return 'retired';
  return model.status;
}

export const lifecycleLabel: Record<Lifecycle, string> = {
  ga: 'Available',
  preview: 'Preview',
  deprecated: 'Deprecated',
  retired: 'Retired',
};

/** Splits a table into what can be used on `day` and what is deprecated or gone. */
export function partitionByLifecycle(models: readonly PricedModel[], day: string) {
  const current: PricedModel[] = [];
  const ageing: PricedModel[] = [];
  for (const model of models) {
    const status = lifecycleOn(model, day);
    (status === 'ga' || status === 'preview' ? current : ageing).push(model);
  }
  return { current, ageing };
}

/** "$0.15" / "$0.004" / "Free" / "—": short, exact, never rounded away. */
export function formatUsd(value: number | null, free = false): string {
  if (value === null) return free ? 'Free' : '—';
  if (value === 0) return free ? 'Free' : '$0';
  return `$${value.toLocaleString('en-US', { maximumFractionDigits: 4, minimumFractionDigits: value < 1 ? 2 : 0 })}`;
}

/** The fields of a price row the cost estimate reads (the island gets only these). */
export type PriceRow = Pick<PricedModel, 'ids' | 'unit' | 'input' | 'output' | 'free'>;

/** Finds the row that prices a model id (pinned id or alias). */
export function findPricedModel<Row extends Pick<PricedModel, 'ids'>>(table: { models: readonly Row[] }, modelId: string): Row | undefined {
  return table.models.find((model) => model.ids.includes(modelId));
}

/**
 * Upper bound of what a run costs in USD, for token-priced models; null when the model is unknown
 * or not priced per token. Output tokens are the requested maximum, so the real cost is lower.
 */
export function estimateTokenCostUsd(
  table: { models: readonly PriceRow[] },
  modelId: string,
  inputTokens: number,
  maxOutputTokens: number,
): number | null {
  const model = findPricedModel(table, modelId);
  if (!model || model.unit !== '1M tokens') return null;
  if (model.free) return 0;
  return ((model.input ?? 0) * inputTokens + (model.output ?? 0) * maxOutputTokens) / 1_000_000;
}

/** Today's date as YYYY-MM-DD in UTC: the day a page is built or a tester run happens. */
export function isoToday(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
