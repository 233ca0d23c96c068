/**
 * What a run will cost at most, before it starts: every token-spending call (a paid validation,
 * checks, benchmark runs with the warm-up) at the list price of its model, and what the
 * wrong-endpoint diagnosis would spend if the key is refused.
 */
import { benchmarkPromptTokens, LIMITS, type CheckName } from '../../../lib/api-contract';
import { estimateTokenCostUsd, findPricedModel, formatUsd, type PriceRow } from '../../../lib/pricing';
import { plural } from './format';
import type { Options } from './options';
import { benchmarkModel, clampInt, comparedList, generates } from './request';
import type { EndpointOption } from './verdict';
import type { OfferedCheck } from '../types';

export interface CostLine {
  /** What the calls are for, e.g. "benchmark (warm-up included)". */
  what: string;
  calls: number;
  /** The model priced. */
  model: string;
  /** What is called, when not that model: the user's own deployment, priced as `model`. */
  label?: string;
  /** Per call. */
  input: number;
  output: number;
  /** All calls of the line; null when the model has no token price Keyprobe knows. */
  usd: number | null;
  row: PriceRow | undefined;
}

export interface CostEstimate {
  lines: CostLine[];
  /** Calls made only if the endpoint refuses the key (asking the other endpoints whether it is theirs). */
  ifRefused: CostLine[];
  /** Sum of the known lines. */
  usd: number;
  /** Models whose price is unknown (so the total is a lower bound of the upper bound). */
  unknown: string[];
}

/** The model a check will most likely use here: its first choice, or the first this endpoint serves. */
function checkModel(check: OfferedCheck, endpoint: EndpointOption): string {
  if (endpoint.listsModels || endpoint.models.length === 0) return check.models[0] ?? '';
  return check.models.find((id) => endpoint.models.includes(id)) ?? check.models[0] ?? '';
}

export function estimateCost(
  options: Options,
  endpoint: EndpointOption,
  context: { checks: readonly OfferedCheck[]; endpoints: readonly EndpointOption[]; prices: readonly PriceRow[] },
): CostEstimate {
  const table = { models: context.prices };
  // Where the models are the user's own deployments, their models are not known before the run:
  // a deployment is priced as the model the provider's data names for that work, and says so.
  const deployments = endpoint.template !== null;
  const line = (what: string, calls: number, model: string, input: number, output: number, label?: string): CostLine => {
    const one = estimateTokenCostUsd(table, model, input, output);
    return { what, calls, model, input, output, usd: one === null ? null : one * calls, row: findPricedModel(table, model), ...(label ? { label } : {}) };
  };
  const named = (deployment: string) => (deployment.trim() ? `the deployment ${deployment.trim()}` : 'your deployment');
  const asDeployment = (model: string, deployment = options.deployment) => (deployments ? `${named(deployment)}, priced as ${model}` : undefined);
  const basis = (work: 'chat' | 'embeddings' | 'fim') => context.checks.find((c) => c.name === work || (work === 'chat' && c.name === 'stream'))?.models[0] ?? '';
  const lines: CostLine[] = [];
  const paid = endpoint.paidValidation;
  if (paid) lines.push(line('key check', 1, paid.model, paid.inputTokens, paid.maxTokens));
  for (const name of options.checks) {
    const check = context.checks.find((c) => c.name === name);
    if (check && endpoint.serves.includes(name)) {
      const model = checkModel(check, endpoint);
      lines.push(line(`${name} check`, 1, model, check.inputTokens, check.maxTokens, asDeployment(model)));
    }
  }
  // Compared endpoints: each other one is validated too (priced when its validation is), and the
  // benchmark runs on every one that serves its target.
  const compared = comparedList(options).flatMap((id) => context.endpoints.filter((e) => e.id === id));
  for (const other of compared.slice(1)) {
    const v = other.paidValidation;
    if (v) lines.push(line(`key check on ${other.id}`, 1, v.model, v.inputTokens, v.maxTokens));
  }
  if (options.benchmark && options.target !== 'models') {
    const runs = clampInt(options.runs, LIMITS.runs) + 1;
    const output = generates(options.target) ? clampInt(options.maxTokens, LIMITS.maxTokens) : 0;
    const on = compared.filter((e) => e.serves.includes(options.target as CheckName)).length;
    const what = on > 1 ? `benchmark on ${on} endpoints, warm-up included` : 'benchmark, warm-up included';
    const chosen = benchmarkModel(options);
    const model = deployments ? basis(options.target) : chosen;
    lines.push(line(what, runs * Math.max(1, on), model, benchmarkPromptTokens[options.target], output, asDeployment(model, chosen || options.deployment)));
  }
  const ifRefused = endpoint.alternatives.flatMap((id) => {
    const other = context.endpoints.find((e) => e.id === id)?.paidValidation;
    return other ? [line(`if the key is refused here: a probe of ${id}`, 1, other.model, other.inputTokens, other.maxTokens)] : [];
  });
  const sum = (list: CostLine[]) => list.reduce((total, l) => total + (l.usd ?? 0), 0);
  const all = [...lines, ...ifRefused];
  return {
    lines,
    ifRefused,
    // A refused key stops the run after its probes, so the most it can cost is the dearer of the two paths.
    usd: Math.max(sum(lines), sum(lines.filter((l) => l.what.startsWith('key check'))) + sum(ifRefused)),
    unknown: [...new Set(all.filter((l) => l.usd === null).map((l) => l.model))],
  };
}

/** "$0.00015": two significant digits, rounded up (it is an upper bound); formatUsd from a cent on. */
export function formatCost(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 0.01) return formatUsd(Math.ceil(usd * 10_000) / 10_000);
  const scale = 10 ** (1 - Math.floor(Math.log10(usd)));
  const rounded = Math.ceil(usd * scale - 1e-9) / scale;
  return `$${rounded.toFixed(Math.max(0, Math.round(Math.log10(scale))))}`;
}

/** "6 calls × 30 in + 32 out tokens on mistral-small-latest at $0.15 in / $0.60 out per 1M tokens". */
export function describeLine(line: CostLine): string {
  const tokens = line.output ? `${line.input} in + ${line.output} out tokens` : `${line.input} input tokens`;
  const head = `${plural(line.calls, 'call')} × ${tokens} on ${line.label ?? line.model}`;
  const row = line.row;
  if (line.usd === null || !row) return `${head}: price unknown`;
  if (row.free) return `${head}: free`;
  const price = line.output ? `${formatUsd(row.input ?? 0)} in / ${formatUsd(row.output ?? 0)} out` : formatUsd(row.input ?? 0);
  return `${head} at ${price} per 1M tokens`;
}

/** The one-line headline shown next to the Test button. */
export function costHeadline(estimate: CostEstimate): string {
  if (!estimate.lines.length && estimate.ifRefused.length) {
    const [probe] = estimate.ifRefused;
    const size = probe ? `${probe.input + probe.output} tokens` : 'a few tokens';
    return `Free if the key works here. If it is refused, Keyprobe asks the other host whether the key is theirs, with a call of ${size}: up to ${formatCost(estimate.usd)}, billed to your key.`;
  }
  if (!estimate.lines.length) return 'Free: the test only lists your models, which spends no tokens.';
  const unknown = estimate.unknown.length ? ` (plus ${estimate.unknown.join(', ')}, whose price Keyprobe does not know)` : '';
  if (estimate.usd === 0 && !unknown) return 'Free: the models used here cost nothing.';
  return `Up to ${formatCost(estimate.usd)} in tokens${unknown}, billed to your key.`;
}
