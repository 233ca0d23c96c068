/** The tester's provider data, read from the content files (by the page at build time, by the island when used bare). */
import { describe, expect, it } from 'vitest';
import { testerData } from '../../../src/islands/key-tester/tester-data';

describe('testerData', () => {
  it('gives the endpoints, every provider\'s shapes without their sources, and the usable token prices', async () => {
    const data = await testerData('mistral', '2026-11-26');
    expect(data.providerName).toBe('Mistral');
    expect(data.endpoints.map((e) => e.id)).toEqual(['global', 'eu', 'us', 'codestral']);
    expect(data.shapes.length).toBeGreaterThanOrEqual(16);
    expect(JSON.stringify(data.shapes)).not.toContain('"source"');
    expect(data.prices.length).toBeGreaterThan(5);
    expect(data.prices.every((p) => p.unit === '1M tokens')).toBe(true);
    // Retired by 2026-11-26 (Devstral 2 retired 2026-07-31): not offered for cost estimates.
    expect(data.prices.some((p) => p.ids.includes('devstral-2512'))).toBe(false);
    expect(data.prices.some((p) => p.ids.includes('mistral-small-latest'))).toBe(true);
  });

  it('refuses an unknown provider', async () => {
    await expect(testerData('nope')).rejects.toThrow(/Unknown provider/);
  });
});
