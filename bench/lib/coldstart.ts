/**
 * Cold start, in fresh isolates (a fresh `wrangler dev` each time), by the CPU of the workerd
 * process that runs the worker (schedstat, all threads, ns resolution) around one request at a
 * time, less its idle CPU over the same wall time:
 *
 * - the site's build behind bench/stages/cold-entry.mjs: two trivial requests (the baseline), then
 *   the request that imports the built entry.mjs (module evaluation: what startup costs), then the
 *   first validations;
 * - the control and the bare worker: their first validations (the runtime's own first-request cost
 *   for the same I/O: HTTP, the local rate limiter's and the daily counter's first SQLite use).
 *
 * workerd's process CPU holds more than Cloudflare's per-request CPU limit counts (the limiter, the
 * Durable Object, HTTP parsing run outside the worker's isolate there), so the figure held against
 * the free plan's 10 ms is the endpoint's first validation less the control's.
 */
import { endpointHeaders, fakeControl, freshKey, timedRequest } from './http.ts';
import { cpuOf, startSite, type Site } from './procs.ts';
import { kib, ms, table, type Section } from './report.ts';
import { median, round } from './stats.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU (ms) of the worker's workerd while `task` runs, less its idle CPU over as long. */
export async function cpuAround(site: Site, task: () => Promise<unknown>): Promise<number> {
  await sleep(250);
  const a = cpuOf(site.workerPid);
  await task();
  await sleep(30);
  const b = cpuOf(site.workerPid);
  const wall = b.at - a.at;
  const c = cpuOf(site.workerPid);
  await sleep(wall);
  const d = cpuOf(site.workerPid);
  return round(b.schedMs - a.schedMs - (d.schedMs - c.schedMs), 2);
}

/** One validation with a fresh key (the fake's `validPaid`), checked to have answered `valid`. */
export async function validation(site: Site, fake: string): Promise<void> {
  const key = freshKey();
  await fakeControl(fake, '/__fake/assign', { key, scenario: 'validPaid' });
  const res = await timedRequest(`${site.workerOrigin}/api/test`, { method: 'POST', headers: endpointHeaders(site.workerOrigin, key), body: '{"provider":"mistral"}' });
  if (res.status !== 200 || !res.body.includes('"verdict":"valid"')) throw new Error(`cold start: validation answered ${res.status}: ${res.body.slice(0, 200)}`);
}

export interface ColdRun {
  /** Trivial requests before anything is loaded (wrapper only). */
  noopMs: number[];
  /** The request that evaluated entry.mjs (wrapper only). */
  loadMs: number | null;
  /** The first validations, in order. */
  validationsMs: number[];
}

export interface ColdStartResult {
  site: ColdRun[];
  control: ColdRun[];
  bare: ColdRun[];
  /** Median over fresh isolates: load − the trivial request. */
  moduleEvaluationMs: number;
  /** Median first validation, the endpoint (after its modules were evaluated), the control, the bare worker. */
  firstValidationMs: { endpoint: number; control: number; bare: number };
  /** Median of the 2nd–5th validations. */
  warmValidationMs: { endpoint: number; control: number; bare: number };
  /** The endpoint's first validation less the control's (same runtime and I/O), per isolate, median. */
  keyprobeFirstValidationMs: number;
  /** Size of what a fresh isolate evaluates for the API path: entry.mjs and its static imports. */
  eagerModules: { file: string; rawBytes: number; gzipBytes: number }[];
}

/**
 * `configs.cold` is the wrapper's config (procs.coldConfig), the others the control's and the bare
 * worker's. Each is started `runs` times, measured, stopped.
 */
export async function measureColdStart(
  configs: { cold: string; control: string; bare: string },
  fake: { platform: string; overrides: string },
  options: { runs: number; validations?: number; eagerModules: ColdStartResult['eagerModules']; log: (s: string) => void },
): Promise<ColdStartResult> {
  const n = options.validations ?? 5;
  const site: ColdRun[] = [];
  const control: ColdRun[] = [];
  const bare: ColdRun[] = [];
  for (let r = 0; r < options.runs; r++) {
    for (const [name, config, into] of [
      ['site', configs.cold, site],
      ['control', configs.control, control],
      ['bare', configs.bare, bare],
    ] as const) {
      options.log(`  cold start: ${name}, fresh isolate ${r + 1}/${options.runs}`);
      const s = await startSite({ overrides: fake.overrides, config });
      try {
        const run: ColdRun = { noopMs: [], loadMs: null, validationsMs: [] };
        if (name === 'site') {
          for (let i = 0; i < 2; i++) run.noopMs.push(await cpuAround(s, () => timedRequest(`${s.workerOrigin}/__bench/noop`)));
          run.loadMs = await cpuAround(s, () => timedRequest(`${s.workerOrigin}/__bench/load`));
        }
        for (let i = 0; i < n; i++) run.validationsMs.push(await cpuAround(s, () => validation(s, fake.platform)));
        into.push(run);
      } finally {
        await s.stop();
      }
    }
  }
  const first = (runs: ColdRun[]) => round(median(runs.map((r) => r.validationsMs[0] ?? Number.NaN)), 2);
  const warm = (runs: ColdRun[]) => round(median(runs.flatMap((r) => r.validationsMs.slice(1))), 2);
  return {
    site,
    control,
    bare,
    moduleEvaluationMs: round(median(site.map((r) => (r.loadMs ?? Number.NaN) - (r.noopMs.at(-1) ?? 0))), 2),
    firstValidationMs: { endpoint: first(site), control: first(control), bare: first(bare) },
    warmValidationMs: { endpoint: warm(site), control: warm(control), bare: warm(bare) },
    keyprobeFirstValidationMs: round(median(site.map((r, i) => (r.validationsMs[0] ?? Number.NaN) - (control[i]?.validationsMs[0] ?? Number.NaN))), 2),
    eagerModules: options.eagerModules,
  };
}

