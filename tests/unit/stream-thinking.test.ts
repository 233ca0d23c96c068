/**
 * "The model reasoned before answering" goes by the order of events, not by their timestamps:
 * events read from one network chunk share a timestamp (always so in workerd, whose clock stands
 * still between I/O), and reasoning sent just before the first text still came first.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SseEvent, StreamDialect, StreamSignal } from '../../src/server/adapter';
import { readStream } from '../../src/server/stream';

const dialect: StreamDialect = {
  terminated: true,
  read: (event: SseEvent): StreamSignal => {
    if (event.event === 'think') return { thinking: true };
    if (event.event === 'text') return { text: event.data };
    if (event.event === 'both') return { thinking: true, text: event.data };
    return event.event === 'end' ? { end: true } : {};
  },
};

/** A 200 stream whose events all arrive in one chunk, read with a clock that does not move. */
async function read(events: string[]) {
  vi.spyOn(performance, 'now').mockReturnValue(1000);
  const body = events.map((name) => `event: ${name}\ndata: x\n\n`).join('');
  return readStream(new Response(body), dialect, { sentAt: 900, headersAt: 950 }, 1_000_000);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('thought first', () => {
  it('is said when reasoning comes before the first text, even within one chunk', async () => {
    expect((await read(['think', 'think', 'text', 'end'])).thoughtFirst).toBe(true);
  });

  it('is not said when text comes first', async () => {
    expect((await read(['text', 'think', 'text', 'end'])).thoughtFirst).toBe(false);
    expect((await read(['text', 'end'])).thoughtFirst).toBe(false);
  });

  it('is said when reasoning arrives in the same event as the first text: it was produced first', async () => {
    expect((await read(['both', 'text', 'end'])).thoughtFirst).toBe(true);
  });

  it('is said when the stream holds reasoning only', async () => {
    expect((await read(['think', 'end'])).thoughtFirst).toBe(true);
  });
});
