/**
 * OpenRouter's tester against its fake (tests/fakes/openrouter/): the free key check and the account
 * facts it gives, the public model list (fetched without the key, said to be public), every verdict
 * and reason the adapter can give, small max_tokens on every paid call, `: OPENROUTER PROCESSING`
 * comments that are not the first token, errors inside a 200 stream, request ids.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { openrouterKeyFor, type OpenRouterScenario } from '../../fakes/openrouter/server.ts';
import { eventsOf, fakeOrigin, fakeRequests, only, postTest, resetFake } from '../client.ts';

const origin = fakeOrigin('openrouter');
const key = (scenario: OpenRouterScenario) => openrouterKeyFor(scenario);
const test = (body: Record<string, unknown>, scenario: OpenRouterScenario) => postTest({ provider: 'openrouter', ...body }, key(scenario));
const chatBodies = async () => (await fakeRequests(origin)).filter((r) => r.path === '/api/v1/chat/completions').map((r) => JSON.parse(r.body) as Record<string, unknown>);

beforeEach(() => resetFake(origin));

describe('a working key', () => {
  it('runs validation, account, the public model list, checks, benchmark and outcome', async () => {
    const answer = await test({ checks: ['chat', 'stream'], benchmark: { target: 'chat', runs: 2, maxTokens: 8 } }, 'valid');
    expect(answer.status).toBe(200);
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'account', 'models', 'check', 'check', 'rate_limits', 'sample', 'sample', 'sample', 'summary', 'outcome', 'done']);

    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'valid', httpStatus: 200, billing: 'unverified', errorPage: null });
    // Nothing about the key from the public list: no "it can use N models".
    expect(validation.message).toBe(
      'Your key works on openrouter.ai. It has spent $0.19 so far. It has no credit limit of its own. Whether it can spend is not known yet: the free call does not say. A paid check settles it.',
    );
    expect(validation.requestId).toMatch(/^[0-9a-f]{16}-YUL$/);
    expect(only(answer, 'account')).toEqual({ type: 'account', balances: [], limit: null, remaining: null, canSpend: null, freeTier: false, keyLabel: null, permissions: [], expiresAt: null });

    const models = only(answer, 'models');
    expect(models.public).toBe(true);
    expect(models.models).toHaveLength(10);
    const byId = Object.fromEntries(models.models.map((m) => [m.id, m]));
    expect(byId['mistralai/mistral-nemo']).toMatchObject({ name: 'Mistral: Mistral Nemo', family: 'Mistral', contextLength: 131072, deprecation: null, capabilities: { chat: true, tools: true, reasoning: false, free: false } });
    expect(byId['openai/gpt-5-nano']?.capabilities).toMatchObject({ chat: true, reasoning: true, vision: true });
    expect(byId['openai/gpt-oss-20b:free']?.capabilities.free).toBe(true);
    expect(byId['google/gemini-2.5-flash-image']?.capabilities).toMatchObject({ image_output: true, vision: true });
    expect(byId['openai/gpt-audio-mini']?.capabilities.audio_output).toBe(true);
    expect(byId['z-ai/glm-4.5']).toMatchObject({ family: 'Z.ai', deprecation: { date: '2026-12-31', replacement: null } });

    const [chat, stream] = eventsOf(answer, 'check');
    expect(chat).toMatchObject({ name: 'chat', ok: true, model: 'mistralai/mistral-nemo', httpStatus: 200, message: 'Answered “Hello, this is”.' });
    expect(chat?.requestId).toMatch(/^gen-\d+-[A-Za-z0-9]{20}$/);
    expect(stream).toMatchObject({ name: 'stream', ok: true, model: 'mistralai/mistral-nemo', servedBy: 'Mistral', tokenSource: 'usage' });
    expect(stream?.message).toMatch(/^Streamed 4 tokens; first content after [\d.]+ ms\.$/);
    expect(stream?.requestId).toMatch(/^gen-/);

    expect(only(answer, 'rate_limits')).toMatchObject({ limits: [], notes: [expect.stringMatching(/^OpenRouter sends rate-limit headers only with a 429 of its own/)] });
    expect(eventsOf(answer, 'sample').map((s) => [s.run, s.outputTokens, s.tokenSource, s.servedBy])).toEqual([
      [0, 8, 'usage', 'Mistral'],
      [1, 8, 'usage', 'Mistral'],
      [2, 8, 'usage', 'Mistral'],
    ]);
    expect(only(answer, 'outcome')).toEqual({ type: 'outcome', verdict: 'valid', basis: 'chat', message: 'Your key works and can spend: the chat check passed.' });
  });

  it('calls only the data’s paths, sends the public list no key, and caps every paid call with a small max_tokens', async () => {
    await test({ checks: ['chat', 'stream'], benchmark: { target: 'chat', runs: 1, maxTokens: 16 } }, 'valid');
    const sent = await fakeRequests(origin);
    expect(new Set(sent.map((r) => `${r.method} ${r.path}`))).toEqual(new Set(['GET /api/v1/key', 'GET /api/v1/models', 'POST /api/v1/chat/completions']));
    for (const r of sent) {
      if (r.path === '/api/v1/models') expect(r.headers.authorization).toBeUndefined();
      else expect(r.headers.authorization).toBe(`Bearer ${key('valid')}`);
    }
    // Validation first, the public list only after it.
    expect(sent.map((r) => r.path).slice(0, 2)).toEqual(['/api/v1/key', '/api/v1/models']);
    const bodies = await chatBodies();
    expect(bodies.map((b) => b.max_tokens)).toEqual([4, 4, 16, 16]);
    for (const body of bodies) expect(body).not.toHaveProperty('stream_options');
  });

  it('benchmarks only a model OpenRouter lists, and says whose list it is', async () => {
    const answer = await test({ benchmark: { target: 'chat', model: 'acme/unknown-1', runs: 1 } }, 'valid');
    expect(only(answer, 'summary').note).toBe("Benchmark skipped: acme/unknown-1 is not in OpenRouter's model list.");
  });

  it('reports the key’s own credit limit, what is left and its expiry', async () => {
    const answer = await test({}, 'capped');
    expect(only(answer, 'account')).toMatchObject({ limit: 100, remaining: 74.5, canSpend: null, expiresAt: '2027-12-31T23:59:59Z' });
    expect(only(answer, 'validation').message).toBe(
      'Your key works on openrouter.ai. It has spent $25.50 so far. Of its own credit limit of $100.00 a month, $74.50 is left. It expires on 2027-12-31. Whether it can spend is not known yet: the free call does not say. A paid check settles it.',
    );
  });

  it('never passes on the key’s masked label or the account’s user id', async () => {
    for (const scenario of ['valid', 'upstreamRateLimited', 'freeTier'] as const) {
      const answer = await test({ checks: ['chat'] }, scenario);
      const k = key(scenario);
      expect(answer.text, scenario).not.toContain('user_2wT5');
      expect(only(answer, 'account').keyLabel, scenario).toBeNull();
      expect(answer.text, scenario).not.toContain(`...${k.slice(-3)}`);
      expect(answer.text, scenario).not.toContain(k.slice(9, 17));
    }
  });

  it('keeps `: OPENROUTER PROCESSING` comments out of the first token: TTFT waits for content', async () => {
    // The fake holds the first token 400 ms and sends a comment every 100 ms meanwhile.
    const raw = await fetch(`${origin}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key('processing')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'mistralai/mistral-nemo', messages: [{ role: 'user', content: 'hi' }], max_tokens: 2, stream: true }),
    });
    const text = await raw.text();
    expect(text.match(/^: OPENROUTER PROCESSING$/gm)?.length).toBeGreaterThanOrEqual(4);
    expect(text.indexOf(': OPENROUTER PROCESSING')).toBeLessThan(text.indexOf('data: '));

    await resetFake(origin);
    const answer = await test({ checks: ['stream'], benchmark: { target: 'chat', runs: 1, maxTokens: 4 } }, 'processing');
    const stream = only(answer, 'check');
    expect(stream.ok).toBe(true);
    const ttft = Number(/first content after ([\d.]+) ms/.exec(stream.message)?.[1]);
    expect(ttft).toBeGreaterThanOrEqual(395);
    for (const sample of eventsOf(answer, 'sample')) {
      expect(sample.ttfbMs).toBeLessThan(300);
      expect(sample.ttftMs).toBeGreaterThanOrEqual(395);
    }
  });
});

describe('what the key check says', () => {
  it('a key with nothing left of its own limit cannot spend: quota_exhausted, with the account facts', async () => {
    const answer = await test({ checks: ['chat'] }, 'keyExhausted');
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'account', 'outcome', 'done']);
    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'quota_exhausted', httpStatus: 200, billing: 'exhausted', errorPage: '/openrouter/errors/402/' });
    expect(validation.message).toBe('Your key is valid, but it cannot spend: its own credit limit of $10.00 a month is used up ($0 left).');
    expect(validation.fix).toMatch(/^Raise or remove the key's limit at openrouter\.ai\/settings\/keys, or wait for it to reset \(monthly\)\./);
    expect(only(answer, 'account')).toMatchObject({ limit: 10, remaining: 0, canSpend: false });
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'quota_exhausted', basis: 'validation' });
    expect(await chatBodies()).toEqual([]);
  });

  it('a management key is forbidden from models; a chat check asked for still runs and is refused', async () => {
    const answer = await test({ checks: ['chat'] }, 'managementKey');
    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'forbidden', httpStatus: 200, errorPage: '/openrouter/errors/403/' });
    expect(validation.message).toMatch(/^This is an OpenRouter management key: it manages API keys and cannot call models/);
    expect(only(answer, 'account').permissions).toEqual(['management']);
    expect(only(answer, 'check')).toMatchObject({ ok: false, httpStatus: 401, verdict: 'invalid', errorPage: '/openrouter/errors/401/' });
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'invalid', basis: 'chat' });
  });

  it('an unknown key is invalid (401 “User not found.”)', async () => {
    const answer = await test({}, 'invalid');
    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'invalid', httpStatus: 401, errorPage: '/openrouter/errors/401/' });
    expect(validation.message).toBe('OpenRouter rejected this key (401 Unauthorized). OpenRouter said: “User not found”.');
    expect(validation.fix).toMatch(/sk-or-v1- and 64 characters/);
    expect(eventsOf(answer, 'account')).toEqual([]);
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'invalid', basis: 'validation' });
  });

  it('a failing key check is a provider error, not the key’s', async () => {
    const answer = await test({}, 'serverError');
    expect(only(answer, 'validation')).toMatchObject({ verdict: 'provider_error', httpStatus: 500, errorPage: '/openrouter/errors/5xx/' });
  });

  it('no answer, a redirect, an endless body: unreachable and provider errors', async () => {
    expect(only(await test({}, 'resetBeforeHeaders'), 'validation')).toMatchObject({ verdict: 'unreachable', httpStatus: null, errorPage: '/openrouter/errors/timeout/' });
    expect(only(await test({}, 'redirectForeign'), 'validation')).toMatchObject({ verdict: 'provider_error', httpStatus: 302 });
    expect(only(await test({}, 'hugeBody'), 'validation')).toMatchObject({ verdict: 'provider_error', httpStatus: 200 });
  });
});

describe('what a paid check says', () => {
  const chatCheck = async (scenario: OpenRouterScenario) => {
    const answer = await test({ checks: ['chat'] }, scenario);
    return { answer, check: only(answer, 'check'), outcome: only(answer, 'outcome') };
  };

  it('an account that never bought credits: valid key, 402 on the paid check, quota_exhausted overall', async () => {
    const { answer, check, outcome } = await chatCheck('freeTier');
    expect(only(answer, 'validation')).toMatchObject({ verdict: 'valid', billing: 'unverified' });
    expect(only(answer, 'validation').message).toContain('The account has never bought credits, so paid models may refuse it.');
    expect(only(answer, 'account').freeTier).toBe(true);
    expect(check).toMatchObject({ ok: false, httpStatus: 402, verdict: 'quota_exhausted', errorPage: '/openrouter/errors/402/' });
    expect(check.message).toMatch(/^Your key is valid, but the account's credits do not cover this call \(402\)\. OpenRouter said: “This request requires more credits, or fewer max_tokens\. You requested up to 4 tokens, but can only afford 0/);
    expect(outcome).toMatchObject({ verdict: 'quota_exhausted', basis: 'chat' });
  });

  it('a low balance still answers calls with a small max_tokens; the same call without one gets 402', async () => {
    const answer = await test({ checks: ['chat', 'stream'], benchmark: { target: 'chat', runs: 1, maxTokens: 128 } }, 'lowCredit');
    expect(eventsOf(answer, 'check').map((c) => c.ok)).toEqual([true, true]);
    expect(only(answer, 'summary')).toMatchObject({ runs: 1, note: null });
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'valid', basis: 'chat' });

    const unbounded = await fetch(`${origin}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key('lowCredit')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'mistralai/mistral-nemo', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(unbounded.status).toBe(402);
    expect(await unbounded.text()).toContain('You requested up to 16384 tokens, but can only afford 200.');
  });

  it('a key over its own cap: 402 naming the keys page, and 403 “Key limit exceeded”, are quota_exhausted, not forbidden', async () => {
    const cap = await chatCheck('keyCapReached');
    expect(cap.check).toMatchObject({ httpStatus: 402, verdict: 'quota_exhausted', errorPage: '/openrouter/errors/402/' });
    expect(cap.check.message).toMatch(/^Your key is valid, but it has reached its own credit limit \(402\)\./);
    expect(cap.outcome).toMatchObject({ verdict: 'quota_exhausted', basis: 'chat' });

    const limit = await chatCheck('keyLimitExceeded');
    expect(limit.check).toMatchObject({ httpStatus: 403, verdict: 'quota_exhausted', errorPage: '/openrouter/errors/402/' });
    expect(limit.check.message).toBe('Your key is valid, but it has reached its own credit limit (403). OpenRouter said: “Key limit exceeded (monthly limit). Manage it using https://openrouter.ai/settings/keys”.');
    expect(limit.outcome).toMatchObject({ verdict: 'quota_exhausted', basis: 'chat' });
  });

  it('a guardrail block is forbidden', async () => {
    const { check, outcome } = await chatCheck('guardrail');
    expect(check).toMatchObject({ httpStatus: 403, verdict: 'forbidden', errorPage: '/openrouter/errors/403/' });
    expect(check.message).toContain('Request blocked: prompt injection patterns detected');
    expect(outcome).toMatchObject({ verdict: 'forbidden', basis: 'chat' });
  });

  it('a model not offered where the test ran is unsupported_region: the place, not the key', async () => {
    const { check, outcome } = await chatCheck('regionRestricted');
    expect(check).toMatchObject({ httpStatus: 403, verdict: 'unsupported_region', errorPage: '/openrouter/errors/403/' });
    expect(check.message).toMatch(/^OpenRouter does not serve the place this test ran from \(the machine running Keyprobe\)\. This says nothing against your key\./);
    expect(outcome).toMatchObject({ verdict: 'unsupported_region', basis: 'chat' });
  });

  it('OpenRouter’s own per-minute limit: rate_limited after one short retry, with the limit it names', async () => {
    const { answer, check, outcome } = await chatCheck('rateLimited');
    expect(check).toMatchObject({ httpStatus: 429, verdict: 'rate_limited', errorPage: '/openrouter/errors/429/' });
    expect(check.message).toMatch(/^Your key is valid, but OpenRouter is rate-limiting it right now \(429\)\. OpenRouter said: “Rate limit exceeded: free-models-per-min”\./);
    expect(only(answer, 'rate_limits').limits).toEqual([{ name: 'Requests to :free models', limit: 20, remaining: 0, window: 'minute' }]);
    expect(await chatBodies()).toHaveLength(2);
    expect(outcome).toMatchObject({ verdict: 'valid', basis: 'validation' });
  });

  it('the daily :free allowance: rate_limited at once, no wait until midnight', async () => {
    const started = Date.now();
    const { answer, check } = await chatCheck('freeDailyLimit');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(check).toMatchObject({ httpStatus: 429, verdict: 'rate_limited', errorPage: '/openrouter/errors/429/' });
    expect(check.message).toMatch(/^Your key is valid, but the account's daily allowance of :free models is used up \(429\)\. It renews at 00:00 UTC, in about \d+ h\./);
    expect(only(answer, 'rate_limits').limits).toEqual([{ name: 'Requests to :free models', limit: 50, remaining: 0, window: 'day' }]);
    expect(await chatBodies()).toHaveLength(1);

    await resetFake(origin);
    const bench = await test({ benchmark: { target: 'chat', model: 'openai/gpt-oss-20b:free', runs: 2, maxTokens: 8 } }, 'freeDailyLimit');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(eventsOf(bench, 'backoff')).toEqual([]);
    expect(only(bench, 'summary').note).toMatch(/^Run 0 failed: Your key is valid, but the account's daily allowance of :free models is used up/);
  });

  it('an upstream 429 is rate_limited with reason upstream_rate_limited: the provider is limiting, not the key', async () => {
    const { check, outcome } = await chatCheck('upstreamRateLimited');
    expect(check).toMatchObject({ httpStatus: 429, verdict: 'rate_limited', errorPage: '/openrouter/errors/429-upstream/' });
    expect(check.message).toMatch(/The upstream provider is limiting, not your key/);
    expect(check.message).toContain('Provider returned error (BaseTen): mistralai/mistral-nemo is temporarily rate-limited upstream');
    expect(outcome).toMatchObject({ verdict: 'valid', basis: 'validation' });

    await resetFake(origin);
    const capacity = await chatCheck('capacityExhausted');
    expect(capacity.check).toMatchObject({ httpStatus: 429, verdict: 'rate_limited', errorPage: '/openrouter/errors/429-upstream/' });
    // Retry-After: 40 is longer than a check waits.
    expect((await chatBodies()).length).toBe(1);
  });

  it('no routable provider is not_found; a 408 is a timeout; a 502 a provider error', async () => {
    expect((await chatCheck('notFound')).check).toMatchObject({ httpStatus: 404, verdict: 'not_found', errorPage: '/openrouter/errors/404/' });
    const timeout = (await chatCheck('requestTimeout')).check;
    expect(timeout).toMatchObject({ httpStatus: 408, verdict: 'timeout', errorPage: '/openrouter/errors/timeout/' });
    expect(timeout.message).toMatch(/^OpenRouter gave up on the call: the request timed out on its side \(408\)\./);
    const gateway = (await chatCheck('badGateway')).check;
    expect(gateway).toMatchObject({ httpStatus: 502, verdict: 'provider_error', errorPage: '/openrouter/errors/5xx/' });
    expect(gateway.message).toContain('Upstream error from AtlasCloud');
  });
});

describe('streams', () => {
  const streamCheck = async (scenario: OpenRouterScenario) => only(await test({ checks: ['stream'] }, scenario), 'check');

  it('an error inside a 200 stream fails the check with its verdict: 400 mid-stream is a provider error', async () => {
    const check = await streamCheck('streamError');
    expect(check).toMatchObject({ ok: false, httpStatus: 200, verdict: 'provider_error', errorPage: '/openrouter/errors/5xx/', servedBy: 'Mistral' });
    expect(check.message).toBe('The stream started, then OpenRouter sent an error in it: “Token limit reached”.');
  });

  it('a 429 inside a 200 stream is the upstream provider limiting', async () => {
    const answer = await test({ checks: ['stream'] }, 'streamRateLimited');
    expect(only(answer, 'check')).toMatchObject({ ok: false, httpStatus: 200, verdict: 'rate_limited', errorPage: '/openrouter/errors/429-upstream/' });
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'valid' });
  });

  it('a broken stream is a failed check', async () => {
    expect(await streamCheck('resetMidStream')).toMatchObject({ ok: false, message: 'The stream was cut off before it finished.' });
    expect(await streamCheck('streamNoDone')).toMatchObject({ ok: false, message: 'The stream ended without its closing event.' });
    expect(await streamCheck('malformedSse')).toMatchObject({ ok: false, message: 'The stream contained 2 unreadable events.' });
  });
});

describe('request ids', () => {
  it('come from X-Generation-Id, else cf-ray, and lose the key when a provider echoes it', async () => {
    const answer = await test({ checks: ['chat'] }, 'echoRequestIdHeader');
    // The public prefix `sk-or-v1-` is not secret; everything after it is.
    expect(only(answer, 'validation').requestId).toBe('gen-sk[part of your key]');
    expect(only(answer, 'check').requestId).toBe('gen-sk[part of your key]');
    expect(only(await test({}, 'valid'), 'validation').requestId).toMatch(/^[0-9a-f]{16}-YUL$/);
    expect(answer.text).not.toContain(key('echoRequestIdHeader').slice(9, 17));
  });
});
