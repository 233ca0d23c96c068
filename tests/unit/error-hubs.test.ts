/** Error hubs: which status page every error lands on, and in what order hubs and entries come. */
import { describe, expect, it } from 'vitest';
import { buildHubs, hubId, type HubEntry } from '../../src/lib/error-hubs';

const entry = (provider: string, code: string, status: number | null, order = 1): HubEntry => ({ provider, code, status, name: code, summary: '', order });

describe('hubId', () => {
  it('is the status for client errors, 5xx for every server error, timeout without a response', () => {
    expect(hubId({ status: 429 })).toBe('429');
    expect(hubId({ status: 401 })).toBe('401');
    for (const status of [500, 502, 503, 520, 529]) expect(hubId({ status })).toBe('5xx');
    expect(hubId({ status: null })).toBe('timeout');
  });
});

describe('buildHubs', () => {
  it('orders hubs like a status line and providers as given, then by their errors-table order', () => {
    const hubs = buildHubs(
      [
        entry('openai', 'timeout', null),
        entry('openai', 'insufficient-quota', 429, 4),
        entry('mistral', '429-quota', 429, 7),
        entry('openai', '429', 429, 5),
        entry('mistral', '429', 429, 6),
        entry('anthropic', '529-overloaded', 529),
        entry('mistral', '5xx', 500),
        entry('mistral', '401', 401),
      ],
      ['mistral', 'anthropic', 'openai'],
    );
    expect(hubs.map((h) => [h.id, h.label])).toEqual([
      ['401', '401 Unauthorized'],
      ['429', '429 Too Many Requests'],
      ['5xx', '5xx Server errors'],
      ['timeout', 'Timeouts and no response'],
    ]);
    expect(hubs[1]!.entries.map((e) => `${e.provider}/${e.code}`)).toEqual(['mistral/429', 'mistral/429-quota', 'openai/insufficient-quota', 'openai/429']);
    expect(hubs[2]!.entries.map((e) => `${e.provider}/${e.code}`)).toEqual(['mistral/5xx', 'anthropic/529-overloaded']);
  });

  it('names the older phrase people still search for', () => {
    const [hub] = buildHubs([entry('mistral', '422', 422)], ['mistral']);
    expect(hub).toMatchObject({ label: '422 Unprocessable Content', aka: 'Unprocessable Entity' });
  });

  it('stops the build on a status it has no name for', () => {
    expect(() => buildHubs([entry('mistral', '418', 418)], ['mistral'])).toThrow(/No reason phrase for HTTP status 418/);
  });
});
