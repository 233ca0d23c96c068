/**
 * Lighthouse (devDependency, pinned) against Debian's Chromium, on pages served by wrangler dev:
 * its default mobile run (Moto G class screen, simulated slow 4G and 4× CPU slowdown). Chromium
 * gets a fresh profile per run, the flags the project's browser tests use, and a resolver that
 * finds nothing but loopback, so neither it nor Lighthouse can reach the network. Every URL the
 * page requested is kept, and any that is not loopback is reported.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { CHROMIUM, CHROMIUM_FLAGS } from '../../tests/support/browser.ts';
import { loadavg } from './machine.ts';
import { freePort, track } from './procs.ts';
import { table, type Section } from './report.ts';

/** The browser tests' flags, plus --headless (Lighthouse launches Chromium itself). */
export const CHROME_FLAGS = ['--headless', ...CHROMIUM_FLAGS];

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

export interface LighthouseRun {
  path: string;
  scores: Record<(typeof CATEGORIES)[number], number | null>;
  /** Audits below a full score in the four categories (weight > 0 or failing). */
  shortfalls: { category: string; id: string; title: string; score: number | null; displayValue?: string }[];
  metrics: { fcpMs?: number; lcpMs?: number; tbtMs?: number; cls?: number; speedIndexMs?: number };
  /** Requests the page made that were not to loopback (Lighthouse's network-requests audit). */
  offMachineRequests: string[];
  /** Hosts other than loopback named anywhere in Chromium's net log (background requests, lookups). */
  netLogForeignHosts: string[];
  /**
   * Remote addresses of connect events that are not loopback. A UDP "connect" sends nothing: it is
   * how Chromium asks the kernel whether IPv6 is routable (to 2001:4860:4860::8888, Google DNS).
   */
  netLogForeignAddresses: string[];
  lighthouseVersion: string;
  chromeVersion: string;
  /** Lighthouse's own CPU speed probe for this run (higher is faster); simulated throttling scales from it. */
  benchmarkIndex: number | null;
  runWarnings: string[];
  /** The machine's 1-minute load average when the run started and when it ended. */
  load: [number, number];
  /** Why a category has no score: Lighthouse's runtime error, or the first metric audit that errored. */
  error: string | null;
}

/**
 * Chromium's net log (one event a line after the constants; cut short if Chromium is killed):
 * hosts of URL requests and lookups, and remote addresses of connect events, other than loopback.
 */
function readNetLog(path: string): { hosts: string[]; addresses: string[] } {
  const hosts = new Set<string>();
  const addresses = new Set<string>();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { hosts: ['(no net log written)'], addresses: [] };
  }
  const typesMatch = /"logEventTypes":(\{[^}]*\})/.exec(text);
  const names = new Map<number, string>(typesMatch ? Object.entries(JSON.parse(typesMatch[1] as string) as Record<string, number>).map(([k, v]) => [v, k]) : []);
  const loopback = /^(127\.\d+\.\d+\.\d+|localhost|\[?::1\]?)$/;
  for (const line of text.split('\n')) {
    if (!line.startsWith('{"params"') && !line.startsWith('{"phase"') && !line.startsWith('{"source"') && !line.startsWith('{"time"')) continue;
    let event: { type?: number; params?: Record<string, unknown> };
    try {
      event = JSON.parse(line.replace(/,\s*$/, '')) as typeof event;
    } catch {
      continue;
    }
    const type = names.get(event.type ?? -1) ?? '';
    const params = event.params ?? {};
    for (const field of ['url', 'host']) {
      const value = params[field];
      if (typeof value !== 'string') continue;
      let host = value;
      try {
        host = new URL(value).hostname;
      } catch {
        // a bare host name
      }
      if (host && !loopback.test(host) && host !== '~notfound' && !/^(about|data|chrome|devtools|blob)$/.test(host)) hosts.add(host);
    }
    // Connect events name the remote end; UDP_LOCAL_ADDRESS and the like name this machine.
    if (/CONNECT/.test(type) && typeof params.address === 'string') {
      const host = params.address.replace(/:\d+$/, '');
      if (!loopback.test(host)) addresses.add(`${type} ${params.address}`);
    }
  }
  return { hosts: [...hosts].sort(), addresses: [...addresses].sort() };
}

