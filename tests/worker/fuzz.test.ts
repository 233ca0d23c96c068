/**
 * Property-based: 10,000 generated requests (bodies, content types, origins, key headers) never
 * get a 5xx from Keyprobe; every refusal is a 4xx carrying {"error":{"code","message"}} without the
 * key; everything accepted is a well-formed event stream that ends with `done`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ErrorBody, TestEvent } from '../../src/lib/api-contract';
import { handleTestRequest } from '../../src/server/test-endpoint';
import { bindings, SITE } from './client.ts';

const printable = fc.string({ unit: 'grapheme-ascii', maxLength: 40 });
const anyText = fc.string({ unit: 'binary', maxLength: 300 });

/** Bodies the endpoint should accept (the key decides what happens next). */
const validBody = fc
  .record(
    {
      provider: fc.constant('mistral'),
      endpoint: fc.constantFrom('global', 'eu', 'us', 'codestral'),
      checks: fc.uniqueArray(fc.constantFrom('chat', 'stream', 'embeddings', 'fim'), { maxLength: 4 }),
      benchmark: fc.record({ target: fc.constantFrom('models', 'chat'), runs: fc.integer({ min: 1, max: 2 }), maxTokens: fc.integer({ min: 1, max: 8 }) }),
    },
    { requiredKeys: ['provider'] },
  )
  .map((value) => JSON.stringify(value));

const body = fc.oneof(
  { weight: 3, arbitrary: validBody },
  // Close to the real shape, with wrong values mixed in.
  fc.record(
    {
      provider: fc.oneof(fc.constant('mistral'), printable, fc.integer()),
      endpoint: fc.oneof(fc.constantFrom('global', 'eu', 'us', 'codestral'), printable, fc.constant(null)),
      checks: fc.oneof(fc.array(fc.constantFrom('chat', 'stream', 'embeddings', 'fim', 'images'), { maxLength: 5 }), printable),
      benchmark: fc.oneof(
        fc.record(
          {
            target: fc.oneof(fc.constantFrom('models', 'chat', 'embeddings', 'fim'), printable),
            model: fc.oneof(fc.constantFrom('mistral-small-latest', 'codestral-latest'), printable),
            runs: fc.oneof(fc.integer({ min: -5, max: 30 }), fc.double()),
            maxTokens: fc.oneof(fc.integer({ min: -5, max: 300 }), printable),
          },
          { requiredKeys: [] },
        ),
        fc.constant(null),
      ),
      extra: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: [] },
  ).map((value) => JSON.stringify(value)),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  anyText,
);

const request = fc.record({
  method: fc.oneof({ weight: 8, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS') }),
  contentType: fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/json; charset=utf-8', 'multipart/form-data', '', 'application/jsonx') }),
  origin: fc.oneof({ weight: 8, arbitrary: fc.constant(SITE) }, { weight: 1, arbitrary: fc.constantFrom('https://evil.example', 'null', '') }),
  key: fc.oneof(
    { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{32}$/) },
    fc.string({ unit: 'grapheme', maxLength: 300 }),
    fc.string({ unit: 'binary-ascii', maxLength: 40 }),
    fc.constant(null),
  ),
  body,
});

const refusals = new Set([400, 403, 405, 413, 415, 429]);

describe('fuzzing the endpoint', () => {
  it('10,000 generated requests: no 5xx, structured refusals, well-formed streams, no echoed key', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(request, async ({ method, contentType, origin, key, body: text }) => {
        // Cloudflare sets the client address on every request in production.
        const headers = new Headers({ 'CF-Connecting-IP': '198.51.100.201' });
        try {
          if (contentType) headers.set('Content-Type', contentType);
          if (origin) headers.set('Origin', origin);
          if (key !== null) headers.set('X-Api-Key', key);
        } catch {
          return; // no HTTP client can send such a header value; nothing to test
        }
        const hasBody = method !== 'GET';
        const response = await handleTestRequest(new Request(`${SITE}/api/test`, { method, headers, body: hasBody ? text : undefined }), bindings);
        const raw = new TextDecoder().decode(await response.arrayBuffer());
        expect(response.status).toBeLessThan(500);
        const secret = key !== null && key.trim().length >= 8 ? key.trim() : null;
        if (secret) expect(raw.includes(secret)).toBe(false);
        if (response.status === 200) {
          accepted++;
          const events = raw.trim().split('\n').map((line) => JSON.parse(line) as TestEvent);
          expect(events.at(-1)?.type).toBe('done');
          expect(events[0]?.type).toBe('validation');
          return;
        }
        expect(refusals.has(response.status)).toBe(true);
        const parsed = JSON.parse(raw) as ErrorBody;
        expect(Object.keys(parsed)).toEqual(['error']);
        expect(typeof parsed.error.code).toBe('string');
        expect(parsed.error.message.length).toBeGreaterThan(5);
      }),
      { numRuns: 10_000 },
    );
    // The generators must also reach the streaming path, or the property says little about it.
    expect(accepted).toBeGreaterThan(100);
  }, 300_000);
});
