// A small framework for local fakes of provider APIs, used by Keyprobe's tests, benchmark and demo.
// One server per provider origin (or role); a scenario is selected by the API key a request
// carries; delays are injected per key; every request is logged; control endpoints under
// /__fake/ let tests steer a running fake. A provider module holds only what is its own: keys,
// routes, bodies, headers, stream dialect. See tests/fakes/README.md.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface Timing {
  /** Request arrival → response headers, ms. */
  headersMs?: number;
  /** Headers → first token of a stream (or the whole answer, non-stream), ms. */
  firstTokenMs?: number;
  /** Between stream chunks, ms. */
  interTokenMs?: number;
  tokensPerChunk?: number;
  /** Tokens a completion generates (capped by the request's max tokens). */
  completionTokens?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

export interface HugeBodyStats {
  bytesWritten: number;
  finished: boolean;
  aborted: boolean;
}

export const DEFAULT_TIMING: Required<Timing> = { headersMs: 0, firstTokenMs: 0, interTokenMs: 0, tokensPerChunk: 1, completionTokens: 16 };

/** Fault scenarios every fake can play; a module lists the ones it offers among its scenarios. */
export const GENERIC_FAULTS = ['hang', 'resetBeforeHeaders', 'redirectForeign', 'redirectForeignHost', 'hugeBody'] as const;
export type GenericFault = (typeof GENERIC_FAULTS)[number];

/** One request, as a provider module sees it, with the means to answer it. */
export interface FakeCall<S extends string> {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Pathname only. */
  path: string;
  url: URL;
  body: string;
  /** The key the request carries (the module's `keyOf`), or undefined. */
  key: string | undefined;
  scenario: S | undefined;
  /** Which origin of the provider this server plays (e.g. `platform`, `codestral`). */
  role: string;
  port: number;
  /** performance.now() at arrival. */
  t0: number;
  timing: Required<Timing>;
  /** The client has gone away. */
  readonly closed: boolean;
  /** Resolves at t0 + headersMs; false when the client went away first. */
  waitHeaders(): Promise<boolean>;
  /** Resolves at performance.now() >= target (sub-millisecond); false when the client went away. */
  sleepUntil(target: number): Promise<boolean>;
  send(status: number, body: string, headers?: Record<string, string | string[]>): void;
  json(status: number, body: unknown, headers?: Record<string, string | string[]>): void;
  /**
   * Streams SSE: `head` right after the headers, then each of `timed` at firstTokenMs + i ×
   * interTokenMs after the headers, then `tail`. `resetAfter` cuts the connection after that many timed events.
   */
  stream(status: number, headers: Record<string, string | string[]>, events: { head?: string[]; timed: string[]; tail?: string[]; resetAfter?: number }): Promise<void>;
  /** Plays a generic fault scenario (the scenario must be one); true when it answered. */
  fault(kind: GenericFault, hugeBody?: { open: string; item: (i: number) => string; close: string }): Promise<boolean>;
}

/**
 * How the provider answers a browser's CORS preflight (an OPTIONS request with
 * Access-Control-Request-Method), before any key is sent. Modules without it answer OPTIONS like
 * any other request (their provider's preflight was never recorded).
 */
export interface Preflight {
  /** Access-Control-Allow-Origin of the answer (`*`, or `origin` to echo the request's Origin). */
  allowOrigin: string;
  allowMethods: string;
  /** Request headers allowed, lower case; absent: every header the browser asks for (echoed). */
  allowHeaders?: readonly string[];
  /** Status of an allowed preflight (204 unless the provider's differs). */
  status?: number;
  maxAge?: string;
}

/** The answer to a preflight: allowed (with its headers) or refused (a 403 without Access-Control-*). */
export function preflightAnswer(p: Preflight, req: IncomingMessage): { status: number; headers: Record<string, string> } {
  const asked = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const allowed = p.allowHeaders;
  if (allowed && !asked.every((h) => allowed.includes(h))) return { status: 403, headers: {} };
  const origin = p.allowOrigin === 'origin' ? String(req.headers.origin ?? '*') : p.allowOrigin;
  return {
    status: p.status ?? 204,
    headers: {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': p.allowMethods,
      'access-control-allow-headers': (allowed ?? asked).join(', '),
      ...(p.maxAge ? { 'access-control-max-age': p.maxAge } : {}),
      ...(p.allowOrigin === 'origin' ? { vary: 'Origin' } : {}),
    },
  };
}

export interface FakeModule<S extends string> {
  /** The provider's answer to CORS preflights, where it lets pages call it. */
  preflight?: Preflight;
  /** Scenario names, each selected by its key. */
  scenarios: readonly S[];
  keyFor(scenario: S): string;
  /** The key a request carries (its auth header), or undefined. */
  keyOf(req: IncomingMessage): string | undefined;
  /** Delays a scenario always has (on top of the defaults, under the per-key ones). */
  timing?: Partial<Record<S, Timing>>;
  /** A fresh per-server state (usage counters, ...), made again on reset. */
  createState?(): unknown;
  handle(call: FakeCall<S>, state: unknown): Promise<void>;
}

