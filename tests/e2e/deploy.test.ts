/**
 * The build is deployable: `wrangler deploy --dry-run` bundles the built worker exactly as
 * `npm run deploy` would, without contacting Cloudflare.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { offlineEnv } from '../support/offline-env.ts';

describe('deploy', () => {
  it('wrangler deploy --dry-run accepts the built worker and its assets', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'keyprobe-deploy-'));
    const result = spawnSync('node_modules/.bin/wrangler', ['deploy', '--dry-run', '--outdir', outdir], {
      env: { ...process.env, ...offlineEnv, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status, output).toBe(0);
    expect(output).toMatch(/--dry-run: exiting now/);
    const bundled = readdirSync(outdir, { recursive: true }).map(String).filter((f) => f.endsWith('.mjs') || f.endsWith('.js'));
    expect(bundled.length).toBeGreaterThan(0);
    expect(bundled.reduce((total, f) => total + statSync(join(outdir, f)).size, 0)).toBeGreaterThan(0);
  });
});
