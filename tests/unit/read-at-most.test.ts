/**
 * The capped reader: a body within the limit comes back whole; past it, a request body is read to
 * its end within the drain budget (so the client, still sending, gets the refusal rather than a
 * reset connection) and cancelled beyond it; inflated data is never read past the limit.
 */
import { describe, expect, it } from 'vitest';
import { readAtMost } from '../../src/lib/read-at-most';

/** A stream of `count` chunks of `size` bytes that records how many were pulled and whether it was cancelled. */
function source(count: number, size: number) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled === count) return controller.close();
      seen.pulled++;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

describe('readAtMost', () => {
  it('returns a stream within the limit whole, byte for byte', async () => {
    const { stream, seen } = source(4, 1000);
    const bytes = await readAtMost(stream, 4000);
    expect(bytes?.byteLength).toBe(4000);
    expect(bytes?.every((b) => b === 0x61)).toBe(true);
    expect(seen.cancelled).toBe(false);
  });

  it('refuses one byte over the limit', async () => {
    const { stream } = source(1, 4001);
    expect(await readAtMost(stream, 4000)).toBeNull();
  });

  it('without a drain budget, cancels at the first chunk past the limit and reads no further', async () => {
    const { stream, seen } = source(100, 1000);
    expect(await readAtMost(stream, 4000)).toBeNull();
    expect(seen.cancelled).toBe(true);
    expect(seen.pulled).toBeLessThanOrEqual(6); // the chunk that crossed, and what the queue had pulled ahead
  });

  it('with a drain budget, reads a too-large body to its end, then refuses it without cancelling', async () => {
    const { stream, seen } = source(64, 1024); // 64 KB, as a chunked upload
    expect(await readAtMost(stream, 4096, { drainUpTo: 1 << 20 })).toBeNull();
    expect(seen.pulled).toBe(64);
    expect(seen.cancelled).toBe(false);
  });

  it('cancels a body larger than the drain budget once the budget is spent', async () => {
    const { stream, seen } = source(10_000, 1024); // 10 MB
    expect(await readAtMost(stream, 4096, { drainUpTo: 1 << 20 })).toBeNull();
    expect(seen.cancelled).toBe(true);
    expect(seen.pulled).toBeGreaterThan(1024);
    expect(seen.pulled).toBeLessThan(1100);
  });
});
