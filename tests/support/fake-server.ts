/**
 * What the official-SDK contract tests (tests/fake/*-sdk.test.ts) share: a fake started before the
 * file's tests and closed after them (reset before each test unless told not to), and the error an
 * SDK call is expected to throw.
 */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';

interface Startable {
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts a fake for the file. What it returns stands for the running fake (read it inside the
 * tests and hooks, where it is up): its origin, its recorded requests, and the rest.
 */
export function useFake<F extends Startable>(start: () => Promise<F>, options: { resetEachTest?: boolean } = {}): F {
  let server: F | undefined;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server?.close();
  });
  if (options.resetEachTest ?? true) beforeEach(() => server?.reset());
  return new Proxy({} as F, {
    get(_target, property) {
      if (!server) throw new Error('the fake is not up yet: use it inside a test');
      const value: unknown = Reflect.get(server, property, server);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(server) : value;
    },
  });
}

/** What the call threw; fails when it did not throw. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the SDK call to throw');
}

/** What the call threw, which must be a `type`; fails when it did not throw. */
export async function rejectionOf<E extends Error>(p: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const err = await rejection(p);
  expect(err).toBeInstanceOf(type);
  return err as E;
}
