import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessKey, testedProvider } from '../../../src/islands/key-tester/logic/key';
import { shapeCatalogue, testableProviderIds } from '../../../src/lib/provider-registry';
import { keySamples } from '../key-shape-samples';

const shapes = shapeCatalogue();
const assess = (raw: string) => assessKey(raw, shapes, 'mistral');
const anyKey = (raw: string) => assessKey(raw, shapes, null);
const ids = (list: { id: string }[]) => list.map((c) => c.id);
/** The catalogue with one provider's tester switched off. */
const without = (id: string) => shapes.map((p) => (p.id === id ? { ...p, tester: false } : p));
const mistralKey = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';

describe('assessKey', () => {
  it('says nothing and blocks the test for an empty field', () => {
    expect(assess('')).toMatchObject({ note: null, canTest: false, fixes: [] });
  });

  it('detects a Mistral key', () => {
    const a = assess(mistralKey);
    expect(a.canTest).toBe(true);
    expect(a.note?.tone).toBe('ok');
    expect(a.note?.text).toMatch(/^Detected: Mistral — /);
  });

  it("names another provider's key and blocks it, saying what this tester is for, and offers that provider's tester", () => {
    const a = assess('sk-ant-api03-' + 'a'.repeat(93) + 'AA');
    expect(a.canTest).toBe(false);
    expect(a.note?.tone).toBe('err');
    expect(a.note?.text).toMatch(/^This looks like an Anthropic key — .+\. This tester is for Mistral keys\.$/);
    expect(a.candidates).toEqual([{ id: 'anthropic', name: 'Anthropic', shape: expect.stringMatching(/sk-ant-api03-/), tester: true, guide: '/anthropic/' }]);
    const x = assess(`xai-${'A1b2'.repeat(20)}`);
    expect(x.note?.text).toMatch(/^This looks like an xAI key/);
    expect(x.candidates).toMatchObject([{ id: 'xai', tester: true }]);
  });

  it("names a key of a provider without a tester yet and offers its guide, not a tester", () => {
    // Every provider has a tester today; a provider added with its guide first takes this path.
    const untested = shapes.find((p) => p.id !== 'mistral' && keySamples[p.id]?.match.length && p.keyShapes.some((s) => s.prefix));
    expect(untested).toBeDefined();
    const catalogue = shapes.map((p) => (p.id === untested!.id ? { ...p, tester: false } : p));
    const sample = keySamples[untested!.id]!.match.find((k) => untested!.keyShapes.some((s) => s.prefix && k.startsWith(s.prefix)))!;
    const a = assessKey(sample, catalogue, 'mistral');
    expect(a.canTest).toBe(false);
    expect(a.note?.text).toMatch(new RegExp(`^This looks like an? ${untested!.shortName} key — .+\\. This tester is for Mistral keys\\.$`));
    expect(a.candidates).toMatchObject([{ id: untested!.id, tester: false }]);
  });

  it("lets a key of a shape this provider shares be tested here, offering nothing else", () => {
    // 32 hex characters: an Azure OpenAI resource key's shape, and a Mistral key's.
    const a = assess('0123456789abcdef0123456789abcdef');
    expect(a.canTest).toBe(true);
    expect(a.candidates).toEqual([]);
  });

  it('warns about a key that only starts like a known prefix, and still lets it be tested', () => {
    const a = assess('sk-ant-api03-short');
    expect(a.canTest).toBe(true);
    expect(a.note).toEqual({ tone: 'warn', text: 'Starts like an Anthropic key, but its length is unusual — it may be cut off.' });
  });

  it('lets an unknown shape be tested with a neutral note', () => {
    const a = assess('abc123def456');
    expect(a.canTest).toBe(true);
    expect(a.note?.tone).toBe('info');
  });

  it('lists paste mistakes with the cleaned key, and blocks the test until they are fixed', () => {
    const a = assess(`MISTRAL_API_KEY="${mistralKey}"\n`);
    expect(a.canTest).toBe(false);
    expect(a.note).toBeNull();
    expect(a.cleaned).toBe(mistralKey);
    expect(a.fixes.map((f) => f.kind)).toEqual(['line-break', 'variable-name', 'quotes']);
    expect(assess(`Bearer ${mistralKey}`).cleaned).toBe(mistralKey);
  });

  it("blocks keys the endpoint would refuse, with keyProblem's message", () => {
    expect(assess('abc\u00a0def')).toMatchObject({ canTest: false, note: { tone: 'err' } });
    expect(assess('a'.repeat(300)).note?.text).toMatch(/300 characters/);
  });

  it('never repeats the key in what it says', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{8,80}$/), fc.string({ minLength: 8, maxLength: 80 }), fc.constantFrom('sk-', 'sk-ant-', 'gsk_', 'xai-', 'AIza', 'r8_', 'hf_').chain((p) => fc.stringMatching(/^[A-Za-z0-9]{8,60}$/).map((s) => p + s))), (raw) => {
        const a = assess(raw);
        const said = [a.note?.text ?? '', a.note?.link?.text ?? '', ...a.fixes.map((f) => f.message)].join(' ');
        expect(said).not.toContain(raw.trim());
      }),
      { numRuns: 400 },
    );
  });
});

