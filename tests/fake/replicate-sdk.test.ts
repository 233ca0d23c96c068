// Fidelity: the official SDK (replicate 1.4.0) parses everything the Replicate fake sends: the
// account, a prediction and its stream (named SSE events, read from the stream host the prediction
// links to, without the token), the finished prediction with its metrics, and the problem
// documents of 401, 402, 404 and 429.
import { describe, expect, it } from 'vitest';
import Replicate, { type ApiError } from 'replicate';
import { startFake } from '../fakes/framework.ts';
import { REPLICATE_API_ORIGIN, REPLICATE_STREAM_ORIGINS, replicateApiFake, replicateKeyFor, replicateStreamFake, type ReplicateScenario } from '../fakes/replicate.ts';
import { rejection, useFake } from '../support/fake-server.ts';

const api = useFake(() => startFake(replicateApiFake, { role: 'api' }));
const stream = useFake(() => startFake(replicateStreamFake, { role: 'stream' }));

/** The SDK's fetch, with Replicate's origins pointed at the fakes (as UPSTREAM_OVERRIDES does for the endpoint). */
const localFetch: typeof fetch = (input, init) => {
  let url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (url.startsWith(REPLICATE_API_ORIGIN)) url = api.origin + url.slice(REPLICATE_API_ORIGIN.length);
  for (const origin of REPLICATE_STREAM_ORIGINS) if (url.startsWith(origin)) url = stream.origin + url.slice(origin.length);
  return fetch(url, init);
};

const sdk = (scenario: ReplicateScenario) => new Replicate({ auth: replicateKeyFor(scenario), baseUrl: `${api.origin}/v1`, fetch: localFetch });
const MODEL = 'meta/meta-llama-3-8b-instruct';

describe('the SDK against the Replicate fake: successes', () => {
  it('accounts.current() reads the account', async () => {
    expect(await sdk('valid').accounts.current()).toMatchObject({ type: 'organization', username: expect.any(String) });
    expect(await sdk('user').accounts.current()).toMatchObject({ type: 'user' });
    expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${replicateKeyFor('valid')}`);
  });

  it('predictions.create() by model name returns a prediction linking to its stream and to itself', async () => {
    const prediction = await sdk('valid').predictions.create({ model: MODEL, input: { prompt: 'Reply with the single word OK.', max_tokens: 8 }, stream: true });
    expect(prediction).toMatchObject({ model: MODEL, version: 'hidden', status: 'starting', output: null, error: null });
    expect(prediction.id).toMatch(/^[a-z2-7]{26}$/);
    expect(prediction.urls.stream).toMatch(/^https:\/\/stream-b\.svc\.ric1\.c\.replicate\.net\/v1\/streams\/[a-z2-7]{52}$/);
    expect(prediction.urls.get).toBe(`https://api.replicate.com/v1/predictions/${prediction.id}`);
    expect(api.requests[0]?.path).toBe(`/v1/models/${MODEL}/predictions`);
  });

  it('stream() reads the output events up to done, from the stream host, without the token', async () => {
    const events: { event: string; data: unknown }[] = [];
    for await (const e of sdk('valid').stream(MODEL, { input: { prompt: 'Count upwards from 1', max_tokens: 4 } })) events.push({ event: e.event, data: e.data });
    expect(events.map((e) => e.event)).toEqual(['logs', 'output', 'output', 'output', 'output', 'output', 'done']);
    expect(events.filter((e) => e.event === 'output').map((e) => e.data)).toEqual(['', '1\n', '2\n', '3\n', '4\n']);
    expect(events.at(-1)?.data).toBe('{}');
    expect(stream.requests).toHaveLength(1);
    expect(stream.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('predictions.get() after the stream: succeeded, with the output and its token count', async () => {
    const replicate = sdk('valid');
    const prediction = await replicate.predictions.create({ model: MODEL, input: { prompt: 'Count upwards from 1', max_tokens: 3 } });
    const response = await localFetch(prediction.urls.stream as string, { headers: { Accept: 'text/event-stream' } });
    await response.text();
    const done = await replicate.predictions.get(prediction.id);
    expect(done).toMatchObject({ status: 'succeeded', output: ['1\n', '2\n', '3\n'], metrics: { output_token_count: 3, input_token_count: expect.any(Number) } });
    expect(Date.parse(done.started_at ?? '')).toBeGreaterThanOrEqual(Date.parse(done.created_at));
  });

  it('a stream error event ends the SDK\'s stream with that error', async () => {
    const err = await rejection(
      (async () => {
        for await (const _ of sdk('streamError').stream(MODEL, { input: { prompt: 'Count upwards from 1', max_tokens: 4 } })) void _;
      })(),
    );
    expect(String(err)).toMatch(/Prediction failed: CUDA error: out of memory/);
  });
});

describe('the SDK against the Replicate fake: problem documents', () => {
  const cases: [ReplicateScenario, number, RegExp][] = [
    ['invalid', 401, /You did not pass a valid authentication token/],
    ['noCredit', 402, /You have insufficient credit to run this model/],
    ['billingRequired', 402, /You need to set up billing to run this model/],
    ['modelNotFound', 404, /The requested resource could not be found/],
    ['throttled', 429, /Request was throttled/],
  ];
  for (const [scenario, status, words] of cases) {
    it(`${scenario}: ApiError ${status}`, async () => {
      const err = await rejection(sdk(scenario).predictions.create({ model: MODEL, input: { prompt: 'x', max_tokens: 1 } }));
      // The SDK exports ApiError as a type only; its instances are named so.
      expect((err as Error).name).toBe('ApiError');
      expect((err as ApiError).response.status).toBe(status);
      expect((err as ApiError).message).toMatch(words);
      const body = JSON.parse(/: (\{.*\})\.$/s.exec((err as ApiError).message)?.[1] ?? '{}') as Record<string, unknown>;
      expect(body.status).toBe(status);
    });
  }
});
