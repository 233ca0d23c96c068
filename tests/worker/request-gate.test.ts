/**
 * Bad requests get a clear, specific 4xx with {"error":{"code","message"}} and nothing else
 * happens: no call reaches the provider, and the key is never echoed.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../src/lib/api-contract';
import { handleTestRequest } from '../../src/server/test-endpoint';
import { FAKE_KEYS } from '../fakes/mistral/keys.ts';
import { bindings, fakeRequests, postTest, resetFake, SITE } from './client.ts';

const key = FAKE_KEYS.validPaid;

beforeEach(async () => {
  await resetFake(bindings.FAKE_PLATFORM);
});

async function send(init: RequestInit & { headers?: Record<string, string> }): Promise<{ status: number; body: ErrorBody; text: string; headers: Headers }> {
  const response = await handleTestRequest(new Request(`${SITE}/api/test`, init), bindings);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as ErrorBody, text, headers: response.headers };
}

const good = { 'Content-Type': 'application/json', Origin: SITE, 'X-Api-Key': key };

async function expectNoUpstreamCall() {
  const calls = (await fakeRequests(bindings.FAKE_PLATFORM)).filter((r) => !r.path.startsWith('/__fake'));
  expect(calls).toEqual([]);
}

describe('HTTP gate', () => {
  it('405 for anything but POST, naming the allowed method', async () => {
    const answer = await send({ method: 'GET', headers: { Origin: SITE, 'X-Api-Key': key } });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
    expect(answer.body.error.code).toBe('method_not_allowed');
  });

  it('403 without our own Origin', async () => {
    for (const origin of [undefined, 'https://evil.example', 'null']) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Api-Key': key };
      if (origin) headers.Origin = origin;
      const answer = await send({ method: 'POST', headers, body: '{"provider":"mistral"}' });
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('forbidden_origin');
    }
  });

  it('415 for anything but JSON', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const answer = await send({ method: 'POST', headers: { ...good, 'Content-Type': type }, body: '{"provider":"mistral"}' });
      expect(answer.status).toBe(415);
    }
  });

  it('413 for a body over 4 KB, declared or chunked', async () => {
    const big = JSON.stringify({ provider: 'mistral', endpoint: 'x'.repeat(5000) });
    const declared = await send({ method: 'POST', headers: good, body: big });
    expect(declared.status).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1000)));
        controller.close();
      },
    });
    const chunked = await send({ method: 'POST', headers: good, body: stream, duplex: 'half' } as RequestInit & { headers: Record<string, string> });
    expect(chunked.status).toBe(413);
    expect(chunked.body.error.code).toBe('body_too_large');
  });

  it('400 for broken JSON and for bodies outside the schema, saying what is wrong', async () => {
    const cases: [string, RegExp][] = [
      ['{"provider":', /not valid JSON/],
      ['{"provider":"nosuchprovider"}', /provider/],
      ['{"provider":"mistral","endpoint":"https://evil.example"}', /endpoint/],
      ['{"provider":"mistral","baseUrl":"https://evil.example"}', /Unknown field \(baseUrl\)/],
      ['{"provider":"mistral","checks":["chat","chat"]}', /once/],
      ['{"provider":"mistral","checks":["images"]}', /checks/],
      ['{"provider":"mistral","benchmark":{"target":"chat","runs":21}}', /benchmark\.runs/],
      ['{"provider":"mistral","benchmark":{"target":"chat","maxTokens":129}}', /benchmark\.maxTokens/],
      ['{"provider":"mistral","benchmark":{"target":"chat","model":"a b"}}', /benchmark\.model/],
      ['{"provider":"mistral","benchmark":{"target":"chat","model":"a?b"}}', /benchmark\.model/],
      ['{"provider":"mistral","headers":{"x":"y"}}', /Unknown field/],
      ['[{"provider":"mistral"},{"provider":"mistral"}]', /body/],
    ];
    for (const [body, message] of cases) {
      const answer = await send({ method: 'POST', headers: good, body });
      expect(answer.status, body).toBe(400);
      expect(answer.body.error.message, body).toMatch(message);
    }
    await expectNoUpstreamCall();
  });

  it('tells people who put the key in the body where it goes, without repeating it', async () => {
    const answer = await send({ method: 'POST', headers: { 'Content-Type': 'application/json', Origin: SITE }, body: JSON.stringify({ provider: 'mistral', key }) });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/X-Api-Key header/);
    expect(answer.text).not.toContain(key);
  });

  it('does not repeat an unknown field name that could be a secret', async () => {
    const answer = await send({ method: 'POST', headers: good, body: JSON.stringify({ provider: 'mistral', [key]: true }) });
    expect(answer.status).toBe(400);
    expect(answer.text).not.toContain(key);
  });
});

describe('the key header', () => {
  it('400 when it is missing', async () => {
    const answer = await postTest({ provider: 'mistral' }, null);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual({ error: { code: 'missing_key', message: 'Send the API key in the X-Api-Key header.' } });
  });

  it('refuses keys shorter than 8 or longer than 256 characters or with characters no key has, before any call', async () => {
    const cases: [string, string, RegExp][] = [
      ['abc1234', 'key_too_short', /7 characters long; provider keys have at least 8/],
      ['x'.repeat(257), 'key_too_long', /257 characters/],
      [`${key.slice(0, 10)}\u00e9${key.slice(11)}`, 'key_non_ascii', /non-ASCII/],
      [`${key.slice(0, 10)} ${key.slice(11)}`, 'key_whitespace', /space/],
      [`${key.slice(0, 10)}\u0001${key.slice(11)}`, 'key_control', /control character/],
      [`${key.slice(0, 10)}\t${key.slice(11)}`, 'key_control', /control character/],
    ];
    for (const [badKey, code, message] of cases) {
      const answer = await send({ method: 'POST', headers: { ...good, 'X-Api-Key': badKey }, body: '{"provider":"mistral"}' });
      expect(answer.status, code).toBe(400);
      expect(answer.body.error.code).toBe(code);
      expect(answer.body.error.message).toMatch(message);
      expect(answer.text).not.toContain(badKey);
    }
    await expectNoUpstreamCall();
  });

  it('cannot even receive a key with a line break or NUL: the runtime refuses such a header', () => {
    for (const bad of ['\n', '\r', '\0']) {
      expect(() => new Headers({ 'X-Api-Key': `${key.slice(0, 10)}${bad}${key.slice(11)}` })).toThrow();
    }
  });
});

describe('a paid key check needs the user’s consent', () => {
  // Mistral's Codestral host lists no models, so its key check is a one-token FIM call.
  const codestral = bindings.FAKE_CODESTRAL;
  beforeEach(() => resetFake(codestral));

  it('400 cost_not_confirmed before any call when confirmPaidValidation is missing or false', async () => {
    for (const body of [{ provider: 'mistral', endpoint: 'codestral' }, { provider: 'mistral', endpoint: 'codestral', confirmPaidValidation: false }]) {
      const answer = await postTest(body, key);
      expect(answer.status).toBe(400);
      const error = (JSON.parse(answer.text) as ErrorBody).error;
      expect(error.code).toBe('cost_not_confirmed');
      expect(error.message).toBe(
        'The key check here is a paid call (Codestral (codestral.mistral.ai): codestral-latest, at most 5 tokens), billed to the key. Keyprobe makes it only after you have seen its cost and agreed: send "confirmPaidValidation": true.',
      );
      expect(answer.text).not.toContain(key);
    }
    expect(await fakeRequests(codestral)).toEqual([]);
    await expectNoUpstreamCall();
  });

  it('runs the paid check once the user agreed', async () => {
    const answer = await postTest({ provider: 'mistral', endpoint: 'codestral', confirmPaidValidation: true }, key);
    expect(answer.status).toBe(200);
    expect((await fakeRequests(codestral)).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/fim/completions']);
  });

  it('asks the same for a paid endpoint compared in the benchmark, and nothing where the key check is free', async () => {
    const compared = await postTest({ provider: 'mistral', endpoint: 'global', benchmark: { target: 'models', runs: 1, endpoints: ['global', 'codestral'] } }, key);
    expect(compared.status).toBe(400);
    expect((JSON.parse(compared.text) as ErrorBody).error.code).toBe('cost_not_confirmed');
    await expectNoUpstreamCall();
    // On a free key check the field changes nothing.
    for (const confirmPaidValidation of [undefined, true, false]) {
      expect((await postTest({ provider: 'mistral', endpoint: 'global', confirmPaidValidation }, key)).status).toBe(200);
    }
  });
});
