/**
 * Latency the endpoint adds: the same loopback fake upstream's GET /v1/models fetched directly,
 * and a validation-only POST /api/test (which makes that very call), interleaved, with the order
 * rotating every sample so drift and warm caches favour neither side. A third side goes straight
 * to the workerd running the worker, skipping wrangler dev's proxy workerd, which production does
 * not have: the difference between the two endpoint sides is that hop. A fourth side is the
 * control worker (bench/control/worker.js: the endpoint's I/O without its logic), also without the
 * proxy: what it adds over direct is the local runtime's floor; the endpoint minus the control is
 * Keyprobe's own share. A fifth side is the control without the rate-limit calls, which shows what
 * the local rate limiter (a SQLite-backed Durable Object in wrangler dev) costs. A sixth repeats the
 * endpoint side: the spread of that difference is the machine's noise floor for any per-pair figure.
 */
import { endpointHeaders, events, fakeControl, freshKey, timedRequest } from './http.ts';
import type { Site } from './procs.ts';
import { percentile, round, spread, type Spread } from './stats.ts';

type Side = 'direct' | 'proxied' | 'worker' | 'control' | 'controlNoLimits' | 'workerRepeat';
const SIDES: Side[] = ['direct', 'proxied', 'worker', 'control', 'controlNoLimits', 'workerRepeat'];

/** Rotations, forwards then backwards: every side is first, last, before and after every other. */
function orderFor(i: number): Side[] {
  const k = i % SIDES.length;
  const rotated = [...SIDES.slice(k), ...SIDES.slice(0, k)];
  return Math.floor(i / SIDES.length) % 2 === 0 ? rotated : rotated.reverse();
}

export interface LatencyResult {
  pairs: number;
  failed: number;
  warmup: number;
  /** Each side on its own, ms. */
  direct: Spread;
  proxied: Spread;
  worker: Spread;
  control: Spread;
  controlNoLimits: Spread;
  workerRepeat: Spread;
  /** Per-sample differences, ms. */
  addedViaWranglerDev: Spread;
  addedWithoutDevProxy: Spread;
  devProxyHop: Spread;
  /** Control minus direct: the local runtime's floor for this I/O. */
  runtimeFloor: Spread;
  /** Endpoint minus control (both without the dev proxy): Keyprobe's own share. */
  keyprobeOwn: Spread;
  /** Control minus control without rate limits: the local rate limiter's share of the floor. */
  localRateLimiter: Spread;
  /** Endpoint minus the same endpoint request repeated: what noise alone does to a per-pair difference. */
  noiseFloor: Spread;
  /** Quantile differences, endpoint − control (less noise in the tail than per-pair differences). */
  keyprobeOwnQuantiles: { p50: number; p90: number; p99: number };
  /** Bytes of each answer (last sample). */
  bytes: { direct: number; endpoint: number };
  wallMs: number;
  /** Every sample, by side, in pair order (not written to the results). */
  raw: Record<Side, number[]>;
}

export function summarize(raw: Record<Side, number[]>, extra: { failed: number; warmup: number; bytes: { direct: number; endpoint: number }; wallMs: number }): LatencyResult {
  const diff = (a: number[], b: number[]) => a.map((v, i) => v - (b[i] as number));
  return {
    pairs: raw.direct.length,
    ...extra,
    direct: spread(raw.direct),
    proxied: spread(raw.proxied),
    worker: spread(raw.worker),
    control: spread(raw.control),
    controlNoLimits: spread(raw.controlNoLimits),
    workerRepeat: spread(raw.workerRepeat),
    addedViaWranglerDev: spread(diff(raw.proxied, raw.direct)),
    addedWithoutDevProxy: spread(diff(raw.worker, raw.direct)),
    devProxyHop: spread(diff(raw.proxied, raw.worker)),
    runtimeFloor: spread(diff(raw.control, raw.direct)),
    keyprobeOwn: spread(diff(raw.worker, raw.control)),
    localRateLimiter: spread(diff(raw.control, raw.controlNoLimits)),
    noiseFloor: spread(diff(raw.worker, raw.workerRepeat)),
    keyprobeOwnQuantiles: {
      p50: round(percentile(raw.worker, 50) - percentile(raw.control, 50)),
      p90: round(percentile(raw.worker, 90) - percentile(raw.control, 90)),
      p99: round(percentile(raw.worker, 99) - percentile(raw.control, 99)),
    },
    raw,
  };
}

/** Two blocks measured apart in time, as one. */
export function combine(a: LatencyResult, b: LatencyResult): LatencyResult {
  const raw = Object.fromEntries(SIDES.map((side) => [side, [...a.raw[side], ...b.raw[side]]])) as Record<Side, number[]>;
  return summarize(raw, { failed: a.failed + b.failed, warmup: a.warmup + b.warmup, bytes: b.bytes, wallMs: a.wallMs + b.wallMs });
}

async function one(side: Side, site: Site, control: Site, fake: string, key: string): Promise<{ ms: number; bytes: number; ok: boolean }> {
  if (side === 'direct') {
    const res = await timedRequest(`${fake}/v1/models`, { headers: { Authorization: `Bearer ${key}`, Accept: 'application/json' } });
    return { ms: res.ms, bytes: res.bytes, ok: res.status === 200 && res.body.endsWith('}') };
  }
  const origin = side === 'proxied' ? site.origin : side === 'worker' || side === 'workerRepeat' ? site.workerOrigin : control.workerOrigin;
  const headers = endpointHeaders(origin, key);
  if (side === 'controlNoLimits') headers['X-Control-Skip-Limits'] = '1';
  const res = await timedRequest(`${origin}/api/test`, { method: 'POST', headers, body: '{"provider":"mistral"}' });
  let ok = res.status === 200;
  if (ok) {
    const list = events(res.body);
    ok = list[0]?.type === 'validation' && list[0]?.verdict === 'valid' && list.at(-1)?.type === 'done';
  }
  return { ms: res.ms, bytes: res.bytes, ok };
}

export async function measureLatency(site: Site, control: Site, fake: string, options: { pairs: number; warmup: number; log: (s: string) => void }): Promise<LatencyResult> {
  const samples: Record<Side, number[]> = { direct: [], proxied: [], worker: [], control: [], controlNoLimits: [], workerRepeat: [] };
  const bytes = { direct: 0, endpoint: 0 };
  let failed = 0;
  const started = performance.now();
  for (let i = -options.warmup; i < options.pairs; i++) {
    const key = freshKey();
    await fakeControl(fake, '/__fake/assign', { key, scenario: 'validPaid' });
    const order = orderFor(i + options.warmup);
    const got: Partial<Record<Side, number>> = {};
    let ok = true;
    for (const side of order) {
      const r = await one(side, site, control, fake, key);
      got[side] = r.ms;
      ok &&= r.ok;
      if (side === 'direct') bytes.direct = r.bytes;
      else if (side === 'proxied' || side === 'worker' || side === 'workerRepeat') bytes.endpoint = r.bytes;
    }
    if (i < 0) continue;
    if (!ok) {
      failed++;
      continue;
    }
    for (const side of order) samples[side].push(got[side] as number);
    if ((i + 1) % 100 === 0) options.log(`  latency: ${i + 1}/${options.pairs}`);
  }
  return summarize(samples, { failed, warmup: options.warmup, bytes, wallMs: Math.round(performance.now() - started) });
}
