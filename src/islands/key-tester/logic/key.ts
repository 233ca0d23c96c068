/**
 * What the key field says as you type, all local: paste mistakes with their fix, problems that
 * block the test, and which provider the key's shape points to. Messages never repeat the key.
 */
import { detectProvider, inspectPastedKey, keyProblem, type DetectableProvider, type PasteFix } from '../../../lib/key-inspect';
import { providerPageUrl } from '../../../lib/routes';

export type Tone = 'ok' | 'info' | 'warn' | 'err';

export interface KeyAssessment {
  /** Paste mistakes and the key with them undone. */
  fixes: PasteFix[];
  cleaned: string;
  /** What to say about the key, if anything. */
  note: { tone: Tone; text: string; link?: { href: string; text: string } } | null;
  /** Whether the Test button may send it. */
  canTest: boolean;
}

const an = (name: string) => (/^[aeiox]/i.test(name) ? `an ${name}` : `a ${name}`);

export function assessKey(raw: string, shapes: readonly (DetectableProvider & { tester?: boolean })[], providerId: string): KeyAssessment {
  const { cleaned, fixes } = inspectPastedKey(raw);
  const base = { fixes, cleaned };
  if (!raw) return { ...base, note: null, canTest: false };
  // The list of fixes, with its "Clean it up" button, says it all.
  if (fixes.length) return { ...base, note: null, canTest: false };
  const problem = keyProblem(raw);
  if (problem) return { ...base, note: { tone: 'err', text: problem.message }, canTest: false };

  const self = shapes.find((p) => p.id === providerId);
  const name = self?.shortName ?? providerId;
  const { best, alternatives, prefixOnly } = detectProvider(raw, shapes);
  if (best?.providerId === providerId) {
    const also = alternatives.map((a) => a.providerName);
    const tail = also.length ? ` It could also be ${an(also.join(' or '))} key.` : '';
    return { ...base, note: { tone: 'ok', text: `Detected: ${name} — ${best.shapeLabel}.${tail}` }, canTest: true };
  }
  if (best) {
    const what = `This looks like ${an(best.providerName)} key — ${best.shapeLabel}`;
    if (alternatives.some((a) => a.providerId === providerId)) {
      return { ...base, note: { tone: 'info', text: `${what}, but ${name} keys share its shape, so you can test it here.` }, canTest: true };
    }
    const other = shapes.find((p) => p.id === best.providerId);
    const text = `${what}. This page tests ${name} keys; `;
    return other?.tester
      ? { ...base, note: { tone: 'err', text, link: { href: providerPageUrl(best.providerId), text: `test it on the ${best.providerName} page` } }, canTest: false }
      : { ...base, note: { tone: 'err', text: `${text}testing ${best.providerName} keys is coming.` }, canTest: false };
  }
  if (prefixOnly) {
    return {
      ...base,
      note: { tone: 'warn', text: `Starts like ${an(prefixOnly.providerName)} key, but its length is unusual — it may be cut off.` },
      canTest: true,
    };
  }
  return {
    ...base,
    note: { tone: 'info', text: `Keyprobe does not recognise this key's shape; it is not the usual ${name} shape. You can still test it.` },
    canTest: true,
  };
}
