/**
 * Latency the endpoint adds for its user, and where it goes. One round = one fresh key and one
 * request on every arm, in an order that rotates every round (forwards, then backwards), so drift
 * and warm caches favour no arm:
 *
 *   direct          GET /v1/models on the loopback fake, no worker
 *   bare            control/bare.js: key from the header, the same GET, four NDJSON lines
 *   control         control/worker.js: the endpoint's I/O (body, SHA-256, both rate limits, the
 *                   daily counter) without its logic
 *   stage:<name>    stages/worker.ts: the endpoint's own code stopped after each stage
 *   endpoint        POST /api/test on the site's build, straight to the workerd running it
 *   endpoint (dev)  the same through wrangler dev's proxy workerd, as a browser reaches it
 *   endpoint again  the endpoint arm repeated: its spread against `endpoint` is the noise floor
 *
 * Every worker arm is reached on its own workerd's socket (no dev proxy), in the same wrangler dev
 * version and config, each in its own wrangler dev. Figures are per-round differences between arms.
 */
import { endpointHeaders, events, fakeControl, freshKey, timedRequest } from './http.ts';
import type { Site } from './procs.ts';
import { percentile, round, spread, type Spread } from './stats.ts';
import { ms, table, type Section } from './report.ts';

export const STAGES = ['bare', 'gate', 'hash', 'limits', 'run', 'full'] as const;
export type Stage = (typeof STAGES)[number];
export type Arm = 'direct' | 'bare' | 'control' | `stage:${Stage}` | 'endpoint' | 'endpointDev' | 'endpointAgain';
export const ARMS: Arm[] = ['direct', 'bare', 'control', ...STAGES.map((s) => `stage:${s}` as const), 'endpoint', 'endpointDev', 'endpointAgain'];

export interface Sites {
  fake: string;
  site: Site;
  bare: Site;
  control: Site;
  stages: Site;
}

/** Rotations, forwards then backwards: every arm is first, last, before and after every other. */
function orderFor(i: number): Arm[] {
  const k = i % ARMS.length;
  const rotated = [...ARMS.slice(k), ...ARMS.slice(0, k)];
  return Math.floor(i / ARMS.length) % 2 === 0 ? rotated : rotated.reverse();
}

/** One difference between arms: `a` − `b` per round, and the difference of their quantiles. */
export interface Difference {
  label: string;
  perRound: Spread;
  quantiles: { p50: number; p90: number; p99: number };
}

/** The decomposition: consecutive arms, each adding one part of what the endpoint does. */
export const PARTS: { label: string; a: Arm; b: Arm }[] = [
  { label: 'the stage bundle itself (its bare arm − the bare worker)', a: 'stage:bare', b: 'bare' },
  { label: 'request gate and schema (admit)', a: 'stage:gate', b: 'stage:bare' },
  { label: 'hashing (SHA-256 of the key, the daily counter’s HMAC name)', a: 'stage:hash', b: 'stage:gate' },
  { label: 'rate-limit and daily-cap calls (limit, less the hashing)', a: 'stage:limits', b: 'stage:hash' },
  { label: 'provider logic (run: validation, model list, limits, verdict)', a: 'stage:run', b: 'stage:limits' },
  { label: 'serialisation (key scrubber, JSON, NDJSON writer)', a: 'stage:full', b: 'stage:run' },
  { label: 'routing and framework (the worker entry, the site’s bundle)', a: 'endpoint', b: 'stage:full' },
];

export interface LatencyResult {
  rounds: number;
  failed: number;
  /** Failures by arm (a round with any failure is dropped whole). */
  failures: Partial<Record<Arm, number>>;
  warmup: number;
  arms: Record<Arm, Spread>;
  /** The goal's figure: endpoint − bare. */
  added: Difference;
  /** As wrangler dev serves it (through its proxy), over direct. */
  addedDevOverDirect: Difference;
  devProxyHop: Difference;
  /** control − bare: what the endpoint's I/O costs in this runtime without Keyprobe's logic. */
  ioFloor: Difference;
  /** endpoint − control. */
  keyprobeOwn: Difference;
  parts: Difference[];
  /** endpoint − bare less the abuse-limit calls (stage:limits − stage:hash), per round: what Keyprobe adds besides them. */
  addedBesidesLimits: Difference;
  /** endpoint − endpoint again. */
  noiseFloor: Difference;
  /** Bytes of each arm's answer (last round). */
  bytes: Partial<Record<Arm, number>>;
  wallMs: number;
  /** Every sample, by arm, in round order (not written to the results). */
  raw: Record<Arm, number[]>;
}

