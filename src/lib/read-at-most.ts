/**
 * A byte stream read whole, or null once it passes `limit` bytes: the endpoint's request body, the
 * shared-result link's inflated data.
 *
 * Past the limit the rest is dropped: read and thrown away up to `drainUpTo` more bytes, then
 * cancelled. Draining is for a request body still arriving. A server that stops reading
 * mid-body may reset the connection while the client is still sending, and the client never sees
 * the refusal (wrangler dev's proxy then answers 500; Go's net/http drains 256 KB for the same
 * reason). Leave it at 0 where reading costs work, as inflating does.
 */
export async function readAtMost(stream: ReadableStream<Uint8Array>, limit: number, options: { drainUpTo?: number } = {}): Promise<Uint8Array | null> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await drain(reader, options.drainUpTo ?? 0, size - limit);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Reads and drops the stream's rest while it stays within `budget` bytes (`spent` already are); cancels it otherwise. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number, spent: number): Promise<void> {
  let dropped = spent;
  while (dropped <= budget) {
    const next = await reader.read().catch(() => ({ done: true as const, value: undefined }));
    if (next.done) return;
    dropped += next.value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
}
