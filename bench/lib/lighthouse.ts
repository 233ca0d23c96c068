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
import { freePort, track } from './procs.ts';

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
  const chrome = await launchChromium();
  let run: Omit<LighthouseRun, 'netLogForeignHosts' | 'netLogForeignAddresses'>;
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
    };
  } catch (error) {
    await chrome.stop();
    throw error;
  }
  const seen = await chrome.stop();
  return { ...run, netLogForeignHosts: seen.hosts, netLogForeignAddresses: seen.addresses };
}