export function coldStartSection(c: ColdStartResult): Section {
  const eagerGzip = c.eagerModules.reduce((t, m) => t + m.gzipBytes, 0);
  return {
    rows: [
      {
        figure: 'cold start: CPU of the first validation in a fresh isolate',
        how: `workerd process CPU (schedstat, idle subtracted) of the first validation after the worker's modules were evaluated, ${c.site.length} fresh isolates, median; less the control worker's first validation (same runtime, same I/O: local rate limiter, daily counter, fetch), whose process CPU Cloudflare would not count against the worker`,
        goal: '≤ 10 ms (the Workers free plan’s CPU limit per request)',
        measured: `${ms(c.keyprobeFirstValidationMs)} over the control (endpoint ${ms(c.firstValidationMs.endpoint)}, control ${ms(c.firstValidationMs.control)}, bare worker ${ms(c.firstValidationMs.bare)} process CPU)`,
        pass: c.keyprobeFirstValidationMs <= 10,
        notes: `warm validations (2nd–5th): endpoint ${ms(c.warmValidationMs.endpoint)}, control ${ms(c.warmValidationMs.control)}, bare ${ms(c.warmValidationMs.bare)}`,
        obstacle:
          `per fresh isolate the endpoint's first validation costs ${c.site.map((r, i) => ms((r.validationsMs[0] ?? Number.NaN) - (c.control[i]?.validationsMs[0] ?? Number.NaN))).join(', ')} more than the control's; ` +
          `a warm one ${ms(c.warmValidationMs.endpoint - c.warmValidationMs.control)} more, so ${ms(c.keyprobeFirstValidationMs - (c.warmValidationMs.endpoint - c.warmValidationMs.control))} is first-use work (code compiled and caches filled on first call). The profile section names the functions.`,
      },
      {
        figure: 'cold start: worker startup (module evaluation)',
        how: 'the same processes: CPU of the request that evaluated the built entry.mjs (and every module it imports statically) by a dynamic import, less a trivial request’s; median of the fresh isolates',
        goal: 'report (Cloudflare allows 1 s of startup)',
        measured: `${ms(c.moduleEvaluationMs)} for ${c.eagerModules.length} modules, ${kib(eagerGzip)} gzip`,
        pass: null,
        notes: `evaluated eagerly: ${c.eagerModules.map((m) => `${m.file} ${kib(m.gzipBytes)}`).join(', ')}; Astro's page renderer is imported on first use of a non-API route, not at startup`,
      },
    ],
    text: [
      '## Cold start (ms of workerd process CPU)',
      '',
      'Each line is one fresh isolate (a fresh `wrangler dev`). The site arm is the build behind bench/stages/cold-entry.mjs, which',
      'evaluates entry.mjs on the `load` request rather than at startup so that the two can be told apart.',
      '',
      ...table(
        ['arm', 'trivial requests', 'load (module evaluation)', 'validations 1st … 5th'],
        [
          ...c.site.map((r, i) => [`endpoint, isolate ${i + 1}`, r.noopMs.map((v) => v.toFixed(2)).join(', '), r.loadMs?.toFixed(2) ?? '–', r.validationsMs.map((v) => v.toFixed(2)).join(', ')]),
          ...c.control.map((r, i) => [`control, isolate ${i + 1}`, '–', '–', r.validationsMs.map((v) => v.toFixed(2)).join(', ')]),
          ...c.bare.map((r, i) => [`bare worker, isolate ${i + 1}`, '–', '–', r.validationsMs.map((v) => v.toFixed(2)).join(', ')]),
        ],
      ),
      '',
      `Per isolate, endpoint first validation − control first validation: ${c.site.map((r, i) => ((r.validationsMs[0] ?? 0) - (c.control[i]?.validationsMs[0] ?? 0)).toFixed(2)).join(', ')} ms.`,
      '',
    ],
    details: { coldStart: c },
  };
}
