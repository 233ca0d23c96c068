/**
 * The fuzzed requests to POST /api/test, shared by the two arms of the fuzz test: in workerd
 * (tests/worker/fuzz.test.ts) each generated request goes to the handler, except those whose
 * header values workerd's Fetch API cannot carry (a key with NUL, CR or LF inside); those go byte
 * for byte over a socket to `wrangler dev` (tests/e2e/fuzz-raw.test.ts). Both arms
 * generate the same 10,000 requests from the same seed (vitest.config.ts provides it), so every
 * generated request is sent, once, by one of them.
 *
 * Pure fast-check: this module runs in workerd and in Node.
 */
import fc from 'fast-check';

export const FUZZ_RUNS = 10_000;

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
      // The Codestral host's key check is paid: the request must say the user agreed to its cost.
      confirmPaidValidation: fc.boolean(),
    },
    { requiredKeys: ['provider'] },
  )
  .map((value) => JSON.stringify(value));

const body = fc.oneof(
  { weight: 3, arbitrary: validBody },
  // Close to the real shape, with wrong values mixed in.
  fc
    .record(
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
    )
    .map((value) => JSON.stringify(value)),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  anyText,
);

export interface FuzzRequest {
  method: string;
  contentType: string;
  origin: string;
  key: string | null;
  body: string;
}

/** The generated request; `site` is the endpoint's own origin (the one Origin must match). */
export function fuzzRequest(site: string): fc.Arbitrary<FuzzRequest> {
  return fc.record({
    method: fc.oneof({ weight: 8, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS') }),
    contentType: fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/json; charset=utf-8', 'multipart/form-data', '', 'application/jsonx') }),
    origin: fc.oneof({ weight: 8, arbitrary: fc.constant(site) }, { weight: 1, arbitrary: fc.constantFrom('https://evil.example', 'null', '') }),
    key: fc.oneof(
      { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{32}$/) },
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.string({ unit: 'binary-ascii', maxLength: 40 }),
      fc.constant(null),
    ),
    body,
  });
}

/**
 * Whether workerd's Headers accepts this value: after trimming HTTP whitespace, no NUL, CR or LF.
 * (workerd accepts characters above U+00FF and sends them as UTF-8, where the Fetch standard, and
 * Node, refuse anything that is not a ByteString; the workerd arm checks this rule against the
 * real Headers both ways.) No HTTP client library sends the others; a raw socket can.
 */
export function fetchCanSend(value: string): boolean {
  return !/[\0\r\n]/.test(value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, ''));
}

export function fetchCanSendRequest(request: FuzzRequest): boolean {
  return [request.contentType, request.origin, request.key ?? ''].every(fetchCanSend);
}

/**
 * Where the key, or any 8 consecutive characters of it, comes back in `text`: the key as sent,
 * trimmed, and as JSON would escape it. Empty when the key is shorter than 8 characters.
 */
export function echoesOf(key: string | null, text: string): string[] {
  if (key === null) return [];
  const forms = new Set([key, key.trim(), JSON.stringify(key).slice(1, -1), JSON.stringify(key.trim()).slice(1, -1)]);
  const hits = new Set<string>();
  for (const form of forms) {
    const chars = [...form];
    for (let i = 0; i + 8 <= chars.length; i++) {
      const piece = chars.slice(i, i + 8).join('');
      if (text.includes(piece)) hits.add(JSON.stringify(piece));
    }
  }
  return [...hits];
}
