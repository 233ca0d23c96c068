/**
 * What counts as "a fragment of the key", defined once (the /security/ page quotes it):
 *
 *   any run of FRAGMENT_LENGTH (8) or more consecutive characters of the key, not counting runs that
 *   lie wholly inside the public literals of its shape (a prefix such as `sk-proj-`, a marker such
 *   as `T3BlbkFJ`), and any masked form of the key that shows its last characters (`sk-…MxYA`,
 *   `****d46d`), since the last 4 may appear only where the user asks for them.
 *
 * `createKeyScrubber` finds them in any text in time linear in the text's length (a rolling hash
 * over 8-character windows, checked exactly on a hit), so a 2 MB model list is scrubbed whole,
 * without truncation. Runtime-neutral: used by the endpoint's event writer and the browser-direct mode.
 */

export const FRAGMENT_LENGTH = 8;

export const WHOLE_KEY = '[your key]';
export const PART_OF_KEY = '[part of your key]';
export const MASKED_KEY = '[your key, masked]';

export interface KeyScrubber {
  /** The text with every fragment of the key replaced; the same string when there is none. */
  scrub(text: string): string;
  /** Whether the text holds a fragment of the key. */
  leaks(text: string): boolean;
}

// The rolling hash works modulo 2^32 (Math.imul and `| 0`): integer arithmetic only, which a cold
// isolate's interpreter runs several times faster than a double's `%`.
const BASE = 31;
const FILTER_BITS = 12;
const FILTER_MASK = (1 << FILTER_BITS) - 1;
let power: number | undefined;

function windowHash(text: string, start: number): number {
  let h = 0;
  for (let i = 0; i < FRAGMENT_LENGTH; i++) h = (Math.imul(h, BASE) + text.charCodeAt(start + i)) | 0;
  return h;
}

/** Spans of the key covered by public literals (prefix and markers), as [start, end) pairs. */
function publicSpans(key: string, literals: readonly string[]): [number, number][] {
  const spans: [number, number][] = [];
  for (const literal of literals) {
    if (!literal) continue;
    for (let at = key.indexOf(literal); at !== -1; at = key.indexOf(literal, at + 1)) spans.push([at, at + literal.length]);
  }
  return spans;
}

/**
 * @param key the key being tested
 * @param publicLiterals prefixes and markers of the key's shape (from the provider data)
 */
export function createKeyScrubber(key: string, publicLiterals: readonly string[] = []): KeyScrubber {
  power ??= Array.from({ length: FRAGMENT_LENGTH - 1 }).reduce<number>((p) => Math.imul(p, BASE), 1);
  const spans = publicSpans(key, publicLiterals);
  const isPublic = (start: number) => spans.some(([from, to]) => start >= from && start + FRAGMENT_LENGTH <= to);
  // Hash of every secret 8-character window of the key → the windows themselves, for exact checks.
  const windows = new Map<number, string[]>();
  // A bit per hash's low bits: most positions of a text are ruled out by one array read, without
  // the Map lookup (the scrubber reads every character of every event).
  const filter = new Uint8Array(FILTER_MASK + 1);
  for (let i = 0; i + FRAGMENT_LENGTH <= key.length; i++) {
    if (isPublic(i)) continue;
    const w = key.slice(i, i + FRAGMENT_LENGTH);
    const h = windowHash(key, i);
    filter[h & FILTER_MASK] = 1;
    const list = windows.get(h);
    if (!list) windows.set(h, [w]);
    else if (!list.includes(w)) list.push(w);
  }
  const tail = key.slice(-4);

  /** [start, end) ranges of the text that are fragments of the key, merged. */
  function fragments(text: string): [number, number][] {
    const found: [number, number][] = [];
    const add = (from: number, to: number) => {
      const last = found[found.length - 1];
      if (last && from <= last[1]) last[1] = Math.max(last[1], to);
      else found.push([from, to]);
    };
    if (key.length > 0 && key.length < FRAGMENT_LENGTH) {
      for (let at = text.indexOf(key); at !== -1; at = text.indexOf(key, at + 1)) add(at, at + key.length);
      return found;
    }
    if (windows.size === 0 || text.length < FRAGMENT_LENGTH) return found;
    const drop = power as number;
    let h = windowHash(text, 0);
    for (let i = 0; ; i++) {
      if (filter[h & FILTER_MASK] === 1) {
        const candidates = windows.get(h);
        if (candidates && candidates.includes(text.slice(i, i + FRAGMENT_LENGTH))) add(i, i + FRAGMENT_LENGTH);
      }
      if (i + FRAGMENT_LENGTH >= text.length) break;
      // Roll: drop text[i], add text[i + 8].
      h = (Math.imul(h - Math.imul(text.charCodeAt(i), drop), BASE) + text.charCodeAt(i + FRAGMENT_LENGTH)) | 0;
    }
    return found;
  }

  /** A masked key ending in the key's last characters: `sk-proj-****MxYA`, `****d46d`, `xai-...abcd`. */
  const masked = tail.length === 4 ? new RegExp(`[\\w.-]*(?:\\*{2,}|…|\\.{3})[\\w-]*${escapeRegExp(tail)}(?![\\w-])`, 'g') : null;

  function scrub(text: string): string {
    let out = text;
    const ranges = fragments(out);
    if (ranges.length > 0) {
      let result = '';
      let at = 0;
      for (const [from, to] of ranges) {
        result += out.slice(at, from) + (out.slice(from, to) === key ? WHOLE_KEY : PART_OF_KEY);
        at = to;
      }
      out = result + out.slice(at);
    }
    if (masked && out.includes(tail)) out = out.replace(masked, MASKED_KEY);
    return out;
  }

  return {
    scrub,
    leaks: (text) => scrub(text) !== text,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