function difference(label: string, a: number[], b: number[]): Difference {
  return {
    label,
    perRound: spread(a.map((v, i) => v - (b[i] as number))),
    quantiles: {
      p50: round(percentile(a, 50) - percentile(b, 50)),
      p90: round(percentile(a, 90) - percentile(b, 90)),
      p99: round(percentile(a, 99) - percentile(b, 99)),
    },
  };
}

export function summarize(raw: Record<Arm, number[]>, extra: Pick<LatencyResult, 'failed' | 'failures' | 'warmup' | 'bytes' | 'wallMs'>): LatencyResult {
  const d = (label: string, a: Arm, b: Arm) => difference(label, raw[a], raw[b]);
  return {
    rounds: raw.direct.length,
    ...extra,
    arms: Object.fromEntries(ARMS.map((arm) => [arm, spread(raw[arm])])) as Record<Arm, Spread>,
    added: d('endpoint − bare worker', 'endpoint', 'bare'),
    addedDevOverDirect: d('endpoint through the dev proxy − direct', 'endpointDev', 'direct'),
    devProxyHop: d("wrangler dev's proxy hop", 'endpointDev', 'endpoint'),
    ioFloor: d('control − bare worker', 'control', 'bare'),
    keyprobeOwn: d('endpoint − control', 'endpoint', 'control'),
    parts: PARTS.map((p) => d(p.label, p.a, p.b)),
    addedBesidesLimits: difference(
      'endpoint − bare worker, less the rate-limit and daily-cap calls',
      raw.endpoint.map((v, i) => v - ((raw['stage:limits'][i] as number) - (raw['stage:hash'][i] as number))),
      raw.bare,
    ),
    noiseFloor: d('endpoint − endpoint again', 'endpoint', 'endpointAgain'),
    raw,
  };
}

/** Blocks measured apart in time, as one. */
export function combine(blocks: LatencyResult[]): LatencyResult {
  const raw = Object.fromEntries(ARMS.map((arm) => [arm, blocks.flatMap((b) => b.raw[arm])])) as Record<Arm, number[]>;
  const failures: Partial<Record<Arm, number>> = {};
  for (const b of blocks) for (const [arm, n] of Object.entries(b.failures)) failures[arm as Arm] = (failures[arm as Arm] ?? 0) + (n ?? 0);
  return summarize(raw, {
    failed: blocks.reduce((t, b) => t + b.failed, 0),
    failures,
    warmup: blocks.reduce((t, b) => t + b.warmup, 0),
    bytes: blocks.at(-1)?.bytes ?? {},
    wallMs: blocks.reduce((t, b) => t + b.wallMs, 0),
  });
}

const VALIDATION_BODY = '{"provider":"mistral"}';

async function one(arm: Arm, s: Sites, key: string): Promise<{ ms: number; bytes: number; ok: boolean }> {
  if (arm === 'direct') {
    const res = await timedRequest(`${s.fake}/v1/models`, { headers: { Authorization: `Bearer ${key}`, Accept: 'application/json' } });
    return { ms: res.ms, bytes: res.bytes, ok: res.status === 200 && res.body.endsWith('}') };
  }
  const origin =
    arm === 'endpointDev' ? s.site.origin : arm === 'endpoint' || arm === 'endpointAgain' ? s.site.workerOrigin : arm === 'bare' ? s.bare.workerOrigin : arm === 'control' ? s.control.workerOrigin : s.stages.workerOrigin;
  const headers = endpointHeaders(origin, key);
  if (arm.startsWith('stage:')) headers['X-Bench-Stage'] = arm.slice('stage:'.length);
  const res = await timedRequest(`${origin}/api/test`, { method: 'POST', headers, body: VALIDATION_BODY });
  let ok = res.status === 200;
  if (ok) {
    const list = events(res.body);
    ok = list[0]?.type === 'validation' && list[0]?.verdict === 'valid' && list.at(-1)?.type === 'done';
  }
  return { ms: res.ms, bytes: res.bytes, ok };
}

