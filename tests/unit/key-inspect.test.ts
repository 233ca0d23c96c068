/** Key hygiene and provider detection, as the island runs them while you type (and the server before any call). */
import { describe, expect, it } from 'vitest';
import { detectProvider, inspectPastedKey, keyProblem, keyShapeOf, looksLikeSecret } from '../../src/lib/key-inspect';
import { shapeCatalogue } from '../../src/lib/provider-registry';
import { keySamples } from './key-shape-samples.ts';

const catalogue = shapeCatalogue();

describe('detectProvider', () => {
  it('knows every provider that has samples, and every provider has samples', () => {
    expect(Object.keys(keySamples).sort()).toEqual(catalogue.map((p) => p.id).sort());
  });

  for (const [provider, { match, nearMiss }] of Object.entries(keySamples)) {
    it(`recognises ${provider} keys and rejects near-misses`, () => {
      for (const key of match) {
        const detection = detectProvider(key, catalogue);
        const named = [detection.best, ...detection.alternatives].map((m) => m?.providerId);
        expect(named, key.slice(0, 12)).toContain(provider);
      }
      const own = catalogue.find((p) => p.id === provider);
      for (const key of nearMiss) {
        const detection = detectProvider(key, own ? [own] : []);
        expect(detection.best, key.slice(0, 12)).toBeNull();
      }
    });
  }

  it('lets a prefix win over an opaque look-alike', () => {
    const anthropic = keySamples.anthropic?.match[0] ?? '';
    const detection = detectProvider(anthropic, catalogue);
    expect(detection.best?.providerId).toBe('anthropic');
    expect(detection.alternatives.some((m) => m.providerId === 'mistral')).toBe(false);
  });

  it('names Mistral for 32 letters and digits, and Azure OpenAI as the look-alike when the key is hex', () => {
    expect(detectProvider('Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4f', catalogue).best?.providerId).toBe('mistral');
    const hex = detectProvider('0123456789abcdef0123456789abcdef', catalogue);
    expect([hex.best, ...hex.alternatives].map((m) => m?.providerId)).toEqual(expect.arrayContaining(['mistral', 'azure-openai']));
  });

  it('names DeepSeek, as likely only, for sk- + 32 hex, and never for OpenAI sk- keys', () => {
    for (const key of keySamples.deepseek?.match ?? []) {
      const detection = detectProvider(key, catalogue);
      expect(detection.best?.providerId, key.slice(0, 8)).toBe('deepseek');
      // The label says the shape is shared, so only the balance call can confirm it.
      expect(detection.best?.shapeLabel).toMatch(/DeepSeek likely/);
    }
    for (const key of keySamples.openai?.match ?? []) {
      const named = [detectProvider(key, catalogue).best, ...detectProvider(key, catalogue).alternatives].map((m) => m?.providerId);
      expect(named, key.slice(0, 8)).not.toContain('deepseek');
    }
  });

  it('spots a key that has a provider prefix but the wrong length (cut off while copying)', () => {
    const groq = keySamples.groq?.match[0] ?? '';
    const detection = detectProvider(groq.slice(0, -10), catalogue);
    expect(detection.best).toBeNull();
    expect(detection.prefixOnly?.providerId).toBe('groq');
  });

  it('says nothing for text that is no key at all', () => {
    expect(detectProvider('hello', catalogue)).toEqual({ best: null, alternatives: [], prefixOnly: null });
  });
});

describe('keyShapeOf (what the runner tells an adapter about the key: its shape, never the key)', () => {
  const shapes = catalogue.find((p) => p.id === 'openai')?.keyShapes ?? [];

  it('names the shape a whole key has', () => {
    const [project, , , , admin] = keySamples.openai?.match ?? [];
    expect(keyShapeOf(project ?? '', shapes)?.prefix).toBe('sk-proj-');
    expect(keyShapeOf(admin ?? '', shapes)?.prefix).toBe('sk-admin-');
  });

  it('prefers the longest prefix when several shapes match', () => {
    const loose = [
      { pattern: '^sk-[A-Za-z0-9-]+$', prefix: 'sk-' },
      { pattern: '^sk-admin-[A-Za-z0-9]+$', prefix: 'sk-admin-' },
    ];
    expect(keyShapeOf('sk-admin-abc123', loose)?.prefix).toBe('sk-admin-');
    expect(keyShapeOf('sk-abc123', loose)?.prefix).toBe('sk-');
  });

  it('is null for a key of none of the shapes, or only part of one', () => {
    expect(keyShapeOf('hello', shapes)).toBeNull();
    expect(keyShapeOf((keySamples.openai?.match[0] ?? '').slice(0, 20), shapes)).toBeNull();
  });
});

describe('inspectPastedKey', () => {
  const key = 'Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4f';
  const cases: [string, string[]][] = [
    [key, []],
    [`  ${key}\n`, ['line-break', 'surrounding-whitespace']],
    [`"${key}"`, ['quotes']],
    [`Bearer ${key}`, ['bearer-prefix']],
    [`Authorization: Bearer ${key}`, ['bearer-prefix']],
    [`MISTRAL_API_KEY=${key}`, ['variable-name']],
    [`export MISTRAL_API_KEY="${key}"`, ['variable-name', 'quotes']],
    [`${key.slice(0, 16)}\n${key.slice(16)}`, ['line-break']],
  ];
  for (const [pasted, kinds] of cases) {
    it(`cleans ${JSON.stringify(pasted.replace(key, '<key>'))}`, () => {
      const inspection = inspectPastedKey(pasted);
      expect(inspection.cleaned).toBe(key);
      expect(inspection.fixes.map((f) => f.kind)).toEqual(kinds);
      for (const fix of inspection.fixes) expect(fix.message).not.toContain(key);
    });
  }
});

describe('keyProblem', () => {
  const key = 'Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4f';
  it('accepts a plain key', () => expect(keyProblem(key)).toBeNull());
  const cases: [string, string][] = [
    ['', 'empty'],
    ['abc1234', 'too_short'],
    ['x'.repeat(257), 'too_long'],
    [`${key}\n`, 'line_break'],
    [`${key}\r`, 'line_break'],
    [`${key}\0`, 'nul'],
    [`${key}\t`, 'control'],
    [`${key}\u200b`, 'non_ascii'],
    [`${key}é`, 'non_ascii'],
    [`${key.slice(0, 5)} ${key.slice(5)}`, 'whitespace'],
  ];
  for (const [bad, code] of cases) {
    it(`refuses ${code}, without repeating the key`, () => {
      const problem = keyProblem(bad);
      expect(problem?.code).toBe(code);
      if (bad.length > 0) expect(problem?.message).not.toContain(key);
    });
  }
  it('says a key with a line break was probably copied with one', () => {
    expect(keyProblem(`${key}\n`)?.message).toMatch(/line break — it was probably copied with one/);
  });
  it('accepts 256 characters', () => expect(keyProblem('x'.repeat(256))).toBeNull());
});

describe('looksLikeSecret', () => {
  it('flags key-like tokens and leaves searches alone', () => {
    for (const key of ['Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4f', '0123456789abcdef0123456789abcdef', ...Object.values(keySamples).map((s) => s.match[0] ?? '')]) {
      expect(looksLikeSecret(key), key.slice(0, 10)).toBe(true);
    }
    for (const search of ['mistral 429', 'Unauthorized', 'x-ratelimit-limit-req-minute', 'mistral-small-latest', 'codestral-embed-2505', 'codestral.mistral.ai', 'mistral-correlation-id 019c6f45-6523-7b29']) {
      expect(looksLikeSecret(search), search).toBe(false);
    }
  });
});