async function launchChromium(): Promise<{ port: number; stop: () => Promise<{ hosts: string[]; addresses: string[] }> }> {
  const profile = mkdtempSync(join(tmpdir(), 'keyprobe-lighthouse-'));
  const port = await freePort();
  const netLog = join(profile, 'netlog.json');
  const args = [...CHROME_FLAGS, `--user-data-dir=${profile}`, `--remote-debugging-port=${port}`, `--log-net-log=${netLog}`, 'about:blank'];
  const child = spawn(CHROMIUM, args, {
    stdio: 'ignore',
    detached: true,
  });
  track(child);
  const until = Date.now() + 20_000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/json/version`, { signal: AbortSignal.timeout(500) });
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > until || child.exitCode !== null) throw new Error('Chromium did not start');
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    port,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-(child.pid as number), 'SIGTERM');
      } catch {
        // gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // gone
      }
      const seen = readNetLog(netLog);
      rmSync(profile, { recursive: true, force: true });
      return seen;
    },
  };
}

export async function runLighthouse(origin: string, path: string): Promise<LighthouseRun> {
  const loadBefore = loadavg()[0];
  const chrome = await launchChromium();
  let run: Omit<LighthouseRun, 'netLogForeignHosts' | 'netLogForeignAddresses' | 'load'>;
  try {
    const result = await lighthouse(`${origin}${path}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
    if (!result) throw new Error('Lighthouse returned nothing');
    const lhr = result.lhr;
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, lhr.categories[c]?.score === null || lhr.categories[c] === undefined ? null : Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as LighthouseRun['scores'];
    const shortfalls: LighthouseRun['shortfalls'] = [];
    for (const c of CATEGORIES) {
      for (const ref of lhr.categories[c]?.auditRefs ?? []) {
        const audit = lhr.audits[ref.id];
        if (!audit || audit.scoreDisplayMode === 'notApplicable' || audit.scoreDisplayMode === 'informative' || audit.scoreDisplayMode === 'manual') continue;
        if (audit.score !== null && audit.score >= 1) continue;
        if (audit.score === null && audit.scoreDisplayMode !== 'error') continue;
        if (ref.weight === 0 && (audit.score ?? 0) >= 0.9) continue;
        shortfalls.push({ category: c, id: ref.id, title: audit.title, score: audit.score, ...(audit.displayValue ? { displayValue: audit.displayValue } : {}) });
      }
    }
    const numeric = (id: string) => lhr.audits[id]?.numericValue;
    const requests = (lhr.audits['network-requests']?.details as { items?: { url?: string }[] } | undefined)?.items ?? [];
    const offMachineRequests = requests
      .map((r) => r.url ?? '')
      .filter((u) => /^https?:/.test(u) && !/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(u));
    run = {
      path,
      scores,
      shortfalls,
      metrics: {
        fcpMs: numeric('first-contentful-paint'),
        lcpMs: numeric('largest-contentful-paint'),
        tbtMs: numeric('total-blocking-time'),
        cls: numeric('cumulative-layout-shift'),
        speedIndexMs: numeric('speed-index'),
      },
      offMachineRequests,
      lighthouseVersion: lhr.lighthouseVersion,
      chromeVersion: lhr.environment?.hostUserAgent ?? '',
      benchmarkIndex: lhr.environment?.benchmarkIndex ?? null,
      runWarnings: lhr.runWarnings ?? [],
      error: lhr.runtimeError
        ? `${lhr.runtimeError.code}: ${lhr.runtimeError.message}`
        : (Object.values(lhr.audits)
            .filter((a) => a.scoreDisplayMode === 'error')
            .map((a) => `${a.id}: ${a.errorMessage ?? 'error'}`)[0] ?? null),
    };
  } catch (error) {
    await chrome.stop();
    throw error;
  }
  const seen = await chrome.stop();
  return { ...run, netLogForeignHosts: seen.hosts, netLogForeignAddresses: seen.addresses, load: [loadBefore, loadavg()[0]] };
}

/** The pages Lighthouse scores: the home page, a guide with the tester, an error page. */
export const LIGHTHOUSE_PAGES = ['/', '/mistral/', '/mistral/errors/429/'];

/** A run in which every category got a score; Lighthouse leaves one null when its trace or a metric fails. */
const scored = (r: LighthouseRun) => CATS.every((c) => r.scores[c] !== null);

/** Extra runs a page may take when one could not be scored; every run, scored or not, is reported. */
const RETRIES = 2;

/**
 * Each page until it has `runs` scored runs (at most RETRIES more attempts), pages interleaved
 * (run 1 of each, then run 2 of each, ...). An unscored run is retried rather than read as a
 * score of 0: it says nothing about the page, and the report lists it with its error.
 */
export async function runLighthouseSuite(origin: string, runs: number, log: (s: string) => void): Promise<LighthouseRun[]> {
  const out: LighthouseRun[] = [];
  const retries = new Map<string, number>();
  for (let i = 0; i < runs; i++) {
    for (const path of LIGHTHOUSE_PAGES) {
      for (;;) {
        log(`lighthouse: ${path} run ${i + 1}/${runs}`);
        const run = await runLighthouse(origin, path);
        out.push(run);
        if (scored(run) || (retries.get(path) ?? 0) >= RETRIES) break;
        retries.set(path, (retries.get(path) ?? 0) + 1);
        log(`  not scored (${run.error ?? 'no error given'}); again`);
      }
    }
  }
  return out;
}

const CATS = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const GOAL: Record<(typeof CATS)[number], number> = { performance: 98, accessibility: 100, 'best-practices': 100, seo: 100 };

