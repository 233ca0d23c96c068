/** Error identifiers read from real response bodies, for the search index. */
import { describe, expect, it } from 'vitest';
import { responseIdentifiers } from '../../src/lib/error-identifiers';

describe('responseIdentifiers', () => {
  it('reads code, type, status and reason values at any depth, once each, in order', () => {
    const openai = JSON.stringify({ error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } });
    const gemini = JSON.stringify({ error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'RATE_LIMIT_EXCEEDED' }] } });
    expect(responseIdentifiers([openai, gemini, openai])).toEqual(['insufficient_quota', 'RESOURCE_EXHAUSTED', 'RATE_LIMIT_EXCEEDED']);
  });

  it('skips envelope words, messages, URLs, numbers and bodies that are not JSON', () => {
    const anthropic = JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    const noisy = JSON.stringify({ code: 'see https://example.com/docs', type: 401, status: 'a b' });
    expect(responseIdentifiers([anthropic, noisy, '<html>520</html>', 'data: {"type": "partial'])).toEqual(['authentication_error']);
  });
});
