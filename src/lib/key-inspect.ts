/**
 * What a pasted key looks like, before anything is sent: the paste mistakes we can fix for the
 * user, the problems that make a key unusable, and which provider's shape it has. Pure; the island
 * runs it as you type and the endpoint runs `keyProblem` again before any outbound call.
 */
import type { KeyShape, ShapeCatalogueEntry } from './provider-registry';
import { LIMITS } from './api-contract';

/** A paste mistake we can undo: found, explained, and removed from `cleaned`. */
export interface PasteFix {
  kind: 'surrounding-whitespace' | 'line-break' | 'quotes' | 'bearer-prefix' | 'variable-name';
  message: string;
}

export interface PasteInspection {
  /** The key with every fix applied. */
  cleaned: string;
  fixes: PasteFix[];
}

/**
 * Finds the usual paste mistakes: line breaks or spaces around or inside the key, surrounding
 * quotes, a copied `Bearer ` prefix, or a whole `MISTRAL_API_KEY=...` line.
 */
export function inspectPastedKey(raw: string): PasteInspection {
  const fixes: PasteFix[] = [];
  let key = raw;

  if (/[\r\n]/.test(key)) {
    key = key.replace(/[\r\n]+/g, '');
    fixes.push({ kind: 'line-break', message: 'The key contains a line break; it was probably copied with one.' });
  }
  if (key !== key.trim()) {
    key = key.trim();
    fixes.push({ kind: 'surrounding-whitespace', message: 'There are spaces before or after the key.' });
  }
  const assignment = /^(?:export\s+)?([A-Z][A-Z0-9_]*)\s*[=:]\s*(.*)$/s.exec(key);
  if (assignment?.[1] && /KEY|TOKEN|SECRET/.test(assignment[1])) {
    key = (assignment[2] ?? '').trim();
    fixes.push({ kind: 'variable-name', message: `You pasted the whole ${assignment[1]}=… line; only the value after “=” is the key.` });
  }
  const quoted = /^(["'`])(.*)\1$/s.exec(key);
  if (quoted) {
    key = (quoted[2] ?? '').trim();
    fixes.push({ kind: 'quotes', message: 'The key is wrapped in quotes; the quotes are not part of it.' });
  }
  const bearer = /^(?:Authorization:\s*)?Bearer\s+/i.exec(key);
  if (bearer) {
    key = key.slice(bearer[0].length).trim();
    fixes.push({ kind: 'bearer-prefix', message: 'The key starts with “Bearer ”; that word belongs to the header, not the key.' });
  }
  return { cleaned: key, fixes };
}

export type KeyProblemCode = 'empty' | 'too_short' | 'too_long' | 'line_break' | 'nul' | 'control' | 'non_ascii' | 'whitespace';

export interface KeyProblem {
  code: KeyProblemCode;
  /** Says what is wrong without repeating the key. */
  message: string;
}

/**
 * Why a key cannot be sent at all, or null. These characters would break or smuggle an HTTP
 * header, and no provider issues keys containing them.
 */
export function keyProblem(key: string): KeyProblem | null {
  if (key.length === 0) return { code: 'empty', message: 'No key was given. Paste your API key into the key field.' };
  if (key.length < LIMITS.keyMinLength) {
    return {
      code: 'too_short',
      message: `The key is ${key.length} characters long; provider keys have at least ${LIMITS.keyMinLength}. Check that you pasted all of it.`,
    };
  }
  if (key.length > LIMITS.keyLength) {
    return {
      code: 'too_long',
      message: `The key is ${key.length} characters long; keys are at most ${LIMITS.keyLength}. Check that you pasted only the key.`,
    };
  }
  if (/[\r\n]/.test(key)) {
    return { code: 'line_break', message: 'Your key contains a line break — it was probably copied with one. Remove it and try again.' };
  }
  if (key.includes('\0')) return { code: 'nul', message: 'Your key contains a NUL character, which no API key has. Copy it again from the provider console.' };
  if (/[\x00-\x1f\x7f]/.test(key)) {
    return { code: 'control', message: 'Your key contains an invisible control character (such as a tab). Copy it again from the provider console.' };
  }
  if (/[^\x20-\x7e]/.test(key)) {
    return {
      code: 'non_ascii',
      message: 'Your key contains a non-ASCII character (perhaps a smart quote or an invisible space). API keys use plain ASCII letters, digits and symbols only.',
    };
  }
  if (/\s/.test(key)) return { code: 'whitespace', message: 'Your key contains a space. API keys have none; check that you copied one key, whole.' };
  return null;
}

export interface ShapeMatch {
  providerId: string;
  providerName: string;
  shapeLabel: string;
  /** The shape has a fixed prefix: a strong signal. Opaque shapes only match length and alphabet. */
  prefixed: boolean;
}

export interface Detection {
  /** The most likely provider, or null when no shape matches. */
  best: ShapeMatch | null;
  /** Other providers whose shapes also match, e.g. Azure OpenAI for a 32-character hex key. */
  alternatives: ShapeMatch[];
  /** A provider whose prefix the key has although the whole shape does not match (truncated key?). */
  prefixOnly: ShapeMatch | null;
}

const compiled = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(pattern);
    compiled.set(pattern, re);
  }
  return re;
}

