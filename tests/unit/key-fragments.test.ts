/** The one definition of "a fragment of the key", and the scrubber every event passes through. */
import { describe, expect, it } from 'vitest';
import { createKeyScrubber, MASKED_KEY, PART_OF_KEY, WHOLE_KEY } from '../../src/lib/key-fragments';
import { createEventWriter } from '../../src/server/events';
import type { TestEvent } from '../../src/lib/api-contract';

const key = 'Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4f';
const openai = 'sk-proj-Q3zRt8Lm2Wx9Yb4Kc7Vn1Hp5Jd6Fs0Ga3Eu8Ri2To5Wy1T3BlbkFJZx7Cv4Bn9Mq2Lk8Jh3Gf6Ds1Ap5Oi0Uy7Tr4Ew';
const scrub = (text: string, k = key, literals: string[] = []) => createKeyScrubber(k, literals).scrub(text);

describe('a fragment of the key', () => {
  it('is the whole key, or any 8 or more consecutive characters of it', () => {
    expect(scrub(`Invalid API key: ${key}`)).toBe(`Invalid API key: ${WHOLE_KEY}`);
    expect(scrub(`Invalid key ${key.slice(0, 12)}…`)).toBe(`Invalid key ${PART_OF_KEY}…`);
    expect(scrub(`tail ${key.slice(-8)} end`)).toBe(`tail ${PART_OF_KEY} end`);
    expect(scrub(`x${key.slice(5, 13)}y`)).toBe(`x${PART_OF_KEY}y`);
    // Seven characters are not a fragment.
    expect(scrub(`x${key.slice(5, 12)}y`)).toBe(`x${key.slice(5, 12)}y`);
  });

  it('finds it inside other text, twice, and joins overlapping pieces', () => {
    const text = `a ${key.slice(0, 10)} b ${key.slice(10, 30)} c`;
    expect(scrub(text)).toBe(`a ${PART_OF_KEY} b ${PART_OF_KEY} c`);
    expect(scrub(key + key)).toBe(PART_OF_KEY);
  });

  it('leaves the public parts of the shape alone: prefixes and markers', () => {
    const literals = ['sk-proj-', 'T3BlbkFJ'];
    expect(scrub('Project keys start with sk-proj- and contain T3BlbkFJ.', openai, literals)).toBe('Project keys start with sk-proj- and contain T3BlbkFJ.');
    const scrubbed = scrub(`key ${openai.slice(0, 20)}`, openai, literals);
    expect(scrubbed).toContain(PART_OF_KEY);
    expect(scrubbed).not.toContain('Q3zRt8Lm');
    // Without the literals listed, the prefix alone would count.
    expect(scrub('sk-proj-', openai, [])).toBe(PART_OF_KEY);
  });

  it('hides masked forms that show the last characters (the last 4 appear only where the user asks)', () => {
    expect(scrub(`Incorrect API key provided: sk-proj-****${openai.slice(-4)}. You can find…`, openai, ['sk-proj-'])).toBe(`Incorrect API key provided: ${MASKED_KEY}. You can find…`);
    expect(scrub(`Your api key: ****${key.slice(-4)} is invalid`)).toBe(`Your api key: ${MASKED_KEY} is invalid`);
    expect(scrub(`ends in …${key.slice(-4)}`)).toBe(`ends in ${MASKED_KEY}`);
    // The same four characters elsewhere are not a masked key.
    expect(scrub(`model-${key.slice(-4)}`)).toBe(`model-${key.slice(-4)}`);
  });

  it('handles keys shorter than a fragment, empty text, and text without any', () => {
    expect(scrub('the key abc12 was wrong', 'abc12')).toBe(`the key ${WHOLE_KEY} was wrong`);
    expect(scrub('')).toBe('');
    expect(scrub('Unauthorized')).toBe('Unauthorized');
  });

  it('scrubs a 2 MB answer whole, without truncating it', () => {
    const filler = 'mistral-small-2603 '.repeat(110_000);
    const text = `${filler}${key.slice(3, 15)}`;
    const out = scrub(text);
    expect(out.startsWith(filler)).toBe(true);
    expect(out.endsWith(PART_OF_KEY)).toBe(true);
    expect(out.length).toBe(filler.length + PART_OF_KEY.length);
  });

  it('never lets a rolling-hash collision through: every 8-window of random text is checked exactly', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    for (let round = 0; round < 200; round++) {
      const k = Array.from({ length: 32 }, () => alphabet[next() % alphabet.length]).join('');
      const at = next() % 24;
      const len = 8 + (next() % (32 - at - 8 + 1));
      const noise = Array.from({ length: 64 }, () => alphabet[next() % alphabet.length]).join('');
      const text = `${noise}${k.slice(at, at + len)}${noise}`;
      expect(createKeyScrubber(k).leaks(text), `round ${round}`).toBe(true);
      expect(createKeyScrubber(k).scrub(text)).not.toContain(k.slice(at, at + 8));
    }
  });

  it('finds exactly what a plain window-by-window search finds, in text of any characters', () => {
    // The reference: every 8-character window of the text compared with every secret window of the
    // key, matches merged, each merged run replaced. No hashing, no filter.
    const reference = (text: string, k: string, literals: string[]) => {
      const secret = new Set<string>();
      for (let i = 0; i + 8 <= k.length; i++) {
        if (!literals.some((l) => { const at = k.indexOf(l); return l && at >= 0 && i >= at && i + 8 <= at + l.length; })) secret.add(k.slice(i, i + 8));
      }
      const runs: [number, number][] = [];
      for (let i = 0; i + 8 <= text.length; i++) {
        if (!secret.has(text.slice(i, i + 8))) continue;
        const last = runs.at(-1);
        if (last && i <= last[1]) last[1] = i + 8;
        else runs.push([i, i + 8]);
      }
      let out = '';
      let at = 0;
      for (const [from, to] of runs) {
        out += text.slice(at, from) + (text.slice(from, to) === k ? WHOLE_KEY : PART_OF_KEY);
        at = to;
      }
      return out + text.slice(at);
    };
    let seed = 11;
    const next = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed);
    // Astral and high code units too: the hash works on UTF-16 code units, whatever they are. (No
    // `*`, `.` or `…`: masked forms have their own test above.)
    const alphabet = [...'ABCabc0123-_:', 'é', 'ñ', '\u{1F511}', '\uFFFF', '"', '\\'];
    const pick = (n: number) => Array.from({ length: n }, () => alphabet[next() % alphabet.length]).join('');
    let withFragments = 0;
    for (let round = 0; round < 500; round++) {
      const k = `sk-${pick(8 + (next() % 40))}`;
      const pieces = Array.from({ length: 1 + (next() % 5) }, () => (next() % 2 ? pick(next() % 30) : k.slice(next() % k.length, next() % (k.length + 1))));
      const text = pieces.join('');
      const expected = reference(text, k, ['sk-']);
      if (expected !== text) withFragments++;
      expect(createKeyScrubber(k, ['sk-']).scrub(text), `round ${round}: ${JSON.stringify({ k, text })}`).toBe(expected);
    }
    // The rounds exercise the search: many hold fragments, many do not.
    expect(withFragments).toBeGreaterThan(100);
    expect(withFragments).toBeLessThan(450);
  });
});

describe('the event writer', () => {
  it('scrubs every string of every event, object keys included, before writing it', async () => {
    const written: TestEvent[] = [];
    const emit = createEventWriter(createKeyScrubber(key), async (event) => void written.push(event));
    await emit({
      type: 'models',
      models: [{ id: `ft:${key}`, name: 'x', aliases: [key.slice(2, 14)], family: 'Other', capabilities: { [key]: true }, contextLength: null, deprecation: null, fineTuned: true }],
    });
    await emit({ type: 'validation', verdict: 'invalid', httpStatus: 401, requestId: key, ms: 1, message: `bad ${key}`, fix: '', errorPage: null, suggestedEndpoint: null });
    const text = JSON.stringify(written);
    expect(text).not.toContain(key.slice(0, 8));
    expect(text).not.toContain(key.slice(-8));
    expect(written[1]).toMatchObject({ requestId: WHOLE_KEY, message: `bad ${WHOLE_KEY}` });
  });
});
