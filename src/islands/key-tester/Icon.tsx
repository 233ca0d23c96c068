import type { Tone } from './logic/key';

const paths: Record<Tone, string> = {
  ok: 'M7.5 12.5l3 3 6-6.5',
  err: 'M8.5 8.5l7 7m0-7l-7 7',
  warn: 'M12 7.5v5.5m0 3.2v.3',
  info: 'M12 11v5.5m0-9v.3',
};

/** A decorative status mark; the text next to it always says the same thing in words. */
export default function Icon(props: { tone: Tone }) {
  return (
    <svg class="kt-icon" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" aria-hidden="true">
      <circle cx="12" cy="12" r="9.5" />
      <path d={paths[props.tone]} />
    </svg>
  );
}
