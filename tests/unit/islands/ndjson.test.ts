import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BAD_LINE, createLineReader } from '../../../src/islands/key-tester/logic/ndjson';

const encoder = new TextEncoder();

/** Feeds `bytes` cut at `cuts` and returns every value, in order. */
function readAll(bytes: Uint8Array, cuts: number[]): unknown[] {
  const reader = createLineReader();
  const out: unknown[] = [];
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    out.push(...reader.push(bytes.slice(from, cut)));
    from = cut;
  }
  out.push(...reader.push(bytes.slice(from)));
  out.push(...reader.end());
  return out;
}

const events = [
  { type: 'validation', verdict: 'valid', message: 'Ça marche — “ok” ✓ 🔑', httpStatus: 200 },
  { type: 'models', models: [{ id: 'mistral-small-latest', name: 'Mistral Small 4 — 日本語' }] },
  { type: 'check', name: 'chat', ok: true, message: 'Answered “OK”.' },
  { type: 'done', ms: 12 },
];

describe('createLineReader', () => {
  it('yields each line as soon as its newline arrives, not before', () => {
    const reader = createLineReader();
    expect(reader.push(encoder.encode('{"type":"valid'))).toEqual([]);
    expect(reader.push(encoder.encode('ation"}\n{"type":'))).toEqual([{ type: 'validation' }]);
    expect(reader.push(encoder.encode('"done"}\n'))).toEqual([{ type: 'done' }]);
    expect(reader.end()).toEqual([]);
  });

  it('neither loses nor duplicates events wherever the chunks are cut, inside multi-byte characters too', () => {
    const bytes = encoder.encode(events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 40 }), (cuts) => {
        expect(readAll(bytes, cuts)).toEqual(events);
      }),
      { numRuns: 400 },
    );
  });

  it('splits byte by byte', () => {
    const bytes = encoder.encode(events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    expect(readAll(bytes, Array.from({ length: bytes.length }, (_, i) => i))).toEqual(events);
  });

  it('flushes a last line that has no newline', () => {
    const bytes = encoder.encode(`${JSON.stringify(events[0])}\n${JSON.stringify(events[3])}`);
    expect(readAll(bytes, [5, 70])).toEqual([events[0], events[3]]);
  });

  it('accepts CRLF and skips blank lines', () => {
    expect(readAll(encoder.encode('\r\n{"a":1}\r\n\r\n  \n{"b":2}\r\n'), [3, 9])).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('marks a line that is not JSON and carries on with the next', () => {
    expect(readAll(encoder.encode('{"a":1}\n<html>oops</html>\n{"b":2}\n'), [])).toEqual([{ a: 1 }, BAD_LINE, { b: 2 }]);
  });

  it('round-trips arbitrary JSON values whatever the cuts', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (values, rawCuts) => {
        const bytes = encoder.encode(values.map((v) => JSON.stringify(v)).join('\n'));
        const parsed = readAll(bytes, rawCuts.map((c) => c % (bytes.length + 1)));
        // JSON turns -0 into 0; compare through JSON.
        expect(JSON.stringify(parsed)).toEqual(JSON.stringify(values));
      }),
      { numRuns: 200 },
    );
  });
});
