/**
 * What the deployment is allowed to record and send: the Worker's configuration keeps every
 * logging feature off and binds no storage but the daily counter, and every response carries the
 * security headers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { browserDirectOrigins } from '../../src/integrations/security-headers.ts';

const origin = inject('siteOrigin');

/** wrangler.jsonc allows // comments; this file only has whole-line ones. */
function readJsonc(path: string): Record<string, unknown> {
  const text = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n');
  return JSON.parse(text) as Record<string, unknown>;
}

describe('Worker configuration', () => {
  for (const path of ['wrangler.jsonc', 'dist/server/wrangler.json']) {
    it(`${path}: no logs, traces, tail consumers, Logpush or storage bindings but the daily counter`, () => {
      const config = readJsonc(path);
      expect(config.observability).toEqual({ enabled: false });
      expect(config.tail_consumers ?? []).toEqual([]);
      expect(config.logpush ?? false).toBe(false);
      for (const storage of ['kv_namespaces', 'd1_databases', 'r2_buckets', 'queues', 'durable_objects', 'vectorize', 'analytics_engine_datasets', 'hyperdrive']) {
        const value = config[storage];
        const bindings = Array.isArray(value) ? value : ((value as { bindings?: unknown[]; producers?: unknown[] } | undefined)?.bindings ?? (value as { producers?: unknown[] } | undefined)?.producers ?? []);
        // The one storage binding is the daily cap's counter (counts only; src/server/daily-cap.ts).
        expect(bindings, storage).toEqual(storage === 'durable_objects' ? [{ name: 'DAILY_CAP', class_name: 'DailyCap' }] : []);
      }
      const limits = config.ratelimits as { name: string; simple: { limit: number; period: number } }[];
      expect(limits.map((l) => l.name).sort()).toEqual(['LIMIT_BY_IP', 'LIMIT_BY_KEY']);
      for (const limit of limits) expect(limit.simple.limit).toBeLessThanOrEqual(60);
      expect((config.vars as Record<string, string>).UPSTREAM_OVERRIDES).toBe('');
    });
  }
});

describe('security headers', () => {
  it('every page: strict CSP, no referrer, nosniff, HSTS, permissions policy', async () => {
    for (const path of ['/', '/mistral/', '/mistral/errors/401/', '/search/', '/security/', '/no-such-page/']) {
      const response = await fetch(`${origin}${path}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
      expect(directives['default-src'], path).toEqual(["'self'"]);
      // The site's endpoint, plus the providers a page may call itself ("Test from this browser"),
      // exactly as the provider data lists them (tests/unit/browser-direct.test.ts derives the list).
      expect(directives['connect-src'], path).toEqual(["'self'", ...browserDirectOrigins()]);
      expect(directives['object-src'], path).toEqual(["'none'"]);
      expect(directives['base-uri'], path).toEqual(["'none'"]);
      expect(directives['frame-ancestors'], path).toEqual(["'none'"]);
      expect(directives['script-src']?.every((s: string) => s === "'self'" || s === "'wasm-unsafe-eval'" || s.startsWith("'sha256-")), path).toBe(true);
      expect(csp, path).not.toContain('unsafe-inline');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      // Preload-eligible: at least a year, subdomains, preload (hstspreload.org's requirements).
      const hsts = response.headers.get('strict-transport-security') ?? '';
      expect(Number(/max-age=(\d+)/.exec(hsts)?.[1]), path).toBeGreaterThanOrEqual(31_536_000);
      expect(hsts.split(';').map((d) => d.trim()), path).toEqual(expect.arrayContaining(['includeSubDomains', 'preload']));
      expect(response.headers.get('permissions-policy')).toContain('camera=()');
    }
  });

  it('the endpoint: no-store and a deny-all CSP on every answer, streamed or not', async () => {
    const refused = await fetch(`${origin}/api/test`, { method: 'GET' });
    const streamed = await fetch(`${origin}/api/test`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin, 'X-Api-Key': 'FakeUnauthorizedDetail0000000000' },
      body: '{"provider":"mistral"}',
    });
    for (const response of [refused, streamed]) {
      expect(response.headers.get('cache-control')).toContain('no-store');
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security')).toContain('preload');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      await response.arrayBuffer();
    }
    expect(streamed.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
  });
});
