/**
 * A failure inside Keyprobe's own code, mid-stream, whose error message even contains the key:
 * the stream ends with a fixed, generic error event, and the key appears nowhere.
 */
import { describe, expect, it, vi } from 'vitest';
import { runMistralTest } from '../../src/server/providers/mistral/tester';
import { handleTestRequest } from '../../src/server/test-endpoint';
import { FAKE_KEYS } from '../fake-mistral/keys.ts';
import { bindings, SITE } from './client.ts';

describe('an exception inside the endpoint', () => {
  it('ends the stream with a generic error event that carries no key', async () => {
    const key = FAKE_KEYS.validPaid;
    const failing = {
      // The real Mistral tester runs, and its emit breaks after the first event, as a bug would.
      mistral: (ctx: Parameters<typeof runMistralTest>[0], request: Parameters<typeof runMistralTest>[1]) =>
        runMistralTest(
          {
            ...ctx,
            emit: async (event) => {
              if (event.type !== 'validation') throw new Error(`could not serialise event for ${ctx.key}`);
              await ctx.emit(event);
            },
          },
          request,
        ),
    };
    const errors = vi.spyOn(console, 'error');
    const response = await handleTestRequest(
      new Request(`${SITE}/api/test`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: SITE, 'X-Api-Key': key }, body: '{"provider":"mistral"}' }),
      bindings,
      { testers: failing },
    );
    const text = new TextDecoder().decode(await response.arrayBuffer());
    const types = text.trim().split('\n').map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types).toEqual(['validation', 'error', 'done']);
    expect(text).toContain('"message":"Something went wrong inside Keyprobe; the test stopped. Your key was not kept."');
    expect(text).not.toContain(key);
    expect(errors).not.toHaveBeenCalled();
  });

  it('a broken deployment setting gives a fixed 500, not a stack trace', async () => {
    const response = await handleTestRequest(
      new Request(`${SITE}/api/test`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: SITE, 'X-Api-Key': FAKE_KEYS.validPaid }, body: '{"provider":"mistral"}' }),
      { ...bindings, UPSTREAM_OVERRIDES: '{not json' },
    );
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: 'misconfigured', message: 'Keyprobe is misconfigured; the test was not run.' } });
  });
});
