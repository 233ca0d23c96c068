/**
 * HTTPS only where it matters: when the request's host is not loopback, a key that arrived over
 * plain http: is refused before anything else happens, is sent nowhere, and the answer says to
 * replace it (it crossed the network in clear). Loopback (wrangler dev, npm start, the demo) keeps
 * working over http:. Raw requests to `wrangler dev` with the Host header a visitor's browser
 * would send.
 */
import { describe, expect, inject, it } from 'vitest';
import { canaryKey, leaksOf } from '../support/canary.ts';
import { sendRaw, type RawResponse } from '../support/raw-http.ts';

const origin = inject('siteOrigin');
const fakes = [inject('fakePlatform'), inject('fakeCodestral')];
const { port } = new URL(origin);
let ip = 0;

function post(host: string, key: string | null, extra: [string, string][] = [], method = 'POST'): Promise<RawResponse> {
  const headers: [string, string][] = [['Host', host], ['Origin', `http://${host}`], ['Content-Type', 'application/json'], ['CF-Connecting-IP', `198.18.200.${ip++}`], ...extra];
  if (key !== null) headers.push(['X-Api-Key', key]);
  return sendRaw(origin, { method, target: '/api/test', headers, body: method === 'GET' ? undefined : '{"provider":"mistral"}' });
}

const errorOf = (response: RawResponse) => (JSON.parse(response.body.toString('utf8')) as { error: { code: string; message: string } }).error;

async function keysSeenUpstream(): Promise<string> {
  const recorded = await Promise.all(fakes.map(async (fake) => (await (await fetch(`${fake}/__fake/requests`)).json()) as { headers: Record<string, string> }[]));
  return JSON.stringify(recorded.flat().map((r) => r.headers.authorization ?? ''));
}

const remoteHosts = ['keyprobe.dev', 'keyprobe.example:8080', 'localhost.evil.example', '127.0.0.1.nip.io', '192.168.1.10', '10.0.0.1:4321', '[2001:db8::1]', 'KEYPROBE.DEV'];

describe('HTTPS only where it matters', () => {
  it('a key sent over plain http: to a host that is not loopback is refused, sent nowhere, and the answer says to replace it', async () => {
    const keys: string[] = [];
    for (const host of remoteHosts) {
      const key = canaryKey();
      keys.push(key);
      const response = await post(host, key);
      expect(response.status, host).toBe(403);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const error = errorOf(response);
      expect(error.code, host).toBe('https_required');
      expect(error.message).toMatch(/revoke it/);
      expect(error.message).toMatch(/crossed the network unencrypted/);
      expect(error.message).toContain('https://');
      expect(error.message.toLowerCase(), 'the Host header is not repeated').not.toContain(host.toLowerCase().replace(/:\d+$/, ''));
      expect(leaksOf(key, response.raw)).toEqual([]);
    }
    const upstream = await keysSeenUpstream();
    for (const key of keys) expect(leaksOf(key, upstream), 'the key went on to the provider').toEqual([]);
  });

  it('the refusal comes first: a GET, a foreign Origin or a bad body over http: gets it too', async () => {
    for (const [label, response] of [
      ['GET', await post('keyprobe.dev', canaryKey(), [], 'GET')],
      ['foreign Origin', await sendRaw(origin, { method: 'POST', target: '/api/test', headers: [['Host', 'keyprobe.dev'], ['Origin', 'https://evil.example'], ['X-Api-Key', canaryKey()]], body: 'x' })],
      ['X-Forwarded-Proto does not count', await post('keyprobe.dev', canaryKey(), [['X-Forwarded-Proto', 'https']])],
    ] as const) {
      expect(response.status, label).toBe(403);
      expect(errorOf(response).code, label).toBe('https_required');
    }
  });

  it('without a key the refusal still points to https:', async () => {
    const response = await post('keyprobe.dev', null);
    expect(response.status).toBe(403);
    expect(errorOf(response)).toMatchObject({ code: 'https_required' });
    expect(errorOf(response).message).toContain('https://');
  });

  it('loopback keeps working over http: (127.0.0.0/8, localhost, *.localhost, [::1])', async () => {
    for (const host of [`127.0.0.1:${port}`, `127.0.0.2:${port}`, `localhost:${port}`, `app.localhost:${port}`, `[::1]:${port}`]) {
      const response = await post(host, canaryKey());
      expect(response.status, `${host}: ${response.body.toString('utf8').slice(0, 200)}`).toBe(200);
      expect(response.body.toString('utf8')).toMatch(/"type":"done"/);
    }
  });
});
