/**
 * The Azure OpenAI tester in workerd against the fake resource `keyprobe-test` (both of its hosts
 * map to the fake): the origin built from the resource name and nothing else, every verdict and
 * reason, the deployments as the key's models, checks and a benchmark on a deployment (the one
 * named, or the first that can), the prompt-filter event that is not a token, -1 rate limits, the
 * content filter explained, and a resource that does not exist.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { AZURE_TEST_RESOURCE, azureKeyFor, type AzureScenario } from '../../fakes/azure-openai.ts';
import { bindings, eventsOf, fakeOrigin, fakeRequests, itReadsVerdicts, only, postTest, resetFake, setFakeTiming } from '../client.ts';

const origin = fakeOrigin('azure-openai');
const key = (scenario: AzureScenario) => azureKeyFor(scenario);
const HOST = `${AZURE_TEST_RESOURCE}.openai.azure.com`;

async function test(scenario: AzureScenario | string, body: Record<string, unknown> = {}, env = bindings) {
  const urls: string[] = [];
  const k = scenario.length >= 32 ? scenario : key(scenario as AzureScenario);
  const answer = await postTest({ provider: 'azure-openai', resource: AZURE_TEST_RESOURCE, ...body }, k, { env, meta: { onSend: (url) => urls.push(url) } });
  return { answer, urls };
}
const sent = async () => (await fakeRequests(origin)).map((r) => `${r.method} ${r.path}`);

/** The endpoint's settings with more made-up resources mapped: to the fake, or to a port nothing listens on. */
const withOverrides = (extra: Record<string, string>) => ({ ...bindings, UPSTREAM_OVERRIDES: JSON.stringify({ ...JSON.parse(bindings.UPSTREAM_OVERRIDES), ...extra }) });
const DEAD = 'http://127.0.0.1:1';

beforeEach(() => resetFake(origin));

describe('the key check: the resource\'s deployments', () => {
  it('lists them as the key\'s models, with the model each runs and whether it can take calls', async () => {
    const { answer, urls } = await test('valid');
    expect(answer.events.map((e) => e.type)).toEqual(['validation', 'models', 'rate_limits', 'outcome', 'done']);
    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'valid', httpStatus: 200, errorPage: null });
    expect(validation.message).toBe(`Your key works on ${HOST}. It can use 4 models. Its models are the resource’s deployments, by the names you gave them.`);
    expect(validation.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const models = only(answer, 'models').models;
    expect(models.map((m) => [m.id, m.name, m.family, m.deployment])).toEqual([
      ['chat-next', 'gpt-4.1-mini', 'GPT-4.1', { model: 'gpt-4.1-mini', version: null, status: 'notRunning', ready: false }],
      ['embed-small', 'text-embedding-3-small', 'Embeddings', { model: 'text-embedding-3-small', version: null, status: 'succeeded', ready: true }],
      ['chat-mini', 'gpt-4o-mini', 'GPT-4o', { model: 'gpt-4o-mini', version: null, status: 'succeeded', ready: true }],
      ['images', 'dall-e-3', 'Images and audio', { model: 'dall-e-3', version: null, status: 'succeeded', ready: true }],
    ]);
    expect(only(answer, 'rate_limits').notes).toEqual(['Azure OpenAI sends rate limits only with inference answers; run a check to see them.']);
    expect(await sent()).toEqual(['GET /openai/deployments?api-version=2023-03-15-preview']);
    const [request] = await fakeRequests(origin);
    expect(request?.headers['api-key']).toBe(key('valid'));
    expect(request?.headers.authorization).toBeUndefined();
    expect(urls).toEqual([`${origin}/openai/deployments?api-version=2023-03-15-preview`]);
  });

  it('an Azure AI services key (84 characters) on the cognitiveservices host', async () => {
    const validation = only((await test('aiServicesKey', { endpoint: 'cognitiveservices' })).answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'valid' });
    expect(validation.message).toMatch(new RegExp(`^Your key works on ${AZURE_TEST_RESOURCE}\\.cognitiveservices\\.azure\\.com\\.`));
  });

  it('a resource without deployments: valid, and says what to do', async () => {
    const { answer } = await test('noDeployments', { checks: ['chat'] });
    expect(only(answer, 'validation').message).toBe(`Your key works on ${HOST}. It can use 0 models. The resource has no deployments yet: deploy a model in the Foundry portal before calling it.`);
    expect(only(answer, 'check')).toMatchObject({ ok: false, message: 'None of this key\'s models can do chat.' });
  });

  const cases = [
    { scenario: 'invalid', verdict: 'invalid', status: 401, page: '/azure-openai/errors/401/' },
    { scenario: 'keyAuthDisabled', verdict: 'forbidden', status: 403, page: '/azure-openai/errors/403/' },
    { scenario: 'firewall', verdict: 'forbidden', status: 403, page: '/azure-openai/errors/403/' },
    { scenario: 'routeNotFound', verdict: 'not_found', status: 404, page: '/azure-openai/errors/404/' },
    { scenario: 'serverError', verdict: 'provider_error', status: 500, page: '/azure-openai/errors/5xx/' },
    { scenario: 'redirectForeign', verdict: 'provider_error', status: 302, page: '/azure-openai/errors/5xx/' },
    { scenario: 'hugeBody', verdict: 'provider_error', status: 200, page: '/azure-openai/errors/5xx/' },
  ] as const;
  itReadsVerdicts(cases, async ({ scenario }) => (await test(scenario)).answer, { fixLongerThan: 10, sameOutcome: true });

  it('a 401 names the resource and says Azure cannot tell a wrong key from another resource\'s key', async () => {
    const validation = only((await test('invalid')).answer, 'validation');
    expect(validation.message).toBe(
      `Azure refused this key for the resource “${AZURE_TEST_RESOURCE}” (401). Azure OpenAI said: “Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource”. Azure gives this same answer for a wrong key and for a key of another resource.`,
    );
    expect(validation.suggestedEndpoint).toBeNull();
  });

  it('403s say which: keys switched off, or a network rule that says nothing against the key', async () => {
    expect(only((await test('keyAuthDisabled')).answer, 'validation').message).toMatch(/has key authentication switched off \(403 AuthenticationTypeDisabled\)/);
    expect(only((await test('firewall')).answer, 'validation').message).toMatch(/only accepts calls from its allowed networks.*This says nothing against the key\.$/);
  });

  it('a resource that does not exist (its host does not connect) is not_found, with the 404 page', async () => {
    const env = withOverrides({ 'https://keyprobe-gone.openai.azure.com': DEAD });
    const { answer } = await test('valid', { resource: 'keyprobe-gone' }, env);
    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'not_found', httpStatus: null, errorPage: '/azure-openai/errors/404/' });
    expect(validation.message).toMatch(/^No Azure resource answers at keyprobe-gone\.openai\.azure\.com: Keyprobe could not connect to it\. .*no resource is called “keyprobe-gone”/);
  });

  it('a key check that hangs is a timeout', async () => {
    expect(only((await test('hang')).answer, 'validation')).toMatchObject({ verdict: 'timeout', errorPage: '/azure-openai/errors/timeout/' });
  });
});

