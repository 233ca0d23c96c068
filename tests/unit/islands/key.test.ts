import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessKey } from '../../../src/islands/key-tester/logic/key';
import { shapeCatalogue } from '../../../src/lib/provider-registry';
import { keySamples } from '../key-shape-samples';

const shapes = shapeCatalogue();
const assess = (raw: string) => assessKey(raw, shapes, 'mistral');
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

  it("names another provider's key and blocks it, pointing to that provider's tester", () => {
    const a = assess('sk-ant-api03-' + 'a'.repeat(93) + 'AA');
    expect(a.canTest).toBe(false);
    expect(a.note?.tone).toBe('err');
    expect(a.note?.text).toMatch(/^This looks like an Anthropic key — .+\. This page tests Mistral keys; $/);
    expect(a.note?.link).toEqual({ href: '/anthropic/', text: 'test it on the Anthropic page' });
  });

  it("names a key of a provider without a tester yet, and says its tester is coming", () => {
    // Every provider has a tester today; a provider added with its guide first takes this path.
    const untested = shapes.find((p) => p.id !== 'mistral' && keySamples[p.id]?.match.length && p.keyShapes.some((s) => s.prefix));
    expect(untested).toBeDefined();
    const catalogue = shapes.map((p) => (p.id === untested!.id ? { ...p, tester: false } : p));
    const sample = keySamples[untested!.id]!.match.find((k) => untested!.keyShapes.some((s) => s.prefix && k.startsWith(s.prefix)))!;
    const a = assessKey(sample, catalogue, 'mistral');
    expect(a.canTest).toBe(false);
    expect(a.note?.text).toMatch(new RegExp(`This page tests Mistral keys; testing ${untested!.shortName} keys is coming\\.$`));
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
