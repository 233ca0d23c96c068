/**
 * Hugging Face's tester, through the real handler in workerd against the fake of both hosts: the
 * free token check on the Hub (role, fine-grained permissions, the missing inference permission),
 * the router's model list, checks and benchmark with the provider that answered, the Hub's IETF
 * limits and the router's passed-through ones, every verdict the adapter gives, and no personal
 * data from whoami anywhere.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { FAKE_HF_USER, huggingfaceKeyFor, type HuggingFaceScenario } from '../../fakes/huggingface-keys.ts';
import { eventsOf, fakeOrigin, fakeRequests, itReadsVerdicts, only, postTest, resetFake, type TestAnswer } from '../client.ts';

const hub = fakeOrigin('huggingface', 'hub');
const router = fakeOrigin('huggingface', 'router');
const key = (scenario: HuggingFaceScenario) => huggingfaceKeyFor(scenario);
const test = (scenario: HuggingFaceScenario, body: Record<string, unknown> = {}) => postTest({ provider: 'huggingface', ...body }, key(scenario));
const CHECK_MODEL = 'meta-llama/Llama-3.1-8B-Instruct:cheapest';
const HF_REQUEST_ID = /^[A-Za-z0-9_-]{16}$/;

/** What whoami-v2 holds about the person and must never come back: name, full name, email, ids, org, token name. */
function expectNoPersonalData(answer: TestAnswer) {
  for (const personal of [FAKE_HF_USER, 'Keyprobe Fake Person', 'fake.person@keyprobe.invalid', '66f1c0ffee', 'keyprobe-fake-org', 'keyprobe-fake-token']) {
    expect(answer.text, personal).not.toContain(personal);
  }
}

beforeEach(async () => {
  await Promise.all([resetFake(hub), resetFake(router)]);
});

