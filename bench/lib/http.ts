/**
 * A minimal timed HTTP client on node:http with keep-alive, one connection per origin: less
 * machinery (and less jitter) than fetch, and the same for every side of a comparison.
 */
import { Agent, request as httpRequest } from 'node:http';

const agents = new Map<string, Agent>();

function agentFor(origin: string): Agent {
  let agent = agents.get(origin);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: 8 });
    agents.set(origin, agent);
  }
  return agent;
}

export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

export interface Timed {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  bytes: number;
  /** Request start → last body byte, ms. */
  ms: number;
  /** Request start → response headers, ms. */
  headersMs: number;
}

export function timedRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<Timed> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: init.method ?? 'GET',
        headers: init.body === undefined ? init.headers : { ...init.headers, 'Content-Length': String(Buffer.byteLength(init.body)) },
        agent: agentFor(target.origin),
      },
      (res) => {
        const headersMs = performance.now() - started;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const ms = performance.now() - started;
          const buffer = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: buffer.toString('utf8'), bytes: buffer.byteLength, ms, headersMs });
        });
      },
    );
    req.setTimeout(init.timeoutMs ?? 30_000, () => req.destroy(new Error(`timeout: ${init.method ?? 'GET'} ${url}`)));
    req.on('error', reject);
    req.end(init.body);
  });
}

/** JSON POST to the fake's control endpoints. */
export async function fakeControl(fakeOrigin: string, path: string, payload: unknown): Promise<void> {
  const res = await timedRequest(`${fakeOrigin}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(payload),
  });
  if (res.status !== 200) throw new Error(`fake ${path} answered ${res.status}: ${res.body}`);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh 32-character alphanumeric key (the endpoint limits each key to 12 tests a minute). */
export function freshKey(): string {
  let key = '';
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  for (const b of bytes) key += ALPHABET[b % ALPHABET.length];
  return key;
}

let ipCounter = 0;
/** Client networks the requests come from, in turn (each a /64: the endpoint limits per /64). */
export const CLIENT_NETWORKS = 256;
/**
 * A client address for the next request, from the IPv6 documentation prefix, one of
 * CLIENT_NETWORKS networks in turn. wrangler dev passes a client-sent CF-Connecting-IP through to
 * the worker (production's edge overwrites it), so each network has its own per-minute limit (60)
 * and daily counter (200): the bench stays under both, and after the first round every request
 * meets a daily counter that already exists, as a user's second test of the day does.
 */
export function nextClientIp(): string {
  const network = ipCounter++ % CLIENT_NETWORKS;
  return `2001:db8:0:${network.toString(16)}::1`;
}

export function endpointHeaders(origin: string, key: string): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    Origin: origin,
    'X-Api-Key': key,
    'CF-Connecting-IP': nextClientIp(),
  };
}

/** NDJSON lines of an endpoint answer. */
export function events(body: string): { type: string; [field: string]: unknown }[] {
  return body
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { type: string });
}
