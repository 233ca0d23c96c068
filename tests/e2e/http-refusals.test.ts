/**
 * Every refusal from the API is structured, whichever layer gives it: more than 1,000 raw HTTP
 * requests to the built site in `wrangler dev` (loopback only), including the cross-site
 * form-encoded, text/plain and multipart POSTs that Astro's own CSRF check used to answer in plain
 * text before our gate ran, wrong methods, bad JSON, huge and chunked bodies, keys in the wrong
 * places and odd paths under /api/. Every 4xx is `{"error":{"code","message"}}` JSON, nothing is a
 * 5xx, nothing echoes the key, and what is accepted is a well-formed NDJSON stream.
 *
 * The fuzz test in tests/worker/ calls the handler directly and never meets the framework or the
 * runtime's HTTP layer; this test does. Methods the runtime itself refuses are left out: an
 * unknown method gets workerd's "501 Unrecognized request method" before any worker runs, and
 * CONNECT is routed to a connect() handler the Astro adapter's worker does not export (a plain 500).
 */
import { describe, expect, inject, it } from 'vitest';
import { canaryKey, leaksOf, randomMarker } from '../support/canary.ts';
import { encodeRequest, isUploadRace, sendRaw, type RawRequest, type RawResponse } from '../support/raw-http.ts';
import { LIMITS } from '../../src/lib/api-contract.ts';

const origin = inject('siteOrigin');
const { host, port } = new URL(origin);

/** A small seeded generator, so the same 1,000+ requests are sent on every run. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T,>(choices: [number, T][]): T => {
    const total = choices.reduce((sum, [weight]) => sum + weight, 0);
    let at = next() * total;
    for (const [weight, value] of choices) if ((at -= weight) < 0) return value;
    return (choices.at(-1) as [number, T])[1];
  };
  return { next, pick };
}

interface Case {
  label: string;
  request: RawRequest;
  /** The canary in this request (header or body) and any key-shaped marker in its URL, to look for in the answer. */
  secrets: string[];
  expect?: { status: number; code?: string };
}