describe('checks and the benchmark run on a deployment', () => {
  it('without one named: the first that can do each check (a deployment that is not running is skipped)', async () => {
    await setFakeTiming(origin, key('valid'), { firstTokenMs: 300 });
    const { answer } = await test('valid', { checks: ['chat', 'stream', 'embeddings'] });
    const [chat, stream, embeddings] = eventsOf(answer, 'check');
    expect(chat).toMatchObject({ name: 'chat', ok: true, model: 'chat-mini', httpStatus: 200, message: 'Answered “OK”.', servedBy: 'East US' });
    expect(stream).toMatchObject({ name: 'stream', ok: true, model: 'chat-mini', tokenSource: 'usage' });
    expect(stream?.message).toMatch(/^Streamed 1 tokens; first content after [\d.]+ ms\.$/);
    // The prompt-filter event comes at once; the first content 300 ms later: TTFT waited for it.
    expect(Number(/after ([\d.]+) ms/.exec(stream?.message ?? '')?.[1])).toBeGreaterThanOrEqual(290);
    expect(embeddings).toMatchObject({ name: 'embeddings', ok: true, model: 'embed-small', message: 'Returned a 8-dimension vector.' });
    const paths = await sent();
    expect(paths).toContain('POST /openai/deployments/chat-mini/chat/completions?api-version=2024-10-21');
    expect(paths).toContain('POST /openai/deployments/embed-small/embeddings?api-version=2024-10-21');
    const streamed = (await fakeRequests(origin)).find((r) => r.body.includes('"stream":true'));
    expect(JSON.parse(streamed?.body ?? '{}')).toMatchObject({ max_completion_tokens: 4, stream_options: { include_usage: true } });
    // Rate limits came with the first inference answer: only what Azure sends (no limit itself).
    expect(only(answer, 'rate_limits')).toEqual({
      type: 'rate_limits',
      limits: [],
      notes: ['Requests per minute: 99 left (Azure OpenAI does not send the limit itself).', 'Tokens per minute: 99984 left (Azure OpenAI does not send the limit itself).'],
    });
  });

  it('the deployment the user names, for the checks it can do', async () => {
    const { answer } = await test('valid', { deployment: 'chat-next', checks: ['chat', 'embeddings'] });
    const [chat, embeddings] = eventsOf(answer, 'check');
    expect(chat).toMatchObject({ ok: true, model: 'chat-next' });
    expect(embeddings).toMatchObject({ ok: true, model: 'embed-small' });
  });

  it('a model name where a deployment name belongs: 404 DeploymentNotFound, with its own page', async () => {
    const { answer } = await test('valid', { deployment: 'gpt-4o-mini', checks: ['chat'] });
    const check = only(answer, 'check');
    expect(check).toMatchObject({ ok: false, model: 'gpt-4o-mini', httpStatus: 404, verdict: 'not_found', errorPage: '/azure-openai/errors/deployment-not-found/' });
    expect(check.message).toMatch(/^The key works, but the resource “keyprobe-test” has no deployment of that name \(404 DeploymentNotFound\)/);
  });

  it('a benchmark without a model: the first chat deployment, tokens from usage', async () => {
    await setFakeTiming(origin, key('valid'), { interTokenMs: 3 });
    const { answer } = await test('valid', { benchmark: { target: 'chat', runs: 2, maxTokens: 8 } });
    const samples = eventsOf(answer, 'sample');
    expect(samples.map((s) => [s.run, s.outputTokens, s.tokenSource])).toEqual([
      [0, 8, 'usage'],
      [1, 8, 'usage'],
      [2, 8, 'usage'],
    ]);
    expect(only(answer, 'summary')).toMatchObject({ runs: 2, note: null });
    expect((await sent()).filter((p) => p.startsWith('POST'))).toEqual(Array(3).fill('POST /openai/deployments/chat-mini/chat/completions?api-version=2024-10-21'));
  });

  it('a content-filter refusal is explained, not a key failure', async () => {
    const { answer } = await test('contentFilter', { checks: ['chat'] });
    const check = only(answer, 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 400, verdict: 'provider_error', errorPage: '/azure-openai/errors/content-filter/' });
    expect(check.message).toMatch(/^Azure's content filter refused Keyprobe's prompt \(400 content_filter; filtered: violence \(medium\)\)\..*The key and the deployment work; only this text was refused\.$/);
    expect(only(answer, 'outcome')).toMatchObject({ verdict: 'valid', basis: 'validation' });
  });

  it('a 429 on a deployment: rate_limited, with Azure\'s wait', async () => {
    const check = only((await test('rateLimited', { checks: ['chat'] })).answer, 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: 429, verdict: 'rate_limited', errorPage: '/azure-openai/errors/429/' });
    expect(check.message).toMatch(/rate-limiting it right now \(429\)/);
  });

  it('-1 in the rate-limit headers reads "not reported", never a limit of -1', async () => {
    const { answer } = await test('negativeLimits', { checks: ['chat'] });
    expect(only(answer, 'rate_limits')).toEqual({
      type: 'rate_limits',
      limits: [{ name: 'Requests', limit: 100, remaining: 99, window: 'minute' }],
      notes: ['Tokens per minute: not reported (Azure OpenAI sent -1).'],
    });
  });

  it('a connection lost on a check is unreachable (the resource exists: the key check answered)', async () => {
    const check = only((await test('chatReset', { checks: ['chat'] })).answer, 'check');
    expect(check).toMatchObject({ ok: false, httpStatus: null, verdict: 'unreachable', errorPage: '/azure-openai/errors/timeout/' });
  });
});

