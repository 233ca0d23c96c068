/**
 * The Replicate tester in workerd against the fake Replicate API and stream host: every verdict the
 * adapter gives, the account type (and nothing about the owner), the streamed prediction followed
 * from its answer to its stream host, tokens from the prediction's metrics (or said to be missing),
 * a cold boot reported apart from TTFT, and stream links the runner refuses to follow.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { replicateKeyFor, type ReplicateScenario } from '../../fakes/replicate.ts';
import { eventsOf, fakeOrigin, fakeRequests, itReadsVerdicts, only, postTest, resetFake, setFakeTiming } from '../client.ts';

const api = fakeOrigin('replicate', 'api');
const streamHost = fakeOrigin('replicate', 'stream');
const key = (scenario: ReplicateScenario) => replicateKeyFor(scenario);
const MODEL = 'meta/meta-llama-3-8b-instruct';

/** Runs a test, recording every URL the endpoint requested. */
async function test(scenario: ReplicateScenario, body: Record<string, unknown> = {}) {
  const urls: string[] = [];
  const answer = await postTest({ provider: 'replicate', ...body }, key(scenario), { meta: { onSend: (url) => urls.push(url) } });
  return { answer, urls };
}
const sentTo = async (origin: string) => (await fakeRequests(origin)).map((r) => `${r.method} ${r.path.replace(/[a-z0-9]{26,}/g, '<id>')}`);

beforeEach(async () => {
  await resetFake(api);
  await resetFake(streamHost);
});

describe('validation', () => {
  it('a working token: valid, billing unverified, the account type and nothing about its owner', async () => {
    const { answer } = await test('valid');
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'account', 'rate_limits', 'outcome', 'done']);
    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'valid', httpStatus: 200, billing: 'unverified', errorPage: null });
    expect(validation.message).toBe(
      'Your key works on api.replicate.com: it answered a free call. This host does not list models. Whether it can spend is not known yet: the free call does not say. A paid check settles it.',
    );
    expect(only(answer, 'account')).toEqual({
      type: 'account',
      balances: [],
      limit: null,
      remaining: null,
      canSpend: null,
      freeTier: null,
      keyLabel: null,
      permissions: [],
      expiresAt: null,
      accountType: 'organization',
    });
    // The fake's account answer names its owner; none of it reaches the user.
    for (const personal of ['keyprobe-fake-owner', 'Fake Owner Name', 'github.com']) expect(answer.text).not.toContain(personal);
    expect(only(answer, 'rate_limits')).toEqual({ type: 'rate_limits', limits: [], notes: ['Requests per minute: 2999 left (Replicate does not send the limit itself).'] });
    expect(await sentTo(api)).toEqual(['GET /v1/account']);
    const [request] = await fakeRequests(api);
    expect(request?.headers.authorization).toBe(`Bearer ${key('valid')}`);
  });

  it('a personal account says so', async () => {
    expect(only((await test('user')).answer, 'account').accountType).toBe('user');
  });

  const cases = [
    { scenario: 'invalid', verdict: 'invalid', status: 401, page: '/replicate/errors/401/' },
    { scenario: 'rateLimited', verdict: 'rate_limited', status: 429, page: '/replicate/errors/429/' },
    { scenario: 'serverError', verdict: 'provider_error', status: 500, page: '/replicate/errors/5xx/' },
    { scenario: 'redirectForeign', verdict: 'provider_error', status: 302, page: '/replicate/errors/5xx/' },
    { scenario: 'hugeBody', verdict: 'provider_error', status: 200, page: '/replicate/errors/5xx/' },
    { scenario: 'resetBeforeHeaders', verdict: 'unreachable', status: null, page: '/replicate/errors/timeout/' },
  ] as const;
  itReadsVerdicts(cases, async ({ scenario }) => (await test(scenario)).answer, { fixLongerThan: 10, sameOutcome: true }, (answer) => {
    expect(eventsOf(answer, 'account')).toEqual([]);
  });

  it('quotes Replicate\'s problem document for a bad token and says what a token looks like', async () => {
    const validation = only((await test('invalid')).answer, 'validation');
    expect(validation.message).toBe('Replicate rejected this token (401 Unauthenticated). Replicate said: “You did not pass a valid authentication token”.');
    expect(validation.fix).toMatch(/starts with r8_ and is 40 characters long/);
  });

  it('a 429 waits the retry_after its body names, and says low credit throttles harder', async () => {
    const validation = only((await test('rateLimited')).answer, 'validation');
    expect(validation.message).toMatch(/^Your key is valid, but Replicate is rate-limiting it right now \(429\)\. Replicate said: “Request was throttled/);
    expect(validation.fix).toMatch(/^Wait 5 s and test again\. Replicate throttles accounts with little credit/);
  });

  it('a token that hangs ends in a timeout within the call deadline', async () => {
    const started = Date.now();
    expect(only((await test('hang')).answer, 'validation')).toMatchObject({ verdict: 'timeout', errorPage: '/replicate/errors/timeout/' });
    expect(Date.now() - started).toBeLessThan(13_000);
  });
});

