/**
 * What the key field says as you type, all local: paste mistakes with their fix, problems that
 * block the test, and which provider the key's shape points to — with the providers to offer when
 * it is another provider's key (a provider's page) or when the shape fits several (the any-key
 * field). Messages never repeat the key.
 */
import { detectProvider, inspectPastedKey, keyProblem, type DetectableProvider, type PasteFix, type ShapeMatch } from '../../../lib/key-inspect';
import { providerPageUrl } from '../../../lib/routes';

export type Tone = 'ok' | 'info' | 'warn' | 'err';

/** A provider the key may be from. */
export interface Candidate {
  id: string;
  name: string;
  /** The shape it matched, e.g. "API key (xai- + 80 characters)"; empty when offered without a match. */
  shape: string;
  tester: boolean;
  /** Its guide, when it has one. */
  guide: string | null;
}

export interface KeyAssessment {
  /** Paste mistakes and the key with them undone. */
  fixes: PasteFix[];
  cleaned: string;
  /** What to say about the key, if anything. */
  note: { tone: Tone; text: string; link?: { href: string; text: string } } | null;
  /**
   * Whether the Test button may send it: to the tester it was assessed for, or on the any-key field
   * to the provider picked (see `testedProvider`).
   */
  canTest: boolean;
  /**
   * Providers the key may be from, those with a tester first: on a provider's page, the other
   * providers a key that is not this one's belongs to (to switch to); on the any-key field, every
   * provider whose shape fits, or every provider with a tester when none does (to pick from).
   */
  candidates: Candidate[];
  /** Any-key field: the provider to test with unless another candidate is picked; null when none fits. */
  pick: string | null;
}

export type Shapes = readonly (DetectableProvider & { tester?: boolean; guide?: boolean })[];

const an = (name: string) => (/^[aeiox]/i.test(name) ? `an ${name}` : `a ${name}`);
const or = (names: string[]) => (names.length < 3 ? names.join(' or ') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`);

function candidate(id: string, name: string, shape: string, shapes: Shapes): Candidate {
  const entry = shapes.find((p) => p.id === id);
  return { id, name, shape, tester: entry?.tester === true, guide: entry?.guide === false ? null : providerPageUrl(id) };
}
const fromMatch = (m: ShapeMatch, shapes: Shapes) => candidate(m.providerId, m.providerName, m.shapeLabel, shapes);
/** Testers first, otherwise in detection order (stable sort). */
const testersFirst = (list: Candidate[]) => [...list].sort((a, b) => Number(b.tester) - Number(a.tester));

/** Providers with a shape whose fixed prefix starts the key, the longest such prefix only (`sk-`: DeepSeek and OpenAI). */
function prefixFits(key: string, shapes: Shapes): Candidate[] {
  let longest = 0;
  const fits = new Map<string, Candidate>();
  for (const p of shapes) {
    for (const s of p.keyShapes) {
      if (!s.prefix || !key.startsWith(s.prefix) || s.prefix.length < longest) continue;
      if (s.prefix.length > longest) fits.clear();
      longest = s.prefix.length;
      if (!fits.has(p.id)) fits.set(p.id, candidate(p.id, p.shortName, s.label, shapes));
    }
  }
  return [...fits.values()];
}

/**
 * Assesses a key for the tester of `providerId`, or, with null, for the any-key field (the home
 * page), which tests whichever provider the key's shape names.
 */
export function assessKey(raw: string, shapes: Shapes, providerId: string | null): KeyAssessment {
  const { cleaned, fixes } = inspectPastedKey(raw);
  const base = { fixes, cleaned, candidates: [] as Candidate[], pick: null };
  if (!raw) return { ...base, note: null, canTest: false };
  // The list of fixes, with its "Clean it up" button, says it all.
  if (fixes.length) return { ...base, note: null, canTest: false };
  const problem = keyProblem(raw);
  if (problem) return { ...base, note: { tone: 'err', text: problem.message }, canTest: false };
  const detection = detectProvider(raw, shapes);
  return providerId === null ? forAnyProvider(raw, detection, shapes, base) : forProvider(providerId, detection, shapes, base);
}

type Base = Pick<KeyAssessment, 'fixes' | 'cleaned' | 'candidates' | 'pick'>;

function forProvider(providerId: string, { best, alternatives, prefixOnly }: ReturnType<typeof detectProvider>, shapes: Shapes, base: Base): KeyAssessment {
  const self = shapes.find((p) => p.id === providerId);
  const name = self?.shortName ?? providerId;
  if (best?.providerId === providerId) {
    const also = alternatives.map((a) => a.providerName);
    const tail = also.length ? ` It could also be ${an(or(also))} key.` : '';
    return { ...base, note: { tone: 'ok', text: `Detected: ${name} — ${best.shapeLabel}.${tail}` }, canTest: true };
  }
  if (best) {
    const what = `This looks like ${an(best.providerName)} key — ${best.shapeLabel}`;
    if (alternatives.some((a) => a.providerId === providerId)) {
      return { ...base, note: { tone: 'info', text: `${what}, but ${name} keys share its shape, so you can test it here.` }, canTest: true };
    }
    const candidates = testersFirst([best, ...alternatives].map((m) => fromMatch(m, shapes)));
    return { ...base, candidates, note: { tone: 'err', text: `${what}. This tester is for ${name} keys.` }, canTest: false };
  }
  if (prefixOnly) {
    return { ...base, note: { tone: 'warn', text: `Starts like ${an(prefixOnly.providerName)} key, but its length is unusual — it may be cut off.` }, canTest: true };
  }
  return {
    ...base,
    note: { tone: 'info', text: `Keyprobe does not recognise this key's shape; it is not the usual ${name} shape. You can still test it.` },
    canTest: true,
  };
}

