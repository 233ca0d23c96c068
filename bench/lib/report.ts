/** bench/results/latest.{md,json}: one row per figure (figure, how, goal, measured, pass), the machine, the date. */

export interface Row {
  figure: string;
  how: string;
  goal: string;
  measured: string;
  /** null: reported only, no goal to pass. */
  pass: boolean | null;
  notes?: string;
  /** Where the goal is missed: what stands in the way, told in this run's figures. */
  obstacle?: string;
}

/** What one measurement contributes to the report: its rows, its section of text, its raw figures. */
export interface Section {
  rows: Row[];
  /** Markdown lines (a heading, method notes, tables); may be empty. */
  text: string[];
  /** Written to latest.json under these names. */
  details: Record<string, unknown>;
}

export const ms = (v: number) => `${v.toFixed(2)} ms`;
export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** A markdown table. */
export function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

export interface Report {
  date: string;
  durationS: number;
  command: string;
  machine: Record<string, unknown>;
  load: { before: number[]; after: number[]; during: { min: number; max: number; samples: number } };
  rows: Row[];
  details: Record<string, unknown>;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}
const verdict = (pass: boolean | null) => (pass === null ? 'report' : pass ? 'pass' : '**fail**');

/** The goals this run missed, each with what stands in its way; what was tried lives in bench/README.md, not in every report. */
function missed(rows: Row[]): string[] {
  const failed = rows.filter((r) => r.pass === false);
  if (failed.length === 0) return [];
  return [
    '## Where a goal is not met',
    '',
    ...failed.map((r) => `- **${r.figure}**: ${r.obstacle ?? 'nothing this run measured explains it.'}`),
    '',
    'What was tried against each, and what was left undone on purpose: bench/README.md, "Where a goal is not met, and why".',
    '',
  ];
}

export function markdown(report: Report, sections: string[]): string {
  const m = report.machine;
  const lines = [
    '# Keyprobe benchmark',
    '',
    `Measured ${report.date} by \`${report.command}\` in ${report.durationS} s.`,
    '',
    `Machine: ${String(m.nproc)} cores (\`nproc\`), ${String(m.cpuModel)}, ${String(m.memoryGiB)} GiB, Linux ${String(m.kernel)}; ` +
      `load average ${report.load.before.join(' ')} before, ${report.load.after.join(' ')} after ` +
      `(1-minute load ${report.load.during.min}–${report.load.during.max} while running). ` +
      `Node ${String(m.node)}, wrangler ${String(m.wrangler)}, workerd ${String(m.workerd)}, ${String(m.chromium)}, Lighthouse ${String(m.lighthouse)}.`,
    '',
    'The machine is shared: other builds and tests run on it at the same time, so every comparison is',
    'interleaved or repeated, and the load is shown above. "report" rows have no goal.',
    '',
    '| figure | how | goal | measured | pass |',
    '|---|---|---|---|---|',
    ...report.rows.map((r) => `| ${cell(r.figure)} | ${cell(r.how)} | ${cell(r.goal)} | ${cell(r.measured)}${r.notes ? `<br>${cell(r.notes)}` : ''} | ${verdict(r.pass)} |`),
    '',
    ...missed(report.rows),
    ...sections,
    '',
  ];
  return lines.join('\n');
}
