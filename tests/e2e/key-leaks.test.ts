/**
 * The promise, proven on the server side: a canary key pushed through every path (valid, each
 * error, faults, a provider that echoes the key, bad requests) never comes back in a response body
 * or header. The only place it may appear is the request to the provider, in its Authorization
 * header. (That it never appears in anything the Workers runtime printed is checked by
 * no-trace-left.test.ts, after every file has run, for the canaries of every file.)
 */
import { connect } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { assignScenario, canaryKey, leaksOf } from '../support/canary.ts';

const origin = inject('siteOrigin');
const fakes = [inject('fakePlatform'), inject('fakeCodestral')];

// Each request from a client network of its own (as the raw-HTTP files do): this file sends dozens
// a minute, and on the loopback network it would use up the per-minute limit the browser tests after it share.
let client = 0;

async function post(key: string, body: unknown, init: { method?: string; contentType?: string } = {}) {
  const response = await fetch(`${origin}/api/test`, {
    method: init.method ?? 'POST',
    headers: { 'Content-Type': init.contentType ?? 'application/json', Origin: origin, 'X-Api-Key': key, 'CF-Connecting-IP': `198.18.150.${client++ % 250}` },
    body: init.method === 'GET' ? undefined : JSON.stringify(body),
  });
  const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
  return { status: response.status, text: await response.text(), headers };
}

const fullRun = { provider: 'mistral', checks: ['chat', 'stream', 'embeddings', 'fim'], benchmark: { target: 'chat', runs: 1, maxTokens: 4 } };

describe('a canary key through every path', () => {
  const scenarios = [
    'validPaid',
    'unauthorizedDetail',
    'unauthorizedKong',
    'echoKey',
    'forbidden',
    'rateLimited',
    'rateLimitedRetryAfter',
    'zeroAllowance',
    'serverError',
    'cloudflare520',
    'malformedJson',
    'resetBeforeHeaders',
    'resetMidStream',
    'malformedSse',
    'streamNoDone',
    'redirectForeign',
    'redirectForeignHost',
    'hugeBody',
    'codestralOnly',
    'hang',
  ];
  for (const scenario of scenarios) {
    it(`${scenario}: not in the response body or headers`, async () => {
      const key = canaryKey();
      await assignScenario(fakes, key, scenario);
      const answer = await post(key, fullRun);
      expect(answer.status).toBe(200);
      expect(answer.text).toMatch(/"type":"done"/);
      expect(leaksOf(key, answer.text), answer.text).toEqual([]);
      expect(leaksOf(key, answer.headers)).toEqual([]);
    });
  }

  it('a provider that echoes the key in its error gets quoted without it', async () => {
    const key = canaryKey();
    await assignScenario(fakes, key, 'echoKey');
    const answer = await post(key, { provider: 'mistral' });
    expect(answer.text).toContain('[your key]');
  });

  it('bad requests: refused without repeating the key', async () => {
    const key = canaryKey();
    const answers = [
      await post(key, { provider: 'mistral' }, { method: 'GET' }),
      await post(key, { provider: 'mistral' }, { contentType: 'text/plain' }),
      await post(key, { provider: 'mistral', key }),
      await post(key, { provider: 'mistral', [key]: 1 }),
      await post(key, { provider: 'mistral', endpoint: key }),
      await post(key, { provider: key }),
      await post(key, { provider: 'mistral', benchmark: { target: 'chat', model: key } }),
      await post(`${key}${'x'.repeat(300)}`, { provider: 'mistral' }),
      await post(`${key} x`, { provider: 'mistral' }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(leaksOf(key, answer.text), answer.text).toEqual([]);
      expect(leaksOf(key, answer.headers)).toEqual([]);
    }
  });

  it('a key with bytes no client library would send (tab, UTF-8, DEL) is refused as it arrives on the wire', async () => {
    const { hostname, port } = new URL(origin);
    for (const suffix of ['\t', 'é', '\u007f', ' x']) {
      const key = canaryKey();
      const body = '{"provider":"mistral"}';
      const request = Buffer.concat([
        Buffer.from(`POST /api/test HTTP/1.1\r\nHost: ${hostname}:${port}\r\nOrigin: ${origin}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\nX-Api-Key: `),
        Buffer.from(`${key.slice(0, 16)}${suffix}${key.slice(16)}`, 'utf8'),
        Buffer.from(`\r\n\r\n${body}`),
      ]);
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => socket.end(request));
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });
      expect(raw, JSON.stringify(suffix)).toMatch(/^HTTP\/1\.1 400 /);
      expect(raw).toMatch(/"code":"key_(control|non_ascii|whitespace)"/);
      expect(leaksOf(key, raw)).toEqual([]);
    }
  });

  it('reaches the provider only in the Authorization header, and never follows a redirect', async () => {
    const key = canaryKey();
    await assignScenario(fakes, key, 'redirectForeign');
    await post(key, { provider: 'mistral' });
    const stats = (await (await fetch(`${fakes[0]}/__fake/stats`)).json()) as { trapHits: number };
    expect(stats.trapHits).toBe(0);
    const recorded = (await (await fetch(`${fakes[0]}/__fake/requests`)).json()) as { path: string; headers: Record<string, string>; body: string }[];
    const mine = recorded.filter((r) => r.headers.authorization === `Bearer ${key}`);
    expect(mine.length).toBeGreaterThan(0);
    for (const request of recorded) {
      expect(leaksOf(key, request.path)).toEqual([]);
      expect(leaksOf(key, request.body)).toEqual([]);
      const { authorization: _, ...otherHeaders } = request.headers;
      expect(leaksOf(key, JSON.stringify(otherHeaders))).toEqual([]);
    }
  });
});
