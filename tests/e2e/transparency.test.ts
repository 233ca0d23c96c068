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

describe('the limits /security/ states', () => {
  it('are the ones the Worker is configured with', async () => {
    const { readFileSync } = await import('node:fs');
    const { DEFAULT_DAILY_LIMIT } = await import('../../src/server/abuse');
    const config = readFileSync('wrangler.jsonc', 'utf8');
    const limit = (name: string) => new RegExp(`"name":\\s*"${name}"[^}]*"limit":\\s*(\\d+)`).exec(config)?.[1];
    const text = (await (await fetch(`${origin}/security/`)).text()).replace(/<[^>]+>/g, '');
    expect(text).toContain(`Per client: ${limit('LIMIT_BY_IP')} tests a minute`);
    expect(text).toContain(`Per key: ${limit('LIMIT_BY_KEY')} tests a minute`);
    expect(text).toContain(`Per client: ${DEFAULT_DAILY_LIMIT} tests a day`);
    expect(text).toMatch(/one number and the time\s+it expires/);
  });
});
