/**
 * Timing accuracy: the fake upstream injects known delays (headers, first token, inter-token, with
 * several tokens per chunk) and the endpoint's reported samples are compared with what those
 * delays imply under the contract's definitions (src/lib/api-contract.ts, src/server/measure.ts):
 *   TTFB = headersMs; TTFT = headersMs + firstTokenMs;
 *   E2E  = headersMs + firstTokenMs + (chunks − 1) × interTokenMs   ([DONE] follows the last chunk);
 *   decode rate = (tokens − 1) / ((chunks − 1) × interTokenMs)       (the contract's formula).
 * The injected generation rate itself (tokensPerChunk / interTokenMs) is reported beside it: with
 * several tokens per chunk the contract's formula counts the first chunk's extra tokens too.
 *
 * The fake keeps its schedule to a few ms only, so each run is also compared with the wire: the
 * endpoint's calls go to the `eu` endpoint, which UPSTREAM_OVERRIDES points at a timestamping relay
 * (tap.ts) in front of the fake. "vs wire" is the endpoint's own error; "vs injected" adds the
 * fake's lateness to it.
 */
import { endpointHeaders, events, fakeControl, freshKey, timedRequest } from './http.ts';
import type { Site } from './procs.ts';
import { median, round } from './stats.ts';
import { table, type Section } from './report.ts';
import type { Tap, WireExchange } from './tap.ts';

export interface AccuracyCase {
  name: string;
  timing: { headersMs: number; firstTokenMs: number; interTokenMs: number; tokensPerChunk: number; completionTokens: number };
  maxTokens: number;
  runs: number;
}

export const ACCURACY_CASES: AccuracyCase[] = [
  { name: 'one token a chunk', timing: { headersMs: 40, firstTokenMs: 60, interTokenMs: 8, tokensPerChunk: 1, completionTokens: 32 }, maxTokens: 32, runs: 8 },
  { name: 'three tokens a chunk', timing: { headersMs: 120, firstTokenMs: 30, interTokenMs: 20, tokensPerChunk: 3, completionTokens: 30 }, maxTokens: 30, runs: 8 },
  { name: 'fast: 2 ms apart, two a chunk', timing: { headersMs: 5, firstTokenMs: 5, interTokenMs: 2, tokensPerChunk: 2, completionTokens: 64 }, maxTokens: 64, runs: 12 },
];

export interface MetricCheck {
  metric: 'ttfbMs' | 'ttftMs' | 'e2eMs' | 'tokensPerSecond';
  expected: number;
  /** Every measured run's value. */
  measured: number[];
  /** The same runs as seen on the wire (the relay's clock). */
  wire: number[];
  /** Largest deviation from the wire over the runs, and whether every run is within tolerance of it. */
  wireWorstAbs: number;
  wireWorstPct: number;
  wirePass: boolean;
  /** Largest deviation from expected over the runs, in the metric's unit and in %. */
  worstAbs: number;
  worstPct: number;
  /** For the rate: the deviation expressed as time over the decode window, ms. */
  worstWindowMs?: number;
  /** Within tolerance of the injected value on every run. */
  pass: boolean;
}

export interface AccuracyResult {
  name: string;
  timing: AccuracyCase['timing'];
  runs: number;
  /** Injected generation rate, tokens/s (tokensPerChunk / interTokenMs). */
  injectedRate: number;
  checks: MetricCheck[];
  /** The step of the worker's clock as the endpoint reported it in the benchmark's summary. */
  clockResolutionMs: number | null;
  /** Measured runs whose call opened a new connection (the rest reused one, so no connect time is in them). */
  newConnections: number;
  /** Every metric within tolerance of the injected values on every run. */
  pass: boolean;
  /** Every metric within tolerance of the wire on every run. */
  wirePass: boolean;
  notes: string[];
}

/** Within ±2 ms or ±2 %, whichever is looser. */
export function withinTolerance(expected: number, got: number, windowMs?: number): boolean {
  const abs = Math.abs(got - expected);
  if (windowMs !== undefined) return abs / expected <= 0.02 || windowMs <= 2;
  return abs <= 2 || abs / expected <= 0.02;
}

