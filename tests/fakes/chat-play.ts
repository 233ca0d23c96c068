// One OpenAI-style chat answer played in real time, for fakes that need more than
// openai-compatible.ts offers: reasoning text before the answer, usage that counts reasoning tokens
// inside or outside `completion_tokens`, and a connection held open before the first token (SSE
// `: keep-alive` comments for streams, blank lines before the JSON body otherwise), as DeepSeek
// does under load. Timing follows the key's `Timing`: the first token at headers + firstTokenMs,
// then one chunk every interTokenMs (reasoning chunks first, then content).
import { randomUUID } from 'node:crypto';
import type { FakeCall } from './framework.ts';

export interface ChatPlay {
  /** The model the answer names. */
  model: string;
  stream: boolean;
  /** The request's max tokens (content tokens are capped by it). */
  maxTokens: number;
  /** Reasoning tokens the model spends before answering, streamed as `delta.reasoning_content`. */
  reasoningTokens: number;
  /** Reasoning is streamed as text (DeepSeek, grok-3-mini) or only counted in usage (Grok 4 models). */
  reasoningHidden?: boolean;
  /** `completion_tokens` includes the reasoning tokens (DeepSeek, OpenAI) or leaves them out (xAI). */
  reasoningInCompletion: boolean;
  /** Where a stream carries usage: on the finish chunk, in its own chunk with `choices: []`, or nowhere. */
  streamUsage: 'finish_chunk' | 'separate_chunk' | 'none';
  /** Intermediate chunks carry `"usage": null` (DeepSeek's 2025 streams) or no usage field. */
  usageNullOnChunks?: boolean;
  /** The finish reason comes in its own chunk with an empty delta (xAI), not on the last content chunk. */
  finishApart?: boolean;
  /** Choices carry `"logprobs": null` and an explicit `"finish_reason": null` (DeepSeek) or omit both (xAI). */
  nullFields?: boolean;
  /** Held open before the first token, with a keep-alive every `everyMs`; `forever`: never answers. */
  keepAlive?: { everyMs: number; forever?: boolean };
  headers: Record<string, string>;
  /** Fields every chunk and completion carries (`system_fingerprint`). */
  extra?: Record<string, unknown>;
}

const WORDS = [' Hello', ',', ' this', ' is', ' a', ' deterministic', ' reply', ' from', ' a', ' fake', ' API', '.'];
const THOUGHTS = [' The', ' user', ' wants', ' a', ' short', ' answer', '.'];
const word = (list: string[], i: number) => list[i % list.length] ?? '';

/** Resolves when the keep-alive phase is over (true) or the client left (false). */
async function holdOpen(call: FakeCall<string>, until: number, everyMs: number, write: () => void, forever: boolean): Promise<boolean> {
  for (;;) {
    write();
    const next = performance.now() + everyMs;
    if (!forever && next >= until) return call.sleepUntil(until);
    if (!(await call.sleepUntil(next))) return false;
  }
}

export async function playChat(call: FakeCall<string>, play: ChatPlay): Promise<void> {
  const { res, timing } = call;
  const n = Math.min(play.maxTokens, timing.completionTokens);
  const r = play.reasoningTokens;
  const usage = {
    prompt_tokens: 12,
    completion_tokens: play.reasoningInCompletion ? n + r : n,
    total_tokens: 12 + n + r,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: r },
  };
  const id = randomUUID();
  const created = Math.floor(Date.now() / 1000);
  const finish = n >= play.maxTokens ? 'length' : 'stop';
  const start = performance.now();
  const firstAt = start + timing.firstTokenMs;

  if (!play.stream) {
    const doneAt = firstAt + Math.max(0, (play.reasoningHidden ? 0 : r) + n - 1) * timing.interTokenMs;
    const text = Array.from({ length: n }, (_, i) => word(WORDS, i)).join('');
    const message: Record<string, unknown> = { role: 'assistant', content: text };
    if (r > 0 && !play.reasoningHidden) message.reasoning_content = Array.from({ length: r }, (_, i) => word(THOUGHTS, i)).join('');
    const body = JSON.stringify({ id, object: 'chat.completion', created, model: play.model, choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage, ...play.extra });
    if (!play.keepAlive) {
      if (!(await call.sleepUntil(doneAt))) return;
      call.send(200, body, { 'content-type': 'application/json', ...play.headers });
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', ...play.headers });
    if (!(await holdOpen(call, doneAt, play.keepAlive.everyMs, () => res.write('\n'), play.keepAlive.forever === true))) return;
    res.end(body);
    return;
  }

  const chunk = (delta: Record<string, unknown>, finishReason: string | null, withUsage = false) => {
    const choice: Record<string, unknown> = { index: 0, delta };
    if (play.nullFields) choice.logprobs = null;
    if (play.nullFields || finishReason !== null) choice.finish_reason = finishReason;
    const fields: Record<string, unknown> = { id, object: 'chat.completion.chunk', created, model: play.model, ...play.extra, choices: [choice] };
    if (withUsage) fields.usage = usage;
    else if (play.usageNullOnChunks) fields.usage = null;
    return `data: ${JSON.stringify(fields)}\n\n`;
  };
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...play.headers });
  if (play.keepAlive) {
    if (!(await holdOpen(call, firstAt, play.keepAlive.everyMs, () => res.write(': keep-alive\n\n'), play.keepAlive.forever === true))) return;
  }
  res.write(chunk({ role: 'assistant', content: '' }, null));
  const events: string[] = [];
  for (let i = 0; i < (play.reasoningHidden ? 0 : r); i++) events.push(chunk(play.nullFields ? { content: null, reasoning_content: word(THOUGHTS, i) } : { reasoning_content: word(THOUGHTS, i) }, null));
  for (let i = 0; i < n; i++) {
    const last = i === n - 1 && !play.finishApart;
    events.push(chunk({ content: word(WORDS, i) }, last ? finish : null, last && play.streamUsage === 'finish_chunk'));
  }
  if (play.finishApart) events.push(chunk({}, finish, play.streamUsage === 'finish_chunk'));
  for (let i = 0; i < events.length; i++) {
    if (!(await call.sleepUntil(firstAt + i * timing.interTokenMs))) return;
    res.write(events[i]);
  }
  if (play.streamUsage === 'separate_chunk') {
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: play.model, ...play.extra, choices: [], usage })}\n\n`);
  }
  res.end('data: [DONE]\n\n');
}