describe('a working read token', () => {
  it('runs the whole tester: Hub check, router models, chat and stream checks, a benchmark', async () => {
    const answer = await test('valid', { checks: ['chat', 'stream'], benchmark: { target: 'chat', runs: 2, maxTokens: 8 } });
    expect(answer.status).toBe(200);
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'account', 'models', 'rate_limits', 'check', 'check', 'sample', 'sample', 'sample', 'summary', 'outcome', 'done']);

    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'valid', httpStatus: 200, billing: 'unverified', errorPage: null });
    // The router's list is the same for everyone: it says nothing about this token.
    expect(validation.message).toBe('Your key works on huggingface.co. Whether it can spend is not known yet: the free call does not say. A paid check settles it.');
    expect(validation.requestId).toMatch(HF_REQUEST_ID);

    expect(only(answer, 'account')).toEqual({
      type: 'account',
      balances: [],
      limit: null,
      remaining: null,
      canSpend: null,
      freeTier: null,
      keyLabel: 'Read token (classic): reads everything the account can, and may call Inference Providers',
      permissions: [],
      expiresAt: null,
    });

    expect(only(answer, 'models').public).toBe(true);
    const models = only(answer, 'models').models;
    expect(models).toHaveLength(9);
    const llama = models.find((m) => m.id === 'meta-llama/Llama-3.1-8B-Instruct');
    // The price is the one :cheapest pays (novita's).
    expect(llama).toMatchObject({ family: 'Llama', contextLength: 131072, capabilities: { tools: true, structured_output: true }, deprecation: null, price: { input: 0.02, output: 0.05, currency: 'USD' } });
    // Each live provider is a way to call it; a provider in staging is not.
    expect(llama?.aliases).toEqual([`${'meta-llama/Llama-3.1-8B-Instruct'}:cheapest`, 'meta-llama/Llama-3.1-8B-Instruct:fastest', 'meta-llama/Llama-3.1-8B-Instruct:novita', 'meta-llama/Llama-3.1-8B-Instruct:nscale', 'meta-llama/Llama-3.1-8B-Instruct:cerebras']);
    expect(models.find((m) => m.id === 'Qwen/Qwen3.5-397B-A17B')?.capabilities).toMatchObject({ image_input: true });
    expect(models.find((m) => m.id === 'zai-org/GLM-5')?.family).toBe('GLM');

    // The Hub's IETF-draft headers, read into a limit with its 5-minute window.
    const limits = only(answer, 'rate_limits');
    expect(limits.limits).toEqual([{ name: 'Hub API requests', limit: 1000, remaining: 999, window: '5 minutes' }]);
    expect(limits.notes[0]).toMatch(/^The Hub API \(huggingface\.co\/api\/\*, where the token is checked\) counts requests per account in a fixed window/);

    const [chat, stream] = eventsOf(answer, 'check');
    expect(chat).toMatchObject({ name: 'chat', ok: true, model: CHECK_MODEL, httpStatus: 200, message: 'Answered “OK. 1 2”.', servedBy: 'novita' });
    // novita's answers carry no X-Request-Id, only its own trace id.
    expect(chat?.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(stream).toMatchObject({ name: 'stream', ok: true, model: CHECK_MODEL, servedBy: 'novita', tokenSource: 'usage', serverTtftMs: 7 });
    expect(stream?.message).toMatch(/^Streamed 4 tokens; first content after [\d.]+ ms\. Hugging Face reports 7 ms to the first token on its side\.$/);

    const samples = eventsOf(answer, 'sample');
    expect(samples.map((s) => [s.run, s.warmup, s.outputTokens, s.servedBy])).toEqual([
      [0, true, 8, 'novita'],
      [1, false, 8, 'novita'],
      [2, false, 8, 'novita'],
    ]);
    for (const s of samples) expect(s.serverTtftMs).toEqual(expect.any(Number));
    expect(only(answer, 'summary')).toMatchObject({ runs: 2, note: null });
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'valid', basis: 'chat' });

    // Each host got only its calls, with the token as a bearer token; usage was asked for.
    const onHub = await fakeRequests(hub);
    expect(onHub.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/whoami-v2']);
    const onRouter = await fakeRequests(router);
    expect(new Set(onRouter.map((r) => `${r.method} ${r.path}`))).toEqual(new Set(['GET /v1/models', 'POST /v1/chat/completions']));
    // The public model list goes out without the token; everything else carries it as a bearer token.
    for (const r of [...onHub, ...onRouter]) expect(r.headers.authorization).toBe(r.path === '/v1/models' ? undefined : `Bearer ${key('valid')}`);
    const bodies = onRouter.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies[0]).toEqual({ model: CHECK_MODEL, messages: [{ role: 'user', content: 'Reply with the single word OK.' }], max_tokens: 4 });
    expect(bodies[1]).toMatchObject({ model: CHECK_MODEL, stream: true, stream_options: { include_usage: true } });
    expectNoPersonalData(answer);
  });

  it('a fine-grained token with the inference permission: valid, with its permissions and no entity names', async () => {
    const answer = await test('validFineGrained');
    expect(only(answer, 'validation').verdict).toBe('valid');
    const account = only(answer, 'account');
    expect(account.keyLabel).toBe('Fine-grained token: only the permissions ticked for it');
    expect(account.permissions).toEqual(['discussion.write', 'post.write', 'repo.content.read (user)', 'inference.serverless.write (user)', 'repo.content.read (org)', 'inference.serverless.write (org)']);
    expectNoPersonalData(answer);
  });

  it('shows the serving provider’s limits next to the Hub’s, when the router passes them on', async () => {
    const answer = await test('servedByNebius', { checks: ['chat'] });
    const limits = eventsOf(answer, 'rate_limits');
    // The Hub's first, then both hosts' once a check has answered.
    expect(limits).toHaveLength(2);
    expect(limits[0]?.limits).toEqual([{ name: 'Hub API requests', limit: 1000, remaining: 999, window: '5 minutes' }]);
    expect(limits[1]?.limits).toEqual([
      { name: 'Hub API requests', limit: 1000, remaining: 999, window: '5 minutes' },
      { name: 'Requests at nebius (its own window)', limit: 600, remaining: 599, window: '' },
      { name: 'Tokens at nebius (its own window)', limit: 400000, remaining: 399936, window: '' },
    ]);
    expect(limits[1]?.notes).toContain('nebius served this call; the router passed its limits on unchanged.');
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'account', 'models', 'rate_limits', 'rate_limits', 'check', 'outcome', 'done']);
    const check = only(answer, 'check');
    expect(check).toMatchObject({ ok: true, servedBy: 'nebius' });
    expect(check.requestId).toMatch(HF_REQUEST_ID);
  });
});