const BOUNDARY = '----keyprobe';
const bodies = (key: string): [number, { name: string; body?: Buffer | string; chunked?: boolean }][] => [
  [6, { name: 'valid JSON', body: '{"provider":"mistral"}' }],
  [1, { name: 'valid JSON with checks', body: '{"provider":"mistral","checks":["chat"]}' }],
  [2, { name: 'bad JSON', body: '{"provider":' }],
  [1, { name: 'JSON array', body: '[]' }],
  [1, { name: 'JSON null', body: 'null' }],
  [1, { name: 'key in the JSON body', body: JSON.stringify({ provider: 'mistral', key }) }],
  [2, { name: 'form-encoded', body: `provider=mistral&key=${key}` }],
  [2, { name: 'multipart', body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="key"\r\n\r\n${key}\r\n--${BOUNDARY}--\r\n` }],
  [1, { name: 'the key as text', body: key }],
  [1, { name: 'empty body', body: '' }],
  [1, { name: 'no body' }],
  [1, { name: 'invalid UTF-8', body: Buffer.from([0x7b, 0xff, 0xfe, 0x22, 0x7d]) }],
  [1, { name: 'deep nesting', body: '['.repeat(3000) }],
  [1, { name: '5 KB', body: `{"provider":"mistral","pad":"${'p'.repeat(5000)}"}` }],
  [1, { name: '64 KB chunked', body: 'x'.repeat(65_536), chunked: true }],
  [0.3, { name: '1 MB', body: Buffer.alloc(1 << 20, 0x61) }],
  [0.3, { name: '1 MB chunked', body: Buffer.alloc(1 << 20, 0x61), chunked: true }],
];

/**
 * A key in a URL lands in every request log on the way (wrangler's among them, which
 * no-trace-left.test.ts searches for canaries); the tester never puts one there. So URLs carry
 * these markers, checked for echoes like the canaries but not registered as canaries.
 */
const urlKeys = Array.from({ length: 4 }, () => randomMarker());

function generated(count: number, keys: string[]): Case[] {
  const { pick } = random(20261201);
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const key = keys[i % keys.length] as string;
    const urlKey = urlKeys[i % urlKeys.length] as string;
    const method = pick<string>([[10, 'POST'], [1, 'GET'], [1, 'HEAD'], [1, 'PUT'], [1, 'DELETE'], [1, 'PATCH'], [1, 'OPTIONS'], [0.5, 'TRACE'], [0.5, 'PROPFIND']]);
    const target = pick<string>([
      [10, '/api/test'], [1, '/api/test/'], [1, '/api/test?x=1'], [1, `/api/test?key=${urlKey}`], [1, '/api//test'], [1, '/api/test/../test'],
      [1, '/api/test/x'], [1, '/api/testx'], [1, '/api/test%2F'], [1, '/api/test;x'], [1, '/api/'], [1, '/api'], [1, '/api/TEST'],
      [1, '/api/test.json'], [1, '/api/test/%E0'], [1, '/api/%zz'], [1, '/api/test/..%2F..%2Fetc'], [0.5, `/api/test/${'a'.repeat(2000)}`], [0.5, `/api/test?${'q'.repeat(4000)}`],
    ]);
    // A host that is not loopback: refused over http: (https_required), structured too.
    const requestHost = pick<string>([[8, host], [1, `localhost:${port}`], [1, 'keyprobe.example']]);
    const originHeader = pick<string | null>([
      [8, `http://${requestHost}`], [2, 'https://evil.example'], [1, 'null'], [2, null], [1, `http://${requestHost}/`], [1, `https://${requestHost}`], [1, `http://127.0.0.1:1`],
    ]);
    const contentType = pick<string | null>([
      [8, 'application/json'], [1, 'application/json; charset=utf-8'], [2, 'application/x-www-form-urlencoded'], [2, `multipart/form-data; boundary=${BOUNDARY}`],
      [2, 'text/plain'], [1, 'text/plain;charset=UTF-8'], [2, null], [1, 'application/jsonx'], [1, 'APPLICATION/JSON'],
    ]);
    const keyHeader = pick<string | null>([[6, key], [2, null], [1, `${key} x`], [1, `${key}${'x'.repeat(300)}`], [1, ''], [1, `Bearer ${key}`]]);
    const body = pick(bodies(key));
    const headers: [string, string][] = [['Host', requestHost], ['CF-Connecting-IP', `198.18.${(i >> 8) & 255}.${i & 255}`]];
    if (originHeader !== null) headers.push(['Origin', originHeader]);
    if (contentType !== null) headers.push(['Content-Type', contentType]);
    if (keyHeader !== null) headers.push(['X-Api-Key', keyHeader]);
    const sendsBody = method !== 'GET' && method !== 'HEAD' && body.body !== undefined;
    cases.push({
      label: `#${i} ${method} ${target.slice(0, 40)} host=${requestHost} origin=${originHeader} type=${contentType} key=${keyHeader === null ? 'none' : 'sent'} body=${body.name}`,
      request: { method, target, headers, body: sendsBody ? body.body : undefined, chunked: sendsBody && body.chunked },
      secrets: [key, urlKey],
    });
  }
  return cases;
}