function wireValue(metric: MetricCheck['metric'], x: WireExchange | undefined, tokens: number): number {
  if (!x || x.headersAt === null) return Number.NaN;
  switch (metric) {
    case 'ttfbMs':
      return x.headersAt - x.sentAt;
    case 'ttftMs':
      return x.firstContentAt === null ? Number.NaN : x.firstContentAt - x.sentAt;
    case 'e2eMs':
      return x.doneAt === null ? Number.NaN : x.doneAt - x.sentAt;
    case 'tokensPerSecond':
      return x.firstContentAt === null || x.lastContentAt === null ? Number.NaN : (tokens - 1) / ((x.lastContentAt - x.firstContentAt) / 1000);
  }
}

export async function measureAccuracy(site: Site, fake: string, tap: Tap, cases = ACCURACY_CASES): Promise<AccuracyResult[]> {
  const results: AccuracyResult[] = [];
  for (const c of cases) {
    const key = freshKey();
    await fakeControl(fake, '/__fake/assign', { key, scenario: 'validPaid' });
    await fakeControl(fake, '/__fake/timing', { key, timing: c.timing });
    const firstExchange = tap.exchanges.length;
    // The `eu` endpoint goes through the relay; the code path is the same as for `global`.
    const body = JSON.stringify({ provider: 'mistral', endpoint: 'eu', benchmark: { target: 'chat', runs: c.runs, maxTokens: c.maxTokens } });
    const res = await timedRequest(`${site.origin}/api/test`, { method: 'POST', headers: endpointHeaders(site.origin, key), body, timeoutMs: 60_000 });
    const list = res.status === 200 ? events(res.body) : [];
    const samples = list.filter((e) => e.type === 'sample' && e.warmup === false) as unknown as {
      ttfbMs: number;
      ttftMs: number | null;
      e2eMs: number;
      outputTokens: number | null;
      tokensPerSecond: number | null;
    }[];
    const summary = list.find((e) => e.type === 'summary') as { clock?: { resolutionMs: number | null } } | undefined;
    const t = c.timing;
    const tokens = Math.min(c.maxTokens, t.completionTokens);
    const chunks = Math.ceil(tokens / t.tokensPerChunk);
    const decodeWindowMs = (chunks - 1) * t.interTokenMs;
    const expected = {
      ttfbMs: t.headersMs,
      ttftMs: t.headersMs + t.firstTokenMs,
      e2eMs: t.headersMs + t.firstTokenMs + decodeWindowMs,
      tokensPerSecond: (tokens - 1) / (decodeWindowMs / 1000),
    };
    const notes: string[] = [];
    if (samples.length !== c.runs) notes.push(`expected ${c.runs} samples, got ${samples.length} (HTTP ${res.status})`);
    // Run 0 is the warm-up: the measured runs are the chat calls after the first.
    const chats = tap.exchanges.slice(firstExchange).filter((x) => x.requestLine.startsWith('POST /v1/chat/completions'));
    if (chats.length !== c.runs + 1) notes.push(`the relay saw ${chats.length} chat calls, expected ${c.runs + 1}`);
    const wireRuns = chats.slice(1);
    const wrongTokens = samples.filter((s) => s.outputTokens !== tokens).length;
    if (wrongTokens > 0) notes.push(`${wrongTokens} samples reported a token count other than ${tokens}`);
    const checks: MetricCheck[] = (['ttfbMs', 'ttftMs', 'e2eMs', 'tokensPerSecond'] as const).map((metric) => {
      const want = expected[metric];
      const measured = samples.map((s) => (s[metric] ?? Number.NaN) as number);
      const wire = measured.map((_, i) => wireValue(metric, wireRuns[i], tokens));
      let wireWorstAbs = 0;
      let wireWorstPct = 0;
      let wirePass = measured.length > 0;
      measured.forEach((got, i) => {
        const truth = wire[i] as number;
        const abs = Math.abs(got - truth);
        if (!(abs <= wireWorstAbs)) wireWorstAbs = abs;
        if (!(abs / truth <= wireWorstPct / 100)) wireWorstPct = (abs / truth) * 100;
        const windowMs = metric === 'tokensPerSecond' ? Math.abs(((tokens - 1) / got - (tokens - 1) / truth) * 1000) : undefined;
        if (Number.isNaN(abs) || !withinTolerance(truth, got, windowMs)) wirePass = false;
      });
      let worstAbs = 0;
      let worstWindowMs: number | undefined;
      let pass = measured.length > 0;
      for (const got of measured) {
        const abs = Math.abs(got - want);
        if (!(abs <= worstAbs)) worstAbs = abs; // NaN counts as worst
        // A rate error as time: the window the measured rate implies, against the injected window.
        const windowMs = metric === 'tokensPerSecond' ? Math.abs(((tokens - 1) / got) * 1000 - decodeWindowMs) : undefined;
        if (windowMs !== undefined) worstWindowMs = Math.max(worstWindowMs ?? 0, windowMs);
        if (Number.isNaN(got) || !withinTolerance(want, got, windowMs)) pass = false;
      }
      return {
        metric,
        expected: round(want, 2),
        measured,
        wire: wire.map((v) => round(v, 2)),
        wireWorstAbs: round(wireWorstAbs, 2),
        wireWorstPct: round(wireWorstPct, 2),
        wirePass,
        worstAbs: round(worstAbs, 2),
        worstPct: round((worstAbs / want) * 100, 2),
        ...(worstWindowMs === undefined ? {} : { worstWindowMs: round(worstWindowMs, 2) }),
        pass,
      };
    });
    results.push({
      name: c.name,
      timing: t,
      runs: samples.length,
      injectedRate: round((t.tokensPerChunk / t.interTokenMs) * 1000, 1),
      checks,
      clockResolutionMs: summary?.clock?.resolutionMs ?? null,
      newConnections: wireRuns.filter((x) => x.connectedAt !== null).length,
      pass: checks.every((k) => k.pass) && notes.length === 0,
      wirePass: checks.every((k) => k.wirePass) && notes.length === 0,
      notes,
    });
  }
  return results;
}

