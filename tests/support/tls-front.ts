/**
 * A TLS front for a loopback fake: it answers HTTPS for a provider's real host name (with a
 * self-signed certificate the test browser is told to accept) and passes the bytes to the fake's
 * plain HTTP port. With Chromium's host resolver rules pointing the provider's host here, a page
 * calls `https://api.mistral.ai` exactly as shipped, CORS preflights and all, and reaches the fake:
 * no origin override in the site's code or CSP.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';

export interface TlsFront {
  /** `127.0.0.1:<port>`, for a host resolver rule. */
  address: string;
  close(): Promise<void>;
}

let certificate: { key: Buffer; cert: Buffer } | undefined;

/** One self-signed certificate per test process (openssl; its names do not matter to a browser told to accept it). */
function selfSigned(): { key: Buffer; cert: Buffer } {
  if (certificate) return certificate;
  const dir = mkdtempSync(join(tmpdir(), 'keyprobe-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=keyprobe-test', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    certificate = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
    return certificate;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts a TLS front passing each connection to `target` (`http://127.0.0.1:<port>`). */
export async function startTlsFront(target: string): Promise<TlsFront> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const server: Server = createServer({ ...selfSigned(), ALPNProtocols: ['http/1.1'] }, (client) => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('TLS front: no address');
  return {
    address: `127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
