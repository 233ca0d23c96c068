/** The key's models as the tester shows them: capability labels, filtering, family groups. */
import type { BenchmarkTarget, ModelInfo } from '../../../lib/api-contract';
import { canDo, capabilityLabels, familyDoes, type ModelCatalogue } from '../../../lib/model-catalogue';

export { capabilityLabels };

/** Models whose id, name, aliases, family or capabilities contain every word of the query. */
export function filterModels(models: readonly ModelInfo[], query: string, catalogue: ModelCatalogue): ModelInfo[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...models];
  return models.filter((m) => {
    const hay = [m.id, m.name, m.family, ...m.aliases, ...capabilityLabels(m, catalogue), m.deprecation ? 'deprecated' : ''].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export interface FamilyGroup {
  family: string;
  models: ModelInfo[];
}

/**
 * Groups in the data's family order, models by id within a group, families the data does not
 * know under `Other`, last; empty groups left out. With `limit`, only the first models in that
 * order are kept.
 */
export function groupModels(models: readonly ModelInfo[], catalogue: ModelCatalogue, limit = Infinity): FamilyGroup[] {
  const known = catalogue.families.map((f) => f.name);
  const groupOf = (m: ModelInfo) => (known.includes(m.family) ? m.family : 'Other');
  let left = limit;
  return [...known, 'Other']
    .map((family) => ({ family, models: models.filter((m) => groupOf(m) === family).sort((a, b) => a.id.localeCompare(b.id)) }))
    .map((g) => {
      const kept = g.models.slice(0, Math.max(0, left));
      left -= kept.length;
      return { family: g.family, models: kept };
    })
    .filter((g) => g.models.length > 0);
}

export interface Suggestable {
  ids: string[];
  family: string;
}

/**
 * Model ids to suggest for a benchmark target: the key's own models (ids and aliases) once known,
 * else the provider's priced models of families that do that work.
 */
export function suggestModels(target: BenchmarkTarget, keyModels: readonly ModelInfo[] | null, priced: readonly Suggestable[], catalogue: ModelCatalogue): string[] {
  if (target === 'models') return [];
  const ids = keyModels
    ? keyModels.filter((m) => !m.deprecation && canDo(m, target, catalogue)).flatMap((m) => [m.id, ...m.aliases])
    : priced.filter((p) => familyDoes(p.family, catalogue).includes(target)).flatMap((p) => p.ids);
  return [...new Set(ids)].sort((a, b) => Number(b.endsWith('-latest')) - Number(a.endsWith('-latest')) || a.localeCompare(b));
}