describe('the streamed prediction', () => {
  it('creates it by model name, follows its stream link without the token, and reads the tokens from its metrics', async () => {
    const { answer, urls } = await test('valid', { checks: ['stream'] });
    const check = only(answer, 'check');
    expect(check).toMatchObject({ name: 'stream', ok: true, model: MODEL, httpStatus: 201, tokenSource: 'metrics', servedBy: 'coreweave-rno2' });
    expect(check.message).toMatch(/^Streamed 1 tokens; first content after [\d.]+ ms\.$/);
    expect(check.bootMs).toBeUndefined();
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'valid', basis: 'stream', message: 'Your key works and can spend: the stream check passed.' });

    expect(await sentTo(api)).toEqual(['GET /v1/account', `POST /v1/models/${MODEL}/predictions`, 'GET /v1/predictions/<id>']);
    const create = (await fakeRequests(api)).find((r) => r.method === 'POST');
    expect(JSON.parse(create?.body ?? '{}')).toEqual({ input: { prompt: 'Reply with the single word OK.', max_tokens: 8 }, stream: true });
    const [streamRead] = await fakeRequests(streamHost);
    expect(streamRead?.path).toMatch(/^\/v1\/streams\/[a-z2-7]{52}$/);
    expect(streamRead?.headers.accept).toBe('text/event-stream');
    expect(streamRead?.headers.authorization).toBeUndefined();
    expect(urls).toHaveLength(4);
    expect(answer.text).not.toContain(key('valid').slice(3, 11));
  });

  it('a benchmark: TTFB is the time to the stream link, tokens and tok/s from the metrics', async () => {
    await setFakeTiming(api, key('valid'), { interTokenMs: 5 });
    const { answer } = await test('valid', { benchmark: { target: 'chat', model: MODEL, runs: 2, maxTokens: 8 } });
    const samples = eventsOf(answer, 'sample');
    expect(samples.map((s) => [s.run, s.outputTokens, s.tokenSource])).toEqual([
      [0, 8, 'metrics'],
      [1, 8, 'metrics'],
      [2, 8, 'metrics'],
    ]);
    for (const s of samples) {
      expect(s.ttftMs).toBeGreaterThanOrEqual(s.ttfbMs);
      expect(s.e2eMs).toBeGreaterThanOrEqual(s.ttftMs ?? 0);
      expect(s.tokensPerSecond).not.toBeNull();
    }
    expect(only(answer, 'summary')).toMatchObject({ runs: 2, note: null });
  });

  it('without a token count in the metrics, says tokens/s cannot be measured instead of counting events', async () => {
    const check = only((await test('noMetrics', { checks: ['stream'] })).answer, 'check');
    expect(check).toMatchObject({ ok: true });
    expect(check.message).toMatch(/^Streamed; first content after [\d.]+ ms\. Replicate reported no output token count, so tokens per second cannot be measured\.$/);
    expect(check.tokenSource).toBeUndefined();
    const { answer } = await test('noMetrics', { benchmark: { target: 'chat', runs: 1, maxTokens: 8 } });
    for (const s of eventsOf(answer, 'sample')) expect(s).toMatchObject({ outputTokens: null, tokensPerSecond: null });
    expect(only(answer, 'summary').note).toBe('Replicate reported no output token count for these runs, so tokens per second cannot be measured (Keyprobe never counts stream events as tokens).');
  });

  it('a cold boot is its own phase, left out of the time to first content', async () => {
    const check = only((await test('coldBoot', { checks: ['stream'] })).answer, 'check');
    expect(check.ok).toBe(true);
    expect(check.bootMs).toBeGreaterThanOrEqual(1500);
    expect(check.message).toMatch(/The model was booting first \(1\.\d s\); that wait is reported apart, not in the time to first content\.$/);
    const ttft = Number(/first content after ([\d.]+) ms/.exec(check.message)?.[1]);
    // The stream's first output came after the boot; the boot is not in the reported TTFT.
    expect(ttft).toBeLessThan(1000);
    expect(check.ms).toBeGreaterThanOrEqual(1500);
  });

  const failures = [
    { scenario: 'noCredit', verdict: 'quota_exhausted', status: 402, page: '/replicate/errors/402/', words: /cannot pay for a model run \(402 Payment Required\)\. Replicate said: “You have insufficient credit/ },
    { scenario: 'billingRequired', verdict: 'quota_exhausted', status: 402, page: '/replicate/errors/402/', words: /Replicate said: “You need to set up billing/ },
    { scenario: 'modelNotFound', verdict: 'not_found', status: 404, page: '/replicate/errors/404/', words: /could not find the model \(404\)/ },
  ] as const;
  for (const { scenario, verdict, status, page, words } of failures) {
    it(`${scenario}: the check fails as ${verdict}, with its page`, async () => {
      const { answer } = await test(scenario, { checks: ['stream'] });
      expect(only(answer, 'validation')).toMatchObject({ verdict: 'valid', billing: 'unverified' });
      const check = only(answer, 'check');
      expect(check).toMatchObject({ ok: false, verdict, httpStatus: status, errorPage: page });
      expect(check.message).toMatch(words);
      if (verdict === 'quota_exhausted') expect(only(answer, 'outcome')).toMatchObject({ verdict: 'quota_exhausted', basis: 'stream' });
      expect(await sentTo(streamHost)).toEqual([]);
    });
  }

  it('throttled on creating the prediction: one wait of retry_after, then rate_limited', async () => {
    const started = Date.now();
    const { answer } = await test('throttled', { checks: ['stream'] });
    expect(only(answer, 'check')).toMatchObject({ ok: false, verdict: 'rate_limited', httpStatus: 429, errorPage: '/replicate/errors/429/' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(4900);
    expect((await sentTo(api)).filter((r) => r.startsWith('POST'))).toHaveLength(2);
  });

  it('an error event in the stream, or a prediction that failed, is a provider error with Replicate\'s words', async () => {
    const streamed = only((await test('streamError', { checks: ['stream'] })).answer, 'check');
    expect(streamed).toMatchObject({ ok: false, verdict: 'provider_error', errorPage: '/replicate/errors/5xx/' });
    expect(streamed.message).toBe('The stream started, then Replicate sent an error in it: “Prediction failed: CUDA error: out of memory”.');
    const failed = only((await test('failedPrediction', { checks: ['stream'] })).answer, 'check');
    expect(failed).toMatchObject({ ok: false, verdict: 'provider_error' });
    expect(failed.message).toBe('The stream started, then Replicate sent an error in it: “CUDA error: out of memory”.');
  });

  it('a prediction without a stream link, or a stream host that refuses, is a provider error', async () => {
    const none = only((await test('noStreamLink', { checks: ['stream'] })).answer, 'check');
    expect(none).toMatchObject({ ok: false, verdict: 'provider_error', httpStatus: 201 });
    expect(none.message).toMatch(/^Replicate accepted the request for meta\/meta-llama-3-8b-instruct but its answer links to no stream/);
    const refused = only((await test('streamHttpError', { checks: ['stream'] })).answer, 'check');
    expect(refused.message).toBe('Replicate created the stream, but its stream host stream-b.svc.ric1.c.replicate.net answered HTTP 404. Replicate said: “The requested resource could not be found”.');
  });
});