/** Median of a metric's measured values, for the summary table. */
export const medianOf = (check: MetricCheck) => round(median(check.measured), 2);

// ---------------------------------------------------------------------------------------------
// report

const worstOf = (results: AccuracyResult[], metric: MetricCheck['metric'], key: 'worstAbs' | 'wireWorstAbs') =>
  Math.max(...results.flatMap((c) => c.checks.filter((k) => k.metric === metric).map((k) => k[key])));

/** Median of reported − wire over every run of every timing: a steady lead or lag, apart from the clock's step. */
function medianOffset(results: AccuracyResult[], metric: MetricCheck['metric']): number {
  const offsets = results.flatMap((c) => c.checks.filter((k) => k.metric === metric).flatMap((k) => k.measured.map((v, i) => v - (k.wire[i] as number))));
  return round(median(offsets.filter((v) => !Number.isNaN(v))), 2);
}

/** `control`: the same timings through the control worker (naive timing, same runtime), for comparison. */
export function accuracySection(accuracy: AccuracyResult[], control: AccuracyResult[] | undefined): Section {
  const worst = (key: 'worstAbs' | 'wireWorstAbs', of = accuracy) =>
    `TTFB ${worstOf(of, 'ttfbMs', key).toFixed(2)} ms, TTFT ${worstOf(of, 'ttftMs', key).toFixed(2)} ms, E2E ${worstOf(of, 'e2eMs', key).toFixed(2)} ms, rate ${worstOf(of, 'tokensPerSecond', key).toFixed(2)} tok/s`;
  return {
    rows: [
      {
        figure: 'timing accuracy (vs the wire)',
        how: `${accuracy.length} fake timings (headers, first token, inter-token, 1–3 tokens a chunk), ${accuracy.map((c) => c.runs).join('+')} measured runs; each reported TTFB/TTFT/E2E/decode rate against what a timestamping relay between the worker and the fake saw`,
        goal: 'within ±2 ms or ±2 %',
        measured: `worst: ${worst('wireWorstAbs')} off`,
        pass: accuracy.every((c) => c.wirePass),
        notes: control ? `the control worker (naive timing, same runtime) on the same timings: worst ${worst('wireWorstAbs', control)} off the wire; ${control.every((c) => c.wirePass) ? 'within' : 'not within'} tolerance` : undefined,
        obstacle: accuracyObstacle(accuracy, control),
      },
      {
        figure: 'timing accuracy (vs the injected delays)',
        how: "the same runs against the delays the fake was told to inject (the fake's own scheduling adds its lateness, more under load)",
        goal: 'report (the wire is the truth; this adds the fake’s jitter)',
        measured: `worst: ${worst('worstAbs')} off`,
        pass: null,
      },
    ],
    text: [
      '## Timing accuracy',
      '',
      'Expected values follow the contract: TTFB = headers; TTFT = headers + first token; E2E = TTFT + (chunks − 1) × inter-token;',
      'rate = (tokens − 1) / ((chunks − 1) × inter-token). "wire" is the relay\'s view of the same call. Values are medians of the runs;',
      '"worst" is the largest single-run deviation. The tolerance is ±2 ms or ±2 %, whichever is looser (for a rate: 2 % or 2 ms of its',
      'decode window).',
      '',
      ...table(
        ['timing', 'metric', 'injected', 'wire (median)', 'reported (median)', 'worst vs wire', 'worst vs injected', 'pass vs wire', 'control: worst vs wire'],
        accuracy.flatMap((c, ci) =>
          c.checks.map((k, ki) => {
            const wireMedian = [...k.wire].sort((a, b) => a - b)[Math.floor(k.wire.length / 2)] ?? Number.NaN;
            const ctl = control?.[ci]?.checks[ki];
            return [
              `${c.name} (${c.timing.headersMs}/${c.timing.firstTokenMs}/${c.timing.interTokenMs} ms, ${c.timing.tokensPerChunk}/chunk)`,
              k.metric,
              String(k.expected),
              wireMedian.toFixed(2),
              String(medianOf(k)),
              `${k.wireWorstAbs} (${k.wireWorstPct} %)`,
              `${k.worstAbs} (${k.worstPct} %)`,
              k.wirePass ? 'pass' : 'fail',
              ctl ? `${ctl.wireWorstAbs} (${ctl.wireWorstPct} %)` : '–',
            ];
          }),
        ),
      ),
      '',
      `Injected generation rates: ${accuracy.map((c) => `${c.name} ${c.injectedRate} tok/s`).join('; ')} (tokens per chunk ÷ inter-token). With several tokens a chunk the contract's (tokens − 1) / (last − first content) counts the first chunk's extra tokens and reads higher than that.`,
      ...accuracy.filter((c) => c.notes.length > 0).map((c) => `Note (${c.name}): ${c.notes.join('; ')}`),
      '',
    ],
    details: { accuracy, accuracyControl: control },
  };
}

