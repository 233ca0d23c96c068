/**
 * The NDJSON contract of POST /api/test, event by event (src/lib/api-contract.ts), for a full run:
 * validation, models, rate limits, every check, benchmark samples, summary, done.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ModelInfo, TestEvent } from '../../src/lib/api-contract';
import { FAKE_KEYS } from '../fakes/mistral/keys.ts';
import { bindings, eventsOf, only, postTest, resetFake } from './client.ts';

beforeEach(async () => {
  await resetFake(bindings.FAKE_PLATFORM);
});

const order: TestEvent['type'][] = ['validation', 'account', 'models', 'rate_limits', 'check', 'backoff', 'sample', 'summary', 'outcome', 'error', 'done'];

describe('a full run', () => {
  it('streams every event type in contract order, as NDJSON that is never cached', async () => {
    const answer = await postTest(
      {
        provider: 'mistral',
        endpoint: 'global',
        checks: ['chat', 'stream', 'embeddings', 'fim'],
        benchmark: { target: 'chat', model: 'mistral-small-latest', runs: 3, maxTokens: 8 },
      },
      FAKE_KEYS.validPaid,
      { colo: 'CDG' },
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(answer.headers.get('cache-control')).toContain('no-store');
    expect(answer.text.endsWith('\n')).toBe(true);

    const types = answer.events.map((e) => e.type);
    const ranks = types.map((t) => order.indexOf(t));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(types.filter((t) => t === 'check')).toHaveLength(4);
    expect(types.filter((t) => t === 'sample')).toHaveLength(4); // warm-up + 3
    expect(types.at(-1)).toBe('done');

    for (const check of eventsOf(answer, 'check')) {
      expect(check).toMatchObject({ ok: true, httpStatus: 200, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(check.model).not.toBe('');
      expect(check.ms).toBeGreaterThanOrEqual(0);
    }
    expect(eventsOf(answer, 'check').map((c) => c.name)).toEqual(['chat', 'stream', 'embeddings', 'fim']);
    expect(eventsOf(answer, 'check').find((c) => c.name === 'embeddings')?.message).toContain('1024-dimension');

    const samples = eventsOf(answer, 'sample');
    expect(samples.map((s) => [s.run, s.warmup])).toEqual([[0, true], [1, false], [2, false], [3, false]]);
    for (const sample of samples) {
      expect(sample.outputTokens).toBe(8);
      expect(sample.ttftMs).not.toBeNull();
      expect(sample.ttfbMs).toBeLessThanOrEqual(sample.ttftMs ?? Infinity);
      expect(sample.ttftMs ?? 0).toBeLessThanOrEqual(sample.e2eMs);
      expect(sample.serverMs).not.toBeNull();
    }
    const summary = only(answer, 'summary');
    expect(summary).toMatchObject({ runs: 3, measuredFrom: 'CDG', note: null });
    // workerd's clock: whole milliseconds, moving only with I/O (the island says so under the summary).
    expect(summary.clock).toEqual({ resolutionMs: 1, advancesOnIoOnly: true });
    expect(summary.metrics.ttftMs).toMatchObject({ p50: expect.any(Number), p90: expect.any(Number), min: expect.any(Number), max: expect.any(Number), mean: expect.any(Number) });
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'valid', basis: 'validation' });
    expect(only(answer, 'done').ms).toBeGreaterThanOrEqual(0);
  });

  it('says measuredFrom "local" when there is no Cloudflare colo', async () => {
    const answer = await postTest({ provider: 'mistral', benchmark: { target: 'models', runs: 1 } }, FAKE_KEYS.validPaid);
    const summary = only(answer, 'summary');
    expect(summary.measuredFrom).toBe('local');
    expect(summary.metrics.ttftMs).toBeNull();
    expect(summary.metrics.e2eMs).not.toBeNull();
  });

  it('stops after the validation (and its limits) when the key does not work, and says so in the outcome', async () => {
    const answer = await postTest({ provider: 'mistral', checks: ['chat'], benchmark: { target: 'chat' } }, FAKE_KEYS.unauthorizedDetail);
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'outcome', 'done']);
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'invalid', basis: 'validation' });
  });

  it('still runs the checks asked for when validation is refused as forbidden, and the outcome says what they found', async () => {
    const answer = await postTest({ provider: 'mistral', checks: ['chat'] }, FAKE_KEYS.forbidden);
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'check', 'rate_limits', 'outcome', 'done']);
    expect(only(answer, 'check')).toMatchObject({ ok: false, verdict: 'forbidden', httpStatus: 403, errorPage: '/mistral/errors/403/' });
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'forbidden', basis: 'chat' });
  });
});

describe('the model list', () => {
  async function models(): Promise<ModelInfo[]> {
    return only(await postTest({ provider: 'mistral' }, FAKE_KEYS.validPaid), 'models').models;
  }

  it('lists each model once, with the alias entries merged into it', async () => {
    const list = await models();
    const ids = list.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    // The real list has 66 entries for these models; every alias entry is folded in.
    const allIds = list.flatMap((m) => [m.id, ...m.aliases]);
    expect(allIds).toEqual(expect.arrayContaining(['codestral-latest', 'mistral-large-latest', 'mistral-small-latest', 'devstral-latest', 'mistral-vibe-cli-latest']));
    expect(list.find((m) => m.id === 'codestral-2508')).toMatchObject({ aliases: ['codestral-latest'], family: 'Codestral', contextLength: 256000 });
    expect(list.find((m) => m.id === 'mistral-large-2512')?.aliases).toEqual(['mistral-large-latest']);
    expect(list.find((m) => m.id === 'devstral-2512')?.aliases).toEqual(['devstral-latest', 'devstral-medium-latest', 'mistral-vibe-cli-latest']);
    expect(list.some((m) => m.id === 'codestral-latest')).toBe(false);
  });

  it('groups models into the documented families', async () => {
    const family = Object.fromEntries((await models()).map((m) => [m.id, m.family]));
    expect(family).toMatchObject({
      'mistral-large-2512': 'Large',
      'mistral-medium-2508': 'Medium',
      'mistral-small-2506': 'Small',
      'ministral-8b-2512': 'Ministral',
      'codestral-2508': 'Codestral',
      'devstral-2512': 'Devstral',
      'magistral-medium-2509': 'Magistral',
      'pixtral-large-2411': 'Pixtral',
      'mistral-embed-2312': 'Embed',
      'codestral-embed': 'Embed',
      'mistral-ocr-2512': 'OCR',
      'mistral-moderation-2411': 'Moderation',
      'voxtral-small-2507': 'Voxtral',
      'open-mistral-nemo': 'Other',
    });
  });

  it('carries deprecation dates and replacements', async () => {
    const pixtral = (await models()).find((m) => m.id === 'pixtral-12b-2409');
    expect(pixtral?.deprecation).toEqual({ date: '2026-01-31T12:00:00Z', replacement: 'ministral-14b-latest' });
    expect(pixtral?.fineTuned).toBe(false);
  });
});

describe('rate limits', () => {
  it('reads the 2026 header generation of a free key', async () => {
    const limits = only(await postTest({ provider: 'mistral' }, FAKE_KEYS.validFree), 'rate_limits');
    expect(limits.limits).toEqual([
      { name: 'Requests', limit: 60, remaining: expect.any(Number), window: 'minute' },
      { name: 'Tokens', limit: 50000, remaining: expect.any(Number), window: 'minute' },
      { name: 'Tokens', limit: 4000000, remaining: expect.any(Number), window: 'month' },
    ]);
  });

  it('reads the 5-minute window when Mistral sends it', async () => {
    const limits = only(await postTest({ provider: 'mistral' }, FAKE_KEYS.validFiveMinute), 'rate_limits');
    expect(limits.limits.map((l) => l.window)).toContain('5 minutes');
  });

  it('reads the 2025 "ratelimitbysize" generation', async () => {
    const limits = only(await postTest({ provider: 'mistral' }, FAKE_KEYS.validLegacyHeaders), 'rate_limits');
    expect(limits.limits.length).toBeGreaterThanOrEqual(2);
    expect(limits.limits.every((l) => l.name === 'Tokens')).toBe(true);
    expect(limits.limits.map((l) => l.window).sort()).toEqual(['minute', 'month']);
    expect(limits.notes.join(' ')).toMatch(/resets in \d+ s/);
  });

  it('explains a limit of 0', async () => {
    const limits = only(await postTest({ provider: 'mistral' }, FAKE_KEYS.zeroAllowance), 'rate_limits');
    expect(limits.limits.some((l) => l.limit === 0)).toBe(true);
    expect(limits.notes.join(' ')).toMatch(/not on its plan/);
  });
});

describe('checks', () => {
  it('fail clearly for a model that is not on a free key\'s plan, without failing the key', async () => {
    const answer = await postTest({ provider: 'mistral', benchmark: { target: 'chat', model: 'devstral-latest', runs: 1, maxTokens: 4 } }, FAKE_KEYS.validFree);
    expect(only(answer, 'validation').verdict).toBe('valid');
    expect(only(answer, 'summary').note).toMatch(/limit of 0|not available|no allowance/i);
  });

  it('report Mistral being out of capacity as a failed check, not a bad key', async () => {
    const answer = await postTest({ provider: 'mistral', checks: ['chat'] }, FAKE_KEYS.capacity);
    expect(only(answer, 'validation').verdict).toBe('valid');
    const chat = only(answer, 'check');
    expect(chat).toMatchObject({ ok: false, httpStatus: 429 });
    expect(chat.message).toMatch(/capacity/);
  });

  it('say that the Codestral host does not serve embeddings', async () => {
    const answer = await postTest({ provider: 'mistral', endpoint: 'codestral', confirmPaidValidation: true, checks: ['fim', 'embeddings'] }, FAKE_KEYS.codestralOnly);
    const [fim, embeddings] = eventsOf(answer, 'check');
    expect(fim).toMatchObject({ name: 'fim', ok: true, model: 'codestral-latest' });
    const chat = eventsOf(await postTest({ provider: 'mistral', endpoint: 'codestral', confirmPaidValidation: true, checks: ['chat', 'stream'] }, FAKE_KEYS.codestralOnly), 'check');
    expect(chat.map((c) => [c.name, c.ok, c.model])).toEqual([['chat', true, 'codestral-latest'], ['stream', true, 'codestral-latest']]);
    expect(embeddings).toMatchObject({ name: 'embeddings', ok: false, httpStatus: null });
    expect(embeddings?.message).toMatch(/does not serve embeddings/);
  });

  it('catch a stream that breaks or never ends properly', async () => {
    for (const scenario of ['resetMidStream', 'streamNoDone', 'malformedSse'] as const) {
      const answer = await postTest({ provider: 'mistral', checks: ['stream'] }, FAKE_KEYS[scenario]);
      const stream = only(answer, 'check');
      expect(stream.ok, scenario).toBe(false);
    }
  });

  it('stay within the cheapest calls: max_tokens of 8 or less', async () => {
    await postTest({ provider: 'mistral', checks: ['chat', 'stream', 'fim'] }, FAKE_KEYS.validPaid);
    const response = await fetch(`${bindings.FAKE_PLATFORM}/__fake/requests`);
    const requests = (await response.json()) as { path: string; body: string }[];
    const completions = requests.filter((r) => r.path.includes('completions'));
    expect(completions).toHaveLength(3);
    for (const request of completions) {
      const body = JSON.parse(request.body) as { max_tokens?: number };
      expect(body.max_tokens).toBeGreaterThanOrEqual(1);
      expect(body.max_tokens).toBeLessThanOrEqual(8);
    }
  });
});
