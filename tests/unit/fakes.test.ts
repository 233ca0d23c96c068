/** Each provider fake stands in for exactly the origins its provider's data names, so tests reach every host the endpoint may call. */
import { describe, expect, it } from 'vitest';
import { FAKES } from '../fakes/index.ts';
import { providerData, testableProviderIds } from '../../src/lib/provider-registry';
import { isTemplate, matchesOrigin, providerOrigins } from '../../src/server/allow-list';

describe('the provider fakes', () => {
  it('cover every provider with a tester, and only those', () => {
    expect(FAKES.map((f) => f.provider).sort()).toEqual([...testableProviderIds()].sort());
  });

  it.each(FAKES.map((f) => [f.provider, f] as const))('%s answers for exactly the origins in its data', (provider, fake) => {
    const data = providerData(provider as Parameters<typeof providerData>[0]);
    const covered = Object.values(fake.roles).flatMap((role) => role.origins);
    expect(new Set(covered).size).toBe(covered.length);
    const origins = providerOrigins(data);
    // Every exact origin, and one made-up instance of each template (a resource, a stream host), and nothing else.
    expect(covered.filter((o) => origins.includes(o)).sort()).toEqual(origins.filter((o) => !isTemplate(o)).sort());
    for (const template of origins.filter(isTemplate)) expect(covered.some((o) => matchesOrigin([template], o)), template).toBe(true);
    for (const origin of covered) expect(matchesOrigin(origins, origin), origin).toBe(true);
  });

  it.each(FAKES.map((f) => [f.provider, f] as const))('%s offers demo keys of its provider\'s shape', (provider, fake) => {
    const shapes = providerData(provider as Parameters<typeof providerData>[0]).keyShapes.map((s) => new RegExp(s.pattern));
    expect(fake.demoKeys.length).toBeGreaterThan(3);
    for (const { key, name } of fake.demoKeys) expect(shapes.some((re) => re.test(key)), name).toBe(true);
  });
});
