/**
 * Mistral's `GET /v1/models` as the tester shows it. The real list repeats every alias as its own
 * entry (`codestral-latest` with `name: "codestral-2508"`) and even repeats ids; entries that share
 * a `name` are one model, listed once with its aliases merged.
 */
import type { ModelInfo } from '../../lib/api-contract';
import type { AdapterContext } from '../adapter';
import { familyOf, modelCards } from '../openai-compatible';

interface ModelCard {
  id: string;
  name?: string | null;
  aliases?: string[];
  capabilities?: Record<string, unknown>;
  max_context_length?: number;
  deprecation?: string | null;
  deprecation_replacement_model?: string | null;
  type?: string;
  root?: string;
}


export function mergeModels(json: unknown, ctx: AdapterContext): ModelInfo[] | null {
  const cards = modelCards(json)?.filter((card) => typeof card.id === 'string') as ModelCard[] | undefined;
  if (!cards) return null;
  const groups = new Map<string, ModelCard[]>();
  for (const card of cards) {
    const key = card.name ?? card.id;
    const group = groups.get(key);
    if (group) group.push(card);
    else groups.set(key, [card]);
  }
  const order = ctx.data.models.families.map((f) => f.name);
  const rank = (family: string) => (order.indexOf(family) + 1 || order.length + 1);
  const models: ModelInfo[] = [];
  for (const [name, group] of groups) {
    const canonical = group.find((card) => card.id === name) ?? (group[0] as ModelCard);
    const ids = new Set<string>();
    for (const card of group) {
      ids.add(card.id);
      for (const alias of card.aliases ?? []) ids.add(alias);
    }
    ids.delete(canonical.id);
    const capabilities: Record<string, boolean> = {};
    for (const card of group) {
      for (const [flag, on] of Object.entries(card.capabilities ?? {})) {
        if (typeof on === 'boolean') capabilities[flag] = (capabilities[flag] ?? false) || on;
      }
    }
    const fineTuned = canonical.type === 'fine-tuned';
    models.push({
      id: canonical.id,
      name,
      aliases: [...ids].sort(),
      family: familyOf(fineTuned && canonical.root ? canonical.root : canonical.id, ctx),
      capabilities,
      contextLength: typeof canonical.max_context_length === 'number' ? canonical.max_context_length : null,
      deprecation: canonical.deprecation
        ? { date: canonical.deprecation, replacement: canonical.deprecation_replacement_model ?? null }
        : null,
      fineTuned,
    });
  }
  return models.sort((a, b) => rank(a.family) - rank(b.family) || byCodeUnits(a.id, b.id));
}

/**
 * Model ids are ASCII, so code-unit order is their natural order. Not `localeCompare`: its first
 * call in an isolate loads ICU's collator, which cost a fresh isolate's first validation 6.4 ms of
 * CPU (a third of the free plan's 10 ms; profiled with `npm run bench -- --only profile`).
 */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
