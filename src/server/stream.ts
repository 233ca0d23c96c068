/**
 * Reading a provider's SSE answer while timing it, with the definitions used by vLLM, AIPerf and
 * Artificial Analysis: TTFB = sent → headers; TTFT = sent → first event with visible answer text
 * (SSE comments such as `: keep-alive`, pings and reasoning text do not count); E2E = sent → the
 * dialect's end event (or end of body for dialects without one); decode rate = (output tokens − 1) /
 * (last content − first content), with the token count from the provider's usage, never from chunks.
 * What an event means is the provider's dialect (adapter.ts); the timing is the same for all.
 */
import { createParser } from 'eventsource-parser';
import type { TokenSource } from '../lib/api-contract';
import type { ProviderError, StreamDialect } from './adapter';

export interface StreamReading {
  ttfbMs: number;
  ttftMs: number | null;
  /** Sent → the last event with answer text (with ttftMs, the window a decode rate is measured in). */
  lastContentMs: number | null;
  e2eMs: number;
  outputTokens: number | null;
  tokenSource: TokenSource | null;
  tokensPerSecond: number | null;
  /** The stream ended the way a complete stream of this dialect ends. */
  done: boolean;
  /** Events the dialect could not read. */
  malformed: number;
  /** Reading stopped because the connection broke or the deadline passed. */
  interrupted: boolean;
  truncated: boolean;
  /** The first error the provider sent inside the stream. */
  error: ProviderError | null;
  /**
   * Reasoning arrived before the first visible text, or with it (Gemini reports thoughts only as a
   * count in the usage of its first text chunk: they happened before that text).
   */
  thoughtFirst: boolean;
  servedBy: string | null;
  serverTtftMs: number | null;
  /** Text of the answer (for check messages). */
  contentPreview: string;
  /** The answer's id, when the dialect finds one in the body (providers without a request-id header). */
  requestId: string | null;
}

export function decodeRate(outputTokens: number | null, firstContentAt: number | null, lastContentAt: number | null): number | null {
  if (outputTokens === null || outputTokens < 2 || firstContentAt === null || lastContentAt === null) return null;
  const seconds = (lastContentAt - firstContentAt) / 1000;
  if (seconds <= 0) return null;
  return Math.round(((outputTokens - 1) / seconds) * 10) / 10;
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

/** Consumes an SSE stream, timing it. `sentAt`/`headersAt` come from the transport. */
export async function readStream(
  response: Response,
  dialect: StreamDialect,
  timing: { sentAt: number; headersAt: number },
  maxBytes: number,
): Promise<StreamReading> {
  // Mutated by the parser's callback; an object keeps TypeScript from narrowing the fields to null.
  const seen = {
    firstContentAt: null as number | null,
    lastContentAt: null as number | null,
    endAt: null as number | null,
    /** Reasoning arrived before any answer text (by order: events of one chunk share a timestamp). */
    thoughtFirst: false,
    outputTokens: null as number | null,
    tokenSource: null as TokenSource | null,
    error: null as ProviderError | null,
    servedBy: null as string | null,
    serverTtftMs: null as number | null,
    requestId: null as string | null,
    malformed: 0,
    preview: '',
  };

  const parser = createParser({
    onEvent(event) {
      if (seen.endAt !== null) return;
      const at = performance.now();
      const signal = dialect.read({ event: event.event, data: event.data });
      if (signal.malformed) seen.malformed++;
      // Reasoning reported in the same event as the first text was still produced before it (Gemini
      // counts its thoughts in the first chunk that carries text).
      if (signal.thinking && seen.firstContentAt === null) seen.thoughtFirst = true;
      if (signal.text) {
        seen.firstContentAt ??= at;
        seen.lastContentAt = at;
        if (seen.preview.length < 200) seen.preview += signal.text;
      }
      if (signal.outputTokens !== undefined && Number.isFinite(signal.outputTokens)) {
        seen.outputTokens = signal.outputTokens;
        seen.tokenSource = signal.tokenSource ?? 'usage';
      }
      if (signal.error) seen.error ??= signal.error;
      if (signal.servedBy) seen.servedBy = signal.servedBy;
      if (signal.serverTtftMs !== undefined) seen.serverTtftMs = signal.serverTtftMs;
      if (signal.requestId) seen.requestId ??= signal.requestId;
      if (signal.end) seen.endAt = at;
    },
  });

  let interrupted = false;
  let truncated = false;
  let endedAt = timing.headersAt;
  if (response.body) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let bytes = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        endedAt = performance.now();
        if (done) break;
        bytes += value.byteLength;
        if (bytes > maxBytes) {
          truncated = true;
          await reader.cancel().catch(() => undefined);
          break;
        }
        parser.feed(decoder.decode(value, { stream: true }));
        if (seen.endAt !== null) {
          // Anything after the end event is not part of the answer.
          await reader.cancel().catch(() => undefined);
          break;
        }
      }
    } catch {
      interrupted = true;
      endedAt = performance.now();
      await reader.cancel().catch(() => undefined);
    }
  }

  const { sentAt, headersAt } = timing;
  const done = seen.endAt !== null || (!dialect.terminated && !interrupted && !truncated);
  return {
    ttfbMs: round1(headersAt - sentAt),
    ttftMs: seen.firstContentAt === null ? null : round1(seen.firstContentAt - sentAt),
    lastContentMs: seen.lastContentAt === null ? null : round1(seen.lastContentAt - sentAt),
    e2eMs: round1((seen.endAt ?? endedAt) - sentAt),
    outputTokens: seen.outputTokens,
    tokenSource: seen.tokenSource,
    tokensPerSecond: decodeRate(seen.outputTokens, seen.firstContentAt, seen.lastContentAt),
    done,
    malformed: seen.malformed,
    interrupted,
    truncated,
    error: seen.error,
    thoughtFirst: seen.thoughtFirst,
    servedBy: seen.servedBy,
    serverTtftMs: seen.serverTtftMs,
    contentPreview: seen.preview,
    requestId: seen.requestId,
  };
}
