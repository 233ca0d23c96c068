/**
 * The optional human check (Cloudflare Turnstile), against a fake siteverify reached through the
 * same override mechanism as the provider fakes: off without configuration, 503 with half of it,
 * and when on, a valid, unused token for this host and action before any provider call.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { FAKE_KEYS } from '../fakes/mistral/keys.ts';
import { bindings, fakeRequests, only, postTest, resetFake } from './client.ts';

const SITE_KEY = '0x4AAAAAAAtestsitekey';
const overrides = JSON.stringify({ ...JSON.parse(bindings.UPSTREAM_OVERRIDES), 'https://challenges.cloudflare.com': bindings.FAKE_TURNSTILE });
const on = { env: { ...bindings, UPSTREAM_OVERRIDES: overrides, TURNSTILE_SECRET: 'test-secret' }, meta: { turnstileSiteKey: SITE_KEY } };
const providerCalls = async () => (await fakeRequests(bindings.FAKE_PLATFORM)).length;

beforeEach(() => resetFake(bindings.FAKE_PLATFORM));

describe('the optional human check', () => {
  it('is off without configuration: tests run as before, without a token', async () => {
    expect(only(await postTest({ provider: 'mistral' }, FAKE_KEYS.validPaid), 'validation').verdict).toBe('valid');
  });

  it('answers 503 misconfigured with only the site key or only the secret, before any call', async () => {
    const onlySecret = await postTest({ provider: 'mistral' }, FAKE_KEYS.validPaid, { env: { ...bindings, TURNSTILE_SECRET: 'x' } });
    const onlyKey = await postTest({ provider: 'mistral' }, FAKE_KEYS.validPaid, { meta: { turnstileSiteKey: SITE_KEY } });
    for (const answer of [onlySecret, onlyKey]) {
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.text).error.code).toBe('misconfigured');
    }
    expect(await providerCalls()).toBe(0);
  });

  it('when on, refuses a missing, wrong, foreign-host, foreign-action or reused token, before any provider call', async () => {
    const status = async (body: Record<string, unknown>) => {
      const answer = await postTest(body, FAKE_KEYS.validPaid, on);
      return [answer.status, answer.status === 200 ? 'ok' : (JSON.parse(answer.text) as { error: { code: string } }).error.code];
    };
    expect(await status({ provider: 'mistral' })).toEqual([400, 'human_check_required']);
    expect(await status({ provider: 'mistral', turnstileToken: 'made-up' })).toEqual([403, 'human_check_failed']);
    expect(await status({ provider: 'mistral', turnstileToken: 'pass-elsewhere.example-keyprobe_test' })).toEqual([403, 'human_check_failed']);
    expect(await status({ provider: 'mistral', turnstileToken: 'pass-keyprobe.test-login' })).toEqual([403, 'human_check_failed']);
    expect(await providerCalls()).toBe(0);
    expect(await status({ provider: 'mistral', turnstileToken: 'pass-keyprobe.test-keyprobe_test' })).toEqual([200, 'ok']);
    expect(await status({ provider: 'mistral', turnstileToken: 'pass-keyprobe.test-keyprobe_test' })).toEqual([403, 'human_check_failed']);
    expect(await providerCalls()).toBe(1);
  });
});