describe('assessKey on the any-key field', () => {
  it('names the provider and picks its tester when the shape says it', () => {
    const a = anyKey(`xai-${'A1b2'.repeat(20)}`);
    expect(a.note).toMatchObject({ tone: 'ok', text: expect.stringMatching(/^Detected: xAI — /) });
    expect(a.pick).toBe('xai');
    expect(a.canTest).toBe(true);
    expect(testedProvider(a, null)).toBe('xai');
  });

  it("offers every provider a shared shape fits, testers first, and picks the first tester", () => {
    // 32 hex characters: an Azure OpenAI key and a Mistral key; both have a tester.
    const hex = '0123456789abcdef0123456789abcdef';
    const a = anyKey(hex);
    expect(ids(a.candidates)).toEqual(['azure-openai', 'mistral']);
    expect(a.pick).toBe('azure-openai');
    expect(a.note?.text).toBe('Its shape fits 2 providers: Azure OpenAI or Mistral. Pick the one it comes from.');
    expect(a.canTest).toBe(true);
    // A provider without a tester (one added with its guide first) comes after those with one.
    const b = assessKey(hex, without('azure-openai'), null);
    expect(ids(b.candidates)).toEqual(['mistral', 'azure-openai']);
    expect(b.candidates.map((c) => c.tester)).toEqual([true, false]);
    expect(b.pick).toBe('mistral');
  });

  it('offers the providers whose keys start the same way when a key only starts like one (sk-: DeepSeek or OpenAI)', () => {
    const a = anyKey(`sk-${'a1'.repeat(20)}`);
    expect(ids(a.candidates)).toEqual(['deepseek', 'openai']);
    expect(a.pick).toBe('deepseek');
    expect(a.note).toEqual({ tone: 'warn', text: 'Starts like a DeepSeek or OpenAI key, but its length is unusual — it may be cut off.' });
    // A longer prefix settles it: sk-proj- is OpenAI's alone.
    const p = anyKey('sk-proj-short');
    expect(ids(p.candidates)).toEqual(['openai']);
    expect(p.pick).toBe('openai');
    // Without OpenAI's tester, nothing could test it.
    const q = assessKey('sk-proj-short', without('openai'), null);
    expect(q.pick).toBeNull();
    expect(q.canTest).toBe(false);
  });

  it('says when the provider has no tester yet, and links its guide', () => {
    // Every provider has a tester today; a provider added with its guide first takes this path.
    const a = assessKey(`gsk_${'A1b2'.repeat(13)}`, without('groq'), null);
    expect(a.canTest).toBe(false);
    expect(a.pick).toBeNull();
    expect(a.note).toMatchObject({ tone: 'info', text: expect.stringMatching(/^Detected: Groq — .+\. Keyprobe cannot test Groq keys yet; it explains them in $/), link: { href: '/groq/', text: 'the Groq guide' } });
    expect(anyKey(`gsk_${'A1b2'.repeat(13)}`)).toMatchObject({ canTest: true, pick: 'groq' });
  });

  it('offers every tester when no shape fits, and tests with the one picked', () => {
    const a = anyKey('abc123def456ghi789');
    expect(ids(a.candidates).sort()).toEqual([...testableProviderIds()].sort());
    expect(a.pick).toBeNull();
    expect(testedProvider(a, null)).toBeNull();
    expect(testedProvider(a, 'cohere')).toBe('cohere');
    // A pick the key no longer fits is dropped.
    expect(testedProvider(anyKey(`xai-${'A1b2'.repeat(20)}`), 'cohere')).toBe('xai');
  });

  it('keeps paste fixes and key problems first, as on a provider page', () => {
    expect(anyKey('Bearer ' + 'A1b2'.repeat(8))).toMatchObject({ canTest: false, note: null, candidates: [], pick: null });
    expect(anyKey('a'.repeat(300))).toMatchObject({ canTest: false, candidates: [], note: { tone: 'err' } });
  });

  it('never repeats the key in what it says', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{8,80}$/), fc.constantFrom('sk-', 'sk-ant-', 'gsk_', 'xai-', 'AIza', 'r8_', 'hf_').chain((p) => fc.stringMatching(/^[A-Za-z0-9]{8,60}$/).map((s) => p + s))), (raw) => {
        const a = anyKey(raw);
        const said = [a.note?.text ?? '', a.note?.link?.text ?? '', ...a.candidates.flatMap((c) => [c.name, c.shape])].join(' ');
        expect(said).not.toContain(raw.trim());
      }),
      { numRuns: 300 },
    );
  });
});
