// Deterministic content and identifiers for the fake Mistral API.
import { randomBytes } from 'node:crypto';

/** 32 lowercase hex characters, the shape of Mistral completion ids (FACTS §2.3). */
export function hex32(): string {
  return randomBytes(16).toString('hex');
}

/** A UUIDv7 (time-ordered), the shape of `mistral-correlation-id` / 2026 `x-kong-request-id`. */
export function uuidv7(now: number = Date.now()): string {
  const b = randomBytes(16);
  const ms = BigInt(Math.floor(now));
  for (let i = 0; i < 6; i++) b[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x70; // version 7
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80; // variant 10
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** `cf-ray` value: 16 hex digits and a POP code (CDG = Paris). */
export function cfRay(): string {
  return `${randomBytes(8).toString('hex')}-CDG`;
}

/** Rough, deterministic token estimate (about 4 characters per token, at least 1). */
export function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

const CHAT_WORDS = [
  'Bonjour', '!', ' This', ' is', ' a', ' deterministic', ' reply', ' from', ' the', ' fake', ' Mistral', ' API', ',',
  ' used', ' by', ' Keyprobe', ' tests', '.', ' It', ' counts', ' tokens', ' one', ' word', ' at', ' a', ' time', '.',
];
const FIM_WORDS = ['a', ' +', ' b', '\n', '    ', 'return', ' result', '\n', '\n', 'def', ' sub', '(', 'a', ',', ' b', '):', '\n'];

/** The i-th completion token (a short word) of the deterministic text. */
export function tokenAt(i: number, kind: 'chat' | 'fim'): string {
  const words = kind === 'fim' ? FIM_WORDS : CHAT_WORDS;
  return words[i % words.length] ?? '';
}

export function completionText(n: number, kind: 'chat' | 'fim'): string {
  let s = '';
  for (let i = 0; i < n; i++) s += tokenAt(i, kind);
  return s;
}

/** String hash (FNV-1a, 32 bit) used to seed embeddings. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Deterministic unit-norm embedding vector for `text` (values rounded like the real float16-ish output). */
export function embeddingFor(text: string, dim: number): number[] {
  let state = fnv1a(text) || 1;
  const raw: number[] = [];
  let norm = 0;
  for (let i = 0; i < dim; i++) {
    // xorshift32
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    const v = state / 0xffffffff - 0.5;
    raw.push(v);
    norm += v * v;
  }
  const k = 1 / Math.sqrt(norm);
  return raw.map((v) => Math.round(v * k * 65536) / 65536);
}
