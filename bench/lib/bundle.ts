/**
 * The deployed worker's size: `wrangler deploy --dry-run --outdir` (bundles exactly as a deploy
 * would, contacts nothing) reports "Total Upload: X KiB / gzip: Y KiB", the gzip of all modules
 * concatenated, which is what Cloudflare's 3 MB (free) limit is about. The same is measured here
 * from the output files, with each module's share. Source maps are uploaded too but, per
 * Cloudflare, do not count towards the size limit; they are reported apart.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { offlineEnv } from '../../tests/support/offline-env.ts';
import { ROOT } from './procs.ts';
import { kib, table, type Section } from './report.ts';

export interface BundleResult {
  wranglerReport: { totalKiB: number; gzipKiB: number } | null;
  /** gzip (level 6, as wrangler does) of all modules concatenated, bytes. */
  gzipBytes: number;
  rawBytes: number;
  modules: { file: string; rawBytes: number; gzipBytes: number }[];
  sourceMaps: { rawBytes: number; gzipBytes: number; count: number };
  ok: boolean;
  output: string;
}

export function measureBundle(config: string): BundleResult {
  const outdir = mkdtempSync(join(tmpdir(), 'keyprobe-bench-deploy-'));
  try {
    const result = spawnSync(join(ROOT, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--config', config, '--outdir', outdir], {
      cwd: dirname(config),
      env: { ...process.env, ...offlineEnv, NO_COLOR: '1', FORCE_COLOR: '0' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const output = `${result.stdout}${result.stderr}`;
    const m = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(output);
    const files = readdirSync(outdir, { recursive: true })
      .map(String)
      .filter((f) => statSync(join(outdir, f)).isFile());
    const moduleFiles = files.filter((f) => /\.(m?js|cjs|wasm)$/.test(f)).sort();
    const mapFiles = files.filter((f) => f.endsWith('.map'));
    const contents = moduleFiles.map((f) => readFileSync(join(outdir, f)));
    const all = Buffer.concat(contents);
    const maps = Buffer.concat(mapFiles.map((f) => readFileSync(join(outdir, f))));
    return {
      wranglerReport: m ? { totalKiB: Number(m[1]), gzipKiB: Number(m[2]) } : null,
      gzipBytes: gzipSync(all).byteLength,
      rawBytes: all.byteLength,
      modules: moduleFiles
        .map((file, i) => ({ file, rawBytes: (contents[i] as Buffer).byteLength, gzipBytes: gzipSync(contents[i] as Buffer).byteLength }))
        .sort((a, b) => b.gzipBytes - a.gzipBytes),
      sourceMaps: { rawBytes: maps.byteLength, gzipBytes: gzipSync(maps).byteLength, count: mapFiles.length },
      ok: result.status === 0,
      output: output.slice(-2000),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function bundleSection(bundle: BundleResult): Section {
  return {
    rows: [
      {
        figure: 'bundle (compressed worker)',
        how: 'wrangler deploy --dry-run --outdir: gzip of all modules together (as wrangler reports it), checked against the output files',
        goal: '≤ 1 MB (Workers free plan limit: 3 MB)',
        measured: `${bundle.wranglerReport ? `${bundle.wranglerReport.gzipKiB} KiB gzip (${bundle.wranglerReport.totalKiB} KiB raw) by wrangler; ` : 'wrangler printed no size; '}${kib(bundle.gzipBytes)} gzip measured`,
        pass: bundle.ok && bundle.gzipBytes <= 1_000_000,
        obstacle: bundle.ok
          ? `largest modules: ${bundle.modules.slice(0, 3).map((m) => `${m.file} ${kib(m.gzipBytes)}`).join(', ')} (the budgets project in npm test names the one over its budget).`
          : 'wrangler deploy --dry-run did not finish: the bundle could not be measured.',
      },
    ],
    text: ['## Bundle', '', ...table(['module', 'raw', 'gzip'], bundle.modules.slice(0, 10).map((m) => [m.file, kib(m.rawBytes), kib(m.gzipBytes)])), ''],
    details: { bundle: { ...bundle, output: undefined } },
  };
}
