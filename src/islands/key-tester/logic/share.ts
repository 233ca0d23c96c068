/**
 * "Copy link": a result as versioned, structured data in a URL's fragment (after `#`, which
 * browsers never send to a server). Only what the result view needs to rebuild itself — provider,
 * endpoint, verdicts, HTTP statuses, request ids, the number of models, rate limits, check
 * outcomes, the benchmark's summaries and samples, when and from where — and never the key (at most
 * its last 4 characters), account facts, or any text: every message is rebuilt by the viewer from
 * the verdicts and the provider's data (./shared-view.ts), which validates the link first
 * (./shared-schema.ts). Pure, apart from the browser's (and Node's) CompressionStream.
 */
import type { BenchmarkTarget, Billing, CheckName, Distribution, SampleEvent, TokenSource, Verdict } from '../../../lib/api-contract';
import { createKeyScrubber } from '../../../lib/key-fragments';
import { readAtMost } from '../../../lib/read-at-most';
import type { ProviderFacts } from '../types';
import type { Lane, Phase, RunState } from './state';

export const SHARE_VERSION = 1;
/** The fragment starts with this: the format's version (deflate-raw, base64url, JSON). */
export const SHARE_PREFIX = 'v1.';
/** The page that shows a shared result. */
export const SHARE_PATH = '/shared/';

/** [p50, p90, min, max, mean] */
export type SharedDistribution = [number, number, number, number, number];
/** [run, warm-up (1) or not (0), TTFB, TTFT, E2E, output tokens, tokens/s] */
export type SharedSample = [number, 0 | 1, number, number | null, number, number | null, number | null];

export interface SharedCheck {
  name: CheckName;
  ok: boolean;
  /** A model id of the provider's data; null for another (ids outside the data are not carried). */
  model: string | null;
  status: number | null;
  ms: number;
  verdict: Verdict | null;
  /** An error page of the provider (its code). */
  page: string | null;
  requestId: string | null;
}

export interface SharedLane {
  endpoint: string;
  verdict: Verdict | null;
  status: number | null;
  ms: number | null;
  requestId: string | null;
  page: string | null;
  backoffs: number;
  summary: { runs: number; ttfb: SharedDistribution | null; ttft: SharedDistribution | null; e2e: SharedDistribution | null; tps: SharedDistribution | null } | null;
  samples: SharedSample[];
}

export interface SharedResult {
  v: typeof SHARE_VERSION;
  provider: string;
  /** The endpoint tested (the main one when endpoints were compared). */
  endpoint: string;
  /** When the test ran, seconds since 1970 (UTC). */
  at: number;
  /** Where it was measured from: a Cloudflare colo (IATA code), `local`, or `this browser` (the sharer's); null when unknown. */
  from: string | null;
  /** The key's last 4 characters, when the key was long enough to spare them. */
  key: string | null;
  phase: Exclude<Phase, 'idle' | 'running'>;
  failure: 'http' | 'network' | 'stream' | 'internal' | 'timeout' | null;
  failureStatus: number | null;
  totalMs: number | null;
  validation: { verdict: Verdict; status: number | null; ms: number; requestId: string | null; billing: Billing | null; page: string | null; suggested: string | null } | null;
  outcome: { verdict: Verdict; basis: 'validation' | CheckName } | null;
  /** How many models the key listed (not the list). */
  models: number | null;
  limits: { name: string; window: string; limit: number; remaining: number | null }[] | null;
  checks: SharedCheck[];
  benchmark: {
    target: BenchmarkTarget;
    model: string | null;
    runs: number;
    maxTokens: number | null;
    tokenSource: TokenSource | null;
    /** One per endpoint (several when endpoints were compared, the main one first). */
    lanes: SharedLane[];
  } | null;
}

// ---- what a link may carry: the same rules the viewer's schema enforces -------------------------

