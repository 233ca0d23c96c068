// Timing injection measured from a plain Node client (node:http, Nagle off on the fake's side).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_KEYS, startFakeMistral } from '../fakes/mistral/server.ts';
import type { FakeMistral } from '../fakes/mistral/server.ts';
import { CHAT, FIM, sseEvents, timedRequest } from './helpers.ts';

let fake: FakeMistral;
beforeAll(async () => {
  fake = await startFakeMistral();
  // Warm up both ends (JIT, first-use code paths) so the first measured request is not the first one.
  fake.setTiming('validPaid', { headersMs: 5, firstTokenMs: 5, interTokenMs: 2, completionTokens: 4 });
  for (let i = 0; i < 3; i++) {
    await timedRequest(fake.origin, '/v1/chat/completions', { key: FAKE_KEYS.validPaid, body: { ...CHAT, stream: true } });
    await timedRequest(fake.origin, '/v1/models', { key: FAKE_KEYS.validPaid });
  }
});
afterAll(async () => { await fake.close(); });
beforeEach(() => { fake.reset(); });

// Every delay below is 30 ms or more, so a fake that ignores one, or adds it twice, is off by more
// than the margin. The margin absorbs a busy machine's scheduling. This file runs in a project of
// its own, after the others (vitest.config.ts); a retry absorbs one starved attempt, a fake that
// keeps the wrong time fails every one.
const TOL = 10; // ms
const TIMING_RETRY = { retry: 2 };

function contentEvents(res: { chunks: [number, string][] }): { t: number; json: Record<string, unknown> }[] {
  return sseEvents(res.chunks).filter((e) => e.data !== '[DONE]').map((e) => ({ t: e.t, json: JSON.parse(e.data) as Record<string, unknown> }));
}

describe('timing injection', () => {
  it('stream: headers, first token and inter-token gaps are on time (±10 ms) over 8 tokens', TIMING_RETRY, async () => {
    fake.setTiming(FAKE_KEYS.validPaid, { headersMs: 60, firstTokenMs: 40, interTokenMs: 30, completionTokens: 8 });
    const res = await timedRequest(fake.origin, '/v1/chat/completions', { key: FAKE_KEYS.validPaid, body: { ...CHAT, stream: true } });
    expect(res.status).toBe(200);
    const ev = contentEvents(res);
    expect(ev).toHaveLength(1 + 8);
    expect(Math.abs(res.tHeaders - 60)).toBeLessThanOrEqual(TOL);
    // The role chunk goes out with the headers.
    expect(ev[0]?.t ?? Infinity).toBeLessThanOrEqual(res.tHeaders + TOL);
    const content = ev.slice(1);
    expect(Math.abs((content[0]?.t ?? 0) - res.tHeaders - 40)).toBeLessThanOrEqual(TOL);
    const gaps = content.slice(1).map((e, i) => e.t - (content[i]?.t ?? 0));
    expect(gaps).toHaveLength(7);
    for (const g of gaps) expect(Math.abs(g - 30)).toBeLessThanOrEqual(TOL);
    expect(content.at(-1)?.json['usage']).toMatchObject({ completion_tokens: 8 });
    expect(res.body.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('tokensPerChunk > 1 groups tokens into fewer chunks while usage stays exact', async () => {
    fake.setTiming('validPaid', { tokensPerChunk: 3, completionTokens: 8, interTokenMs: 5 });
    const res = await timedRequest(fake.origin, '/v1/chat/completions', { key: FAKE_KEYS.validPaid, body: { ...CHAT, stream: true } });
    const content = contentEvents(res).slice(1);
    const texts = content.map((e) => ((e.json['choices'] as { delta: { content: string } }[])[0]?.delta.content ?? ''));
    expect(texts).toEqual(['Bonjour! This', ' is a deterministic', ' reply from']);
    expect(content.at(-1)?.json['usage']).toMatchObject({ completion_tokens: 8 });
    expect(content.at(-1)?.json['choices']).toMatchObject([{ finish_reason: 'stop' }]);
    // max_tokens below completionTokens: "length", and usage follows max_tokens.
    const capped = await timedRequest(fake.origin, '/v1/fim/completions', { key: FAKE_KEYS.validPaid, body: { ...FIM, stream: true, max_tokens: 4 } });
    const last = contentEvents(capped).at(-1)?.json;
    expect(last).toMatchObject({ usage: { completion_tokens: 4 }, choices: [{ finish_reason: 'length' }] });
  });

  it('non-stream: the body arrives after headersMs + generation time; the control endpoint sets timing for other processes', TIMING_RETRY, async () => {
    const set = await fetch(`${fake.origin}/__fake/timing`, {
      method: 'POST',
      body: JSON.stringify({ key: 'validPaid', timing: { headersMs: 40, firstTokenMs: 30, interTokenMs: 30, completionTokens: 4 } }),
    });
    expect(await set.json()).toEqual({ ok: true, key: FAKE_KEYS.validPaid });
    const chat = await timedRequest(fake.origin, '/v1/chat/completions', { key: FAKE_KEYS.validPaid, body: CHAT });
    expect(Math.abs(chat.tHeaders - (40 + 30 + 3 * 30))).toBeLessThanOrEqual(TOL);
    const models = await timedRequest(fake.origin, '/v1/models', { key: FAKE_KEYS.validPaid });
    expect(Math.abs(models.tHeaders - 40)).toBeLessThanOrEqual(TOL);
    // x-envoy-upstream-service-time reports the fake's processing + injected delay.
    expect(Number(models.headers['x-envoy-upstream-service-time'])).toBeGreaterThanOrEqual(39);
    // Without timing the fake answers at once.
    fake.reset();
    const fast = await timedRequest(fake.origin, '/v1/models', { key: FAKE_KEYS.validPaid });
    expect(fast.tHeaders).toBeLessThan(25);
  });

  it('timing applies to error scenarios too (headersMs before a 401)', TIMING_RETRY, async () => {
    fake.setTiming('unauthorizedDetail', { headersMs: 40 });
    const res = await timedRequest(fake.origin, '/v1/models', { key: FAKE_KEYS.unauthorizedDetail });
    expect(res.status).toBe(401);
    expect(Math.abs(res.tHeaders - 40)).toBeLessThanOrEqual(TOL);
  });

  it('invalid timing is refused (API and control endpoint)', async () => {
    expect(() => fake.setTiming('validPaid', { headersMs: -1 })).toThrow(TypeError);
    expect(() => fake.setTiming('validPaid', { tokensPerChunk: 0 })).toThrow(TypeError);
    for (const body of ['nope', JSON.stringify({ key: 'validPaid', timing: { headersMs: 'x' } }), JSON.stringify({ timing: {} }), JSON.stringify({ key: 'k', timing: { bogus: 1 } })]) {
      const res = await fetch(`${fake.origin}/__fake/timing`, { method: 'POST', body });
      expect(res.status).toBe(400);
    }
  });
});