export interface FakeServer<S extends string> {
  origin: string;
  port: number;
  role: string;
  requests: RecordedRequest[];
  /** How many times `/__fake/trap` (the `redirectForeign` target) was hit. */
  readonly trapHits: number;
  /** Progress of the latest `hugeBody` response (null before the first one). */
  readonly lastHugeBody: HugeBodyStats | null;
  /** `key` is an API key or a scenario name. */
  setTiming(key: string, t: Timing): void;
  /** Makes any key behave as a scenario (canary keys in the leak tests). */
  assign(key: string, scenario: S): void;
  reset(): void;
  close(): Promise<void>;
}

/** A deterministic key of a given shape for a scenario: `prefix` + pseudo-random characters (no words). */
export function fakeKey(seed: string, options: { prefix?: string; length: number; alphabet?: string }): string {
  const alphabet = options.alphabet ?? 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let state = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  let out = options.prefix ?? '';
  while (out.length < options.length) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out += alphabet[state % alphabet.length];
  }
  return out;
}

export function validTiming(t: unknown): t is Timing {
  if (typeof t !== 'object' || t === null || Array.isArray(t)) return false;
  const allowed = ['headersMs', 'firstTokenMs', 'interTokenMs', 'tokensPerChunk', 'completionTokens'];
  for (const [k, v] of Object.entries(t)) {
    if (!allowed.includes(k)) return false;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return false;
    if ((k === 'tokensPerChunk' && v < 1) || ((k === 'tokensPerChunk' || k === 'completionTokens') && !Number.isInteger(v))) return false;
  }
  return true;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** Reads the key of `Authorization: Bearer <key>`. */
export function bearerKey(req: IncomingMessage): string | undefined {
  const auth = req.headers['authorization'];
  const m = typeof auth === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
  return m?.[1];
}

export async function startFake<S extends string>(module: FakeModule<S>, opts: { role?: string; port?: number; host?: string } = {}): Promise<FakeServer<S>> {
  const role = opts.role ?? 'default';
  const host = opts.host ?? '127.0.0.1';
  const byKey = new Map<string, S>(module.scenarios.map((s) => [module.keyFor(s), s]));
  const isScenario = (s: string): s is S => (module.scenarios as readonly string[]).includes(s);
  const resolveKey = (k: string): string => (isScenario(k) ? module.keyFor(k) : k);

  const requests: RecordedRequest[] = [];
  const timings = new Map<string, Timing>();
  const assigned = new Map<string, S>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let state = module.createState?.();
  let trapHits = 0;
  let lastHugeBody: HugeBodyStats | null = null;
  let closing = false;
  let port = 0;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ detail: 'fake internal error', error: String(err) }));
      }
    });
  });
  server.keepAliveTimeout = 5_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t0 = performance.now();
    const at = performance.timeOrigin + t0;
    req.socket.setNoDelay(true);
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/__fake/')) {
      control(res, method, url.pathname, body);
      return;
    }
    requests.push({ method, path: req.url ?? url.pathname, headers: flatHeaders(req), body, at });
    if (method === 'OPTIONS' && module.preflight && req.headers['access-control-request-method'] !== undefined) {
      const answer = preflightAnswer(module.preflight, req);
      res.writeHead(answer.status, { ...answer.headers, 'content-length': '0' });
      res.end();
      return;
    }

    const key = module.keyOf(req);
    const scenario = key !== undefined ? (assigned.get(key) ?? byKey.get(key)) : undefined;
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    const timing = {
      ...DEFAULT_TIMING,
      ...(scenario ? module.timing?.[scenario] : undefined),
      ...(key !== undefined ? timings.get(key) : undefined),
    };

    const sleepUntil = (target: number): Promise<boolean> =>
      new Promise((resolve) => {
        const spin = (): void => {
          if (closing || closed) return resolve(false);
          const left = target - performance.now();
          if (left <= 0) return resolve(true);
          if (left > 2) {
            const t = setTimeout(() => {
              timers.delete(t);
              spin();
            }, Math.floor(left - 1.5));
            timers.add(t);
          } else {
            setImmediate(spin);
          }
        };
        spin();
      });

    const send = (status: number, text: string, headers: Record<string, string | string[]> = {}): void => {
      if (closed || closing) return;
      res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(text)) });
      res.end(text);
    };

    const call: FakeCall<S> = {
      req,
      res,
      method,
      path: url.pathname,
      url,
      body,
      key,
      scenario,
      role,
      port,
      t0,
      timing,
      get closed() {
        return closed || closing;
      },
      waitHeaders: () => sleepUntil(t0 + timing.headersMs),
      sleepUntil,
      send,
      json: (status, value, headers = {}) => send(status, JSON.stringify(value), { 'content-type': 'application/json', ...headers }),
      async stream(status, headers, events) {
        if (closed || closing) return;
        res.writeHead(status, headers);
        for (const event of events.head ?? []) res.write(event);
        const start = performance.now();
        for (let i = 0; i < events.timed.length; i++) {
          if (!(await sleepUntil(start + timing.firstTokenMs + i * timing.interTokenMs))) return;
          if (events.resetAfter !== undefined && i === events.resetAfter) {
            res.write(events.timed[i] ?? '', () => req.socket.resetAndDestroy());
            return;
          }
          res.write(events.timed[i] ?? '');
        }
        for (const event of events.tail ?? []) res.write(event);
        res.end();
      },
      async fault(kind, huge) {
        switch (kind) {
          case 'hang':
            return true; // never answer; the socket is closed by the client or by close()
          case 'resetBeforeHeaders':
            req.socket.resetAndDestroy();
            return true;
          case 'redirectForeign':
          case 'redirectForeignHost': {
            if (!(await call.waitHeaders())) return true;
            const location = kind === 'redirectForeign' ? `http://127.0.0.1:${port}/__fake/trap` : 'https://evil.example/';
            send(302, '', { location });
            return true;
          }
          case 'hugeBody':
            if (await call.waitHeaders()) await writeHugeBody(res, () => closed || closing, huge ?? { open: '{"object":"list","data":[', item: (i) => JSON.stringify({ id: `model-${i}`, object: 'model' }), close: ']}' });
            return true;
        }
      },
    };
    await module.handle(call, state);
  }

  async function writeHugeBody(res: ServerResponse, gone: () => boolean, shape: { open: string; item: (i: number) => string; close: string }): Promise<void> {
    const TARGET = 50 * 1024 * 1024;
    let block = '';
    for (let i = 0; block.length < 64 * 1024; i++) block += (i === 0 ? '' : ',') + shape.item(i);
    const stats: HugeBodyStats = { bytesWritten: 0, finished: false, aborted: false };
    lastHugeBody = stats;
    res.on('close', () => {
      if (!stats.finished) stats.aborted = true;
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    const write = async (s: string): Promise<boolean> => {
      if (gone()) return false;
      const ok = res.write(s);
      stats.bytesWritten += Buffer.byteLength(s);
      if (!ok) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
      return !gone();
    };
    if (!(await write(shape.open))) return;
    let first = true;
    while (stats.bytesWritten < TARGET) {
      if (!(await write(first ? block : `,${block}`))) return;
      first = false;
    }
    if (!(await write(shape.close))) return;
    stats.finished = true;
    res.end();
  }

  function control(res: ServerResponse, method: string, path: string, body: string): void {
    const reply = (status: number, obj: unknown): void => {
      const s = JSON.stringify(obj);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(s)) });
      res.end(s);
    };
    const parse = (): Record<string, unknown> | null => {
      try {
        const value: unknown = JSON.parse(body);
        return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
      } catch {
        return null;
      }
    };
    if (path === '/__fake/trap') {
      trapHits++;
      return reply(200, { object: 'list', data: [] });
    }
    if (path === '/__fake/requests' && method === 'GET') return reply(200, requests);
    if (path === '/__fake/reset' && method === 'POST') {
      api.reset();
      return reply(200, { ok: true });
    }
    if (path === '/__fake/stats' && method === 'GET') return reply(200, { trapHits, lastHugeBody });
    if (path === '/__fake/assign' && method === 'POST') {
      const o = parse();
      if (!o || typeof o.key !== 'string' || typeof o.scenario !== 'string' || !isScenario(o.scenario)) {
        return reply(400, { error: 'body must be {"key": string, "scenario": <a scenario name>}' });
      }
      api.assign(o.key, o.scenario);
      return reply(200, { ok: true });
    }
    if (path === '/__fake/timing' && method === 'POST') {
      const o = parse();
      if (!o || typeof o.key !== 'string' || !validTiming(o.timing)) {
        return reply(400, { error: 'body must be {"key": string, "timing": {headersMs?, firstTokenMs?, interTokenMs?, tokensPerChunk?, completionTokens?}} with non-negative numbers' });
      }
      api.setTiming(o.key, o.timing);
      return reply(200, { ok: true, key: resolveKey(o.key) });
    }
    reply(404, { detail: 'Not Found' });
  }

  const api: FakeServer<S> = {
    origin: '',
    port: 0,
    role,
    requests,
    get trapHits() {
      return trapHits;
    },
    get lastHugeBody() {
      return lastHugeBody;
    },
    setTiming(key, t) {
      if (!validTiming(t)) throw new TypeError('invalid timing');
      timings.set(resolveKey(key), { ...t });
    },
    assign(key, scenario) {
      assigned.set(key, scenario);
    },
    reset() {
      requests.length = 0;
      timings.clear();
      assigned.clear();
      state = module.createState?.();
      trapHits = 0;
      lastHugeBody = null;
    },
    close() {
      closing = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('unexpected server address');
  port = addr.port;
  api.port = port;
  api.origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return api;
}
