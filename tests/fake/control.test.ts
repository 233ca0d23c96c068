// The control surface (/__fake/*), request recording, close(), and the CLI.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_KEYS, startFakeMistral } from '../fakes/mistral/server.ts';
import type { FakeMistral, RecordedRequest } from '../fakes/mistral/server.ts';
import { CHAT, getJson, postJson } from './helpers.ts';

let fake: FakeMistral;
beforeAll(async () => { fake = await startFakeMistral(); });
afterAll(async () => { await fake.close(); });
beforeEach(() => { fake.reset(); });

describe('recording and control endpoints', () => {
  it('POST /__fake/assign makes any key act as a scenario; GET /__fake/stats reports trap hits', async () => {
    const canary = 'Zq8Xw3Ve5Rt7Yu9Io1Pa2Sd4Fg6Hj0Kl';
    const before = await getJson(fake.origin, '/v1/models', canary);
    expect(before.status).toBe(401);
    const res = await fetch(`${fake.origin}/__fake/assign`, { method: 'POST', body: JSON.stringify({ key: canary, scenario: 'forbidden' }) });
    expect(res.status).toBe(200);
    expect((await getJson(fake.origin, '/v1/models', canary)).status).toBe(403);
    expect((await fetch(`${fake.origin}/__fake/assign`, { method: 'POST', body: JSON.stringify({ key: canary, scenario: 'nope' }) })).status).toBe(400);
    await fetch(`${fake.origin}/__fake/trap`);
    expect(await (await fetch(`${fake.origin}/__fake/stats`)).json()).toEqual({ trapHits: 1, lastHugeBody: null });
    fake.reset();
    expect((await getJson(fake.origin, '/v1/models', canary)).status).toBe(401);
  });

  it('records method, path (with query), headers and body of every API request, not of control requests', async () => {
    const before = performance.timeOrigin + performance.now();
    await postJson(fake.origin, '/v1/chat/completions', FAKE_KEYS.validPaid, CHAT);
    await getJson(fake.origin, '/v1/models?provider=mistral', FAKE_KEYS.unauthorizedDetail);
    await fetch(`${fake.origin}/__fake/requests`);
    expect(fake.requests).toHaveLength(2);
    const [a, b] = fake.requests as [RecordedRequest, RecordedRequest];
    expect(a).toMatchObject({ method: 'POST', path: '/v1/chat/completions', body: JSON.stringify(CHAT) });
    expect(a.headers['authorization']).toBe(`Bearer ${FAKE_KEYS.validPaid}`);
    expect(a.headers['content-type']).toBe('application/json');
    expect(a.at).toBeGreaterThanOrEqual(before - 1);
    expect(b).toMatchObject({ method: 'GET', path: '/v1/models?provider=mistral', body: '' });
    expect(b.at).toBeGreaterThanOrEqual(a.at);
    const remote = (await (await fetch(`${fake.origin}/__fake/requests`)).json()) as RecordedRequest[];
    expect(remote).toEqual(fake.requests);
  });

  it('POST /__fake/reset clears records, timing, rate-limit state and trap hits', async () => {
    await getJson(fake.origin, '/v1/models', FAKE_KEYS.validFree);
    await fetch(`${fake.origin}/__fake/trap`);
    fake.setTiming('validFree', { headersMs: 500 });
    expect([fake.requests.length, fake.trapHits]).toEqual([1, 1]);
    const res = await fetch(`${fake.origin}/__fake/reset`, { method: 'POST' });
    expect(await res.json()).toEqual({ ok: true });
    expect([fake.requests.length, fake.trapHits]).toEqual([0, 0]);
    // The free key's last-request time and timing are gone: an immediate request is a fast 200.
    const t0 = performance.now();
    const again = await getJson(fake.origin, '/v1/models', FAKE_KEYS.validFree);
    expect(again.status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(again.headers.get('x-ratelimit-remaining-req-minute')).toBe('59');
  });

  it('control paths need no auth; unknown control paths are 404', async () => {
    expect((await fetch(`${fake.origin}/__fake/requests`)).status).toBe(200);
    expect((await fetch(`${fake.origin}/__fake/nothing`)).status).toBe(404);
    expect((await fetch(`${fake.origin}/__fake/reset`)).status).toBe(404); // GET is not a reset
  });

  it('close() resolves even while a request hangs, and the port stops answering', async () => {
    const other = await startFakeMistral();
    const pending = fetch(`${other.origin}/v1/models`, { headers: { authorization: `Bearer ${FAKE_KEYS.hang}` } }).then(() => 'answered', () => 'failed');
    await new Promise((r) => setTimeout(r, 20));
    expect(other.requests).toHaveLength(1);
    await other.close();
    expect(await pending).toBe('failed');
    const after = await fetch(`${other.origin}/v1/models`).then(() => 'answered', () => 'refused');
    expect(after).toBe('refused');
  });

  it('listens on 127.0.0.1 only', () => {
    expect(fake.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.role).toBe('platform');
  });
});

describe('cli.ts', () => {
  it('starts both fakes, prints the origin/override JSON line, serves, and exits on SIGTERM', async () => {
    const cli = fileURLToPath(new URL('../fakes/mistral/cli.ts', import.meta.url));
    const child = spawn(process.execPath, [cli, '--port', '0', '--codestral-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        const rl = createInterface({ input: child.stdout });
        rl.once('line', resolve);
        child.once('exit', (code) => reject(new Error(`cli exited early (${String(code)})`)));
      });
      const info = JSON.parse(line) as { platform: string; codestral: string; overrides: Record<string, string> };
      expect(info.overrides).toEqual({
        'https://api.mistral.ai': info.platform,
        'https://api.eu.mistral.ai': info.platform,
        'https://api.us.mistral.ai': info.platform,
        'https://codestral.mistral.ai': info.codestral,
      });
      expect((await getJson(info.platform, '/v1/models', FAKE_KEYS.validPaid)).status).toBe(200);
      expect((await getJson(info.codestral, '/v1/models', FAKE_KEYS.codestralOnly)).status).toBe(404);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
