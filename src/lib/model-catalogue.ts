/**
 * What the provider data says about models (`models` in src/content/providers/<id>.json): how ids
 * group into families, what a family can do, and how capability flags read. Shared by the endpoint
 * (which model a check uses) and the island (labels, groups, suggestions).
 */
import type { ModelInfo } from './api-contract';
import type { ProviderData, WorkKind } from './provider-schema';

export type ModelCatalogue = ProviderData['models'];

const WORK_LABELS: Record<WorkKind, string> = { chat: 'Chat', embeddings: 'Embeddings', fim: 'FIM' };

/** Family patterns, each compiled once: a model list asks every family of every model. */
const patterns = new Map<string, RegExp>();
function pattern(source: string): RegExp {
  let compiled = patterns.get(source);
  if (!compiled) patterns.set(source, (compiled = new RegExp(source)));
  return compiled;
}

/** The family of a model id: the first family whose pattern matches, else `Other`. */
export function familyOf(id: string, catalogue: ModelCatalogue): string {
  const lower = id.toLowerCase();
  return catalogue.families.find((family) => pattern(family.match).test(lower))?.name ?? 'Other';
}

/** Work a family can do, by its name (nothing for `Other`). */
export function familyDoes(family: string, catalogue: ModelCatalogue): readonly WorkKind[] {
  return catalogue.families.find((f) => f.name === family)?.does ?? [];
}

/** Whether a model can do some work: the provider's own flag where it has one, else its family. */
export function canDo(model: ModelInfo, work: WorkKind, catalogue: ModelCatalogue): boolean {
  const flags = catalogue.capabilities.filter((c) => c.means === work);
  if (flags.length > 0) return flags.some((c) => model.capabilities[c.flag] === true);
  return familyDoes(model.family, catalogue).includes(work);
}

/**
 * Labels of what a model can do, in the data's order: work its family does that no flag reports
 * (embeddings, for a provider without such a flag), then its flags; unknown flags by name.
 */
export function capabilityLabels(model: ModelInfo, catalogue: ModelCatalogue): string[] {
  const flagged = new Set(catalogue.capabilities.flatMap((c) => (c.means ? [c.means] : [])));
  const fromFamily = familyDoes(model.family, catalogue)
    .filter((work) => !flagged.has(work))
    .map((work) => WORK_LABELS[work]);
  const order = catalogue.capabilities.map((c) => c.flag);
  const flags = Object.keys(model.capabilities)
    .filter((flag) => model.capabilities[flag] === true)
    .sort((a, b) => (order.indexOf(a) + 1 || 999) - (order.indexOf(b) + 1 || 999));
  const labels = flags.map((flag) => catalogue.capabilities.find((c) => c.flag === flag)?.label ?? flag.replace(/_/g, ' '));
  return [...new Set([...fromFamily, ...labels])];
}
