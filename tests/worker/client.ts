/** Calls the endpoint's handler inside workerd, as the Astro route does, and reads its NDJSON. */
import { env } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import type { TestEvent, TestRequest } from '../../src/lib/api-contract';
import type { DailyCapNamespace, RateLimiter } from '../../src/server/abuse';
import type { RecordedRequest } from '../fakes/framework.ts';
import { handleTestRequest, type EndpointEnv, type RequestMeta } from '../../src/server/test-endpoint';

export const SITE = 'https://keyprobe.test';

interface Bindings extends EndpointEnv {
  UPSTREAM_OVERRIDES: string;
  FAKE_PLATFORM: string;
  FAKE_CODESTRAL: string;
  FAKE_ACME: string;
  /** Every provider fake's origin, by provider and role, as JSON. */
  FAKE_ORIGINS: string;
  DAILY_CAP: DailyCapNamespace;
  DAILY_SALT: string;
  FAKE_TURNSTILE: string;
  TIGHT_LIMIT_BY_IP: RateLimiter;
  TIGHT_LIMIT_BY_KEY: RateLimiter;
}
export const bindings = env as unknown as Bindings;

/** The origin of a provider's fake (its only role, or the one named). */
export function fakeOrigin(provider: string, role?: string): string {
  const roles = (JSON.parse(bindings.FAKE_ORIGINS) as Record<string, Record<string, string>>)[provider] ?? {};
  const origin = role ? roles[role] : Object.values(roles)[0];
  if (!origin) throw new Error(`no fake for ${provider}${role ? ` (${role})` : ''}`);
  return origin;
}

export interface TestAnswer {
  status: number;
  headers: Headers;
  text: string;
  events: TestEvent[];
}

export async function postTest(
  body: TestRequest | Record<string, unknown>,
  key: string | null,
  init: { headers?: Record<string, string>; colo?: string; env?: EndpointEnv; meta?: RequestMeta; site?: string; dropIp?: boolean } = {},
): Promise<TestAnswer> {
  // Cloudflare sets CF-Connecting-IP on every request in production; tests pass their own to vary it.
  const site = init.site ?? SITE;
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Origin: site, ...(init.dropIp ? {} : { 'CF-Connecting-IP': '198.51.100.200' }), ...init.headers };
  if (key !== null) headers['X-Api-Key'] = key;
  const request = new Request(`${site}/api/test`, { method: 'POST', headers, body: JSON.stringify(body) });
  const response = await handleTestRequest(request, init.env ?? bindings, { colo: init.colo, ...init.meta });
  // NDJSON is UTF-8 text; decoding it ourselves avoids workerd's warning about .text() on a non-text type.
  const text = new TextDecoder().decode(await response.arrayBuffer());
  const events = response.headers.get('content-type')?.startsWith('application/x-ndjson')
    ? text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as TestEvent)
    : [];
  return { status: response.status, headers: response.headers, text, events };
}

export function eventsOf<T extends TestEvent['type']>(answer: TestAnswer, type: T): Extract<TestEvent, { type: T }>[] {
  return answer.events.filter((e): e is Extract<TestEvent, { type: T }> => e.type === type);
}

export function only<T extends TestEvent['type']>(answer: TestAnswer, type: T): Extract<TestEvent, { type: T }> {
  const found = eventsOf(answer, type);
  if (found.length !== 1) throw new Error(`expected one ${type} event, got ${found.length}: ${answer.text}`);
  return found[0] as Extract<TestEvent, { type: T }>;
}

/** Sets the fake's injected delays for a key (see tests/fakes/mistral/README.md). */
export async function setFakeTiming(origin: string, key: string, timing: Record<string, number>): Promise<void> {
  const response = await fetch(`${origin}/__fake/timing`, { method: 'POST', body: JSON.stringify({ key, timing }) });
  if (!response.ok) throw new Error(`fake timing: ${response.status}`);
}

export async function resetFake(origin: string): Promise<void> {
  await fetch(`${origin}/__fake/reset`, { method: 'POST' });
}

export async function fakeRequests(origin: string): Promise<RecordedRequest[]> {
  const response = await fetch(`${origin}/__fake/requests`);
  return (await response.json()) as RecordedRequest[];
}

/** A key check that must end in a verdict: the scenario the fake plays, the verdict, the upstream's HTTP status, the error page. */
export interface VerdictCase {
  scenario: string;
  verdict: string;
  status: number | null;
  page: string | null;
}

/** What else every case of a provider must show. */
export interface VerdictChecks {
  /** The fix has more than this many characters. */
  fixLongerThan?: number;
  /** The overall outcome has the same verdict. */
  sameOutcome?: boolean;
  /** The answer ends with its `done` event. */
  endsWithDone?: boolean;
}

/**
 * One test a case: the answer `run` gets has one validation event with the case's verdict, HTTP
 * status and error page, plus what `checks` names; `also` adds the provider's own assertions.
 */
export function itReadsVerdicts<C extends VerdictCase>(cases: readonly C[], run: (c: C) => Promise<TestAnswer>, checks: VerdictChecks = {}, also?: (answer: TestAnswer, c: C) => void): void {
  for (const c of cases) {
    it(`${c.scenario} → ${c.verdict}`, async () => {
      const answer = await run(c);
      const validation = only(answer, 'validation');
      expect(validation).toMatchObject({ verdict: c.verdict, httpStatus: c.status, errorPage: c.page });
      if (checks.fixLongerThan !== undefined) expect(validation.fix.length).toBeGreaterThan(checks.fixLongerThan);
      if (checks.sameOutcome) expect(only(answer, 'outcome').verdict).toBe(c.verdict);
      if (checks.endsWithDone) expect(answer.events.at(-1)?.type).toBe('done');
      also?.(answer, c);
    });
  }
}
