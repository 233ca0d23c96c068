/**
 * The Markdown report behind "Copy report": everything a support ticket or a teammate needs, and
 * never the key — it appears only as a fingerprint (… + its last 4 characters), and any text that
 * would repeat it is scrubbed.
 */
import type { Distribution, ModelInfo } from '../../../lib/api-contract';
import type { ModelCatalogue } from '../../../lib/model-catalogue';
import { clockText, deprecationText, fingerprint, formatContext, formatCount, formatMs, formatPrice, limitName, measuredWhere, tokenSourceText } from './format';
import { compareColumns, compareRows, metricLabels } from './compare';
import { groupModels } from './models';
import type { RunState } from './state';
import type { EndpointOption } from './verdict';

export interface ReportInput {
  providerName: string;
  /** How the provider's models group (its data's `models`). */
  catalogue: ModelCatalogue;
  endpointLabel: string;
  /** The provider's endpoints, to name those a comparison covered. */
  endpoints?: readonly EndpointOption[];
  state: RunState;
  key: string;
  /** The verdict's heading, e.g. "Key works". */
  verdictTitle: string | null;
  now: Date;
  /** Site origin for links, e.g. https://keyprobe.dev. */
  origin: string;
  /** The run was made by the page itself ("Test from this browser"), not by Keyprobe's endpoint. */
  fromBrowser?: boolean;
}

/** Table cells on one line, pipes escaped. */
const cell = (text: string) => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: string[], rows: string[][], numeric = 0) =>
  [row(head), `|${head.map((_, i) => (i >= head.length - numeric ? ' ---: ' : ' --- ')).join('|')}|`, ...rows.map(row)].join('\n');

const dist = (name: string, d: Distribution | null, unit: (n: number) => string) =>
  d ? [name, unit(d.p50), unit(d.p90), unit(d.min), unit(d.max), unit(d.mean)] : null;

