/** The key's models as the tester shows them: capability labels, filtering, family groups. */
import { modelFamilies, type BenchmarkTarget, type ModelFamily, type ModelInfo } from '../../../lib/api-contract';

/** Mistral's capability flags, in display order. Unknown flags are shown by name. */
const capabilityLabels: Record<string, string> = {
  completion_chat: 'Chat',
  completion_fim: 'FIM',
  function_calling: 'Function calling',
  vision: 'Vision',
  audio: 'Audio',
  ocr: 'OCR',
  classification: 'Classification',
  moderation: 'Moderation',
  fine_tuning: 'Fine-tuning',
};
const order = Object.keys(capabilityLabels);

/** Labels of what a model can do, embeddings included (Mistral has no flag for them). */
export function capabilitiesOf(model: ModelInfo): string[] {
  const flags = Object.keys(model.capabilities)
    .filter((flag) => model.capabilities[flag] === true)
    .sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  const labels = flags.map((flag) => capabilityLabels[flag] ?? flag.replace(/_/g, ' '));
  return model.family === 'Embed' ? ['Embeddings', ...labels] : labels;
}

/** Models whose id, name, aliases, family or capabilities contain every word of the query. */
export function filterModels(models: readonly ModelInfo[], query: string): ModelInfo[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...models];
  return models.filter((m) => {
    const hay = [m.id, m.name, m.family, ...m.aliases, ...capabilitiesOf(m), m.deprecation ? 'deprecated' : ''].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export interface FamilyGroup {
  family: ModelFamily;
  models: ModelInfo[];
}

/**
 * Groups in the contract's family order, models by id within a group; empty groups left out.
 * With `limit`, only the first models in that order are kept.
 */
export function groupModels(models: readonly ModelInfo[], limit = Infinity): FamilyGroup[] {
  let left = limit;
  return modelFamilies
    .map((family) => ({
      family,
      models: models
        .filter((m) => (modelFamilies.includes(m.family) ? m.family : 'Other') === family)
        .sort((a, b) => a.id.localeCompare(b.id)),
    }))
    .map((g) => {
      const models = g.models.slice(0, Math.max(0, left));
      left -= models.length;
      return { family: g.family, models };
    })
    .filter((g) => g.models.length > 0);
}

const fitsTarget: Record<Exclude<BenchmarkTarget, 'models'>, (m: ModelInfo) => boolean> = {
  chat: (m) => m.capabilities.completion_chat === true,
  embeddings: (m) => m.family === 'Embed',
  fim: (m) => m.capabilities.completion_fim === true,
};

/** Families whose priced models suit a benchmark target, for suggestions before the key is known. */
const familiesFor: Record<Exclude<BenchmarkTarget, 'models'>, (family: string) => boolean> = {
  chat: (f) => !['Embed', 'OCR', 'Moderation', 'Voxtral'].includes(f),
  embeddings: (f) => f === 'Embed',
  fim: (f) => f === 'Codestral',
};

export interface Suggestable {
  ids: string[];
  family: string;
}

/**
 * Model ids to suggest for a benchmark target: the key's own models (ids and aliases) once known,
 * else the provider's priced models of fitting families.
 */
export function suggestModels(target: BenchmarkTarget, keyModels: readonly ModelInfo[] | null, priced: readonly Suggestable[]): string[] {
  if (target === 'models') return [];
  const ids = keyModels
    ? keyModels.filter((m) => !m.deprecation && fitsTarget[target](m)).flatMap((m) => [m.id, ...m.aliases])
    : priced.filter((p) => familiesFor[target](p.family)).flatMap((p) => p.ids);
  return [...new Set(ids)].sort((a, b) => Number(b.endsWith('-latest')) - Number(a.endsWith('-latest')) || a.localeCompare(b));
}
