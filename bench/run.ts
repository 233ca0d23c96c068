/**
 * `npm run bench`: Keyprobe's performance benchmark, every figure in one run. This file is the list
 * of measurements, in the order they run; each lib/ module measures one thing and writes its own
 * rows and section of the report (bench/results/latest.{md,json}; `--only` runs write
 * partial.*.tmp beside them instead). Loopback only; every loop is bounded.
 *
 *   node bench/run.ts [--skip-build] [--rounds 400] [--cold-runs 3] [--lighthouse-runs 3]
 *                     [--cpu-rounds 3] [--cpu-validations 200] [--cpu-benchmarks 48]
 *                     [--profile-runs 3]
 *                     [--only build,cold,profile,latency,accuracy,cpu,bundle,client-js,lighthouse]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM } from '../tests/support/browser.ts';
import { ModuleGraph, workerMain } from '../tests/support/build-output.ts';
import { offlineEnv } from '../tests/support/offline-env.ts';
import { accuracySection, measureAccuracy } from './lib/accuracy.ts';
import { bundleSection, measureBundle } from './lib/bundle.ts';
import { clientJsSection, measureClientJs } from './lib/client-js.ts';
import { coldStartSection, measureColdStart } from './lib/coldstart.ts';
import { cpuSection, measureCpu } from './lib/cpu.ts';
import { closeAgents } from './lib/http.ts';
import { latencySection, measureLatency, type LatencyResult } from './lib/latency.ts';
import { lighthouseSection, runLighthouseSuite } from './lib/lighthouse.ts';
import { loadavg, loadSampler, machine } from './lib/machine.ts';
import { profileFirstValidation, profileSection } from './lib/profile.ts';
import { bareConfig, coldConfig, controlConfig, removeSnapshot, ROOT, snapshotDist, stagesConfig, startFake, startSite, type FakeProcess, type Site } from './lib/procs.ts';
import { markdown, type Report, type Section } from './lib/report.ts';
import { startTap, type Tap } from './lib/tap.ts';

const SECTIONS = ['build', 'cold', 'profile', 'latency', 'accuracy', 'cpu', 'bundle', 'client-js', 'lighthouse'] as const;
type Name = (typeof SECTIONS)[number];

const { values: args } = parseArgs({
  options: {
    'skip-build': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '400' },
    only: { type: 'string' },
    'cold-runs': { type: 'string', default: '3' },
    'profile-runs': { type: 'string', default: '3' },
    'lighthouse-runs': { type: 'string', default: '3' },
    'cpu-rounds': { type: 'string', default: '3' },
    'cpu-validations': { type: 'string', default: '200' },
    'cpu-benchmarks': { type: 'string', default: '48' },
  },
});
const only = args.only ? (args.only.split(',').map((s) => s.trim()) as Name[]) : [...SECTIONS];
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section ${s}; use ${SECTIONS.join(', ')}`);
const wants = (s: Name) => only.includes(s);
const partial = Boolean(args.only);
const rounds = Math.max(1, Number(args.rounds));
const log = (s: string) => process.stdout.write(`${s}\n`);

// The browser's sections come last: without a browser, say so now, not after minutes of measuring.
if ((wants('client-js') || wants('lighthouse')) && !existsSync(CHROMIUM)) {
  throw new Error(`Chromium is not at ${CHROMIUM} (set CHROMIUM_PATH, install Debian's chromium, or leave out --only client-js,lighthouse)`);
}

const started = performance.now();
const loadBefore = loadavg();
const sampler = loadSampler();
/** Each measurement's part of the report, written in SECTIONS order whatever the order they ran in. */
const sections = new Map<Name, Section>();

// ---------------------------------------------------------------------------------------------
// build (timed)