/** `requested`: the scored runs each page was to have. */
export function lighthouseSection(lighthouse: LighthouseRun[], requested: number): Section {
  const rows: Section['rows'] = [];
  for (const path of [...new Set(lighthouse.map((r) => r.path))]) {
    const all = lighthouse.filter((r) => r.path === path);
    const runs = all.filter(scored);
    const unscored = all.filter((r) => !scored(r));
    const lowest = Object.fromEntries(CATS.map((c) => [c, Math.min(...runs.map((r) => r.scores[c] ?? 0))])) as Record<(typeof CATS)[number], number>;
    rows.push({
      figure: `page quality ${path}`,
      how: `Lighthouse ${all[0]?.lighthouseVersion ?? ''} (mobile, simulated throttling) on Debian Chromium, fresh profile, ${requested} scored runs, lowest score of each category`,
      goal: 'performance ≥ 98; accessibility, best practices, SEO 100',
      measured:
        runs.length > 0
          ? `${CATS.map((c) => `${c} ${lowest[c]}`).join(', ')} (1-minute load during the runs ${Math.min(...all.map((r) => r.load[0]))}–${Math.max(...all.map((r) => r.load[1]))})`
          : 'no run could be scored',
      pass: runs.length >= requested && CATS.every((c) => lowest[c] >= GOAL[c]),
      notes: unscored.length > 0 ? `${unscored.length} more run(s) could not be scored and were run again: ${unscored.map((r) => r.error ?? 'no error given').join('; ')}` : undefined,
      obstacle: [
        ...(runs.length < requested ? [`${runs.length} of ${requested} runs could be scored: ${unscored.map((r) => r.error ?? 'no error given').join('; ')}`] : []),
        ...CATS.filter((c) => lowest[c] < GOAL[c]).map((c) => {
          const worst = runs.reduce((a, b) => ((b.scores[c] ?? 0) < (a.scores[c] ?? 0) ? b : a));
          const audits = worst.shortfalls.filter((f) => f.category === c).map((f) => `${f.id}${f.displayValue ? ` (${f.displayValue})` : ''}`);
          return `${c} ${lowest[c]} in a run started at load ${worst.load[0]} (FCP ${Math.round(worst.metrics.fcpMs ?? 0)} ms, LCP ${Math.round(worst.metrics.lcpMs ?? 0)} ms, TBT ${Math.round(worst.metrics.tbtMs ?? 0)} ms); audits below 1: ${audits.join(', ') || 'none'}`;
        }),
      ].join('; '),
    });
  }
  const foreign = [...new Set(lighthouse.flatMap((r) => r.netLogForeignHosts))];
  const addresses = [...new Set(lighthouse.flatMap((r) => r.netLogForeignAddresses))];
  return {
    rows,
    text: [
      '## Lighthouse',
      '',
      ...table(
        ['page', 'run', 'load (start → end)', 'perf', 'a11y', 'best practices', 'SEO', 'FCP', 'LCP', 'TBT', 'CLS', 'CPU index', 'below 1'],
        lighthouse.map((r, i) => [
          r.path,
          String(lighthouse.slice(0, i + 1).filter((x) => x.path === r.path).length),
          `${r.load[0]} → ${r.load[1]}`,
          String(r.scores.performance),
          String(r.scores.accessibility),
          String(r.scores['best-practices']),
          String(r.scores.seo),
          `${Math.round(r.metrics.fcpMs ?? 0)} ms`,
          `${Math.round(r.metrics.lcpMs ?? 0)} ms`,
          `${Math.round(r.metrics.tbtMs ?? 0)} ms`,
          (r.metrics.cls ?? 0).toFixed(3),
          String(r.benchmarkIndex ?? '–'),
          r.error !== null && !scored(r) ? `not scored: ${r.error}` : r.shortfalls.map((s) => `${s.id}${s.displayValue ? ` (${s.displayValue})` : ''}`).join(', ') || '–',
        ]),
      ),
      '',
      'The performance score is computed under simulated throttling from the CPU time Chromium spends here, so it drops when the',
      'machine is loaded; "load" is the 1-minute load average at each run\'s start and end, "CPU index" Lighthouse\'s own speed probe.',
      '',
      `Network: the pages requested ${lighthouse.some((r) => r.offMachineRequests.length > 0) ? `off-machine URLs: ${[...new Set(lighthouse.flatMap((r) => r.offMachineRequests))].join(', ')}` : 'nothing off the machine'}. ` +
        `Chromium itself tried ${foreign.length > 0 ? foreign.join(', ') : 'no other host'} despite the flags; the loopback-only resolver rule made every lookup fail` +
        `${addresses.length > 0 ? `, and the only non-loopback connect events were ${addresses.join(', ')} (Chromium's IPv6 route probe: a UDP connect sends no packet)` : ', and no connection to another address was made'}.`,
      '',
    ],
    details: { lighthouse },
  };
}
