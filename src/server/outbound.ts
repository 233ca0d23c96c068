/**
 * Every call to a provider goes through a Transport: to an allow-listed origin only, with the key
 * in the provider's auth header, a deadline, no redirects followed, and bodies read with a size cap.
 * Runtime-neutral (fetch, AbortSignal, Web Streams): the endpoint and the browser-direct mode share it.
 */
import type { Auth } from '../lib/provider-registry';
import type { AllowList } from './allow-list';

export interface OutboundRequest {
  method: 'GET' | 'POST';
  /** Path and query on the origin. */
  path: `/${string}`;
  body?: unknown;
  /** Sent without the key: a call the provider answers for anyone (its data marks it `public`). */
  anonymous?: boolean;
  /** The Accept header, when not the default (a stream read with GET asks for `text/event-stream`). */
  accept?: string;
}

export type CallOutcome =
  | { kind: 'response'; response: Response; sentAt: number; headersAt: number; deadline: AbortSignal }
  | { kind: 'timeout'; sentAt: number; endedAt: number }
  | { kind: 'unreachable'; sentAt: number; endedAt: number }
  | { kind: 'aborted' };

export interface SendOptions {
  signal: AbortSignal;
  deadlineMs: number;
  /**
   * Let the runtime's clock catch up before the start is read. Workers' clock stands still while
   * code runs and moves on only with I/O (a Spectre mitigation): without this, a call made after
   * some work (emitting the previous run's sample, building a body) would be timed from the last
   * I/O before that work, and read long. One timer turn; used where times are the result.
   */
  freshClock?: boolean;
}

export interface Transport {
  /** Sends one request; `origin` must be on the allow-list (else it throws: a bug, never a user error). */
  send(origin: string, request: OutboundRequest, options: SendOptions): Promise<CallOutcome>;
}

export interface TransportOptions {
  key: string;
  auth: Auth;
  /** Headers every call of the provider carries (`anthropic-version`). */
  fixedHeaders: Record<string, string>;
  allowList: AllowList;
  fetch?: typeof fetch;
  /** Called with each URL just before it is requested (tests record outbound traffic with it). */
  onSend?: (url: string, method: string) => void;
}

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

export function createTransport(options: TransportOptions): Transport {
  const doFetch = options.fetch ?? fetch;
  const auth = authHeaders(options.auth, options.key);
  return {
    async send(origin, request, { signal, deadlineMs, freshClock }) {
      if (!options.allowList.permits(origin)) throw new Error('origin not on the allow-list');
      const url = `${options.allowList.resolve(origin)}${request.path}`;
      const timeout = AbortSignal.timeout(deadlineMs);
      const combined = AbortSignal.any([signal, timeout]);
      const headers: Record<string, string> = {
        Accept: request.accept ?? (request.body === undefined ? 'application/json' : 'application/json, text/event-stream'),
        ...options.fixedHeaders,
        ...(request.anonymous ? {} : auth),
      };
      if (request.body !== undefined) headers['Content-Type'] = 'application/json';
      const body = request.body === undefined ? undefined : JSON.stringify(request.body);
      options.onSend?.(url, request.method);
      if (freshClock) await new Promise((resolve) => setTimeout(resolve, 0));
      const sentAt = performance.now();
      try {
        const response = await doFetch(url, {
          method: request.method,
          headers,
          body,
          // A redirect is a provider error: following it would send the key to wherever it points.
          redirect: 'manual',
          signal: combined,
        });
        return { kind: 'response', response, sentAt, headersAt: performance.now(), deadline: timeout };
      } catch {
        // The error text is never kept: some runtimes quote header values (the key) in fetch errors.
        const endedAt = performance.now();
        if (signal.aborted) return { kind: 'aborted' };
        return timeout.aborted ? { kind: 'timeout', sentAt, endedAt } : { kind: 'unreachable', sentAt, endedAt };
      }
    },
  };
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
