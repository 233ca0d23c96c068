/**
 * HTTP/1.1 over a plain socket to a loopback server: requests byte for byte as given (header
 * values no client library would send, bodies of any size, chunked or not), answers read whole
 * and parsed (chunked bodies decoded). Loopback only.
 */
import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  /** The request target exactly as sent, e.g. `/api/test?x=1`. */
  target: string;
  /** Header lines, in order; values are sent as given (Buffers byte for byte). */
  headers: [string, string | Buffer][];
  body?: Buffer | string;
  /** Send the body with Transfer-Encoding: chunked (in 8 KiB chunks) instead of Content-Length. */
  chunked?: boolean;
}

export interface RawResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** Everything received, head and body, decoded as latin1 (one character per byte). */
  raw: string;
}

/** The request's bytes: the head (request line and headers) and the body as it goes on the wire. */
export function encodeRequest(request: RawRequest): { head: Buffer; body: Buffer } {
  const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
  const head: Buffer[] = [Buffer.from(`${request.method} ${request.target} HTTP/1.1\r\n`, 'latin1')];
  for (const [name, value] of request.headers) head.push(Buffer.from(`${name}: `, 'latin1'), Buffer.isBuffer(value) ? value : Buffer.from(value, 'latin1'), Buffer.from('\r\n'));
  if (body !== undefined && !request.chunked) head.push(Buffer.from(`Content-Length: ${body.length}\r\n`));
  if (body !== undefined && request.chunked) head.push(Buffer.from('Transfer-Encoding: chunked\r\n'));
  head.push(Buffer.from('Connection: close\r\n\r\n'));
  if (body === undefined || !request.chunked) return { head: Buffer.concat(head), body: body ?? Buffer.alloc(0) };
  const chunks: Buffer[] = [];
  for (let i = 0; i < body.length; i += 8192) {
    const piece = body.subarray(i, i + 8192);
    chunks.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
  }
  return { head: Buffer.concat(head), body: Buffer.concat([...chunks, Buffer.from('0\r\n\r\n')]) };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

export function parseResponse(data: Buffer): RawResponse {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd < 0) throw new Error(`no complete HTTP response head in ${data.length} bytes: ${JSON.stringify(data.toString('latin1').slice(0, 200))}`);
  const [statusLine = '', ...lines] = data.subarray(0, headEnd).toString('latin1').split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!match) throw new Error(`not an HTTP status line: ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const rest = data.subarray(headEnd + 4);
  const body = /chunked/i.test(headers['transfer-encoding'] ?? '') ? dechunk(rest) : rest;
  return { status: Number(match[1]), headers, body, raw: data.toString('latin1') };
}

/** Bodies above this size wait for an early answer first (see sendRaw). */
const LARGE_BODY = 16 * 1024;

/**
 * Sends one request on its own connection and reads the answer until the server closes.
 *
 * A server may answer before reading a large body (a 403, or 413 on Content-Length) and close;
 * if the client is still writing then, the connection is reset and the answer can be lost on
 * the client's side. So a large body waits 100 ms after the head, then goes out in slices, and
 * no more is sent once an answer starts to arrive. A reset can still win that race: callers that
 * send bodies above the server's cap should expect it (see isUploadRace).
 */
export function sendRaw(origin: string, request: RawRequest | Buffer, timeoutMs = 15_000): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) throw new Error(`raw requests go to loopback only, not ${hostname}`);
  const { head, body } = Buffer.isBuffer(request) ? { head: request, body: Buffer.alloc(0) } : encodeRequest(request);
  return new Promise((resolve, reject) => {
    const received: Buffer[] = [];
    const socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ''));
    let finished = false;
    const finish = (error?: Error) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      const data = Buffer.concat(received);
      if (data.indexOf('\r\n\r\n') >= 0) {
        try {
          resolve(parseResponse(data));
        } catch (parseError) {
          reject(parseError as Error);
        }
      } else reject(error ?? new Error(`connection closed without an answer (${data.length} bytes)`));
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    // Large bodies go out in slices, and stop as soon as an answer starts to arrive.
    const writeFrom = (offset: number) => {
      if (finished || received.length > 0) return;
      if (offset >= body.length) {
        socket.end();
        return;
      }
      socket.write(body.subarray(offset, offset + LARGE_BODY), () => writeFrom(offset + LARGE_BODY));
    };
    socket.on('connect', () => {
      if (body.length <= LARGE_BODY) {
        socket.end(Buffer.concat([head, body]));
        return;
      }
      socket.write(head);
      setTimeout(() => writeFrom(0), 100);
    });
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('end', () => finish());
    socket.on('error', (error) => finish(error));
  });
}

/**
 * An attempt that failed because the server (or, in `wrangler dev`, its local proxy) closed the
 * connection while a body above its cap was still being uploaded: a reset with no answer, or the
 * proxy's own 500 "Network connection lost" (with a miniflare stack; production has no such
 * proxy). Only meaningful for bodies over the cap; anything else is a real failure.
 */
export function isUploadRace(outcome: RawResponse | Error): boolean {
  if (outcome instanceof Error) return /ECONNRESET|EPIPE|without an answer/.test(outcome.message);
  const text = outcome.body.toString('utf8');
  return outcome.status === 500 && text.startsWith('Error: Network connection lost.') && text.includes('miniflare');
}