/** Cases that must be in every run, with the answer each must get. */
function pinned(keys: string[]): Case[] {
  const cases: Case[] = [];
  const key = (i: number) => keys[i % keys.length] as string;
  let n = 0;
  const add = (label: string, request: Omit<RawRequest, 'headers'> & { headers?: [string, string][] }, expected?: Case['expect']) => {
    const headers: [string, string][] = [['Host', host], ['CF-Connecting-IP', `198.19.${(n >> 8) & 255}.${n & 255}`], ...(request.headers ?? [])];
    cases.push({ label: `pinned ${label}`, request: { ...request, headers }, secrets: [key(n), ...urlKeys], expect: expected });
    n++;
  };
  // Cross-site form submissions, of the three kinds a form can send: Astro's check answered these
  // in plain text; our gate answers them with a structured 403.
  const forms: [string, string, string][] = [
    ['application/x-www-form-urlencoded', 'form-encoded', `provider=mistral&key=${key(0)}`],
    ['text/plain', 'text/plain', key(0)],
    [`multipart/form-data; boundary=${BOUNDARY}`, 'multipart', `--${BOUNDARY}\r\nContent-Disposition: form-data; name="provider"\r\n\r\nmistral\r\n--${BOUNDARY}--\r\n`],
  ];
  for (const [type, name, body] of forms) {
    for (const from of ['https://evil.example', 'null', null]) {
      const headers: [string, string][] = [['Content-Type', type], ['X-Api-Key', key(n)]];
      if (from) headers.push(['Origin', from]);
      add(`cross-site ${name} POST from ${from ?? 'no Origin'}`, { method: 'POST', target: '/api/test', headers, body }, { status: 403, code: 'forbidden_origin' });
      add(`cross-site ${name} POST to /api/test/ from ${from ?? 'no Origin'}`, { method: 'POST', target: '/api/test/', headers, body }, { status: 403, code: 'forbidden_origin' });
      for (const method of ['PUT', 'PATCH', 'DELETE']) add(`cross-site ${name} ${method} from ${from ?? 'no Origin'}`, { method, target: '/api/test', headers, body }, { status: 405, code: 'method_not_allowed' });
    }
  }
  const own: [string, string][] = [['Origin', origin], ['Content-Type', 'application/json']];
  for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND']) {
    add(`${method} /api/test`, { method, target: '/api/test', headers: [...own, ['X-Api-Key', key(n)]] }, { status: 405, code: 'method_not_allowed' });
  }
  add('bad JSON', { method: 'POST', target: '/api/test', headers: [...own, ['X-Api-Key', key(n)]], body: '{"provider":' }, { status: 400, code: 'invalid_json' });
  add('1 MB body', { method: 'POST', target: '/api/test', headers: [...own, ['X-Api-Key', key(n)]], body: Buffer.alloc(1 << 20, 0x61) }, { status: 413, code: 'body_too_large' });
  add('1 MB chunked body', { method: 'POST', target: '/api/test', headers: [...own, ['X-Api-Key', key(n)]], body: Buffer.alloc(1 << 20, 0x61), chunked: true }, { status: 413, code: 'body_too_large' });
  for (const target of ['/api/test/x', '/api/testx', '/api/', '/api/test%2F', '/api/test/%E0', `/api/test/${urlKeys[0]}`]) {
    add(`POST ${target.slice(0, 20)}`, { method: 'POST', target, headers: [...own, ['X-Api-Key', key(n)]], body: '{"provider":"mistral"}' }, { status: 404, code: 'not_found' });
  }
  // Accepted: the streaming path, as a control that the arm reaches it.
  for (let i = 0; i < 20; i++) add('accepted', { method: 'POST', target: '/api/test', headers: [...own, ['X-Api-Key', key(n)]], body: '{"provider":"mistral"}' }, { status: 200 });
  return cases;
}

