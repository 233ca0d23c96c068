/**
 * What the runner tells an adapter about the answer it reads: which call it was (a 404 means
 * something else on a key-listing call than on an inference call) and which of the data's key
 * shapes the key has (an admin key on an inference API), never the key itself.
 */
import { describe, expect, it } from 'vitest';
import { providerSchema } from '../../src/lib/provider-schema';
import type { AdapterContext } from '../../src/server/adapter';
import { createOpenAICompatible } from '../../src/server/openai-compatible';
import { createRegistry, defaultTesters } from '../../src/server/registry';
import type { Tester } from '../../src/server/run-test';
import acmeData from '../fixtures/acme/provider.json';
import { acmeFake } from '../fakes/acme.ts';
import { bindings, only, postTest, resetFake } from './client.ts';

const seen: AdapterContext[] = [];
const base = createOpenAICompatible({ includeUsage: true });
const acme: Tester = {
  id: 'acme',
  data: providerSchema.parse(acmeData),
  adapter: {
    ...base,
    classify(facts, ctx) {
      seen.push(ctx);
      return { ...base.classify(facts, ctx), message: `${ctx.call ?? '?'} | ${ctx.keyShape?.label ?? 'no shape'}` };
    },
  },
};
const registry = createRegistry([...defaultTesters, acme]);
const env = { ...bindings, UPSTREAM_OVERRIDES: JSON.stringify({ ...JSON.parse(bindings.UPSTREAM_OVERRIDES), 'https://api.acme-llm.test': bindings.FAKE_ACME }) };
const test = (k: string) => postTest({ provider: 'acme' }, k, { env, meta: { registry } });

describe('the adapter context', () => {
  it('names the call that answered and the shape of the key', async () => {
    await resetFake(bindings.FAKE_ACME);
    const validation = only(await test(acmeFake.keyFor('invalid')), 'validation');
    expect(validation).toMatchObject({ verdict: 'invalid', message: 'models | API key (ak- + 40 letters and digits)' });
  });

  it('gives no shape for a key of none of the data\'s shapes, and never the key', async () => {
    const odd = 'zz-0123456789abcdefghijKLMNOPQRSTUV';
    seen.length = 0;
    expect(only(await test(odd), 'validation').message).toBe('models | no shape');
    expect(JSON.stringify(seen.map(({ call, keyShape, host }) => ({ call, keyShape, host })))).not.toContain(odd.slice(3, 11));
  });
});
