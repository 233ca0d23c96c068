/**
 * Abuse limits in the local Workers runtime (the Rate Limiting binding, here with tight limits):
 * per client IP and per key fingerprint, with a 429 that says when to retry and never calls the
 * provider once the limit is reached.
 */
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { dailyName, keyFingerprint } from '../../src/server/abuse';
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

describe('limits per network, per day, and a refusal to run unlimited', () => {
  it('treats every address of one IPv6 /64 as one client, and another /64 as another', async () => {
    await resetFake(bindings.FAKE_PLATFORM);
    const send = (ip: string, key: string) => postTest({ provider: 'mistral' }, key, { env: tight, headers: { 'CF-Connecting-IP': ip } });
    const keys = [FAKE_KEYS.validPaid, FAKE_KEYS.validFiveMinute, FAKE_KEYS.forbidden, FAKE_KEYS.unauthorizedKong];
    const statuses = [];
    for (const [i, key] of keys.entries()) statuses.push((await send(`2001:db8:77:1:${i}::${i + 1}`, key)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await send('2001:db8:77:2::1', FAKE_KEYS.unauthorizedDetail)).status).toBe(200);
  });

  it('caps one network at its daily limit, with a retry time of tomorrow', async () => {
    const env = { ...bindings, DAILY_LIMIT: '2' };
    const send = (key: string) => postTest({ provider: 'mistral' }, key, { env, headers: { 'CF-Connecting-IP': '203.0.113.77' } });
    const answers = [await send(FAKE_KEYS.validPaid), await send(FAKE_KEYS.forbidden), await send(FAKE_KEYS.unauthorizedDetail)];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(JSON.parse(answers[2]?.text ?? '{}').error.code).toBe('too_many_tests_today');
    const retry = Number(answers[2]?.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(86_400);
  });

  it('the daily counter holds a count and an expiry only, under a name that is neither the address nor the key', async () => {
    const ip = '198.51.100.91';
    await postTest({ provider: 'mistral' }, FAKE_KEYS.validPaid, { headers: { 'CF-Connecting-IP': ip } });
    const name = await dailyName(bindings.DAILY_SALT, ip);
    expect(name).toMatch(/^[0-9a-f]{64}$/);
    expect(name).not.toBe(await dailyName(bindings.DAILY_SALT, ip, new Date(Date.now() + 86_400_000)));
    const stub = bindings.DAILY_CAP.get(bindings.DAILY_CAP.idFromName(name) as never);
    const stored = await runInDurableObject(stub as never, async (_instance: unknown, state: DurableObjectState) => Object.fromEntries(await state.storage.list()));
    expect(Object.keys(stored)).toEqual(['entry']);
    expect(stored.entry).toEqual({ count: 1, expires: expect.any(Number) });
    expect(JSON.stringify(stored)).not.toContain(ip);
    expect(JSON.stringify(stored)).not.toContain(FAKE_KEYS.validPaid);
    // A second test counts on; the day's end (its alarm) deletes everything.
    await postTest({ provider: 'mistral' }, FAKE_KEYS.validPaid, { headers: { 'CF-Connecting-IP': ip } });
    const day = await runInDurableObject(stub as never, async (_instance: unknown, state: DurableObjectState) => ({ entry: await state.storage.get<{ count: number; expires: number }>('entry'), alarm: await state.storage.getAlarm() }));
    expect(day.entry?.count).toBe(2);
    expect(day.alarm).toBe(day.entry?.expires);
    expect(await runDurableObjectAlarm(stub as never)).toBe(true);
    expect(await runInDurableObject(stub as never, async (_instance: unknown, state: DurableObjectState) => (await state.storage.list()).size)).toBe(0);
  });

  it('answers 503 misconfigured, before any provider call, when a limit cannot be applied', async () => {
    await resetFake(bindings.FAKE_PLATFORM);
    const cases: [string, Partial<typeof bindings>, Record<string, string>][] = [
      ['no per-network limiter', { LIMIT_BY_IP: undefined }, {}],
      ['no per-key limiter', { LIMIT_BY_KEY: undefined }, {}],
      ['no daily counter', { DAILY_CAP: undefined }, {}],
      ['no salt for the daily counter', { DAILY_SALT: undefined }, {}],
      ['no client address on a public host', {}, { 'CF-Connecting-IP': '' }],
      ['a client address that is not one', {}, { 'CF-Connecting-IP': 'not-an-ip' }],
    ];
    for (const [why, patch, headers] of cases) {
      const env = { ...bindings, ...patch } as EndpointEnv;
      const init = headers['CF-Connecting-IP'] === '' ? { env, headers: {} as Record<string, string>, dropIp: true } : { env, headers };
      const answer = await postTest({ provider: 'mistral' }, FAKE_KEYS.validPaid, init);
      expect(answer.status, why).toBe(503);
      expect(JSON.parse(answer.text), why).toEqual({ error: { code: 'misconfigured', message: 'Keyprobe is misconfigured; the test was not run.' } });
    }
    expect(await fakeRequests(bindings.FAKE_PLATFORM)).toEqual([]);
  });

  it('runs on this machine (a loopback host) without a client address, as tests and the demo do', async () => {
    const answer = await postTest({ provider: 'mistral' }, FAKE_KEYS.validPaid, { site: 'http://127.0.0.1:8787', dropIp: true, env: { ...bindings, DAILY_SALT: undefined } });
    expect(answer.status).toBe(200);
  });
});
