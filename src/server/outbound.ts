/**
 * Every call to a provider goes through here: to an allow-listed origin only, with the key in the
 * provider's auth header, a deadline, no redirects followed, and bodies read with a size cap.
 */
import type { Auth } from '../lib/provider-registry';
import { allowedOrigins, effectiveOrigin, type Overrides } from './upstream';

export interface CallTarget {
  /** A provider origin from the allow-list (before any test override). */
  origin: string;
  auth: Auth;
  overrides: Overrides;
}

export interface CallSpec {
  method: 'GET' | 'POST';
  path: `/${string}`;
  body?: unknown;
  /** Deadline for this call, ms; the run's signal can end it sooner. */
  deadlineMs: number;
  signal: AbortSignal;
}

export type CallOutcome =
  | { kind: 'response'; response: Response; sentAt: number; headersAt: number; deadline: AbortSignal }
  | { kind: 'timeout'; sentAt: number; endedAt: number }
  | { kind: 'unreachable'; sentAt: number; endedAt: number }
  | { kind: 'aborted' };

function authHeaders(auth: Auth, key: string): Record<string, string> {
  switch (auth.kind) {
    case 'bearer':
      return { Authorization: `Bearer ${key}` };
    case 'header':
      return { [auth.header]: key };
    case 'token':
      return { [auth.header]: `${auth.scheme} ${key}` };
  }
}

export async function callProvider(target: CallTarget, key: string, spec: CallSpec): Promise<CallOutcome> {
  if (!allowedOrigins().includes(target.origin)) throw new Error('origin not on the allow-list');
  const url = `${effectiveOrigin(target.origin, target.overrides)}${spec.path}`;
  const timeout = AbortSignal.timeout(spec.deadlineMs);
  const signal = AbortSignal.any([spec.signal, timeout]);
  const headers: Record<string, string> = { Accept: spec.body === undefined ? 'application/json' : 'application/json, text/event-stream', ...authHeaders(target.auth, key) };
  if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
  const sentAt = performance.now();
  try {
    const response = await fetch(url, {
      method: spec.method,
      headers,
      body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
      // A redirect is a provider error: following it would send the key to wherever it points.
      redirect: 'manual',
      signal,
    });
    return { kind: 'response', response, sentAt, headersAt: performance.now(), deadline: timeout };
  } catch {
    // The error text is never kept: some runtimes quote header values (the key) in fetch errors.
    const endedAt = performance.now();
    if (spec.signal.aborted) return { kind: 'aborted' };
    return timeout.aborted ? { kind: 'timeout', sentAt, endedAt } : { kind: 'unreachable', sentAt, endedAt };
  }
}

export interface CappedBody {
  text: string;
  /** True when the body was longer than the cap and reading stopped there. */
  truncated: boolean;
  endedAt: number;
  /** Reading stopped because the deadline passed or the connection broke. */
  failed: boolean;
}

/** Reads at most `maxBytes` of a body, cancelling the rest. */
export async function readCapped(response: Response, maxBytes: number): Promise<CappedBody> {
  if (!response.body) return { text: '', truncated: false, endedAt: performance.now(), failed: false };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { text, truncated: true, endedAt: performance.now(), failed: false };
      }
      text += decoder.decode(value, { stream: true });
    }
    return { text: text + decoder.decode(), truncated: false, endedAt: performance.now(), failed: false };
  } catch {
    await reader.cancel().catch(() => undefined);
    return { text, truncated: false, endedAt: performance.now(), failed: true };
  }
}

/** Discards a body we do not need, so the connection can be reused. */
export async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}
