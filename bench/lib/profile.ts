/**
 * Where a fresh isolate's first validation spends its CPU: V8's sampling profiler, driven over
 * wrangler dev's inspector (the Chrome DevTools protocol), around that one request, in fresh
 * isolates of the site's build (behind bench/stages/cold-entry.mjs, modules already evaluated) and
 * of the control worker. The cold-start row says how much; this says on what.
 *
 * Read it as a pointer, not a measurement: samples every 25 µs, and a native call (a Durable Object
 * stub, crypto, fetch) is counted in the JavaScript function that made it, waits included when the
 * runtime blocks the thread inside the call. Idle samples are left out.
 */
import { validation } from './coldstart.ts';
import { timedRequest } from './http.ts';
import { startSite, type Site } from './procs.ts';
import { table, type Section } from './report.ts';
import { round } from './stats.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One DevTools protocol session with the worker's isolate (through wrangler dev's inspector proxy). */
async function inspector(site: Site): Promise<{ send(method: string, params?: object): Promise<unknown>; close(): void }> {
  // The proxy refuses a WebSocket upgrade without an Origin it knows (undici sends a User-Agent).
  const ws = new WebSocket(`ws://127.0.0.1:${site.inspectorPort}/ws`, { headers: { Origin: 'http://localhost' } } as never);
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', () => reject(new Error('could not open the inspector')), { once: true });
  });
  let next = 0;
  const pending = new Map<number, (value: unknown) => void>();
  ws.addEventListener('message', (e) => {
    const message = JSON.parse(String(e.data)) as { id?: number; result?: unknown };
    // workerd answers some commands by echoing them (no `result`): an answer all the same.
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
    if (message.id !== undefined) pending.delete(message.id);
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        const timer = setTimeout(() => reject(new Error(`inspector: no answer to ${method}`)), 10_000);
        pending.set(id, (value) => (clearTimeout(timer), resolve(value)));
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

/** Self time (ms) by function, idle left out, for one profile. */
function selfTimes(profile: CpuProfile): Map<string, number> {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const times = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') return;
    const file = frame.url.split('/').pop() ?? '';
    const name = `${frame.functionName || '(anonymous)'}${file ? ` (${file}${frame.lineNumber >= 0 ? `:${frame.lineNumber + 1}` : ''})` : ' (native)'}`;
    times.set(name, (times.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  return times;
}

export interface ProfileResult {
  isolates: number;
  /** Mean self time per isolate, ms, largest first. */
  endpoint: [string, number][];
  control: [string, number][];
}

export async function profileFirstValidation(
  configs: { cold: string; control: string },
  fake: { platform: string; overrides: string },
  options: { runs: number; log: (s: string) => void },
): Promise<ProfileResult> {
  const totals = { endpoint: new Map<string, number>(), control: new Map<string, number>() };
  for (let r = 0; r < options.runs; r++) {
    for (const arm of ['endpoint', 'control'] as const) {
      options.log(`  profile: ${arm}, fresh isolate ${r + 1}/${options.runs}`);
      const site = await startSite({ overrides: fake.overrides, config: arm === 'endpoint' ? configs.cold : configs.control });
      try {
        if (arm === 'endpoint') await timedRequest(`${site.workerOrigin}/__bench/load`);
        const session = await inspector(site);
        try {
          await session.send('Profiler.enable');
          await session.send('Profiler.setSamplingInterval', { interval: 25 });
          await session.send('Profiler.start');
          await validation(site, fake.platform);
          const { profile } = (await session.send('Profiler.stop')) as { profile: CpuProfile };
          for (const [name, t] of selfTimes(profile)) totals[arm].set(name, (totals[arm].get(name) ?? 0) + t);
        } finally {
          session.close();
        }
      } finally {
        await site.stop();
      }
    }
  }
  const mean = (m: Map<string, number>) => [...m].map(([k, v]) => [k, round(v / options.runs, 2)] as [string, number]).sort((a, b) => b[1] - a[1]);
  return { isolates: options.runs, endpoint: mean(totals.endpoint), control: mean(totals.control) };
}

export function profileSection(p: ProfileResult, top = 12): Section {
  const sum = (rows: [string, number][]) => round(rows.reduce((t, [, v]) => t + v, 0), 2);
  const rows = (list: [string, number][]) => list.slice(0, top).map(([name, v]) => [name, v.toFixed(2)]);
  return {
    rows: [
      {
        figure: 'cold start: where the first validation’s CPU goes',
        how: `V8's sampling profiler over the inspector, 25 µs, the first validation of ${p.isolates} fresh isolates (modules already evaluated), idle left out; mean per isolate`,
        goal: 'report',
        measured: `endpoint ${sum(p.endpoint).toFixed(2)} ms sampled, control ${sum(p.control).toFixed(2)} ms; largest: ${p.endpoint.slice(0, 3).map(([n, v]) => `${n.split(' ')[0]} ${v.toFixed(2)} ms`).join(', ')}`,
        pass: null,
      },
    ],
    text: [
      '## Cold start profile (ms of self time, mean per fresh isolate)',
      '',
      'A native call (the Durable Object stub, crypto, fetch) counts in the JavaScript function that made it, with any wait',
      "inside it; entry.mjs is Keyprobe's built worker, worker.js the control. A pointer to where the CPU goes, not a measurement.",
      '',
      ...table(['endpoint: function', 'ms'], rows(p.endpoint)),
      '',
      ...table(['control: function', 'ms'], rows(p.control)),
      '',
    ],
    details: { profile: p },
  };
}
