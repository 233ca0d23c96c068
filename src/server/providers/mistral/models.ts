/**
 * Mistral's `GET /v1/models` as the tester shows it. The real list repeats every alias as its own
 * entry (`codestral-latest` with `name: "codestral-2508"`) and even repeats ids; entries that share
 * a `name` are one model, listed once with its aliases merged.
 */
import type { ModelFamily, ModelInfo } from '../../../lib/api-contract';

export interface ModelCard {
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

/** Family rules, first match wins (so `codestral-embed` is Embed and `pixtral-large` is Pixtral). */
const familyRules: [RegExp, ModelFamily][] = [
  [/embed/, 'Embed'],
  [/ocr/, 'OCR'],
  [/moderation/, 'Moderation'],
  [/pixtral/, 'Pixtral'],
  [/voxtral/, 'Voxtral'],
  [/magistral/, 'Magistral'],
  [/devstral|vibe-cli/, 'Devstral'],
  [/codestral/, 'Codestral'],
  [/ministral/, 'Ministral'],
  [/mistral-large/, 'Large'],
  [/mistral-medium/, 'Medium'],
  [/mistral-small/, 'Small'],
];

export function familyOf(id: string): ModelFamily {
  const lower = id.toLowerCase();
  return familyRules.find(([pattern]) => pattern.test(lower))?.[1] ?? 'Other';
}

export const familyOrder: readonly ModelFamily[] = [
  'Large', 'Medium', 'Small', 'Ministral', 'Codestral', 'Devstral', 'Magistral', 'Pixtral', 'Embed', 'OCR', 'Moderation', 'Voxtral', 'Other',
];

function isCard(value: unknown): value is ModelCard {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}

/** Reads the list body; null when it is not a model list at all. */
export function parseModelList(body: unknown): ModelCard[] | null {
  if (typeof body !== 'object' || body === null) return null;
  const data = (body as { data?: unknown }).data;
  if (!Array.isArray(data)) return null;
  return data.filter(isCard);
}

export function mergeModels(cards: readonly ModelCard[]): ModelInfo[] {
  const groups = new Map<string, ModelCard[]>();
  for (const card of cards) {
    const key = card.name ?? card.id;
    const group = groups.get(key);
    if (group) group.push(card);
    else groups.set(key, [card]);
  }
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
      family: familyOf(fineTuned && canonical.root ? canonical.root : canonical.id),
      capabilities,
      contextLength: typeof canonical.max_context_length === 'number' ? canonical.max_context_length : null,
      deprecation: canonical.deprecation
        ? { date: canonical.deprecation, replacement: canonical.deprecation_replacement_model ?? null }
        : null,
      fineTuned,
    });
  }
  return models.sort(
    (a, b) => familyOrder.indexOf(a.family) - familyOrder.indexOf(b.family) || a.id.localeCompare(b.id),
  );
}

/** True when `id` names one of the models, directly or as an alias. */
export function listsModel(models: readonly ModelInfo[], id: string): boolean {
  return models.some((model) => model.id === id || model.aliases.includes(id));
}