export async function measureLatency(s: Sites, options: { rounds: number; warmup: number; log: (s: string) => void }): Promise<LatencyResult> {
  const raw = Object.fromEntries(ARMS.map((arm) => [arm, [] as number[]])) as Record<Arm, number[]>;
  const bytes: Partial<Record<Arm, number>> = {};
  const failures: Partial<Record<Arm, number>> = {};
  let failed = 0;
  const started = performance.now();
  for (let i = -options.warmup; i < options.rounds; i++) {
    const key = freshKey();
    await fakeControl(s.fake, '/__fake/assign', { key, scenario: 'validPaid' });
    const order = orderFor(i + options.warmup);
    const got: Partial<Record<Arm, number>> = {};
    let ok = true;
    for (const arm of order) {
      const r = await one(arm, s, key);
      got[arm] = r.ms;
      bytes[arm] = r.bytes;
      if (!r.ok) {
        ok = false;
        if (i >= 0) failures[arm] = (failures[arm] ?? 0) + 1;
      }
    }
    if (i < 0) continue;
    if (!ok) {
      failed++;
      continue;
    }
    for (const arm of ARMS) raw[arm].push(got[arm] as number);
    if ((i + 1) % 100 === 0) options.log(`  latency: ${i + 1}/${options.rounds}`);
  }
  return summarize(raw, { failed, failures, warmup: options.warmup, bytes, wallMs: Math.round(performance.now() - started) });
}

// ---------------------------------------------------------------------------------------------
// report

const ARM_NAMES: Record<Arm, string> = {
  direct: 'direct to the fake',
  bare: 'bare worker',
  control: 'control (the I/O, no logic)',
  'stage:bare': 'stage arm: bare work in the stage bundle',
  'stage:gate': 'stage arm: + gate',
  'stage:hash': 'stage arm: + hashing',
  'stage:limits': 'stage arm: + limits',
  'stage:run': 'stage arm: + provider logic',
  'stage:full': 'stage arm: full handler',
  endpoint: '**endpoint** (POST /api/test)',
  endpointDev: 'endpoint through the dev proxy',
  endpointAgain: 'endpoint, again',
};

const three = (s: { p50: number; p99: number }) => `p50 ${ms(s.p50)} / p99 ${ms(s.p99)}`;

