import { describe, expect, it } from 'vitest';
import { runTest } from '../../../src/islands/key-tester/logic/run';
import { initialState, reduce, type Action, type RunState } from '../../../src/islands/key-tester/logic/state';

const key = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const request = { provider: 'mistral', endpoint: 'global' };
const ndjson = { 'Content-Type': 'application/x-ndjson; charset=utf-8' };
const line = (event: unknown) => new TextEncoder().encode(`${JSON.stringify(event)}\n`);

function recorder() {
  const actions: Action[] = [];
  let state: RunState = initialState;
  return {
    actions,
    dispatch: (a: Action) => {
      actions.push(a);
      state = reduce(state, a);
    },
    get state() {
      return state;
    },
  };
}

/** A fetch that hands back a body the test feeds line by line. */
function streamingFetch() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = ((url: string, init: RequestInit) => {
    calls.push({ url, init });
    init.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
    return Promise.resolve(new Response(body, { status: 200, headers: ndjson }));
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls, send: (e: unknown) => controller.enqueue(line(e)), close: () => controller.close() };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('runTest', () => {
  it('dispatches each event the moment its line arrives, before the stream ends', async () => {
    const server = streamingFetch();
    const rec = recorder();
    const done = runTest({ key, request, signal: new AbortController().signal, dispatch: rec.dispatch, fetch: server.fetch });
    await tick();
    expect(rec.state.phase).toBe('running');
    server.send({ type: 'validation', verdict: 'valid', httpStatus: 200, requestId: 'r', ms: 3, message: 'ok', fix: '', errorPage: null });
    await tick();
    expect(rec.state.validation?.verdict).toBe('valid');
    expect(rec.state.phase).toBe('running');
    server.send({ type: 'done', ms: 9 });
    server.close();
    await done;
    expect(rec.state.phase).toBe('finished');
    expect(server.calls[0]?.url).toBe('/api/test');
    expect((server.calls[0]?.init.headers as Record<string, string>)['X-Api-Key']).toBe(key);
    expect(String(server.calls[0]?.init.body)).not.toContain(key);
  });

  it("shows the endpoint's own 4xx message", async () => {
    const rec = recorder();
    const fetch = (() => Promise.resolve(new Response(JSON.stringify({ error: { code: 'forbidden_origin', message: 'Requests must come from the Keyprobe site itself.' } }), { status: 403, headers: { 'Content-Type': 'application/json' } }))) as unknown as typeof globalThis.fetch;
    await runTest({ key, request, signal: new AbortController().signal, dispatch: rec.dispatch, fetch });
    expect(rec.state.failure).toMatchObject({ kind: 'http', status: 403, message: 'Requests must come from the Keyprobe site itself.' });
  });

  it('treats a 200 that is not NDJSON (a proxy page) as an HTTP failure', async () => {
    const rec = recorder();
    const fetch = (() => Promise.resolve(new Response('<html>captive portal</html>', { status: 200, headers: { 'Content-Type': 'text/html' } }))) as unknown as typeof globalThis.fetch;
    await runTest({ key, request, signal: new AbortController().signal, dispatch: rec.dispatch, fetch });
    expect(rec.state.failure?.kind).toBe('http');
    expect(rec.state.failure?.message).toMatch(/HTTP 200/);
  });

  it('says the endpoint could not be reached when fetch itself fails', async () => {
    const rec = recorder();
    const fetch = (() => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof globalThis.fetch;
    await runTest({ key, request, signal: new AbortController().signal, dispatch: rec.dispatch, fetch });
    expect(rec.state.failure?.kind).toBe('network');
  });

  it('stops on cancel and keeps what arrived', async () => {
    const server = streamingFetch();
    const rec = recorder();
    const cancel = new AbortController();
    const done = runTest({ key, request, signal: cancel.signal, dispatch: rec.dispatch, fetch: server.fetch });
    await tick();
    server.send({ type: 'validation', verdict: 'valid', httpStatus: 200, requestId: null, ms: 3, message: 'ok', fix: '', errorPage: null });
    await tick();
    cancel.abort();
    await done;
    expect(rec.state.phase).toBe('cancelled');
    expect(rec.state.validation).not.toBeNull();
    expect(rec.state.failure).toBeNull();
  });

  it('gives up with a partial result when the stream stalls', async () => {
    const server = streamingFetch();
    const rec = recorder();
    const done = runTest({ key, request, signal: new AbortController().signal, dispatch: rec.dispatch, fetch: server.fetch, stallMs: 30 });
    await tick();
    server.send({ type: 'validation', verdict: 'valid', httpStatus: 200, requestId: null, ms: 3, message: 'ok', fix: '', errorPage: null });
    await done;
    expect(rec.state.failure?.kind).toBe('timeout');
    expect(rec.state.validation).not.toBeNull();
  });

  it('flags a connection dropped mid-stream', async () => {
    const rec = recorder();
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent) return c.error(new TypeError('network error'));
        sent = true;
        c.enqueue(line({ type: 'validation', verdict: 'valid', httpStatus: 200, requestId: null, ms: 3, message: 'ok', fix: '', errorPage: null }));
      },
    });
    const fetch = (() => Promise.resolve(new Response(body, { status: 200, headers: ndjson }))) as unknown as typeof globalThis.fetch;
    await runTest({ key, request, signal: new AbortController().signal, dispatch: rec.dispatch, fetch });
    expect(rec.state.failure?.kind).toBe('stream');
    expect(rec.state.validation).not.toBeNull();
  });
});
