/** The Hugging Face adapter's readers, on answers the fake does not play. */
import { describe, expect, it } from 'vitest';
import type { AdapterContext } from '../../../src/server/adapter';
import { readIetfRateLimit, readWhoami } from '../../../src/server/providers/huggingface';
import { providerData } from '../../../src/lib/provider-registry';

const data = providerData('huggingface');
const ctx: AdapterContext = { data, endpoint: data.endpoints[0] as AdapterContext['endpoint'], host: 'huggingface.co', measuredFrom: 'local' };

describe('readWhoami', () => {
  it('accepts a token whose answer has no auth block (an organization token), with no account facts', () => {
    expect(readWhoami({ type: 'org', name: 'some-org', fullname: 'Some Org' }, ctx)).toEqual({ account: null });
  });

  it('reads a write token and its expiry, and nothing about the person', () => {
    const read = readWhoami({ type: 'user', name: 'someone', email: 'a@b.c', auth: { type: 'access_token', accessToken: { role: 'write', displayName: 'mine', expiration: '2027-01-01T00:00:00.000Z' } } }, ctx);
    expect(read?.finding).toBeUndefined();
    expect(read?.account).toMatchObject({ keyLabel: 'Write token (classic): full access, including Inference Providers', expiresAt: '2027-01-01T00:00:00.000Z', permissions: [] });
    expect(JSON.stringify(read)).not.toMatch(/someone|a@b\.c|mine/);
  });

  it('counts the inference permission granted globally', () => {
    const read = readWhoami({ type: 'user', auth: { accessToken: { role: 'fineGrained', fineGrained: { global: ['inference.serverless.write'], scoped: [] } } } }, ctx);
    expect(read?.finding).toBeUndefined();
  });

  it('is not a whoami answer without a type', () => {
    expect(readWhoami({ error: 'x' }, ctx)).toBeNull();
    expect(readWhoami('text', ctx)).toBeNull();
  });
});

describe('readIetfRateLimit', () => {
  it('matches each RateLimit item to its policy by name, and takes the reset of a spent one', () => {
    const headers = new Headers({ ratelimit: '"api";r=0;t=42, "resolvers";r=10;t=3', 'ratelimit-policy': '"fixed window";"api";q=1000;w=300, "fixed window";"resolvers";q=5000;w=3600' });
    expect(readIetfRateLimit(headers)).toEqual({
      limits: [
        { name: 'Hub API requests', limit: 1000, remaining: 0, window: '5 minutes' },
        { name: 'Hub “resolvers” requests', limit: 5000, remaining: 10, window: 'hour' },
      ],
      resetSeconds: 42,
    });
  });

  it('reads nothing from an answer without the headers', () => {
    expect(readIetfRateLimit(new Headers())).toEqual({ limits: [], resetSeconds: null });
  });
});
