/** /security/ tells the truth about where a key goes: its host list is the endpoint's allow-list. */
import { describe, expect, inject, it } from 'vitest';
import { defaultRegistry } from '../../src/server/registry';

const origin = inject('siteOrigin');

describe('the transparency page', () => {
  it('lists exactly the hosts the endpoint may send a key to', async () => {
    const html = await (await fetch(`${origin}/security/`)).text();
    const listed = [...html.matchAll(/<code data-host[^>]*>([^<]+)<\/code>/g)].map((m) => m[1]);
    expect([...new Set(listed)].sort()).toEqual(defaultRegistry.origins.map((o) => new URL(o).host).sort());
  });

  it('says what is kept, what the provider sees and what cannot be promised', async () => {
    const html = await (await fetch(`${origin}/security/`)).text();
    for (const heading of ['Which hosts receive the key', 'What is kept', 'What the provider sees', 'What we cannot promise', 'How to limit the risk']) {
      expect(html).toContain(heading);
    }
  });
});
