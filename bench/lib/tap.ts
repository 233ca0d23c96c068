/**
 * A timestamping TCP relay between the endpoint and the fake upstream: the wire truth for timing
 * accuracy. The fake's own scheduling is only good to a few ms (its README says ±3 ms), so the
 * endpoint's reported times are compared both with the injected delays and with what actually
 * crossed the wire, as seen here (Node's clock, µs resolution, one loopback hop from workerd).
 * HTTP/1.1 without pipelining: client bytes after response bytes begin a new request.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface WireExchange {
  requestLine: string;
  /** First request byte seen, ms (performance.now()). */
  sentAt: number;
  /** When the exchange is the first on its connection: when the relay accepted that connection. */
  connectedAt: number | null;
  /** First response byte. */
  headersAt: number | null;
  /** First SSE event with non-empty delta content. */
  firstContentAt: number | null;
  lastContentAt: number | null;
  /** `data: [DONE]`. */
  doneAt: number | null;
}

export interface Tap {
  origin: string;
  exchanges: WireExchange[];
  close(): Promise<void>;
}

const CONTENT = /"delta":\{(?:"role":"assistant",)?"content":"(?!")/;

export async function startTap(upstream: string): Promise<Tap> {
  const target = new URL(upstream);
  const exchanges: WireExchange[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const acceptedAt = performance.now();
    let first = true;
    client.setNoDelay(true);
    const remote = createConnection({ host: target.hostname, port: Number(target.port) });
    remote.setNoDelay(true);
    sockets.add(client);
    sockets.add(remote);
    let current: WireExchange | null = null;
    let responding = false;
    let pending = '';
    client.on('data', (chunk: Buffer) => {
      const at = performance.now();
      if (current === null || responding) {
        const text = chunk.toString('latin1');
        current = { requestLine: text.slice(0, Math.max(0, text.indexOf('\r\n'))), sentAt: at, connectedAt: first ? acceptedAt : null, headersAt: null, firstContentAt: null, lastContentAt: null, doneAt: null };
        exchanges.push(current);
        first = false;
        responding = false;
        pending = '';
      }
      remote.write(chunk);
    });
    remote.on('data', (chunk: Buffer) => {
      const at = performance.now();
      // Forward first: the timestamp is taken before, the scan after.
      client.write(chunk);
      if (!current) return;
      if (!responding) {
        responding = true;
        current.headersAt = at;
      }
      pending += chunk.toString('utf8');
      // SSE events end with a blank line; each one is one write of the fake, one HTTP chunk.
      let end = pending.indexOf('\n\n');
      while (end >= 0) {
        const event = pending.slice(0, end);
        pending = pending.slice(end + 2);
        if (CONTENT.test(event)) {
          current.firstContentAt ??= at;
          current.lastContentAt = at;
        }
        if (event.includes('data: [DONE]')) current.doneAt ??= at;
        end = pending.indexOf('\n\n');
      }
    });
    const close = () => {
      client.destroy();
      remote.destroy();
      sockets.delete(client);
      sockets.delete(remote);
    };
    client.on('close', close);
    remote.on('close', close);
    client.on('error', close);
    remote.on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