function forAnyProvider(raw: string, { best, alternatives }: ReturnType<typeof detectProvider>, shapes: Shapes, base: Base): KeyAssessment {
  const testers = (list: Candidate[]) => list.filter((c) => c.tester);
  if (best) {
    const candidates = testersFirst([best, ...alternatives].map((m) => fromMatch(m, shapes)));
    const pick = testers(candidates)[0]?.id ?? null;
    const [only] = candidates;
    if (candidates.length === 1 && only) {
      if (only.tester) return { ...base, candidates, pick, note: { tone: 'ok', text: `Detected: ${only.name} — ${only.shape}.` }, canTest: true };
      const link = only.guide ? { href: only.guide, text: `the ${only.name} guide` } : undefined;
      const text = `Detected: ${only.name} — ${only.shape}. Keyprobe cannot test ${only.name} keys yet${link ? '; it explains them in ' : '.'}`;
      return { ...base, candidates, pick, note: { tone: 'info', text, link }, canTest: false };
    }
    const text = `Its shape fits ${candidates.length} providers: ${or(candidates.map((c) => c.name))}. ${pick ? 'Pick the one it comes from.' : 'Keyprobe cannot test their keys yet.'}`;
    return { ...base, candidates, pick, note: { tone: 'info', text }, canTest: pick !== null };
  }
  const fits = testersFirst(prefixFits(raw, shapes));
  if (fits.length) {
    const pick = testers(fits)[0]?.id ?? null;
    const text = `Starts like ${an(or(fits.map((c) => c.name)))} key, but its length is unusual — it may be cut off.`;
    return { ...base, candidates: fits, pick, note: { tone: 'warn', text }, canTest: pick !== null };
  }
  const all = shapes.filter((p) => p.tester).map((p) => candidate(p.id, p.shortName, '', shapes));
  return {
    ...base,
    candidates: all,
    note: { tone: 'info', text: "Keyprobe does not recognise this key's shape. Pick the provider it comes from to test it." },
    // Once a provider is picked.
    canTest: true,
  };
}

/**
 * The provider to test with on the any-key field: the one picked, while the key still fits it,
 * else the assessment's own pick.
 */
export function testedProvider(assessment: KeyAssessment | null, picked: string | null): string | null {
  if (!assessment) return null;
  if (picked && assessment.candidates.some((c) => c.id === picked && c.tester)) return picked;
  return assessment.pick;
}
