/**
 * Reading a provider's answer while timing it, with the definitions used by vLLM, AIPerf and
 * Artificial Analysis: TTFB = sent → headers; TTFT = sent → first chunk with non-empty content;
 * E2E = sent → `[DONE]` (or end of body); decode rate = (completion tokens − 1) / (last content −
 * first content), with the token count taken from the provider's `usage`, never from chunks.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface StreamReading {
  ttfbMs: number;
  ttftMs: number | null;
  e2eMs: number;
  /** `usage.completion_tokens` of the final chunk. */
  outputTokens: number | null;
  tokensPerSecond: number | null;
  /** The stream ended with `data: [DONE]`. */
  done: boolean;
  /** Chunks that were not valid JSON. */
  malformed: number;
  /** Reading stopped because the connection broke or the deadline passed. */
  interrupted: boolean;
  /** Text of the content received (for check messages). */
  contentPreview: string;
  truncated: boolean;
}

interface ChunkShape {
  choices?: { delta?: { content?: unknown }; message?: { content?: unknown } }[];
  usage?: { completion_tokens?: unknown };
}

/** Text of a content field: a string, or Mistral's chunk array (`[{type:'thinking', thinking:[{text}]}, {type:'text', text}]`). */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => {
      if (typeof part !== 'object' || part === null) return '';
      const p = part as { text?: unknown; thinking?: unknown };
      if (typeof p.text === 'string') return p.text;
      return contentText(p.thinking);
    })
    .join('');
}

export function decodeRate(outputTokens: number | null, firstContentAt: number | null, lastContentAt: number | null): number | null {
  if (outputTokens === null || outputTokens < 2 || firstContentAt === null || lastContentAt === null) return null;
  const seconds = (lastContentAt - firstContentAt) / 1000;
  if (seconds <= 0) return null;
  return Math.round(((outputTokens - 1) / seconds) * 10) / 10;
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

/** Consumes an SSE completion stream, timing it. `sentAt`/`headersAt` come from callProvider. */
export async function readCompletionStream(response: Response, sentAt: number, headersAt: number, maxBytes: number): Promise<StreamReading> {
  // Mutated by the parser's callback; an object keeps TypeScript from narrowing the fields to null.
  const seen = {
    firstContentAt: null as number | null,
    lastContentAt: null as number | null,
    doneAt: null as number | null,
    outputTokens: null as number | null,
    malformed: 0,
    preview: '',
  };

  const parser = createParser({
    onEvent(event: EventSourceMessage) {
      const at = performance.now();
      if (event.data === '[DONE]') {
        seen.doneAt ??= at;
        return;
      }
      let chunk: ChunkShape;
      try {
        chunk = JSON.parse(event.data) as ChunkShape;
      } catch {
        seen.malformed++;
        return;
      }
      const text = contentText(chunk.choices?.[0]?.delta?.content);
      if (text.length > 0) {
        seen.firstContentAt ??= at;
        seen.lastContentAt = at;
        if (seen.preview.length < 200) seen.preview += text;
      }
      const tokens = chunk.usage?.completion_tokens;
      if (typeof tokens === 'number' && Number.isFinite(tokens)) seen.outputTokens = tokens;
    },
  });

  let interrupted = false;
  let truncated = false;
  let endedAt = headersAt;
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
        if (seen.doneAt !== null) {
          // Anything after [DONE] is not part of the answer.
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

  return {
    ttfbMs: round1(headersAt - sentAt),
    ttftMs: seen.firstContentAt === null ? null : round1(seen.firstContentAt - sentAt),
    e2eMs: round1((seen.doneAt ?? endedAt) - sentAt),
    outputTokens: seen.outputTokens,
    tokensPerSecond: decodeRate(seen.outputTokens, seen.firstContentAt, seen.lastContentAt),
    done: seen.doneAt !== null,
    malformed: seen.malformed,
    interrupted,
    contentPreview: seen.preview,
    truncated,
  };
}
