/** Small formatting helpers shared by the view and the report. */
import type { ClockFacts, ModelPrice, RateLimit, TokenSource } from '../../../lib/api-contract';
import { MEASURED_IN_BROWSER } from '../../../lib/api-contract';

/** A shared result's `measuredFrom` when the sharer ran the test from their browser (not the viewer's). */
export const SHARED_FROM_BROWSER = "the sharer's browser";

/** Where a benchmark was timed, as a phrase ("measured from Cloudflare CDG"); "" when not known. */
export function measuredWhere(from: string | null | undefined): string {
  switch (from) {
    case undefined:
    case null:
    case '':
    case 'unknown':
      return '';
    case 'local':
      return 'measured from this machine (local run)';
    case MEASURED_IN_BROWSER:
      return "measured from this browser (your network, your browser's clock)";
    case SHARED_FROM_BROWSER:
      return "measured from the sharer's browser (their network, their browser's clock)";
    default:
      return `measured from Cloudflare ${from}`;
  }
}

/** "3.2 ms" under 10 ms, else "1,234 ms". */
export const formatMs = (ms: number) =>
  ms < 10 ? `${Math.round(ms * 10) / 10} ms` : `${Math.round(ms).toLocaleString('en-US')} ms`;

export const formatCount = (n: number) => n.toLocaleString('en-US');

/** 131072 → "128k", 256000 → "256k", 32768 → "32k". */
export const formatContext = (n: number) =>
  n < 1000 ? String(n) : `${Math.round(n / (n % 1000 && !(n % 1024) ? 1024 : 1000))}k`;

/** "retires 2026-01-31; use ministral-8b-latest" (or "retired …" once the day has passed). */
export function deprecationText(d: { date: string; replacement: string | null }, today: string): string {
  const day = d.date.slice(0, 10);
  return `${day < today ? 'retired' : 'retires'} ${day}${d.replacement ? `; use ${d.replacement}` : ''}`;
}

/** Only the last 4 characters of a key, and nothing for keys too short to spare them. */
export const fingerprint = (key: string) => (key.length >= 12 ? `…${key.slice(-4)}` : '…');

/** "Requests per minute", whether the server sent "Requests" + "minute" or the whole phrase. */
export const limitName = (l: RateLimit) => (/\bper\b/i.test(l.name) || !l.window ? l.name : `${l.name} per ${l.window}`);

export const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** A list price per million tokens: "$0.05 in · $0.20 out per 1M tokens" (lists carry float noise: 0.18000000000000002). */
export function formatPrice(p: ModelPrice): string {
  const amount = (n: number) => {
    const rounded = Number(n.toPrecision(4));
    const text = rounded.toFixed(Math.max(2, (String(rounded).split('.')[1] ?? '').length));
    return p.currency === 'USD' ? `$${text}` : `${text} ${p.currency}`;
  };
  const parts = [p.input === null ? null : `${amount(p.input)} in`, p.output === null ? null : `${amount(p.output)} out`].filter(Boolean);
  return `${parts.join(' · ')} per 1M tokens`;
}

/** Which output-token count a run used, in words (providers that report reasoning apart say which). */
export function tokenSourceText(source: TokenSource, provider: string): string {
  switch (source) {
    case 'usage':
      return `Output tokens as ${provider} reported them in its usage.`;
    case 'usage_excluding_reasoning':
      return `Output tokens as ${provider} reported them in its usage, reasoning tokens left out: ${provider} counts reasoning apart, and it happens before the first visible token, outside the window Tok/s is measured in.`;
    case 'usage_including_reasoning':
      return `Output tokens as ${provider} reported them in its usage, reasoning tokens included.`;
    case 'metrics':
      return `Output tokens as ${provider} reported them in the run's metrics.`;
  }
}

/**
 * What the clock that timed the benchmark can tell apart, in words ("" when the server said
 * nothing): in Workers, whole milliseconds that move only when data arrives.
 */
export function clockText(clock: ClockFacts | null, measuredFrom: string): string {
  if (!clock || clock.resolutionMs === null) return '';
  const where = measuredFrom === 'local' ? 'the local Workers runtime' : measuredFrom === MEASURED_IN_BROWSER ? 'this browser' : `Cloudflare ${measuredFrom}`;
  const step = clock.resolutionMs >= 1 ? `${clock.resolutionMs} ms` : `${Math.round(clock.resolutionMs * 1000)} µs`;
  const moves = clock.advancesOnIoOnly ? `, and moves only when data arrives, not while code runs: each time may read up to ${step} short or long` : '';
  return `Times come from ${where}’s clock, which counts in steps of ${step}${moves}.`;
}