if (wants('build') && !(args['skip-build'] && existsSync(join(ROOT, 'dist/server/wrangler.json')))) {
  log('build: npm run build');
  const t = performance.now();
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, env: { ...process.env, ...offlineEnv }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const buildMs = performance.now() - t;
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout}\n${build.stderr}\n`);
    throw new Error('npm run build failed');
  }
  log(`build: ${(buildMs / 1000).toFixed(1)} s`);
  sections.set('build', {
    rows: [{ figure: 'build', how: '`npm run build` (astro build + pagefind) wall time, run by the benchmark', goal: 'report', measured: `${(buildMs / 1000).toFixed(1)} s`, pass: null }],
    text: [],
    details: { buildMs: Math.round(buildMs) },
  });
} else if (!existsSync(join(ROOT, 'dist/server/wrangler.json'))) {
  throw new Error('no build in dist/: run without --skip-build');
}

// ---------------------------------------------------------------------------------------------
// the processes: dist/ copied to a temp dir (others may rebuild meanwhile), the fake Mistral API,
// a timestamping relay for the `eu` endpoint, and one wrangler dev per worker

const snapshot = snapshotDist();
const needWorkers = only.some((s) => ['latency', 'accuracy', 'cpu', 'client-js', 'lighthouse'].includes(s));
const started_: Site[] = [];
let fake: FakeProcess | undefined;
let tap: Tap | undefined;

try {
  if (only.some((s) => ['cold', 'profile', 'latency', 'accuracy', 'cpu'].includes(s)) || needWorkers) {
    fake = await startFake();
    tap = await startTap(fake.platform);
  }
  // Calls to the `eu` endpoint go through the relay (timing accuracy); all others straight to the fake.
  const overrides = fake && tap ? JSON.stringify({ ...(JSON.parse(fake.overrides) as Record<string, string>), 'https://api.eu.mistral.ai': tap.origin }) : '';

  // Cold start first, each arm in fresh isolates of its own (nothing else runs meanwhile).
  if (wants('cold') && fake) {
    log('cold start');
    const server = new ModuleGraph(join(snapshot.dir, 'dist/server'));
    const eager = [...server.staticClosure([workerMain(server.root)])].map((p) => server.file(p));
    const c = await measureColdStart(
      { cold: coldConfig(snapshot.config), control: controlConfig(snapshot.config), bare: bareConfig(snapshot.config) },
      { platform: fake.platform, overrides },
      { runs: Number(args['cold-runs']), eagerModules: eager.map((m) => ({ file: m.path, rawBytes: m.rawBytes, gzipBytes: m.gzipBytes })), log },
    );
    sections.set('cold', coldStartSection(c));
  }
  if (wants('profile') && fake) {
    log('cold start profile');
    const p = await profileFirstValidation({ cold: coldConfig(snapshot.config), control: controlConfig(snapshot.config) }, { platform: fake.platform, overrides }, { runs: Number(args['profile-runs']), log });
    sections.set('profile', profileSection(p));
  }

  const start = async (name: string, config: string) => {
    log(`starting wrangler dev (${name})`);
    const s = await startSite({ overrides, config });
    started_.push(s);
    return s;
  };
  const needArms = wants('latency') || wants('cpu') || wants('accuracy');
  const site = needWorkers ? await start('site', snapshot.config) : undefined;
  const control = needArms ? await start('control worker', controlConfig(snapshot.config)) : undefined;
  const bare = needArms ? await start('bare worker', bareConfig(snapshot.config)) : undefined;
  const stages = wants('latency') ? await start('stage worker', await stagesConfig(snapshot.config)) : undefined;

  // Latency in two blocks minutes apart (a drifting machine shows up as blocks that disagree),
  // with the accuracy and CPU measurements in between.
  const blocks: LatencyResult[] = [];
  const latencyBlock = async (n: number, warmup: number) => {
    if (!(site && bare && control && stages && fake)) return;
    log(`latency: block ${blocks.length + 1} (${n} rounds)`);
    blocks.push(await measureLatency({ fake: fake.platform, site, bare, control, stages }, { rounds: n, warmup, log }));
  };
  if (wants('latency')) await latencyBlock(Math.ceil(rounds / 2), 20);

  if (wants('accuracy') && site && fake && tap) {
    log('accuracy');
    const endpoint = await measureAccuracy(site, fake.platform, tap);
    // The same through the control worker: how exact the runtime's clock lets any worker be.
    const ctl = control ? await measureAccuracy(control, fake.platform, tap) : undefined;
    sections.set('accuracy', accuracySection(endpoint, ctl));
  }

  if (wants('cpu') && site && control && bare && fake) {
    log('cpu');
    const cpu = await measureCpu(site, control, bare, fake.platform, {
      validations: Number(args['cpu-validations']),
      benchmarks: Number(args['cpu-benchmarks']),
      rounds: Number(args['cpu-rounds']),
      log,
    });
    sections.set('cpu', cpuSection(cpu));
  }

  if (wants('latency')) {
    await latencyBlock(Math.floor(rounds / 2), 10);
    if (blocks.length > 0) sections.set('latency', latencySection(blocks));
  }

  if (wants('bundle')) {
    log('bundle: wrangler deploy --dry-run');
    sections.set('bundle', bundleSection(measureBundle(snapshot.config)));
  }

  // The browser's measurements last: they load the machine more than anything above.
  if (wants('client-js') && site) {
    log('client JS: Chromium');
    const articles = readdirSync(join(snapshot.dir, 'dist/client/articles'), { withFileTypes: true }).filter((d) => d.isDirectory());
    sections.set('client-js', clientJsSection(await measureClientJs(site.origin, { article: `/articles/${articles[0]?.name ?? ''}/` })));
  }

  if (wants('lighthouse') && site) {
    const runs = Number(args['lighthouse-runs']);
    sections.set('lighthouse', lighthouseSection(await runLighthouseSuite(site.origin, runs, log), runs));
  }
} finally {
  closeAgents();
  for (const s of started_) await s.stop();
  await tap?.close();
  await fake?.stop();
  removeSnapshot(snapshot.dir);
}

// ---------------------------------------------------------------------------------------------
// write

const ordered = SECTIONS.flatMap((name) => (sections.has(name) ? [sections.get(name) as Section] : []));
const report: Report = {
  date: new Date().toISOString(),
  durationS: Math.round((performance.now() - started) / 1000),
  command: `npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  machine: machine(CHROMIUM) as unknown as Record<string, unknown>,
  load: { before: loadBefore, after: loadavg(), during: sampler.stop() },
  rows: ordered.flatMap((s) => s.rows),
  details: Object.assign({}, ...ordered.map((s) => s.details)) as Record<string, unknown>,
};
const outDir = join(ROOT, 'bench/results');
mkdirSync(outDir, { recursive: true });
const base = partial ? 'partial' : 'latest';
const suffix = partial ? '.tmp' : '';
writeFileSync(join(outDir, `${base}.json${suffix}`), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(outDir, `${base}.md${suffix}`), markdown(report, ordered.flatMap((s) => s.text)));
log('');
for (const r of report.rows) log(`${r.pass === null ? 'report' : r.pass ? 'pass  ' : 'FAIL  '} ${r.figure}: ${r.measured}`);
log(`\nwrote bench/results/${base}.md${suffix} and ${base}.json${suffix} in ${report.durationS} s`);
