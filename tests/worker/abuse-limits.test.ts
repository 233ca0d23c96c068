/**
 * Abuse limits in the local Workers runtime (the Rate Limiting binding, here with tight limits):
 * per client IP and per key fingerprint, with a 429 that says when to retry and never calls the
 * provider once the limit is reached.
 */
import { describe, expect, it } from 'vitest';
import { keyFingerprint } from '../../src/server/abuse';
import type { EndpointEnv } from '../../src/server/test-endpoint';
import { FAKE_KEYS } from '../fakes/mistral/keys.ts';
import { bindings, fakeRequests, postTest, resetFake } from './client.ts';

const tight: EndpointEnv = { ...bindings, LIMIT_BY_IP: bindings.TIGHT_LIMIT_BY_IP, LIMIT_BY_KEY: bindings.TIGHT_LIMIT_BY_KEY };

describe('abuse limits', () => {
  it('limits one key to 2 tests a minute (in this configuration), whatever the client address', async () => {
    await resetFake(bindings.FAKE_PLATFORM);
    const statuses: number[] = [];
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      statuses.push((await postTest({ provider: 'mistral' }, FAKE_KEYS.validLegacyHeaders, { env: tight, headers: { 'CF-Connecting-IP': ip } })).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    const calls = (await fakeRequests(bindings.FAKE_PLATFORM)).filter((r) => r.path === '/v1/models');
    expect(calls).toHaveLength(2);
  });

  it('limits one client address to 3 tests a minute, whatever the keys', async () => {
    const ip = '203.0.113.9';
    const keys = [FAKE_KEYS.validPaid, FAKE_KEYS.validFiveMinute, FAKE_KEYS.unauthorizedDetail, FAKE_KEYS.forbidden];
    const answers = [];
    for (const key of keys) answers.push(await postTest({ provider: 'mistral' }, key, { env: tight, headers: { 'CF-Connecting-IP': ip } }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    const refused = answers[3];
    expect(refused?.headers.get('retry-after')).toBe('60');
    expect(JSON.parse(refused?.text ?? '{}')).toEqual({
      error: { code: 'too_many_tests', message: 'Too many tests from your network in the last minute. Try again in a minute.' },
    });
  });

  it('keys the limiter by a SHA-256 fingerprint, never the key', async () => {
    const seen: string[] = [];
    const recording = { limit: async ({ key }: { key: string }) => (seen.push(key), { success: true }) };
    await postTest({ provider: 'mistral' }, FAKE_KEYS.validPaid, { env: { ...bindings, LIMIT_BY_IP: recording, LIMIT_BY_KEY: recording }, headers: { 'CF-Connecting-IP': '192.0.2.7' } });
    expect(seen).toEqual(['192.0.2.7', await keyFingerprint('mistral', FAKE_KEYS.validPaid)]);
    expect(seen.join(' ')).not.toContain(FAKE_KEYS.validPaid);
    expect(seen[1]).toMatch(/^[0-9a-f]{64}$/);
  });
});
