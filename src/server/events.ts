/**
 * The one way events leave a run: every string in every event (values and object keys, provider
 * text included: messages, request ids, model ids) goes through the key scrubber before it is
 * written, whatever the adapter put there. Runtime-neutral, so the browser-direct mode shares it.
 *
 * Only the event's own structure is left as it is: its `type`, `verdict`, `tokenSource`, an error's
 * `code` and a check's `name` come from the contract's closed sets, never from a provider, and a key
 * that happens to share 8 characters with "validation" must not break the stream.
 */
import type { TestEvent } from '../lib/api-contract';
import type { KeyScrubber } from '../lib/key-fragments';
import type { ProviderData } from '../lib/provider-registry';

export type Emit = (event: TestEvent) => Promise<void>;

function scrubDeep(value: unknown, scrubber: KeyScrubber): unknown {
  if (typeof value === 'string') return scrubber.scrub(value);
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, scrubber));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) out[scrubber.scrub(name)] = scrubDeep(item, scrubber);
    return out;
  }
  return value;
}

const STRUCTURAL = new Set(['type', 'verdict', 'tokenSource', 'code', 'name']);

/** Scrubs each event, then hands it to `write` (which serialises it for the transport). */
export function createEventWriter(scrubber: KeyScrubber, write: (event: TestEvent) => Promise<void>): Emit {
  return (event) => {
    const out: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(event)) {
      // A check's name is a closed set; everywhere else `name` is provider text (a rate limit's, a model's).
      const structural = STRUCTURAL.has(field) && (field !== 'name' || event.type === 'check') && (field !== 'code' || event.type === 'error');
      out[structural ? field : scrubber.scrub(field)] = structural ? value : scrubDeep(value, scrubber);
    }
    return write(out as unknown as TestEvent);
  };
}

/** The public text of a provider's key shapes (prefixes, markers): not key material, never scrubbed. */
export function publicLiterals(data: Pick<ProviderData, 'keyShapes'>): string[] {
  return data.keyShapes.flatMap((shape) => [...(shape.prefix ? [shape.prefix] : []), ...shape.markers]);
}