/** What is wrong with one answer (empty when nothing is). */
function problemsWith(testCase: Case, response: RawResponse): string[] {
  const problems: string[] = [];
  const { status, headers, body } = response;
  const text = body.toString('utf8');
  if (status >= 500) problems.push(`status ${status}`);
  if (testCase.expect && status !== testCase.expect.status) problems.push(`status ${status}, expected ${testCase.expect.status}: ${text.slice(0, 120)}`);
  if (status >= 400) {
    if (!/^application\/json\b/.test(headers['content-type'] ?? '')) problems.push(`content-type ${headers['content-type']} on a ${status}: ${text.slice(0, 120)}`);
    if (testCase.request.method === 'HEAD') {
      if (body.length !== 0) problems.push('a body on HEAD');
    } else {
      try {
        const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
        const ok = Object.keys(parsed).join() === 'error' && Object.keys(parsed.error ?? {}).sort().join() === 'code,message' && typeof parsed.error?.code === 'string' && typeof parsed.error?.message === 'string';
        if (!ok) problems.push(`not {"error":{"code","message"}}: ${text.slice(0, 120)}`);
        else if (testCase.expect?.code && parsed.error?.code !== testCase.expect.code) problems.push(`code ${String(parsed.error?.code)}, expected ${testCase.expect.code}`);
      } catch {
        problems.push(`not JSON: ${JSON.stringify(text.slice(0, 120))}`);
      }
    }
  } else if (status === 200) {
    if (!/^application\/x-ndjson\b/.test(headers['content-type'] ?? '')) problems.push(`200 with content-type ${headers['content-type']}`);
    const events = text.trim().split('\n').map((line) => JSON.parse(line) as { type: string });
    if (events[0]?.type !== 'validation' || events.at(-1)?.type !== 'done') problems.push(`stream ${events.map((e) => e.type).join(',')}`);
  } else problems.push(`unexpected status ${status}`);
  for (const secret of testCase.secrets) {
    const leaks = leaksOf(secret, response.raw);
    if (leaks.length) problems.push(`key echoed: ${leaks.join(', ')}`);
  }
  return problems;
}

describe('every refusal from /api/ is structured', () => {
  it('1,000+ raw HTTP requests: no 5xx, every 4xx is {"error":{"code","message"}}, no key echoed', async () => {
    const keys = Array.from({ length: 16 }, () => canaryKey());
    const cases = [...pinned(keys), ...generated(1100, keys)];
    const started = Date.now();
    const answers: { testCase: Case; response: RawResponse }[] = [];
    const failures: string[] = [];
    let retried = 0;
    let next = 0;
    // Six connections at a time: bounded load on a shared machine, done in seconds.
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < cases.length) {
          const testCase = cases[next++] as Case;
          const overCap = encodeRequest(testCase.request).body.length > LIMITS.bodyBytes;
          for (let attempt = 1; ; attempt++) {
            const outcome = await sendRaw(origin, testCase.request).catch((error: unknown) => error as Error);
            // A body over the cap may lose the race against the early refusal (see isUploadRace).
            if (overCap && attempt < 4 && isUploadRace(outcome)) {
              retried++;
              continue;
            }
            if (outcome instanceof Error) failures.push(`${testCase.label}: ${outcome.message}`);
            else answers.push({ testCase, response: outcome });
            break;
          }
        }
      }),
    );
    const elapsed = Date.now() - started;
    expect(failures, failures.slice(0, 10).join('\n')).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(1000);
    expect(answers).toHaveLength(cases.length);
    const problems = answers.flatMap(({ testCase, response }) => problemsWith(testCase, response).map((p) => `${testCase.label}: ${p}`));
    expect(problems, problems.slice(0, 15).join('\n')).toEqual([]);

    const byStatus = new Map<number, number>();
    for (const { response } of answers) byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1);
    // The arm covers refusals of every kind and the accepted path.
    const codes = new Set(answers.map(({ response }) => (response.status >= 400 && response.body.length ? (JSON.parse(response.body.toString('utf8')) as { error: { code: string } }).error.code : '')));
    for (const code of ['forbidden_origin', 'https_required', 'method_not_allowed', 'invalid_json', 'body_too_large', 'not_found']) expect(codes, code).toContain(code);
    for (const status of [200, 400, 403, 404, 405, 413, 415]) expect(byStatus.get(status) ?? 0, `answers with ${status}`).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(90_000);
    // Upload races are rare; many of them would mean something else is wrong.
    expect(retried).toBeLessThan(20);
  }, 120_000);
});