function accuracyObstacle(accuracy: AccuracyResult[], control: AccuracyResult[] | undefined): string {
  const steps = [...new Set(accuracy.map((c) => c.clockResolutionMs))];
  const misses = accuracy.flatMap((c, ci) =>
    c.checks
      .filter((k) => !k.wirePass)
      .map((k) => {
        const ctl = control?.[ci]?.checks.find((x) => x.metric === k.metric);
        const unit = k.metric === 'tokensPerSecond' ? 'tok/s' : 'ms';
        return `${c.name}, ${k.metric} off by ${k.wireWorstAbs} ${unit} (${k.wireWorstPct} %)${ctl ? `, the control by ${ctl.wireWorstAbs} ${unit}` : ''}`;
      }),
  );
  const step = Math.max(0, ...steps.map((v) => v ?? 0));
  const headroom = `${Math.max(0, 2 - Math.abs(medianOffset(accuracy, 'ttfbMs')) - step).toFixed(2)} ms`;
  const offsets = (of: AccuracyResult[]) => (['ttfbMs', 'ttftMs', 'e2eMs'] as const).map((m) => `${m} ${medianOffset(of, m).toFixed(2)} ms`).join(', ');
  const runs = accuracy.reduce((t, c) => t + c.runs, 0);
  const fresh = accuracy.reduce((t, c) => t + c.newConnections, 0);
  return (
    `missed in ${misses.join('; ') || 'runs that did not complete'}. The worker's clock stepped by ${steps.map((v) => (v === null ? 'an unknown step' : `${v} ms`)).join(' or ')} ` +
    `(workerd moves it only when I/O completes), and the relay sits between the worker's socket and the fake, so the time workerd takes between the worker's clock and its socket counts against the endpoint: ` +
    `the median of reported − wire is ${offsets(accuracy)}, with ${runs - fresh} of ${runs} calls on a reused connection (no connect time in them). ` +
    `That offset and one clock step leave ${headroom} of the 2 ms for everything else on a shared machine. ` +
    (control ? `The control worker, timing naively in the same runtime, ${control.every((c) => c.wirePass) ? 'stayed within it' : 'missed as well'}, its median offset ${offsets(control)}.` : '')
  );
}