export function buildReport(input: ReportInput): string {
  const { state: s } = input;
  const v = s.validation;
  const out: string[] = [
    `# Keyprobe report: ${input.providerName} API key`,
    '',
    `- Date: ${input.now.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `- Key: \`${fingerprint(input.key)}\` (last 4 characters only)`,
    `- Endpoint: ${input.endpointLabel}`,
  ];
  // Times and what could be read differ from a run through Keyprobe's endpoint: a reader must know.
  if (input.fromBrowser) out.push("- Tested from the browser: the key went straight to the provider; times are the user's network and browser clock");
  if (v) {
    out.push(
      `- Verdict: **${v.verdict}**${input.verdictTitle ? ` (${input.verdictTitle})` : ''}`,
      `- Message: ${v.message}`,
    );
    if (v.fix) out.push(`- Fix: ${v.fix}`);
    if (v.billing) out.push(`- Billing: ${v.billing}`);
    out.push(`- HTTP status: ${v.httpStatus ?? 'none (no answer)'}, ${formatMs(v.ms)}`);
    out.push(`- Request id: ${v.requestId ? `\`${v.requestId}\`` : v.requestIdNotExposed ? 'not exposed to browsers' : 'none sent'}`);
    if (v.errorPage) out.push(`- Explained at: ${input.origin}${v.errorPage}`);
  }
  if (s.outcome && (s.outcome.basis !== 'validation' || s.outcome.verdict !== v?.verdict)) {
    out.push(`- Overall: **${s.outcome.verdict}** (from the ${s.outcome.basis} check): ${s.outcome.message}`);
  }
  if (s.failure) out.push(`- Problem: ${s.failure.message}`);
  if (s.phase === 'cancelled') out.push('- The test was cancelled; results are partial.');
  if (s.totalMs !== null) out.push(`- Total time: ${formatMs(s.totalMs)}`);

  if (s.account) {
    const a = s.account;
    const rows: string[][] = [
      ...(a.accountType ? [['Account type', a.accountType]] : []),
      ...a.balances.map((b) => [`Balance (${b.currency})`, b.amount]),
      ...(a.canSpend === null ? [] : [['Can spend', a.canSpend ? 'yes' : 'no']]),
      ...(a.freeTier === null ? [] : [['Free tier', a.freeTier ? 'yes' : 'no']]),
      ...(a.limit === null ? [] : [['Limit', String(a.limit)]]),
      ...(a.remaining === null ? [] : [['Remaining', String(a.remaining)]]),
      ...(a.expiresAt === null ? [] : [['Expires', a.expiresAt]]),
    ];
    out.push('', '## Account', '');
    if (rows.length) out.push(table(['Fact', 'Value'], rows));
    if (a.permissions.length) out.push('', `Permissions: ${a.permissions.map((p) => `\`${p}\``).join(', ')}`);
  }
  const today = input.now.toISOString().slice(0, 10);
  if (s.models) {
    out.push('', s.modelsPublic ? `## Models ${input.providerName} offers (${s.models.length}; its public list, the same for every key)` : `## Models (${s.models.length})`, '');
    for (const g of groupModels(s.models, input.catalogue)) {
      const notes = (m: ModelInfo) =>
        [
          m.deployment ? `runs ${m.deployment.model}${m.deployment.version ? ` ${m.deployment.version}` : ''}${m.deployment.ready ? '' : `, ${m.deployment.status ?? 'not ready'}`}` : '',
          m.contextLength ? formatContext(m.contextLength) : '',
          m.price ? formatPrice(m.price) : '',
          m.deprecation ? `deprecated: ${deprecationText(m.deprecation, today)}` : '',
        ]
          .filter(Boolean)
          .join('; ');
      out.push(`- ${g.family}: ${g.models.map((m) => `\`${m.id}\`${notes(m) ? ` (${notes(m)})` : ''}`).join(', ')}`);
    }
  }
  if (s.rateLimits) {
    out.push('', '## Rate limits', '');
    if (s.rateLimits.limits.length) {
      out.push(table(['Limit', 'Allowed', 'Remaining'], s.rateLimits.limits.map((l) => [limitName(l), formatCount(l.limit), l.remaining === null ? '—' : formatCount(l.remaining)]), 2));
    }
    for (const note of s.rateLimits.notes) out.push('', `> ${note}`);
  }
  if (s.checks.length) {
    out.push('', '## Checks', '');
    out.push(table(['Check', 'Result', 'Model', 'HTTP', 'Time', 'Detail'], s.checks.map((c) => [c.name, c.ok ? 'ok' : 'failed', c.model || '—', c.httpStatus === null ? '—' : String(c.httpStatus), formatMs(c.ms), c.message])));
  }
  const bench = s.request?.benchmark;
  if (bench && s.lanes.length) {
    out.push('', '## Endpoints compared', '');
    const settings = [`target ${bench.target}`, bench.model ? `model \`${bench.model}\`` : null, `${bench.runs ?? 5} runs + 1 warm-up on each endpoint the key works on, in turn`, bench.maxTokens ? `max ${bench.maxTokens} tokens` : null];
    out.push(`Settings: ${settings.filter(Boolean).join(', ')}.`);
    const where = measuredWhere(s.lanes.find((l) => l.summary)?.summary?.measuredFrom);
    if (where) out.push(`${where[0]?.toUpperCase()}${where.slice(1)}.`);
    const columns = compareColumns(s.lanes, input.endpoints ?? []);
    const rows = compareRows(s.lanes);
    const head = ['', ...columns.map((c) => (c.host ? `${c.name} (${c.host})` : c.name))];
    const body = [
      ['Key check', ...columns.map((c) => (c.verdict ? `${c.verdict}${c.httpStatus !== null ? `, HTTP ${c.httpStatus}` : ''}` : 'not checked'))],
      ['Runs measured', ...columns.map((c) => (c.runs === null ? '—' : String(c.runs)))],
      ...rows.map((r) => [`${metricLabels[r.metric][0]} ${r.percentile}`, ...r.values.map((v, i) => (v === null ? '—' : `${r.best === i ? '**' : ''}${r.metric === 'tokensPerSecond' ? String(Math.round(v * 10) / 10) : formatMs(v)}${r.best === i ? '**' : ''}`))]),
    ];
    out.push('', table(head, body, columns.length));
    if (rows.length) out.push('', 'Bold: the best of the endpoints.');
    const backoffs = s.lanes.reduce((n, l) => n + l.backoffs.length, 0);
    if (backoffs) out.push('', `Rate-limited ${backoffs} time(s) during the runs; Keyprobe waited and retried.`);
  } else if (bench && (s.samples.length || s.summary)) {
    out.push('', '## Benchmark', '');
    const settings = [`target ${bench.target}`, bench.model ? `model \`${bench.model}\`` : null, `${bench.runs ?? 5} runs + 1 warm-up`, bench.maxTokens ? `max ${bench.maxTokens} tokens` : null];
    out.push(`Settings: ${settings.filter(Boolean).join(', ')}.`);
    const sum = s.summary;
    if (sum) {
      const where = measuredWhere(sum.measuredFrom);
      out.push(`Measured runs: ${sum.runs}${where ? `, ${where}` : ''}.`);
      const rows = [
        dist('TTFB', sum.metrics.ttfbMs, formatMs),
        dist('TTFT', sum.metrics.ttftMs, formatMs),
        dist('End to end', sum.metrics.e2eMs, formatMs),
        dist('Tokens/s', sum.metrics.tokensPerSecond, (n) => String(n)),
      ].filter((r): r is string[] => r !== null);
      if (rows.length) out.push('', table(['Metric', 'p50', 'p90', 'min', 'max', 'mean'], rows, 5));
      const source = s.samples.find((sample) => sample.tokenSource)?.tokenSource;
      if (source) out.push('', tokenSourceText(source, input.providerName));
      const clock = clockText(sum.clock, sum.measuredFrom);
      if (clock) out.push('', clock);
      if (sum.note) out.push('', `> ${sum.note}`);
    }
    if (s.backoffs.length) out.push('', `Rate-limited ${s.backoffs.length} time(s) during the runs; Keyprobe waited and retried.`);
  }
  out.push('', `_Made with Keyprobe (${input.origin}/). The key itself is not in this report._`, '');
  const text = out.join('\n');
  // Belt and braces: no message may carry the key into a report.
  return input.key.length >= 6 ? text.split(input.key).join('[key removed]') : text;
}
