/**
 * Incremental NDJSON reading: bytes in, parsed values out, one per complete line, as soon as the
 * line's newline arrives. Chunks may split anywhere (inside a line, inside a multi-byte UTF-8
 * character); the last line may lack its newline. A line that is not JSON yields `BAD_LINE`.
 */

/** Stands in for a line that was not valid JSON (the reducer counts it, the UI carries on). */
export const BAD_LINE: unique symbol = Symbol('bad line');
export type Parsed = unknown;

export interface LineReader {
  /** Feeds a chunk; returns the values of the lines it completed. */
  push(chunk: Uint8Array): Parsed[];
  /** Flushes what is left (a last line without newline). */
  end(): Parsed[];
}

export function createLineReader(): LineReader {
  const decoder = new TextDecoder();
  let buffer = '';
  const parse = (line: string, out: Parsed[]) => {
    const text = line.trim();
    if (!text) return;
    try {
      out.push(JSON.parse(text));
    } catch {
      out.push(BAD_LINE);
    }
  };
  const drain = (final: boolean): Parsed[] => {
    const out: Parsed[] = [];
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      parse(buffer.slice(0, newline), out);
      buffer = buffer.slice(newline + 1);
    }
    if (final) {
      parse(buffer, out);
      buffer = '';
    }
    return out;
  };
  return {
    push(chunk) {
      buffer += decoder.decode(chunk, { stream: true });
      return drain(false);
    },
    end() {
      buffer += decoder.decode();
      return drain(true);
    },
  };
}
