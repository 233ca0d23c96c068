/**
 * Every verdict the tester can give, reached through the real handler in workerd against the fake
 * Mistral hosts, with the contract's first event and the page it links to.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { FAKE_KEYS } from '../fakes/mistral/keys.ts';
import { bindings, only, postTest, resetFake } from './client.ts';

beforeEach(async () => {
  await resetFake(bindings.FAKE_PLATFORM);
  await resetFake(bindings.FAKE_CODESTRAL);
});

describe('validation verdicts', () => {
  const cases = [
    { scenario: 'validPaid', verdict: 'valid', status: 200, page: null },
    { scenario: 'unauthorizedDetail', verdict: 'invalid', status: 401, page: '/mistral/errors/401/' },
    { scenario: 'unauthorizedKong', verdict: 'invalid', status: 401, page: '/mistral/errors/401/' },
    { scenario: 'unauthorizedNoBody', verdict: 'invalid', status: 401, page: '/mistral/errors/401/' },
    { scenario: 'unauthorizedInvalidApiKey', verdict: 'invalid', status: 401, page: '/mistral/errors/401/' },
    { scenario: 'forbidden', verdict: 'forbidden', status: 403, page: '/mistral/errors/403/' },
    { scenario: 'vibeKeyScope', verdict: 'forbidden', status: 403, page: '/mistral/errors/403/' },
    { scenario: 'routeNotFound', verdict: 'not_found', status: 404, page: '/mistral/errors/404/' },
    { scenario: 'hugeBody', verdict: 'provider_error', status: 200, page: '/mistral/errors/5xx/' },
    { scenario: 'rateLimited', verdict: 'rate_limited', status: 429, page: '/mistral/errors/429/' },
    { scenario: 'zeroAllowance', verdict: 'quota_exhausted', status: 429, page: '/mistral/errors/429-quota/' },
    { scenario: 'codestralOnly', verdict: 'wrong_endpoint', status: 401, page: '/mistral/errors/401/' },
    { scenario: 'serverError', verdict: 'provider_error', status: 500, page: '/mistral/errors/5xx/' },
    { scenario: 'badGateway', verdict: 'provider_error', status: 502, page: '/mistral/errors/5xx/' },
    { scenario: 'cloudflare520', verdict: 'provider_error', status: 520, page: '/mistral/errors/520/' },
    { scenario: 'malformedJson', verdict: 'provider_error', status: 200, page: '/mistral/errors/5xx/' },
    { scenario: 'redirectForeign', verdict: 'provider_error', status: 302, page: '/mistral/errors/5xx/' },
    { scenario: 'resetBeforeHeaders', verdict: 'unreachable', status: null, page: '/mistral/errors/timeout/' },
  ] as const;

  for (const { scenario, verdict, status, page } of cases) {
    it(`${scenario} → ${verdict}`, async () => {
      const answer = await postTest({ provider: 'mistral' }, FAKE_KEYS[scenario]);
      expect(answer.status).toBe(200);
      const validation = only(answer, 'validation');
      expect(validation).toMatchObject({ verdict, httpStatus: status, errorPage: page });
      expect(validation.message.length).toBeGreaterThan(10);
      if (verdict !== 'valid') expect(validation.fix.length).toBeGreaterThan(10);
      expect(answer.events.at(-1)?.type).toBe('done');
    });
  }

  it('names a Vibe key outside its scope as such, not as a plan problem', async () => {
    const validation = only(await postTest({ provider: 'mistral' }, FAKE_KEYS.vibeKeyScope), 'validation');
    expect(validation.message).toMatch(/^Mistral accepted this key but not for this model \(403 api_key_scope_not_allowed\)\. Mistral said: “Model .* is not available for API key with scope APIKeyScope\.vibe”\.$/);
    expect(validation.fix).toMatch(/Vibe key/);
    expect(only(await postTest({ provider: 'mistral' }, FAKE_KEYS.forbidden), 'validation').fix).toMatch(/^Mistral names three causes/);
  });

  it('a key that hangs ends in a timeout verdict within the call deadline', async () => {
    const started = Date.now();
    const answer = await postTest({ provider: 'mistral' }, FAKE_KEYS.hang);
    const validation = only(answer, 'validation');
    expect(validation).toMatchObject({ verdict: 'timeout', httpStatus: null, errorPage: '/mistral/errors/timeout/' });
    expect(Date.now() - started).toBeLessThan(13_000);
  });

  it('stops reading a 50 MB answer at the size cap, quickly', async () => {
    const started = Date.now();
    const validation = only(await postTest({ provider: 'mistral' }, FAKE_KEYS.hugeBody), 'validation');
    expect(validation.message).toMatch(/far larger than expected/);
    expect(Date.now() - started).toBeLessThan(5_000);
    const stats = (await (await fetch(`${bindings.FAKE_PLATFORM}/__fake/stats`)).json()) as { lastHugeBody: { bytesWritten: number; finished: boolean } };
    expect(stats.lastHugeBody.finished).toBe(false);
    expect(stats.lastHugeBody.bytesWritten).toBeLessThan(50 * 1024 * 1024);
  });

  it('a rate-limited key is reported as valid-but-limited, with its limits', async () => {
    const answer = await postTest({ provider: 'mistral' }, FAKE_KEYS.rateLimited);
    expect(only(answer, 'validation').message).toMatch(/valid/i);
    const limits = only(answer, 'rate_limits');
    expect(limits.limits).toContainEqual({ name: 'Requests', limit: 60, remaining: 0, window: 'minute' });
  });

  it('quotes the request id users can give to Mistral support', async () => {
    const kong = only(await postTest({ provider: 'mistral' }, FAKE_KEYS.validPaid), 'validation');
    expect(kong.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    const legacy = only(await postTest({ provider: 'mistral' }, FAKE_KEYS.validLegacyHeaders), 'validation');
    expect(legacy.requestId).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('Codestral diagnosis', () => {
  it('names codestral.mistral.ai for a Codestral key used on the global endpoint', async () => {
    const validation = only(await postTest({ provider: 'mistral', endpoint: 'global' }, FAKE_KEYS.codestralOnly), 'validation');
    expect(validation.verdict).toBe('wrong_endpoint');
    expect(validation.suggestedEndpoint).toBe('codestral');
    expect(validation.message).toContain('codestral.mistral.ai');
    expect(validation.fix).toContain('https://codestral.mistral.ai');
  });

  it('names api.mistral.ai for a platform key used on the Codestral endpoint', async () => {
    const validation = only(await postTest({ provider: 'mistral', endpoint: 'codestral', confirmPaidValidation: true }, FAKE_KEYS.validPaid), 'validation');
    expect(validation.verdict).toBe('wrong_endpoint');
    expect(validation.suggestedEndpoint).toBe('global');
    expect(validation.fix).toContain('https://api.mistral.ai');
  });

  it('accepts a Codestral key on its own endpoint with a one-token FIM call (no model list there)', async () => {
    const answer = await postTest({ provider: 'mistral', endpoint: 'codestral', confirmPaidValidation: true }, FAKE_KEYS.codestralOnly);
    expect(only(answer, 'validation').verdict).toBe('valid');
    expect(answer.events.some((e) => e.type === 'models')).toBe(false);
  });

  it('stays "invalid" when neither host accepts the key', async () => {
    const validation = only(await postTest({ provider: 'mistral' }, FAKE_KEYS.unauthorizedKong), 'validation');
    expect(validation.verdict).toBe('invalid');
  });
});