describe('where a stream link may lead', () => {
  const elsewhere = [
    { scenario: 'streamLoopback', shown: 'http://127.0.0.1:1' },
    { scenario: 'streamForeignHost', shown: 'https://stream.example.com' },
    { scenario: 'streamLookalikeHost', shown: 'https://stream-b.svc.ric1.c.replicate.net.example.com' },
  ] as const;
  for (const { scenario, shown } of elsewhere) {
    it(`${scenario}: refused with a clear message, and nothing is requested there`, async () => {
      const { answer, urls } = await test(scenario, { checks: ['stream'] });
      const check = only(answer, 'check');
      expect(check).toMatchObject({ ok: false, verdict: 'provider_error', httpStatus: 201, errorPage: '/replicate/errors/5xx/' });
      expect(check.message).toBe(
        `Replicate's answer sent the stream to ${shown}, which is not one of Replicate's stream hosts (stream.replicate.com, stream-b.svc.*.c.replicate.net, streaming-api.svc.*.c.replicate.net). Keyprobe did not connect to it.`,
      );
      // Only the account and the prediction were requested, both at the fake of api.replicate.com.
      expect(urls).toHaveLength(2);
      for (const url of urls) expect(url.startsWith(`${api}/`)).toBe(true);
      expect(await sentTo(streamHost)).toEqual([]);
    });
  }

  it('a benchmark run with a link elsewhere fails with the same words, and never connects', async () => {
    const { answer, urls } = await test('streamLoopback', { benchmark: { target: 'chat', runs: 1, maxTokens: 8 } });
    expect(only(answer, 'summary').note).toMatch(/^Run 0 failed: Replicate's answer sent the stream to http:\/\/127\.0\.0\.1:1, which is not one of Replicate's stream hosts/);
    for (const url of urls) expect(url.startsWith(`${api}/`)).toBe(true);
  });

  it('the prediction\'s own link is followed only on api.replicate.com: elsewhere it is not read, and no token count is made up', async () => {
    const { answer, urls } = await test('jobLinkForeign', { checks: ['stream'] });
    const check = only(answer, 'check');
    expect(check.ok).toBe(true);
    expect(check.message).toMatch(/Replicate reported no output token count/);
    expect(urls.some((u) => u.includes('example.com'))).toBe(false);
    expect(await sentTo(api)).toEqual(['GET /v1/account', `POST /v1/models/${MODEL}/predictions`]);
  });
});