describe('the inference permission', () => {
  it('a fine-grained token without it is forbidden on the free check, saying which permission to add', async () => {
    const answer = await test('noInferencePermission');
    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'forbidden', httpStatus: 200, errorPage: '/huggingface/errors/403-inference-permission/' });
    expect(validation.message).toBe(
      'Your token is valid, but it is a fine-grained token without the “Make calls to Inference Providers” permission (inference.serverless.write), so Hugging Face refuses every inference call with 403.',
    );
    expect(validation.fix).toMatch(/tick Inference → “Make calls to Inference Providers”.*tokens\/new\?ownUserPermissions=inference\.serverless\.write&tokenType=fineGrained/);
    // Its own user lacks it; the organization's grant does not count for calls billed to the user.
    expect(only(answer, 'account').permissions).toContain('inference.serverless.write (org)');
    expect(eventsOf(answer, 'models')).toEqual([]);
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'forbidden', basis: 'validation' });
    expect((await fakeRequests(router)).length).toBe(0);
    expectNoPersonalData(answer);
  });

  it('the router’s own 403 reads the same, without the user name it carries', async () => {
    const answer = await test('noInferencePermission', { checks: ['chat'] });
    const check = only(answer, 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 403, verdict: 'forbidden', errorPage: '/huggingface/errors/403-inference-permission/' });
    expect(check.message).toMatch(/Hugging Face said: “This authentication method does not have sufficient permissions to call Inference Providers on behalf of user \[your account\]”\.$/);
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'forbidden', basis: 'chat' });
    expectNoPersonalData(answer);
  });
});

describe('validation verdicts', () => {
  const cases = [
    { scenario: 'invalid', verdict: 'invalid', status: 401, page: '/huggingface/errors/401/' },
    { scenario: 'hubRateLimited', verdict: 'rate_limited', status: 429, page: '/huggingface/errors/429/' },
    { scenario: 'hubError', verdict: 'provider_error', status: 500, page: '/huggingface/errors/5xx/' },
    { scenario: 'redirectForeign', verdict: 'provider_error', status: 302, page: '/huggingface/errors/5xx/' },
    { scenario: 'resetBeforeHeaders', verdict: 'unreachable', status: null, page: '/huggingface/errors/timeout/' },
  ] as const;
  itReadsVerdicts(cases, ({ scenario }) => test(scenario), { sameOutcome: true, endsWithDone: true });

  it('a wrong token: Hugging Face’s words and its request id', async () => {
    const validation = only(await test('invalid'), 'validation');
    expect(validation.message).toBe('Hugging Face rejected this key (401 Unauthorized). Hugging Face said: “Invalid credentials in Authorization header”.');
    expect(validation.requestId).toMatch(HF_REQUEST_ID);
  });

  it('over the Hub limit: waits as long as the RateLimit header says, and shows the spent window', async () => {
    const answer = await test('hubRateLimited');
    expect(only(answer, 'validation').fix).toMatch(/^Wait 42 s and test again/);
    expect(only(answer, 'rate_limits').limits).toEqual([{ name: 'Hub API requests', limit: 1000, remaining: 0, window: '5 minutes' }]);
  });

  it('a token check that hangs ends in a timeout; an endless answer is cut at the size cap', async () => {
    expect(only(await test('hang'), 'validation')).toMatchObject({ verdict: 'timeout', httpStatus: null, errorPage: '/huggingface/errors/timeout/' });
    const huge = only(await test('hugeBody'), 'validation');
    expect(huge).toMatchObject({ verdict: 'provider_error', httpStatus: 200 });
    expect(huge.message).toMatch(/far larger than expected/);
  });
});

