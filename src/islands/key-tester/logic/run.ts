/**
 * One run against `POST /api/test`: sends the request, then dispatches every NDJSON event the
 * moment its line arrives, and says how the run ended (done, HTTP error, network failure,
 * cancelled, cut off, stalled). Needs only `fetch`, so it runs in Node for the tests.
 */
import type { TestRequest } from '../../../lib/api-contract';
import { BAD_LINE, createLineReader } from './ndjson';
import { fetchInit } from './request';
import type { Action } from './state';

export interface RunOptions {
  key: string;
  request: TestRequest;
  signal: AbortSignal;
  dispatch(action: Action): void;
  fetch?: typeof fetch;
  url?: string;
  /** Abort when nothing arrives for this long (the server's own deadlines are shorter). */
  stallMs?: number;
}

const MAX_ERROR_BYTES = 16 * 1024;

export async function runTest(o: RunOptions): Promise<void> {
  const { dispatch } = o;
  dispatch({ type: 'start', request: o.request });
  // Our own controller, so a stall can stop the request without looking like a user's cancel.
  const inner = new AbortController();
  let stalled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      inner.abort();
    }, o.stallMs ?? 75_000);
  };
  const onCancel = () => inner.abort();
  o.signal.addEventListener('abort', onCancel);
  const stopped = () => {
    if (o.signal.aborted) dispatch({ type: 'cancel' });
    else if (stalled) dispatch({ type: 'timeout' });
    else return false;
    return true;
  };
  try {
    if (o.signal.aborted) return void dispatch({ type: 'cancel' });
    arm();
    let response: Response;
    try {
      response = await (o.fetch ?? fetch)(o.url ?? '/api/test', fetchInit(o.key, o.request, inner.signal));
    } catch {
      if (!stopped()) dispatch({ type: 'network_error' });
      return;
    }
    const type = response.headers.get('content-type') ?? '';
    if (response.status !== 200 || !response.body || !/ndjson/i.test(type)) {
      let body: unknown = null;
      try {
        const text = await response.text();
        body = text.length <= MAX_ERROR_BYTES ? JSON.parse(text) : null;
      } catch {
        // Not JSON (a proxy's HTML page): the status alone is reported.
      }
      if (!stopped()) dispatch({ type: 'http_error', status: response.status, body });
      return;
    }
    const reader = response.body.getReader();
    const lines = createLineReader();
    const emit = (values: unknown[]) => {
      for (const event of values) dispatch({ type: 'event', event: event === BAD_LINE ? { type: 'unreadable line' } : event });
    };
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        arm();
        emit(lines.push(value));
      }
    } catch {
      if (!stopped()) dispatch({ type: 'stream_error' });
      return;
    }
    emit(lines.end());
    dispatch({ type: 'end' });
  } finally {
    clearTimeout(timer);
    o.signal.removeEventListener('abort', onCancel);
  }
}
