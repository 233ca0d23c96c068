// A fake of Cloudflare Turnstile's siteverify endpoint, for the optional human check. Answers in
// the documented shape ({success, hostname, action, "error-codes", ...}); a token passes once.
// Tokens: `pass-<hostname>-<action>` passes for that hostname and action; anything else fails.
import { createServer } from 'node:http';

export interface FakeTurnstile {
  origin: string;
  /** Form bodies received, for tests that check the secret and token were sent. */
  received: URLSearchParams[];
  close(): Promise<void>;
}

export async function startFakeTurnstile(): Promise<FakeTurnstile> {
  const used = new Set<string>();
  const received: URLSearchParams[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      received.push(form);
      const token = form.get('response') ?? '';
      const match = /^pass-([a-z0-9.-]+)-([a-z_]+)$/.exec(token);
      let body: Record<string, unknown>;
      if (req.url !== '/turnstile/v0/siteverify' || req.method !== 'POST') body = { success: false, 'error-codes': ['bad-request'] };
      else if (!form.get('secret')) body = { success: false, 'error-codes': ['missing-input-secret'] };
      else if (used.has(token)) body = { success: false, 'error-codes': ['timeout-or-duplicate'] };
      else if (!match) body = { success: false, 'error-codes': ['invalid-input-response'] };
      else body = { success: true, challenge_ts: new Date().toISOString(), hostname: match[1], action: match[2], cdata: '', 'error-codes': [] };
      if (match) used.add(token);
      const text = JSON.stringify(body);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
