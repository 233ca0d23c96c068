// What the provider fidelity tests share: the official `openai` SDK pointed at a fake, a rejected
// call's error, and a stream read to its end the way an app would.
import OpenAI from 'openai';

export const client = (baseURL: string, apiKey: string) => new OpenAI({ apiKey, baseURL, maxRetries: 0, timeout: 10_000 });

export { rejection } from '../support/fake-server.ts';

export interface StreamRead {
  text: string;
  finish: string | null;
  usage: OpenAI.CompletionUsage | null;
  chunks: OpenAI.ChatCompletionChunk[];
}

/** Iterates a chat stream to its end: the text, the last finish reason, the last usage seen. */
export async function readStream(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<StreamRead> {
  const out: StreamRead = { text: '', finish: null, usage: null, chunks: [] };
  for await (const chunk of stream) {
    out.chunks.push(chunk);
    const choice = chunk.choices[0];
    if (typeof choice?.delta?.content === 'string') out.text += choice.delta.content;
    if (choice?.finish_reason) out.finish = choice.finish_reason;
    if (chunk.usage) out.usage = chunk.usage;
  }
  return out;
}
