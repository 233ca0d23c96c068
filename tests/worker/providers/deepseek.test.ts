/**
 * The DeepSeek tester through the real handler in workerd, against the DeepSeek fake: the balance
 * call as validation (account and billing), the model list it fetches next, every verdict the
 * adapter answers with its page, thinking turned off, and answers held open under load with
 * keep-alives, which are waiting for TTFT and for the deadlines, never an answer.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { deepseek } from '../../../src/server/providers/deepseek';
import { providerData } from '../../../src/lib/provider-registry';
import { deepseekFake } from '../../fakes/deepseek.ts';
import { eventsOf, fakeOrigin, fakeRequests, itReadsVerdicts, only, postTest, resetFake, setFakeTiming } from '../client.ts';

const origin = fakeOrigin('deepseek');
const key = (scenario: Parameters<typeof deepseekFake.keyFor>[0]) => deepseekFake.keyFor(scenario);
const test = (body: Record<string, unknown>, scenario: Parameters<typeof key>[0]) => postTest({ provider: 'deepseek', ...body }, key(scenario));

beforeEach(() => resetFake(origin));

describe('a working DeepSeek key', () => {
  it('is validated by its balance, then gets its models, limits note, checks and a benchmark', async () => {
    const answer = await test({ checks: ['chat', 'stream'], benchmark: { target: 'chat', runs: 2, maxTokens: 8 } }, 'valid');
    expect(answer.status).toBe(200);
    // No rate-limit headers anywhere: the limits event (a note only) follows the checks.
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'account', 'models', 'check', 'check', 'rate_limits', 'sample', 'sample', 'sample', 'summary', 'outcome', 'done']);

    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'valid', httpStatus: 200, billing: 'verified', errorPage: null, message: 'Your key works on api.deepseek.com. It can use 2 models.' });
    expect(validation.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(only(answer, 'account')).toEqual({
      type: 'account',
      balances: [{ amount: '18.47', currency: 'USD' }],
      limit: null,
      remaining: null,
      canSpend: true,
      freeTier: null,
      keyLabel: null,
      permissions: [],
      expiresAt: null,
    });

    // The list names the older id of Flash; the current one is its alias, so checks and the benchmark use it.
    const models = only(answer, 'models').models;
    expect(models.map((m) => [m.id, m.family, m.aliases])).toEqual([
      ['deepseek-v4-flash', 'Flash', ['deepseek-flash', 'deepseek-v4-flash-vision-exp']],
      ['deepseek-v4-pro', 'Pro', []],
    ]);
    const limits = only(answer, 'rate_limits');
    expect(limits.limits).toEqual([]);
    expect(limits.notes.join(' ')).toMatch(/no rate-limit headers: it limits how many requests an account has in flight/);

    const [chat, stream] = eventsOf(answer, 'check');
    expect(chat).toMatchObject({ name: 'chat', ok: true, model: 'deepseek-flash', httpStatus: 200, message: 'Answered “Hello, this is”.' });
    expect(chat?.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(stream).toMatchObject({ name: 'stream', ok: true, model: 'deepseek-flash', tokenSource: 'usage' });
    // Thinking is off: no reasoning before the answer.
    expect(stream?.message).toMatch(/^Streamed 4 tokens; first content after [\d.]+ ms\.$/);

    const samples = eventsOf(answer, 'sample');
    expect(samples.map((s) => [s.run, s.warmup, s.outputTokens, s.tokenSource])).toEqual([
      [0, true, 8, 'usage'],
      [1, false, 8, 'usage'],
      [2, false, 8, 'usage'],
    ]);
    expect(only(answer, 'summary')).toMatchObject({ runs: 2, note: null });
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'valid', basis: 'validation' });

    const sent = await fakeRequests(origin);
    expect(new Set(sent.map((r) => `${r.method} ${r.path}`))).toEqual(new Set(['GET /user/balance', 'GET /models', 'POST /chat/completions']));
    for (const request of sent.filter((r) => r.method === 'POST')) {
      const body = JSON.parse(request.body) as Record<string, unknown>;
      expect(body).toMatchObject({ model: 'deepseek-flash', thinking: { type: 'disabled' } });
      if (body.stream === true) expect(body).toMatchObject({ stream_options: { include_usage: true } });
    }
  });

  it('shows every currency of the balance, amounts as DeepSeek wrote them', async () => {
    const answer = await test({}, 'twoCurrencies');
    expect(only(answer, 'account').balances).toEqual([
      { amount: '110.00', currency: 'CNY' },
      { amount: '4.25', currency: 'USD' },
    ]);
    expect(only(answer, 'validation').billing).toBe('verified');
  });
});

describe('a DeepSeek key that cannot spend', () => {
  it('is valid but quota_exhausted when the balance is not available, with its account, and spends nothing', async () => {
    const answer = await test({ checks: ['chat', 'stream'], benchmark: { target: 'chat', runs: 1 } }, 'quotaExhausted');
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'account', 'outcome', 'done']);
    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'quota_exhausted', httpStatus: 200, billing: 'exhausted', errorPage: '/deepseek/errors/402/' });
    expect(validation.message).toBe('Your key is valid, but DeepSeek says the account cannot spend: is_available is false (balance: 0.00 USD). Every chat request would get 402 Insufficient Balance.');
    expect(validation.fix).toMatch(/^Top up at https:\/\/platform\.deepseek\.com\/top_up/);
    expect(only(answer, 'account')).toMatchObject({ canSpend: false, balances: [{ amount: '0.00', currency: 'USD' }] });
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'quota_exhausted', basis: 'validation' });
    expect((await fakeRequests(origin)).map((r) => r.path)).toEqual(['/user/balance']);
  });

  it('keeps an overdrawn balance as written (-0.02)', async () => {
    const answer = await test({}, 'overdrawn');
    expect(only(answer, 'validation').verdict).toBe('quota_exhausted');
    expect(only(answer, 'account').balances).toEqual([{ amount: '-0.02', currency: 'CNY' }]);
  });

  it('reads 402 Insufficient Balance on a completion as quota_exhausted, and the outcome says so', async () => {
    const answer = await test({ checks: ['chat'] }, 'spentMidway');
    expect(only(answer, 'validation')).toMatchObject({ verdict: 'valid', billing: 'verified' });
    const chat = only(answer, 'check');
    expect(chat).toMatchObject({ ok: false, httpStatus: 402, verdict: 'quota_exhausted', errorPage: '/deepseek/errors/402/' });
    expect(chat.message).toBe('Your key is valid, but the DeepSeek account has no usable balance (402 Insufficient Balance). DeepSeek said: “Insufficient Balance”.');
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'quota_exhausted', basis: 'chat' });
  });
});

describe('DeepSeek verdicts', () => {
  const cases = [
    { scenario: 'invalid', verdict: 'invalid', status: 401, page: '/deepseek/errors/401/' },
    { scenario: 'forbidden', verdict: 'unsupported_region', status: 403, page: '/deepseek/errors/403/' },
    { scenario: 'rateLimited', verdict: 'rate_limited', status: 429, page: '/deepseek/errors/429/' },
    { scenario: 'notFound', verdict: 'not_found', status: 404, page: '/deepseek/errors/404/' },
    { scenario: 'serverError', verdict: 'provider_error', status: 503, page: '/deepseek/errors/5xx/' },
    { scenario: 'hugeBody', verdict: 'provider_error', status: 200, page: '/deepseek/errors/5xx/' },
    { scenario: 'redirectForeign', verdict: 'provider_error', status: 302, page: '/deepseek/errors/5xx/' },
    { scenario: 'resetBeforeHeaders', verdict: 'unreachable', status: null, page: '/deepseek/errors/timeout/' },
  ] as const;
  itReadsVerdicts(cases, ({ scenario }) => test({}, scenario), { fixLongerThan: 10, endsWithDone: true });

  it('quotes the 401 as DeepSeek wrote it, without the characters of the key it echoes', async () => {
    const validation = only(await test({}, 'invalid'), 'validation');
    // The event writer masks even the 4 characters DeepSeek echoes.
    expect(validation.message).toBe('DeepSeek rejected this key (401 Unauthorized). DeepSeek said: “Authentication Fails, Your api key: [your key, masked] is invalid”.');
  });

  it('names a 403 as the place the test ran from, not the key, and says DeepSeek does not document it', async () => {
    const validation = only(await test({}, 'forbidden'), 'validation');
    // CloudFront's HTML refusal is not quoted: its title is not DeepSeek's words.
    expect(validation.message).toBe('DeepSeek does not serve the place this test ran from (the machine running Keyprobe). This says nothing against your key.');
    expect(validation.fix).toMatch(/^DeepSeek documents no 403/);
  });

  it('reads the body of an unknown path ({"error_msg": …})', async () => {
    expect(only(await test({}, 'notFound'), 'validation').message).toBe('api.deepseek.com has no such route or model (404 Not Found). DeepSeek said: “Not Found. Please check the configuration”.');
  });

  it('says a 429 is about requests in flight, not per minute', async () => {
    expect(only(await test({}, 'rateLimited'), 'validation').fix).toMatch(/in flight at once, across all its keys/);
  });

  it('reads an unknown model name (400 "The supported API model names are …") as not_found', () => {
    const ctx = { data: providerData('deepseek'), endpoint: providerData('deepseek').endpoints[0]!, host: 'api.deepseek.com', measuredFrom: 'local' };
    const body = '{"error":{"message":"The supported API model names are deepseek-v4-pro or deepseek-v4-flash, but you passed bad model.","type":"invalid_request_error","param":null,"code":"invalid_request_error"}}';
    const finding = deepseek.classify({ status: 400, host: ctx.host, error: deepseek.parseError(body, 'application/octet-stream') }, ctx);
    expect(finding).toMatchObject({ verdict: 'not_found' });
    expect(finding.fix).toMatch(/deepseek-flash/);
  });

  it('a 200 from the balance call that is not a balance is a provider error, not a verdict on the key', () => {
    const ctx = { data: providerData('deepseek'), endpoint: providerData('deepseek').endpoints[0]!, host: 'api.deepseek.com', measuredFrom: 'local' };
    expect(deepseek.readValidation({ object: 'list', data: [] }, ctx).finding?.verdict).toBe('provider_error');
    expect(deepseek.readValidation({ is_available: 'yes', balance_infos: [] }, ctx).finding?.verdict).toBe('provider_error');
  });

  it('names a stream that carries an error as a provider error, with its page', async () => {
    const check = only(await test({ checks: ['stream'] }, 'streamError'), 'check');
    expect(check).toMatchObject({ ok: false, verdict: 'provider_error', errorPage: '/deepseek/errors/5xx/' });
  });

  it('removes the key wherever DeepSeek would echo it', async () => {
    for (const scenario of ['echoRequestIdHeader', 'echoBodyRequestId', 'echoModelId'] as const) {
      const answer = await test({}, scenario);
      expect(answer.text, scenario).not.toContain(key(scenario).slice(3, 11));
    }
  });
});

describe('answers held open under load', () => {
  // The fake sends headers at 30 ms, then a keep-alive comment every 50 ms, and the first token at
  // 330 ms. Counted as a token, the first comment would put TTFT at about the TTFB; waited out,
  // TTFT cannot come before 330 ms. The upper bound is loose: this machine is shared.
  it('does not count keep-alive comments as the first token: TTFT waits for text', async () => {
    const timing = { headersMs: 30, firstTokenMs: 300, interTokenMs: 10, completionTokens: 8 };
    await setFakeTiming(origin, key('keepAlive'), timing);

    // The fake really sends comments before the first token.
    const raw = await fetch(`${origin}/chat/completions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key('keepAlive')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'deepseek-flash', messages: [{ role: 'user', content: 'hi' }], stream: true, max_tokens: 8, thinking: { type: 'disabled' } }),
    });
    const text = await raw.text();
    expect(text.indexOf(': keep-alive')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(': keep-alive')).toBeLessThan(text.indexOf('data: '));
    expect(text.match(/: keep-alive/g)?.length).toBeGreaterThanOrEqual(5);
    await resetFake(origin);
    await setFakeTiming(origin, key('keepAlive'), timing);

    const answer = await test({ checks: ['chat', 'stream'], benchmark: { target: 'chat', runs: 2, maxTokens: 8 } }, 'keepAlive');
    // The balance call was padded with blank lines, and the chat check's JSON too; both read.
    expect(only(answer, 'validation')).toMatchObject({ verdict: 'valid', billing: 'verified' });
    const [chat, stream] = eventsOf(answer, 'check');
    expect(chat).toMatchObject({ ok: true, message: 'Answered “Hello, this is”.' });
    expect(stream?.ok).toBe(true);
    const firstToken = timing.headersMs + timing.firstTokenMs;
    const samples = eventsOf(answer, 'sample');
    expect(samples).toHaveLength(3);
    for (const sample of samples) {
      expect(sample.outputTokens).toBe(8);
      expect(sample.ttfbMs).toBeLessThan(firstToken - 150);
      expect(sample.ttftMs).toBeGreaterThanOrEqual(firstToken - 3);
      expect(sample.ttftMs).toBeLessThan(firstToken + 120);
    }
  });

  it('a stream held open with keep-alives only ends at the call deadline as a timeout, not as a cut-off stream', async () => {
    const started = Date.now();
    const answer = await test({ checks: ['stream'] }, 'heldOpen');
    const check = only(answer, 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 200, verdict: 'timeout', errorPage: '/deepseek/errors/timeout/' });
    expect(check.message).toBe('No answer within 10 s: DeepSeek accepted the request and held the stream open, but sent no text before Keyprobe\'s deadline.');
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(10_000);
    expect(elapsed).toBeLessThan(13_000);
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'valid', basis: 'validation' });
  });

  it('a completion held open with blank lines only ends at the call deadline as a timeout', async () => {
    const answer = await test({ checks: ['chat'] }, 'heldOpen');
    const check = only(answer, 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 200, verdict: 'timeout', errorPage: '/deepseek/errors/timeout/' });
    expect(check.message).toBe('api.deepseek.com accepted the request (HTTP 200) but sent no answer before Keyprobe\'s deadline, only blank lines or keep-alive comments.');
  });
});