describe('what only inference reveals', () => {
  for (const scenario of ['creditsDepleted', 'creditsExceeded'] as const) {
    it(`${scenario}: the free check passes, the chat check fails with 402, the outcome is quota_exhausted`, async () => {
      const answer = await test(scenario, { checks: ['chat'] });
      expect(only(answer, 'validation')).toMatchObject({ verdict: 'valid', billing: 'unverified' });
      const check = only(answer, 'check');
      expect(check).toMatchObject({ ok: false, httpStatus: 402, verdict: 'quota_exhausted', errorPage: '/huggingface/errors/402/' });
      expect(check.message).toMatch(/^Your token is valid, but the account has no Inference Providers credits left \(402 Payment Required\)\. Hugging Face said: “You have (depleted|exceeded) your monthly included credits/);
      expect(check.requestId).toMatch(HF_REQUEST_ID);
      expect(only(answer, 'outcome')).toMatchObject({ verdict: 'quota_exhausted', basis: 'chat' });
    });
  }

  it('a model the router does not know is not_found (its 400 model_not_found), and the key stays valid', async () => {
    const answer = await test('modelNotFound', { checks: ['chat'] });
    const check = only(answer, 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 400, verdict: 'not_found', errorPage: '/huggingface/errors/model-not-found/' });
    expect(check.message).toBe(`Hugging Face refused the request for ${CHECK_MODEL} (HTTP 400). It said: “The requested model '${CHECK_MODEL}' does not exist”.`);
    expect(only(answer, 'outcome').verdict).toBe('valid');
  });

  it('the serving provider’s 429 is rate_limited, with the router’s own advice', async () => {
    const check = only(await test('routerRateLimited', { checks: ['chat'] }), 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 429, verdict: 'rate_limited', errorPage: '/huggingface/errors/429/' });
    expect(check.message).toMatch(/^Your key is valid, but Hugging Face is rate-limiting it right now \(429\)\. Hugging Face said: “Rate limit exceeded, please slow down”\.$/);
  });

  it('a provider’s 500 and the router’s HTML 502 are provider errors; no HTML is shown', async () => {
    const failing = only(await test('providerError', { checks: ['chat'] }), 'check');
    expect(failing).toMatchObject({ ok: false, httpStatus: 500, verdict: 'provider_error', errorPage: '/huggingface/errors/5xx/' });
    expect(failing.message).toBe('Hugging Face had a problem answering (HTTP 500). Hugging Face said: “Internal server error”.');
    const gateway = only(await test('routerBadGateway', { checks: ['chat'] }), 'check');
    expect(gateway).toMatchObject({ ok: false, httpStatus: 502, verdict: 'provider_error', errorPage: '/huggingface/errors/5xx/' });
    expect(gateway.message).toBe('Hugging Face had a problem answering (HTTP 502).');
  });

  it('benchmarks only a model the router lists', async () => {
    const answer = await test('valid', { benchmark: { target: 'chat', model: 'nobody/no-such-model', runs: 1 } });
    expect(only(answer, 'summary')).toMatchObject({ runs: 0, note: "Benchmark skipped: nobody/no-such-model is not in Hugging Face's model list." });
  });
});

describe('router streams that go wrong', () => {
  const stream = async (scenario: HuggingFaceScenario) => only(await test(scenario, { checks: ['stream'] }), 'check');

  it('an error inside a 200 stream is a provider error', async () => {
    const check = await stream('streamError');
    expect(check).toMatchObject({ ok: false, httpStatus: 200, verdict: 'provider_error', errorPage: '/huggingface/errors/5xx/' });
    expect(check.message).toBe('The stream started, then Hugging Face sent an error in it: “The model server failed while generating.”.');
  });

  it('names broken events, a cut connection and a stream without [DONE]', async () => {
    expect(await stream('malformedSse')).toMatchObject({ ok: false, message: 'The stream contained 2 unreadable events.' });
    expect(await stream('resetMidStream')).toMatchObject({ ok: false, message: 'The stream was cut off before it finished.' });
    expect(await stream('streamNoDone')).toMatchObject({ ok: false, message: 'The stream ended without its closing event.' });
  });
});