describe('no resource name or answer leads anywhere else', () => {
  it('a request without a resource, or with one that is not a DNS label, is refused before any call', async () => {
    const missing = await postTest({ provider: 'azure-openai' }, key('valid'));
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text)).toEqual({
      error: { code: 'missing_resource', message: 'This provider needs your resource name (from your endpoint URL https://<resource>.openai.azure.com) in the resource field.' },
    });
    for (const resource of ['evil.com#', 'a.b', '127.0.0.1', 'UPPER', 'x'.repeat(64), '-x', 'x-', 'evil.com/', 'a b', '', 'my_res', 'keyprobe-test.openai.azure.com', 'https://keyprobe-test.openai.azure.com']) {
      const { answer, urls } = await test('valid', { resource });
      expect(answer.status, resource).toBe(400);
      expect(JSON.parse(answer.text).error.code, resource).toBe('invalid_request');
      expect(urls, resource).toEqual([]);
    }
    expect(await sent()).toEqual([]);
  });

  it('a well-formed name goes to exactly that resource\'s host, and only that', async () => {
    // Mapped to a port nothing listens on: the call is made, to the built origin, and fails there.
    const env = withOverrides({ 'https://x--y.openai.azure.com': DEAD, 'https://x--y.cognitiveservices.azure.com': DEAD });
    for (const endpoint of ['openai', 'cognitiveservices']) {
      const { answer, urls } = await test('valid', { resource: 'x--y', endpoint }, env);
      expect(only(answer, 'validation').verdict).toBe('not_found');
      expect(urls).toEqual([`${DEAD}/openai/deployments?api-version=2023-03-15-preview`]);
    }
  });

  it('resource and deployment belong to providers whose host depends on them only', async () => {
    const answer = await postTest({ provider: 'mistral', resource: 'keyprobe-test' }, 'FakeKeyThatDoesNotMatter0000000x');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error.message).toBe('resource and deployment are only for providers whose host depends on your resource.');
  });

  it('a redirect to another host is not followed', async () => {
    const { answer, urls } = await test('redirectForeignHost');
    expect(only(answer, 'validation')).toMatchObject({ verdict: 'provider_error', httpStatus: 302 });
    expect(urls).toHaveLength(1);
  });

  it('the key travels only in api-key, and never comes back', async () => {
    const { answer } = await test('valid', { checks: ['chat', 'stream'] });
    for (const r of await fakeRequests(origin)) {
      expect(r.headers['api-key']).toBe(key('valid'));
      expect(r.path).not.toContain(key('valid').slice(0, 8));
    }
    expect(answer.text).not.toContain(key('valid').slice(4, 12));
  });
});