/** Names the provider(s) whose key shape `key` has. Prefixed shapes beat opaque ones; longer prefixes beat shorter. */
/** What detection reads of a provider: its names and the matching parts of its key shapes. */
export type DetectableProvider = Pick<ShapeCatalogueEntry, 'id' | 'shortName'> & {
  keyShapes: readonly Pick<KeyShape, 'label' | 'pattern' | 'prefix'>[];
};

export function detectProvider(key: string, catalogue: readonly DetectableProvider[]): Detection {
  const matches: (ShapeMatch & { prefixLength: number })[] = [];
  let prefixOnly: (ShapeMatch & { prefixLength: number }) | null = null;
  for (const provider of catalogue) {
    let matched: (ShapeMatch & { prefixLength: number }) | null = null;
    for (const shape of provider.keyShapes) {
      const candidate = {
        providerId: provider.id,
        providerName: provider.shortName,
        shapeLabel: shape.label,
        prefixed: shape.prefix !== null,
        prefixLength: shape.prefix?.length ?? 0,
      };
      if (regex(shape.pattern).test(key)) {
        if (!matched || candidate.prefixLength > matched.prefixLength) matched = candidate;
      } else if (shape.prefix && key.startsWith(shape.prefix)) {
        if (!prefixOnly || candidate.prefixLength > prefixOnly.prefixLength) prefixOnly = candidate;
      }
    }
    if (matched) matches.push(matched);
  }
  matches.sort((a, b) => b.prefixLength - a.prefixLength);
  const strip = ({ prefixLength: _, ...match }: ShapeMatch & { prefixLength: number }): ShapeMatch => match;
  const [best, ...rest] = matches;
  // A prefixed match makes opaque look-alikes irrelevant (an `sk-ant-…` key is never a Mistral key).
  const alternatives = best?.prefixed ? rest.filter((m) => m.prefixed) : rest;
  return {
    best: best ? strip(best) : null,
    alternatives: alternatives.map(strip),
    prefixOnly: best || !prefixOnly ? null : strip(prefixOnly),
  };
}

/**
 * The shape of one provider's keys that `key` has, whole: the most specific one (longest prefix)
 * when several match, or null. The runner hands it to the adapter, which can then speak about a
 * kind of key (an admin key) without ever seeing the key.
 */
export function keyShapeOf<S extends Pick<KeyShape, 'pattern' | 'prefix'>>(key: string, shapes: readonly S[]): S | null {
  let found: S | null = null;
  for (const shape of shapes) {
    if (regex(shape.pattern).test(key) && (found === null || (shape.prefix?.length ?? 0) > (found.prefix?.length ?? 0))) found = shape;
  }
  return found;
}

/**
 * A cheap guard for fields that must never receive a secret (site search): one token with a long
 * unbroken run of mixed letters and digits, or of mixed case (keys have one; model ids and error
 * names do not).
 */
export function looksLikeSecret(text: string): boolean {
  const value = text.trim();
  if (value.length < 16 || /\s/.test(value)) return false;
  const mixed = (run: string) => (/[A-Za-z]/.test(run) && /\d/.test(run)) || (/[a-z]/.test(run) && /[A-Z]/.test(run));
  return (value.match(/[A-Za-z0-9]{16,}/g) ?? []).some(mixed);
}
