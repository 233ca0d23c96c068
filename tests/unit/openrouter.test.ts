/**
 * OpenRouter's adapter, its pure pieces: real error bodies read into causes, its one set of
 * rate-limit headers (reset in epoch milliseconds, no window named), and the data rule that a
 * public call cannot be a key check. End to end against the fake: tests/worker/providers/openrouter.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { providerData } from '../../src/lib/provider-registry';
import { providerSchema } from '../../src/lib/provider-schema';
import type { AdapterContext } from '../../src/server/adapter';
import { openrouter, parseOpenRouterError } from '../../src/server/providers/openrouter';

const data = providerData('openrouter');
const ctx: AdapterContext = { data, endpoint: data.endpoints[0]!, host: 'openrouter.ai', measuredFrom: 'local' };

describe('OpenRouter error bodies', () => {
  it('reads the cause OpenRouter names, and never the user id', () => {
    const cases: [string, Partial<ReturnType<typeof parseOpenRouterError>>][] = [
      // babikov/doka-site#7 (2026-04)
      ['{"error":{"message":"This request requires more credits, or fewer max_tokens. You requested up to 65536 tokens, but can only afford 10114. To increase, visit https://openrouter.ai/settings/credits and upgrade to a paid account","code":402,"metadata":{"provider_name":null}},"user_id":"user_"}', { code: '402', type: null }],
      // 2026-08 reports: limit_source and remedy_hint
      ['{"error":{"message":"This request requires more credits, or fewer max_tokens. You requested up to 900 tokens, but can only afford 840.","code":402,"metadata":{"limit_source":"openrouter_credits","remedy_hint":"Add credits"}}}', { code: '402', type: 'openrouter_credits' }],
      // pydantic-ai recording (2025-11)
      ['{"error":{"code":429,"message":"Provider returned error","metadata":{"provider_name":"Google","raw":"google/gemini-2.0-flash-exp:free is temporarily rate-limited upstream."}},"user_id":"user_2wT5ElBE4Es3R4QrNLpZiXICmQP"}', { code: '429', message: 'Provider returned error (Google): google/gemini-2.0-flash-exp:free is temporarily rate-limited upstream.' }],
      // open-webui/computer#293 (2026-09)
      ['{"error":{"message":"Provider returned error","code":429,"metadata":{"raw":"z-ai/glm-5.3-flash is temporarily rate-limited upstream.","provider_name":"BaseTen","limit_source":"upstream_provider_shared_pool"}}}', { type: 'upstream_provider_shared_pool' }],
      // OpenRouter docs: availability errors carry http_status instead of code
      ['{"error":{"message":"All providers for x/y are at capacity.","error_type":"rate_limit_exceeded","http_status":429,"availability":{"code":"capacity_exhausted","retryable":true}}}', { code: '429', type: 'capacity_exhausted' }],
      // Gitlawb/openclaude#1542: a trailing space
      ['{"error":{"message":"Rate limit exceeded: free-models-per-day-high-balance. ","type":"rate_limit_error","code":"429"}}', { message: 'Rate limit exceeded: free-models-per-day-high-balance.', code: '429' }],
    ];
    for (const [body, expected] of cases) {
      const error = parseOpenRouterError(body, 'application/json');
      expect(error, body).toMatchObject(expected);
      expect(JSON.stringify(error)).not.toContain('user_2wT5');
    }
  });

  it('a management key’s or an unknown key’s 401 is invalid; a region_restricted 403 is the place, not the key', () => {
    const error = parseOpenRouterError('{"error":{"message":"User not found.","code":401}}', 'application/json');
    expect(openrouter.classify({ status: 401, host: 'openrouter.ai', error }, ctx).verdict).toBe('invalid');
    const region = parseOpenRouterError('{"error":{"message":"Not available in your region.","error_type":"permission_denied","http_status":403,"availability":{"code":"region_restricted","retryable":false}}}', null);
    expect(openrouter.classify({ status: 403, host: 'openrouter.ai', error: region }, ctx).verdict).toBe('unsupported_region');
  });
});

describe('OpenRouter rate-limit headers', () => {
  const now = Date.now();
  const read = (headers: Record<string, string>) => openrouter.readRateLimits(new Headers(headers), ctx);

  it('say nothing on a success, and the note says why', () => {
    const reading = read({});
    expect(reading.limits).toEqual([]);
    expect(reading.notes[0]).toMatch(/only with a 429 of its own/);
  });

  it('read the reset as epoch milliseconds and tell the minute limit from the daily one', () => {
    const minute = read({ 'X-RateLimit-Limit': '20', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(now + 30_000) });
    expect(minute.limits).toEqual([{ name: 'Requests to :free models', limit: 20, remaining: 0, window: 'minute' }]);
    expect(minute.resetSeconds).toBeGreaterThan(28);
    expect(minute.resetSeconds).toBeLessThanOrEqual(30);
    expect(minute.requestsPerMinute).toBe(20);
    const day = read({ 'X-RateLimit-Limit': '50', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(now + 5 * 3600_000) });
    expect(day.limits[0]?.window).toBe('day');
    expect(day.resetSeconds).toBeGreaterThan(4.9 * 3600);
    expect(day.requestsPerMinute).toBeNull();
  });
});

describe('public calls in provider data', () => {
  it('cannot be the key check: a public answer proves nothing about a key', () => {
    const raw = JSON.parse(JSON.stringify({ ...data, endpoints: [{ ...data.endpoints[0], validation: { call: 'models' } }] })) as unknown;
    const result = providerSchema.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain('validation call "models" is public: it cannot prove a key');
    expect(providerSchema.safeParse(JSON.parse(JSON.stringify(data))).success).toBe(true);
  });
});
