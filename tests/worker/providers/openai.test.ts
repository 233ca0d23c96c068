/**
 * OpenAI's tester in workerd against the fake of its four hosts: every verdict and reason the
 * adapter gives, the billing that only a paid call settles, the data-residency hosts, models, rate
 * limits that come only with inference, checks, a short benchmark and request ids.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { providerData } from '../../../src/lib/provider-registry';
import { noError, type AdapterContext, type AnswerFacts } from '../../../src/server/adapter';
import { openai } from '../../../src/server/providers/openai';
import { openaiFake } from '../../fakes/openai.ts';
import { eventsOf, fakeOrigin, fakeRequests, itReadsVerdicts, only, postTest, resetFake } from '../client.ts';

const ROLES = ['global', 'us', 'eu', 'ae'] as const;
const key = (scenario: Parameters<typeof openaiFake.keyFor>[0]) => openaiFake.keyFor(scenario);
const test = (scenario: Parameters<typeof key>[0], body: Record<string, unknown> = {}, colo?: string) => postTest({ provider: 'openai', ...body }, key(scenario), { colo });
const sentTo = async (role: (typeof ROLES)[number]) => (await fakeRequests(fakeOrigin('openai', role))).map((r) => `${r.method} ${r.path}`);

beforeEach(async () => {
  await Promise.all(ROLES.map((role) => resetFake(fakeOrigin('openai', role))));
});

describe('a working key', () => {
  it('lists models, leaves billing to the chat check, shows limits from inference, runs every check and a benchmark', async () => {
    const answer = await test('valid', { checks: ['chat', 'stream', 'embeddings'], benchmark: { target: 'chat', runs: 2, maxTokens: 8 } });
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'models', 'rate_limits', 'check', 'check', 'check', 'sample', 'sample', 'sample', 'summary', 'outcome', 'done']);

    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'valid', httpStatus: 200, billing: 'unverified', errorPage: null });
    expect(validation.message).toBe('Your key works on api.openai.com. It can use 22 models. Whether it can spend is not known yet: the free call does not say. A paid check settles it.');
    expect(validation.requestId).toMatch(/^req_[0-9a-f]{32}$/);

    const models = only(answer, 'models').models;
    const family = (id: string) => models.find((m) => m.id === id)?.family;
    expect([family('gpt-6-luna'), family('gpt-4o-mini'), family('o3'), family('text-embedding-3-small'), family('tts-1-hd'), family('gpt-live-transcribe'), family('gpt-image-1')]).toEqual([
      'GPT-6',
      'GPT-4o',
      'o-series (reasoning)',
      'Embeddings',
      'Audio and realtime',
      'Audio and realtime',
      'Images and video',
    ]);
    expect(models.find((m) => m.id === 'gpt-4.1-nano')?.deprecation).toEqual({ date: '2026-10-23', replacement: null });

    // The model list carries no limits; the first chat answer does, as durations.
    expect(only(answer, 'rate_limits').limits).toEqual([
      { name: 'Requests', limit: 500, remaining: 498, window: 'minute' },
      { name: 'Tokens', limit: 200000, remaining: 199932, window: 'minute' },
    ]);

    const [chat, stream, embeddings] = eventsOf(answer, 'check');
    expect(chat).toMatchObject({ name: 'chat', ok: true, model: 'gpt-6-luna', httpStatus: 200, message: 'Answered “Hello, this is”.' });
    expect(chat?.requestId).toMatch(/^req_[0-9a-f]{32}$/);
    expect(stream).toMatchObject({ name: 'stream', ok: true, model: 'gpt-6-luna', tokenSource: 'usage' });
    expect(stream?.message).toMatch(/^Streamed 4 tokens; first content after [\d.]+ ms\.$/);
    expect(embeddings).toMatchObject({ name: 'embeddings', ok: true, model: 'text-embedding-3-small' });

    expect(eventsOf(answer, 'sample').map((s) => [s.run, s.outputTokens, s.serverMs])).toEqual([
      [0, 8, 42],
      [1, 8, 42],
      [2, 8, 42],
    ]);
    expect(only(answer, 'outcome')).toEqual({ type: 'outcome', verdict: 'valid', basis: 'chat', message: 'Your key works and can spend: the chat check passed.' });

    // Only the data's calls, on the chosen host; Luna is told not to reason; streams ask for usage.
    expect(new Set(await sentTo('global'))).toEqual(new Set(['GET /v1/models', 'POST /v1/chat/completions', 'POST /v1/embeddings']));
    for (const role of ['us', 'eu', 'ae'] as const) expect(await sentTo(role)).toEqual([]);
    const bodies = (await fakeRequests(fakeOrigin('openai', 'global'))).filter((r) => r.path === '/v1/chat/completions').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies[0]).toEqual({ model: 'gpt-6-luna', messages: [{ role: 'user', content: 'Reply with the single word OK.' }], max_completion_tokens: 4, reasoning_effort: 'none' });
    for (const body of bodies.filter((b) => b.stream === true)) expect(body).toMatchObject({ stream_options: { include_usage: true }, reasoning_effort: 'none' });
  });

  it('tests a key on a regional host when that endpoint is chosen', async () => {
    const validation = only(await test('valid', { endpoint: 'eu' }), 'validation');
    expect(validation).toMatchObject({ verdict: 'valid', billing: 'unverified' });
    expect(validation.message).toMatch(/^Your key works on eu\.api\.openai\.com\./);
    expect(await sentTo('eu')).toEqual(['GET /v1/models']);
    expect(await sentTo('global')).toEqual([]);
  });
});

describe('billing: valid on the free call, settled by the chat check', () => {
  it('insufficient_quota: the model list works, the chat check gets 429, the outcome says valid key, no credit', async () => {
    const answer = await test('quotaExhausted', { checks: ['chat'] });
    expect(only(answer, 'validation')).toMatchObject({ verdict: 'valid', billing: 'unverified' });
    const check = only(answer, 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 429, verdict: 'quota_exhausted', errorPage: '/openai/errors/insufficient-quota/' });
    expect(check.message).toMatch(/^Your key is valid, but it cannot spend: the account has no credit or quota left \(429 insufficient_quota\)\. OpenAI said: “You exceeded your current quota/);
    const outcome = only(answer, 'outcome');
    expect(outcome).toMatchObject({ verdict: 'quota_exhausted', basis: 'chat' });
    expect(outcome.message).toMatch(/^The key is valid, but it cannot spend: OpenAI refused the chat check for lack of credit or quota\./);
    // A billing 429 is not retried like a rate limit: one call.
    expect((await sentTo('global')).filter((r) => r.startsWith('POST'))).toHaveLength(1);
  });

  it('a benchmark of a key without credit stops at once, saying why, without waiting as for a rate limit', async () => {
    const answer = await test('quotaExhausted', { benchmark: { target: 'chat', runs: 3, maxTokens: 8 } });
    expect(eventsOf(answer, 'backoff')).toEqual([]);
    expect(eventsOf(answer, 'sample')).toEqual([]);
    expect(only(answer, 'summary').note).toMatch(/^Run 0 failed: Your key is valid, but it cannot spend/);
  });

  it('credit_balance_exhausted (the 2026 code) reads the same, naming what ran out', async () => {
    const answer = await test('creditExhausted', { checks: ['chat'] });
    const check = only(answer, 'check');
    expect(check).toMatchObject({ verdict: 'quota_exhausted', errorPage: '/openai/errors/insufficient-quota/' });
    expect(check.message).toMatch(/the organization has no prepaid credit left \(429 credit_balance_exhausted\)/);
    expect(only(answer, 'outcome').verdict).toBe('quota_exhausted');
  });

  it('without a check, the outcome stays the validation: valid, billing unverified', async () => {
    const answer = await test('quotaExhausted');
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'valid', basis: 'validation' });
    expect(only(answer, 'rate_limits').notes).toEqual(['OpenAI sends rate limits only with inference answers; run a check to see them.']);
  });
});

describe('permissions', () => {
  it('Missing scopes on a completion: forbidden with its own page, not invalid', async () => {
    const answer = await test('missingScopes', { checks: ['chat'] });
    expect(only(answer, 'validation').verdict).toBe('valid');
    const check = only(answer, 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 401, verdict: 'forbidden', errorPage: '/openai/errors/missing-scopes/' });
    expect(check.message).toMatch(/restricted key without the permission this call needs \(missing: model\.request\)/);
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'forbidden', basis: 'chat' });
  });

  it('Missing scopes on the model list (code null): forbidden, no probing of other hosts, and the checks still run', async () => {
    const answer = await test('missingScopesOnList', { checks: ['chat'] });
    expect(only(answer, 'validation')).toMatchObject({ verdict: 'forbidden', httpStatus: 401, errorPage: '/openai/errors/missing-scopes/', suggestedEndpoint: null });
    expect(only(answer, 'check')).toMatchObject({ ok: true, model: 'gpt-6-luna' });
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'valid', basis: 'chat' });
    for (const role of ['us', 'eu', 'ae'] as const) expect(await sentTo(role)).toEqual([]);
  });

  it('no Models: Read: 403 on the list, the asked checks run and prove the key', async () => {
    const answer = await test('noModelsRead', { checks: ['chat', 'stream'] });
    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'forbidden', httpStatus: 403, errorPage: '/openai/errors/403/' });
    expect(validation.fix).toMatch(/restricted key without Models: Read/);
    expect(eventsOf(answer, 'models')).toEqual([]);
    expect(eventsOf(answer, 'check').map((c) => [c.name, c.ok, c.model])).toEqual([
      ['chat', true, 'gpt-6-luna'],
      ['stream', true, 'gpt-6-luna'],
    ]);
    expect(only(answer, 'outcome')).toEqual({ type: 'outcome', verdict: 'valid', basis: 'chat', message: 'The key cannot make the free call, but it works: the chat check passed.' });
  });

  it('without checks, such a key stays forbidden', async () => {
    expect(only(await test('noModelsRead'), 'outcome')).toMatchObject({ verdict: 'forbidden', basis: 'validation' });
  });

  it('an admin key is named as such: forbidden for models, not invalid, and no other host is asked', async () => {
    const admin = key('adminKey');
    expect(admin).toMatch(/^sk-admin-[A-Za-z0-9_-]{58}T3BlbkFJ[A-Za-z0-9_-]{58}$/);
    const validation = only(await test('adminKey'), 'validation');
    expect(validation).toMatchObject({ verdict: 'forbidden', httpStatus: 401, errorPage: '/openai/errors/401/' });
    expect(validation.message).toMatch(/^This is an OpenAI admin key \(sk-admin-\)\. Admin keys work only on the Administration API/);
    expect(validation.fix).toMatch(/create a project key \(sk-proj-\)/);
    for (const role of ['us', 'eu', 'ae'] as const) expect(await sentTo(role)).toEqual([]);
  });
});

describe('where the key may be used', () => {
  it('unsupported_country_region_territory: not the key, and says where the test ran from', async () => {
    const validation = only(await test('unsupportedRegion', {}, 'CDG'), 'validation');
    expect(validation).toMatchObject({ verdict: 'unsupported_region', httpStatus: 403, errorPage: '/openai/errors/unsupported-country-region-territory/' });
    expect(validation.message).toMatch(/^OpenAI does not serve the place this test ran from \(Cloudflare's CDG data centre\)\. This says nothing against your key\. OpenAI said: “Country, region, or territory not supported”\.$/);
    for (const role of ['us', 'eu', 'ae'] as const) expect(await sentTo(role)).toEqual([]);
  });

  it('incorrect_hostname names the key’s host: wrong endpoint, without asking the other hosts', async () => {
    const validation = only(await test('usProject'), 'validation');
    expect(validation).toMatchObject({ verdict: 'wrong_endpoint', httpStatus: 401, suggestedEndpoint: 'us', errorPage: '/openai/errors/incorrect-hostname/' });
    expect(validation.message).toMatch(/^Your key belongs to a data-residency project and works only on us\.api\.openai\.com, not on api\.openai\.com \(401 incorrect_hostname\)\./);
    expect(validation.fix).toMatch(/https:\/\/us\.api\.openai\.com\/v1 .*“US \(us\.api\.openai\.com\)”/);
    for (const role of ['us', 'eu', 'ae'] as const) expect(await sentTo(role)).toEqual([]);
    // On its own host the key works.
    expect(only(await test('usProject', { endpoint: 'us' }), 'validation').verdict).toBe('valid');
  });

  it('a plain 401 makes the tester ask the other listed hosts, free call only, and stop at the first that accepts', async () => {
    const validation = only(await test('euProjectPlain401'), 'validation');
    expect(validation).toMatchObject({ verdict: 'wrong_endpoint', httpStatus: 401, suggestedEndpoint: 'eu', errorPage: '/openai/errors/incorrect-hostname/' });
    expect(validation.message).toBe('This key belongs to a data-residency project: it works on eu.api.openai.com, not on api.openai.com.');
    expect(await sentTo('us')).toEqual(['GET /v1/models']);
    expect(await sentTo('eu')).toEqual(['GET /v1/models']);
    expect(await sentTo('ae')).toEqual([]);
  });

  it('a key of no host is invalid, after one free call to each listed host', async () => {
    const validation = only(await test('invalid'), 'validation');
    expect(validation).toMatchObject({ verdict: 'invalid', httpStatus: 401, suggestedEndpoint: null, errorPage: '/openai/errors/401/' });
    // OpenAI echoes the key masked; Keyprobe passes on none of it.
    expect(validation.message).toMatch(/^OpenAI rejected this key \(401 Unauthorized\)\. OpenAI said: “Incorrect API key provided: \[your key, masked\]\. You can find your API key at/);
    expect(validation.fix).toMatch(/data-residency project/);
    for (const role of ROLES) expect(await sentTo(role)).toEqual(['GET /v1/models']);
  });
});

describe('other answers', () => {
  const cases = [
    { scenario: 'rateLimited', verdict: 'rate_limited', status: 429, page: '/openai/errors/429/' },
    { scenario: 'forbidden', verdict: 'forbidden', status: 403, page: '/openai/errors/403/' },
    { scenario: 'serverError', verdict: 'provider_error', status: 500, page: '/openai/errors/5xx/' },
    { scenario: 'redirectForeign', verdict: 'provider_error', status: 302, page: '/openai/errors/5xx/' },
    { scenario: 'resetBeforeHeaders', verdict: 'unreachable', status: null, page: '/openai/errors/timeout/' },
  ] as const;
  itReadsVerdicts(cases, ({ scenario }) => test(scenario), { fixLongerThan: 10 });

  it('a rate limit says how long to wait and shows the limit that ran out', async () => {
    const answer = await test('rateLimited');
    expect(only(answer, 'validation').fix).toMatch(/^Wait 19 s and test again/);
    expect(only(answer, 'rate_limits').limits).toContainEqual({ name: 'Tokens', limit: 30000, remaining: 0, window: 'minute' });
  });

  it('a model the key cannot use: the check says not found, with the page', async () => {
    const answer = await test('notFound', { checks: ['chat'] });
    expect(only(answer, 'validation').verdict).toBe('valid');
    expect(only(answer, 'check')).toMatchObject({ ok: false, httpStatus: 404, verdict: 'not_found', errorPage: '/openai/errors/404/' });
  });

  it('an error inside a 200 stream is a provider error', async () => {
    expect(only(await test('streamError', { checks: ['stream'] }), 'check')).toMatchObject({ ok: false, httpStatus: 200, verdict: 'provider_error', errorPage: '/openai/errors/5xx/' });
  });

  it('a benchmark of embeddings works too', async () => {
    const answer = await test('valid', { benchmark: { target: 'embeddings', runs: 1 } });
    expect(eventsOf(answer, 'sample')).toHaveLength(2);
    expect(only(answer, 'summary')).toMatchObject({ runs: 1, note: null });
  });
});

describe('the adapter’s own readings', () => {
  const data = providerData('openai');
  const ctx: AdapterContext = { data, endpoint: data.endpoints[0]!, host: 'api.openai.com', measuredFrom: 'local', keyShape: null };
  const answer = (status: number, error: Partial<ReturnType<typeof noError>>): AnswerFacts => ({ status, host: 'api.openai.com', error: { ...noError(), ...error } });

  it('reads every 2026 billing code as no credit, whatever the type says, and names what ran out', () => {
    const spend = openai.classify(answer(429, { type: null, code: 'organization_spend_limit_exceeded', message: 'x' }), ctx);
    expect(spend).toMatchObject({ verdict: 'quota_exhausted' });
    expect(spend.message).toContain("the organization's hard spend limit is reached (429 organization_spend_limit_exceeded)");
    expect(openai.classify(answer(429, { type: 'insufficient_quota', code: null }), ctx).verdict).toBe('quota_exhausted');
    expect(openai.classify(answer(429, { type: 'requests', code: 'rate_limit_exceeded' }), ctx).verdict).toBe('rate_limited');
  });

  it('a regional host Keyprobe does not list: still the wrong endpoint, naming the host to use', () => {
    const finding = openai.classify(
      answer(401, { code: 'incorrect_hostname', message: 'Attempted to access resource with incorrect regional hostname. Please make your request to au.api.openai.com' }),
      ctx,
    );
    expect(finding).toMatchObject({ verdict: 'wrong_endpoint' });
    expect(finding.suggestedEndpoint).toBeUndefined();
    expect(finding.fix).toMatch(/^Use https:\/\/au\.api\.openai\.com\/v1 as the base URL/);
  });

  it('a global key on a regional host, named by incorrect_hostname: the global endpoint, without talk of data residency', () => {
    const eu = { ...ctx, endpoint: data.endpoints.find((e) => e.id === 'eu')!, host: 'eu.api.openai.com' };
    const finding = openai.classify(answer(401, { code: 'incorrect_hostname', message: 'Attempted to access resource with incorrect regional hostname. Please make your request to api.openai.com' }), eu);
    expect(finding).toMatchObject({ verdict: 'wrong_endpoint', suggestedEndpoint: 'global' });
    expect(finding.message).toMatch(/^Your key works on api\.openai\.com, not on the regional host eu\.api\.openai\.com/);
    expect(finding.fix).toBe('Use https://api.openai.com/v1 as the base URL in your tool (here: pick the “Global (api.openai.com)” endpoint).');
  });

  it('an admin key refused on a model call is named, whatever the status; a 429 or 5xx is not about the key', () => {
    const admin = { ...ctx, keyShape: data.keyShapes.find((s) => s.prefix === 'sk-admin-') ?? null };
    expect(openai.classify(answer(403, {}), admin)).toMatchObject({ verdict: 'forbidden', reason: 'admin_key' });
    expect(openai.classify(answer(500, {}), admin).verdict).toBe('provider_error');
  });
});