/** Request ids: letters, digits, `-` and `_`, with a digit (so no words, hosts or sentences). */
export const requestIdPattern = /^(?=.*\d)[A-Za-z0-9_-]{4,100}$/;
export const endpointIdPattern = /^[a-z][a-z0-9-]{0,39}$/;
export const errorCodePattern = /^[a-z0-9-]{1,40}$/;
export const modelIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/;
export const keyTailPattern = /^[A-Za-z0-9_-]{4}$/;
export const fromPattern = /^([A-Z]{3}|local|this browser)$/;
export const limitNamePattern = /^[A-Z][A-Za-z ]{0,39}$/;
export const limitWindowPattern = /^(\d{1,3} )?(second|minute|hour|day|week|month)s?$/;

const code = (page: string | null | undefined) => /^\/[a-z0-9-]+\/errors\/([a-z0-9-]{1,40})\/$/.exec(page ?? '')?.[1] ?? null;
const round = (n: number) => Math.round(n * 100) / 100;
const roundOrNull = (n: number | null | undefined) => (typeof n === 'number' && Number.isFinite(n) ? round(n) : null);
const dist = (d: Distribution | null | undefined): SharedDistribution | null => (d ? [round(d.p50), round(d.p90), round(d.min), round(d.max), round(d.mean)] : null);
const sample = (s: SampleEvent): SharedSample => [s.run, s.warmup ? 1 : 0, round(s.ttfbMs), roundOrNull(s.ttftMs), round(s.e2eMs), roundOrNull(s.outputTokens), roundOrNull(s.tokensPerSecond)];

/** Every model id the provider's data names: checks, benchmark defaults, prices, endpoints. */
export function knownModels(facts: Pick<ProviderFacts, 'checks' | 'benchmarkModels' | 'prices' | 'endpoints'>): string[] {
  return [
    ...new Set([
      ...facts.checks.flatMap((c) => c.models),
      ...Object.values(facts.benchmarkModels).filter((m): m is string => !!m),
      ...facts.prices.flatMap((p) => p.ids),
      ...facts.endpoints.flatMap((e) => [...e.models, ...(e.paidValidation ? [e.paidValidation.model] : [])]),
    ]),
  ];
}

export interface ShareInput {
  /** The provider's facts: its model ids and rate limits are all a link may name. */
  facts: Pick<ProviderFacts, 'provider' | 'checks' | 'benchmarkModels' | 'prices' | 'endpoints' | 'rateLimits'>;
  state: RunState;
  key: string;
  now: Date;
}

/** Whether the provider's data names this rate limit (name and window). */
export const knownLimit = (facts: Pick<ProviderFacts, 'rateLimits'>, l: { name: string; window: string }) => facts.rateLimits.some((k) => k.name === l.name && k.window === l.window);

