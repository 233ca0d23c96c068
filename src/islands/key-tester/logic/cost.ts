/**
 * What a run will cost at most, before it starts: every token-spending call (validation on the
 * Codestral host, checks, benchmark runs with the warm-up) at the list price of its model.
 */
import { benchmarkPromptTokens, checkCalls, fimProbe, LIMITS } from '../../../lib/api-contract';
import { estimateTokenCostUsd, findPricedModel, formatUsd, type PriceRow } from '../../../lib/pricing';
import { plural } from './format';
import type { Options } from './options';
import { benchmarkModel, clampInt, generates } from './request';

export interface CostLine {
  /** What the calls are for, e.g. "benchmark (warm-up included)". */
  what: string;
  calls: number;
  model: string;
  /** Per call. */
  input: number;
  output: number;
  /** All calls of the line; null when the model has no token price Keyprobe knows. */
  usd: number | null;
  row: PriceRow | undefined;
}

export interface CostEstimate {
  lines: CostLine[];
  /** Sum of the known lines. */
  usd: number;
  /** Models whose price is unknown (so the total is a lower bound of the upper bound). */
  unknown: string[];
}

export function estimateCost(options: Options, listsModels: boolean, prices: readonly PriceRow[]): CostEstimate {
  const table = { models: prices };
  const lines: CostLine[] = [];
  const add = (what: string, calls: number, model: string, input: number, output: number) => {
    const one = estimateTokenCostUsd(table, model, input, output);
    lines.push({ what, calls, model, input, output, usd: one === null ? null : one * calls, row: findPricedModel(table, model) });
  };
  if (!listsModels) add('key check', 1, fimProbe.model, fimProbe.inputTokens, fimProbe.maxTokens);
  for (const name of options.checks) {
    const call = checkCalls[name];
    // Without a model list (codestral.mistral.ai) the endpoint uses Codestral; otherwise its first choice.
    const model = (listsModels ? call.models[0] : call.models.find((id) => id.startsWith('codestral'))) ?? call.models[0] ?? '';
    add(`${name} check`, 1, model, call.inputTokens, call.maxTokens);
  }
  if (options.benchmark && options.target !== 'models') {
    const runs = clampInt(options.runs, LIMITS.runs) + 1;
    const output = generates(options.target) ? clampInt(options.maxTokens, LIMITS.maxTokens) : 0;
    add('benchmark, warm-up included', runs, benchmarkModel(options), benchmarkPromptTokens[options.target], output);
  }
  return {
    lines,
    usd: lines.reduce((sum, l) => sum + (l.usd ?? 0), 0),
    unknown: [...new Set(lines.filter((l) => l.usd === null).map((l) => l.model))],
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
  const head = `${plural(line.calls, 'call')} × ${tokens} on ${line.model}`;
  const row = line.row;
  if (line.usd === null || !row) return `${head}: price unknown`;
  if (row.free) return `${head}: free`;
  const price = line.output ? `${formatUsd(row.input ?? 0)} in / ${formatUsd(row.output ?? 0)} out` : formatUsd(row.input ?? 0);
  return `${head} at ${price} per 1M tokens`;
}

/** The one-line headline shown next to the Test button. */
export function costHeadline(estimate: CostEstimate): string {
  if (!estimate.lines.length) return 'Free: the test only lists your models, which spends no tokens.';
  const unknown = estimate.unknown.length ? ` (plus ${estimate.unknown.join(', ')}, whose price Keyprobe does not know)` : '';
  if (estimate.usd === 0 && !unknown) return 'Free: the models used here cost nothing.';
  return `Up to ${formatCost(estimate.usd)} in tokens${unknown}, billed to your key.`;
}
