/**
 * A failure inside Keyprobe's own code, mid-stream, whose error message even contains the key:
 * the stream ends with a fixed, generic error event, and the key appears nowhere.
 */
import { describe, expect, it, vi } from 'vitest';
import { createRegistry, defaultTesters } from '../../src/server/registry';
import { handleTestRequest } from '../../src/server/test-endpoint';
import { FAKE_KEYS } from '../fakes/mistral/keys.ts';
import { bindings, SITE } from './client.ts';

describe('an exception inside the endpoint', () => {
  it('ends the stream with a generic error event that carries no key', async () => {
    const key = FAKE_KEYS.validPaid;
    // The real Mistral tester runs; its adapter breaks once the key is validated, as a bug would,
    // with the key in the error's message.
    const failing = createRegistry(
      defaultTesters.map((tester) => ({
        ...tester,
        adapter: {
          ...tester.adapter,
          body: () => {
            throw new Error(`could not build a request body for ${key}`);
          },
        },
      })),
    );
    const errors = vi.spyOn(console, 'error');
    const response = await handleTestRequest(
      new Request(`${SITE}/api/test`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: SITE, 'X-Api-Key': key, 'CF-Connecting-IP': '198.51.100.202' }, body: '{"provider":"mistral","checks":["chat"]}' }),
      bindings,
      { registry: failing },
    );
    const text = new TextDecoder().decode(await response.arrayBuffer());
    const types = text.trim().split('\n').map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types[0]).toBe('validation');
    expect(types.slice(-2)).toEqual(['error', 'done']);
    expect(types).not.toContain('check');
    expect(text).toContain('"message":"Something went wrong inside Keyprobe; the test stopped. Your key was not kept."');
    expect(text).not.toContain(key);
    expect(errors).not.toHaveBeenCalled();
  });

  it('a broken deployment setting gives a fixed 503 misconfigured, not a stack trace', async () => {
    const response = await handleTestRequest(
      new Request(`${SITE}/api/test`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: SITE, 'X-Api-Key': FAKE_KEYS.validPaid }, body: '{"provider":"mistral"}' }),
      { ...bindings, UPSTREAM_OVERRIDES: '{not json' },
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: 'misconfigured', message: 'Keyprobe is misconfigured; the test was not run.' } });
  });
});