/** The link's data for a finished (or cancelled, or failed) run; null while it runs or before. */
export function buildShared({ facts, state: s, key, now }: ShareInput): SharedResult | null {
  if (s.phase === 'idle' || s.phase === 'running' || !s.request) return null;
  const known = knownModels(facts);
  // An id that holds a fragment of the key (a provider echoing it) is left out, whatever else it is.
  const keyLeaks = key ? createKeyScrubber(key).leaks : () => false;
  // Nor one that names the user's resource (Azure OpenAI's host is theirs): a link never says where
  // someone's resource is, even when a provider puts its name in a request id.
  const resource = s.request.resource?.toLowerCase();
  const leaks = (v: string) => keyLeaks(v) || (!!resource && v.toLowerCase().includes(resource));
  const model = (m: string | null | undefined) => (m && modelIdPattern.test(m) && known.includes(m) && !leaks(m) ? m : null);
  const id = (v: string | null | undefined) => (v && requestIdPattern.test(v) && !leaks(v) ? v : null);
  const bench = s.request.benchmark;
  const lanes: Lane[] = s.lanes.length ? s.lanes : [{ endpoint: s.request.endpoint ?? '', validation: s.validation, samples: s.samples, backoffs: s.backoffs, summary: s.summary }];
  const v = s.validation;
  const tail = key.length >= 12 ? key.slice(-4) : '';
  const from = lanes.find((l) => l.summary)?.summary?.measuredFrom;
  return {
    v: SHARE_VERSION,
    provider: facts.provider,
    endpoint: s.request.endpoint ?? '',
    at: Math.floor(now.getTime() / 1000),
    from: from && fromPattern.test(from) && !leaks(from) ? from : null,
    key: keyTailPattern.test(tail) ? tail : null,
    phase: s.phase,
    failure: s.failure?.kind ?? null,
    failureStatus: s.failure?.status ?? null,
    totalMs: roundOrNull(s.totalMs),
    validation: v
      ? { verdict: v.verdict, status: v.httpStatus, ms: round(v.ms), requestId: id(v.requestId), billing: v.billing ?? null, page: code(v.errorPage), suggested: v.suggestedEndpoint && endpointIdPattern.test(v.suggestedEndpoint) ? v.suggestedEndpoint : null }
      : null,
    outcome: s.outcome ? { verdict: s.outcome.verdict, basis: s.outcome.basis } : null,
    models: s.models ? s.models.length : null,
    limits: s.rateLimits
      ? s.rateLimits.limits.filter((l) => limitNamePattern.test(l.name) && limitWindowPattern.test(l.window) && knownLimit(facts, l)).map((l) => ({ name: l.name, window: l.window, limit: l.limit, remaining: l.remaining }))
      : null,
    checks: s.checks.map((c) => ({ name: c.name, ok: c.ok, model: model(c.model), status: c.httpStatus, ms: round(c.ms), verdict: c.verdict ?? null, page: code(c.errorPage), requestId: id(c.requestId) })),
    benchmark: bench
      ? {
          target: bench.target,
          model: model(bench.model),
          runs: bench.runs ?? 5,
          maxTokens: bench.maxTokens ?? null,
          tokenSource: s.samples.find((x) => x.tokenSource)?.tokenSource ?? null,
          lanes: lanes.map((l) => ({
            endpoint: l.endpoint,
            verdict: l.validation?.verdict ?? null,
            status: l.validation?.httpStatus ?? null,
            ms: roundOrNull(l.validation?.ms),
            requestId: id(l.validation?.requestId),
            page: code(l.validation?.errorPage),
            backoffs: l.backoffs.length,
            summary: l.summary
              ? { runs: l.summary.runs, ttfb: dist(l.summary.metrics.ttfbMs), ttft: dist(l.summary.metrics.ttftMs), e2e: dist(l.summary.metrics.e2eMs), tps: dist(l.summary.metrics.tokensPerSecond) }
              : null,
            samples: l.samples.map(sample),
          })),
        }
      : null,
  };
}

// ---- the fragment: JSON, deflate-raw, base64url ------------------------------------------------

const toBase64Url = (bytes: Uint8Array) => {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array> {
  const out = await readAtMost(new Blob([bytes as BlobPart]).stream().pipeThrough(stream), limit);
  if (!out) throw new Error('too large');
  return out;
}

/** The fragment (without `#`) that carries `result`. */
export async function encodeShared(result: SharedResult): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(result));
  return SHARE_PREFIX + toBase64Url(await through(json, new CompressionStream('deflate-raw'), 1 << 20));
}

/** Longest fragment and largest inflated JSON a viewer reads. */
export const MAX_FRAGMENT = 32_768;
export const MAX_JSON = 262_144;

export type DecodeProblem = 'empty' | 'version' | 'broken';

/** The JSON a fragment carries, or why it cannot be read. Never throws. */
export async function decodeFragment(fragment: string): Promise<{ json: unknown } | { problem: DecodeProblem }> {
  const text = fragment.replace(/^#/, '');
  if (!text) return { problem: 'empty' };
  if (!text.startsWith(SHARE_PREFIX)) return { problem: /^v\d+\./.test(text) ? 'version' : 'broken' };
  const body = text.slice(SHARE_PREFIX.length);
  if (body.length > MAX_FRAGMENT || !/^[A-Za-z0-9_-]+$/.test(body)) return { problem: 'broken' };
  try {
    const binary = atob(body.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const json = new TextDecoder('utf-8', { fatal: true }).decode(await through(bytes, new DecompressionStream('deflate-raw'), MAX_JSON));
    return { json: JSON.parse(json) as unknown };
  } catch {
    return { problem: 'broken' };
  }
}