export function latencySection(blocks: LatencyResult[]): Section {
  const l = blocks.length > 1 ? combine(blocks) : (blocks[0] as LatencyResult);
  const meets = l.added.perRound.p50 <= 1 && l.added.quantiles.p99 <= 3;
  const row = (name: string, s: Spread) => [name, String(s.n), s.p50.toFixed(2), s.p90.toFixed(2), s.p99.toFixed(2), s.min.toFixed(2), s.max.toFixed(2), s.mean.toFixed(2)];
  const diffRow = (d: Difference) => [d.label, d.perRound.p50.toFixed(2), d.perRound.p90.toFixed(2), d.perRound.p99.toFixed(2), d.quantiles.p50.toFixed(2), d.quantiles.p99.toFixed(2)];
  const partsSum = l.parts.reduce((t, p) => t + p.perRound.p50, 0);
  const limits = l.parts[PARTS.findIndex((p) => p.a === 'stage:limits')] as Difference;
  const besidesMeets = l.addedBesidesLimits.perRound.p50 <= 1 && l.addedBesidesLimits.quantiles.p99 <= 3;
  return {
    rows: [
      {
        figure: 'latency the endpoint adds over a bare worker',
        how: `POST /api/test (validation) vs the bare worker (same wrangler dev, same fake, same GET /v1/models, four NDJSON lines), both straight to their workerd; ${l.rounds} interleaved rounds of ${ARMS.length} arms in ${blocks.length} block(s); p50 of the per-round difference, p99 as the difference of the two p99s`,
        goal: '≤ 1 ms at p50, ≤ 3 ms at p99',
        measured: `p50 ${ms(l.added.perRound.p50)} / p99 ${ms(l.added.quantiles.p99)} (endpoint ${three(l.arms.endpoint)}; bare ${three(l.arms.bare)})`,
        pass: meets,
        notes: `besides the rate-limit and daily-cap calls (their stage arm's cost taken off each round): p50 ${ms(l.addedBesidesLimits.perRound.p50)} / p99 ${ms(l.addedBesidesLimits.quantiles.p99)}. Where it goes (p50 of per-round differences): ${l.parts.map((p) => `${p.label.replace(/ \(.*\)$/, '')} ${ms(p.perRound.p50)}`).join('; ')}. Noise floor (the endpoint against itself): p50 ${ms(l.noiseFloor.perRound.p50)}, p90 ${ms(l.noiseFloor.perRound.p90)}`,
        obstacle:
          `the two rate-limit calls and the daily counter, which the endpoint awaits before it calls the provider, take ${ms(limits.perRound.p50)} of the ${ms(l.added.perRound.p50)} at p50 ` +
          `(p99 of the per-round difference ${ms(limits.perRound.p99)}); in wrangler dev all three are SQLite-backed simulations in the same process, not Cloudflare's bindings. ` +
          `The control worker, which makes the same calls with none of Keyprobe's logic, is ${ms(l.ioFloor.perRound.p50)} over the bare worker at p50 and ${ms(l.ioFloor.quantiles.p99)} at p99. ` +
          `Besides those calls the endpoint adds p50 ${ms(l.addedBesidesLimits.perRound.p50)} / p99 ${ms(l.addedBesidesLimits.quantiles.p99)} (${besidesMeets ? 'within' : 'outside'} the goal), and ${ms(l.keyprobeOwn.perRound.p50)} at p50 over the control; ` +
          `the same endpoint measured twice differs by ${ms(l.noiseFloor.perRound.p50)} at p50 and its p99s by ${ms(Math.abs(l.noiseFloor.quantiles.p99))}, the resolution of a p99 from ${l.rounds} rounds here.`,
      },
      {
        figure: 'latency as wrangler dev serves it',
        how: 'the endpoint through wrangler dev’s proxy workerd (as a browser reaches it) over the fake called directly; the same rounds',
        goal: 'report (production has no dev proxy)',
        measured: `${three({ p50: l.addedDevOverDirect.perRound.p50, p99: l.addedDevOverDirect.quantiles.p99 })}, of which the dev proxy hop p50 ${ms(l.devProxyHop.perRound.p50)}`,
        pass: null,
      },
    ],
    text: [
      '## Latency (ms)',
      '',
      `Each round: one fresh key (assigned the fake's \`validPaid\` scenario), one validation request on each of ${ARMS.length} arms, in an order`,
      'rotating every round. Every worker arm runs in its own `wrangler dev` (same version, same config) and is reached on its',
      'workerd\'s own socket, without the dev proxy, except "through the dev proxy". The stage arms are bench/stages/worker.ts: the',
      "endpoint's own functions (src/server/test-endpoint.ts: admit, limit, run, respond) stopped after each stage, then the bare",
      "worker's work. Requests come from 256 client networks in turn, so the daily counters they meet already exist after round one.",
      '',
      ...table(['arm', 'n', 'p50', 'p90', 'p99', 'min', 'max', 'mean'], ARMS.map((arm) => row(ARM_NAMES[arm], l.arms[arm]))),
      '',
      'Differences (per round, and between quantiles):',
      '',
      ...table(
        ['difference', 'p50', 'p90', 'p99', 'p50 of a − p50 of b', 'p99 of a − p99 of b'],
        [l.added, ...l.parts, l.addedBesidesLimits, l.ioFloor, l.keyprobeOwn, l.devProxyHop, l.noiseFloor].map(diffRow),
      ),
      '',
      `The parts' p50s sum to ${ms(partsSum)} against ${ms(l.added.perRound.p50)} for the whole (medians of differences do not add exactly). ` +
        `Blocks: ${blocks.map((b, i) => `block ${i + 1} added p50 ${ms(b.added.perRound.p50)}, ${b.failed} failed`).join('; ')}. ` +
        `Failures by arm: ${Object.entries(l.failures).map(([a, n]) => `${a} ${n}`).join(', ') || 'none'}. ` +
        `Answer bytes: ${ARMS.map((a) => `${a} ${l.bytes[a] ?? '–'}`).join(', ')}.`,
      '',
    ],
    details: { latency: { combined: { ...l, raw: undefined }, blocks: blocks.map((b) => ({ ...b, raw: undefined })) } },
  };
}
