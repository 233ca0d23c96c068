/**
 * The fuzz test's second arm: of the 10,000 requests tests/worker/fuzz.test.ts generates (same
 * generator, same seed), the ones workerd's Fetch API cannot carry (a key with NUL, CR or LF
 * inside) are sent here, byte for byte, over a loopback socket to the built site in
 * `wrangler dev`, as an attacker's own client could. The count sent is asserted, every one gets an
 * answer, none is a 5xx, none repeats the key or 8 consecutive characters of it, and every answer
 * from the worker is a structured refusal.
 *
 * A CR or LF in a header value ends the header line on the wire, so some of these requests are
 * malformed HTTP, refused by the runtime's HTTP parser before any worker runs (in production,
 * Cloudflare's edge). Those answers are counted apart and checked for echoes only.
 */
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { echoesOf, fetchCanSendRequest, FUZZ_RUNS, fuzzRequest } from '../support/fuzz-requests.ts';
import { sendRaw } from '../support/raw-http.ts';

const origin = inject('siteOrigin');
const { host } = new URL(origin);

describe('fuzzing the endpoint over raw HTTP', () => {
  it('the generated requests no Fetch API can carry, sent byte for byte: an answer each, no 5xx, no echoed key', async () => {
    const seed = inject('fuzzSeed');
    let sent = 0;
    let answered = 0;
    let fromWorker = 0;
    let fromHttpLayer = 0;
    let generated = 0;
    await fc.assert(
      fc.asyncProperty(fuzzRequest(origin), async (request) => {
        generated++;
        if (fetchCanSendRequest(request)) return; // sent to the handler by the workerd arm
        const { method, contentType, origin: from, key, body } = request;
        const payload = method === 'GET' ? Buffer.alloc(0) : Buffer.from(body, 'utf8');
        // Connection: close and Content-Length before the key, so a CR LF inside the key cannot
        // leave the server waiting for more.
        const head = [`${method} /api/test HTTP/1.1`, `Host: ${host}`, 'Connection: close', `CF-Connecting-IP: 198.18.100.${sent % 250}`];
        if (contentType) head.push(`Content-Type: ${contentType}`);
        if (from) head.push(`Origin: ${from}`);
        if (method !== 'GET') head.push(`Content-Length: ${payload.length}`);
        const bytes = Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n`, 'utf8'), ...(key === null ? [] : [Buffer.from('X-Api-Key: '), Buffer.from(key, 'utf8'), Buffer.from('\r\n')]), Buffer.from('\r\n'), payload]);
        sent++;
        const response = await sendRaw(origin, bytes, 10_000);
        answered++;
        expect(response.status).toBeLessThan(500);
        expect(echoesOf(key, `${response.raw}\n${Buffer.from(response.raw, 'latin1').toString('utf8')}`)).toEqual([]);
        // The worker's answers carry the endpoint's own headers; the HTTP parser's do not.
        if (response.headers['content-security-policy'] === "default-src 'none'; frame-ancestors 'none'") {
          fromWorker++;
          const text = response.body.toString('utf8');
          if (response.status === 200) {
            // A bare LF ends the header line early: what is left of the key can be one that works as a key.
            const events = text.trim().split('\n').map((line) => JSON.parse(line) as { type: string });
            expect(events[0]?.type).toBe('validation');
            expect(events.at(-1)?.type).toBe('done');
            return;
          }
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.headers['content-type']).toMatch(/^application\/json/);
          const parsed = JSON.parse(text) as { error: { code: unknown; message: unknown } };
          expect(Object.keys(parsed)).toEqual(['error']);
          expect(Object.keys(parsed.error).sort()).toEqual(['code', 'message']);
        } else {
          fromHttpLayer++;
          expect(response.status).toBe(400);
        }
      }),
      { numRuns: FUZZ_RUNS, seed },
    );
    expect(generated).toBe(FUZZ_RUNS);
    // What the workerd arm could not send, this one did, each answered.
    expect(sent).toBeGreaterThan(FUZZ_RUNS / 200);
    expect(answered).toBe(sent);
    expect(fromWorker + fromHttpLayer).toBe(sent);
    console.info(`fuzz-raw: seed ${seed}, ${sent} of ${FUZZ_RUNS} sent raw (${fromWorker} answered by the worker, ${fromHttpLayer} by the HTTP parser)`);
  }, 180_000);
});
