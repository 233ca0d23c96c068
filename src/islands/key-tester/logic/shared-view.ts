/**
 * A shared result, validated (./shared-schema.ts), turned back into the state the result view
 * shows, with every message rebuilt here from the verdicts and the provider's data: nothing a link
 * carries is shown as text, so no link can make this site say what it did not write. Ids the
 * provider's data does not know (endpoints) refuse the link; details it does not know (a model,
 * a rate limit, an error page) are left out and counted. Pure.
 */
import type { BackoffEvent, CheckEvent, Distribution, SampleEvent, SummaryEvent, TestRequest, ValidationEvent, Verdict } from '../../../lib/api-contract';
import { errorPageUrl } from '../../../lib/routes';
import type { ProviderFacts } from '../types';
import { knownLimit, knownModels, type SharedDistribution, type SharedLane, type SharedResult } from './share';
import { MEASURED_IN_BROWSER } from '../../../lib/api-contract';
import { SHARED_FROM_BROWSER } from './format';
import { initialState, messages, type Lane, type RunState } from './state';
import { verdictInfo, type EndpointOption } from './verdict';

export type SharedProblem = 'empty' | 'version' | 'broken' | 'invalid' | 'provider' | 'endpoint';


const UNKNOWN_CLOCK = { resolutionMs: null, advancesOnIoOnly: false };
/** Where the sharer's test ran, for the banner's sentence ("…, from Cloudflare CDG, and the result shared"). */
export function sharedFromText(from: string | null, provider: string): string {
  if (from === null) return '';
  if (from === 'local') return ', on a local copy of Keyprobe';
  if (from === MEASURED_IN_BROWSER) return `, from the sharer's own browser (the key went straight to ${provider}, not through Keyprobe's server)`;
  return `, from Cloudflare ${from}`;
}

/** What the viewer says when a link cannot be shown (never what the link says). */
export const problemText: Record<SharedProblem, string> = {
  empty: 'This link holds no result. A shared result link ends with # and the result after it; the part after # may have been cut off when the link was copied.',
  version: 'This link was made by a version of Keyprobe this page cannot read.',
  broken: 'This link is damaged: the result after # cannot be read. It may have been cut off or changed when it was copied. Ask for the link again.',
  invalid: 'This link holds data that is not a result Keyprobe writes, so it is not shown. Shared results carry only verdicts, numbers and ids, never text.',
  provider: 'This link names a provider Keyprobe has no tester for, so it is not shown.',
  endpoint: "This link names an endpoint that is not in the provider's data, so it is not shown.",
};

export interface SharedView {
  state: RunState;
  endpoint: EndpointOption;
  at: Date;
  from: string | null;
  keyTail: string;
  modelCount: number | null;
  /** Details left out because the provider's data does not know them. */
  dropped: number;
}

const status = (s: number | null) => (s === null ? '' : ` (HTTP ${s})`);

/** The verdict's message and fix, in Keyprobe's words, from the verdict and the provider's data. */
export function verdictText(verdict: Verdict, p: string, httpStatus: number | null, endpoint: EndpointOption, suggested: EndpointOption | null): { message: string; fix: string } {
  const host = /\(([^)]+)\)\s*$/.exec(endpoint.label)?.[1] ?? endpoint.label;
  const s = status(httpStatus);
  switch (verdict) {
    case 'valid':
      return { message: `${p} accepted the key on ${host}.`, fix: '' };
    case 'invalid':
      return { message: `${p} rejected the key on ${host}${s}.`, fix: `Check that the whole key was copied, or create a new key in ${p}'s console.` };
    case 'forbidden':
      return { message: `${p} accepted the key but refused access${s}.`, fix: `Check what the key (or its project) may use in ${p}'s console.` };
    case 'rate_limited':
      return { message: `${p} answered that the key is rate-limited right now${s}.`, fix: 'Wait a minute and test again, or check the limits of its plan.' };
    case 'quota_exhausted':
      return { message: `${p} answered that the key has no allowance or credit left${s}.`, fix: `Add credit or raise the limit in ${p}'s console, or wait until the allowance resets.` };
    case 'wrong_endpoint':
      return {
        message: `The key is refused on ${host}${s} but belongs to another ${p} endpoint${suggested ? `: ${suggested.label}` : ''}.`,
        fix: "Use the endpoint the key belongs to in your tool's base URL.",
      };
    case 'unsupported_region':
      return { message: `${p} refused the place the test ran from${s}, not the key.`, fix: 'Test from another place, or use an endpoint that serves it.' };
    case 'not_found':
      return { message: `${host} does not serve the call the test made${s}.`, fix: 'Pick another endpoint or model.' };
    case 'provider_error':
      return { message: `${p} had a problem answering${s}.`, fix: `Try again in a few minutes, and check ${p}'s status page.` };
    case 'unreachable':
      return { message: `Keyprobe could not reach ${host}.`, fix: 'Try again in a few minutes.' };
    case 'timeout':
      return { message: `${host} did not answer in time.`, fix: `Try again; ${p} may be slow right now.` };
  }
}

const distribution = (d: SharedDistribution | null): Distribution | null => (d ? { p50: d[0], p90: d[1], min: d[2], max: d[3], mean: d[4] } : null);

/** The view of a shared result for the provider whose facts these are; a problem when the link does not fit them. */
export function sharedView(r: SharedResult, facts: ProviderFacts): SharedView | { problem: SharedProblem } {
  const p = facts.providerName;
  const endpointOf = (id: string) => facts.endpoints.find((e) => e.id === id);
  const main = endpointOf(r.endpoint);
  const laneIds = r.benchmark?.lanes.map((l) => l.endpoint) ?? [];
  if (!main || laneIds.some((id) => !endpointOf(id)) || new Set(laneIds).size !== laneIds.length) return { problem: 'endpoint' };
  let dropped = 0;
  const page = (code: string | null) => {
    if (code === null) return null;
    if (facts.errorCodes.includes(code)) return errorPageUrl(facts.provider, code);
    dropped++;
    return null;
  };
  const models = knownModels(facts);
  const model = (m: string | null) => {
    if (m !== null && !models.includes(m)) dropped++;
    return m !== null && models.includes(m) ? m : null;
  };
  const compared = (r.benchmark?.lanes.length ?? 0) > 1;
  const tag = (endpoint: string) => (compared ? { endpoint } : {});

  const validationOf = (v: { verdict: Verdict; status: number | null; ms: number | null; requestId: string | null; page: string | null }, endpoint: EndpointOption, extra: Partial<ValidationEvent> = {}): ValidationEvent => {
    const suggested = extra.suggestedEndpoint ? (endpointOf(extra.suggestedEndpoint) ?? null) : null;
    return {
      type: 'validation',
      ...tag(endpoint.id),
      verdict: v.verdict,
      httpStatus: v.status,
      requestId: v.requestId,
      ms: v.ms ?? 0,
      ...verdictText(v.verdict, p, v.status, endpoint, suggested),
      errorPage: page(v.page),
      suggestedEndpoint: suggested?.id ?? null,
      billing: extra.billing ?? null,
    };
  };

  const validation = r.validation ? validationOf(r.validation, main, { suggestedEndpoint: r.validation.suggested, billing: r.validation.billing }) : null;
  const benchmark = r.benchmark;
  const laneOf = (l: SharedLane, i: number): Lane => {
    const endpoint = endpointOf(l.endpoint) as EndpointOption;
    const samples: SampleEvent[] = l.samples.map(([run, warmup, ttfbMs, ttftMs, e2eMs, outputTokens, tokensPerSecond]) => ({
      type: 'sample',
      ...tag(l.endpoint),
      run,
      warmup: warmup === 1,
      ttfbMs,
      ttftMs,
      e2eMs,
      outputTokens,
      tokensPerSecond,
      serverMs: null,
      ...(benchmark?.tokenSource ? { tokenSource: benchmark.tokenSource } : {}),
    }));
    // A link carries no clock facts: the view makes no claim about the clock's step.
    const summary: SummaryEvent | null = l.summary
      ? { type: 'summary', ...tag(l.endpoint), runs: l.summary.runs, metrics: { ttfbMs: distribution(l.summary.ttfb), ttftMs: distribution(l.summary.ttft), e2eMs: distribution(l.summary.e2e), tokensPerSecond: distribution(l.summary.tps) }, measuredFrom: r.from === MEASURED_IN_BROWSER ? SHARED_FROM_BROWSER : (r.from ?? 'unknown'), clock: UNKNOWN_CLOCK, note: null }
      : null;
    const backoffs: BackoffEvent[] = l.backoffs ? [{ type: 'backoff', ...tag(l.endpoint), run: 0, waitMs: 0, message: `Rate-limited ${l.backoffs} time${l.backoffs === 1 ? '' : 's'} during the runs; Keyprobe waited and retried.` }] : [];
    // The main endpoint's validation is the run's own; a compared one's comes from its lane.
    const own = i === 0 && validation ? validation : l.verdict ? validationOf({ verdict: l.verdict, status: l.status, ms: l.ms, requestId: l.requestId, page: l.page }, endpoint) : null;
    return { endpoint: l.endpoint, validation: own, samples, backoffs, summary };
  };
  const lanes = benchmark?.lanes.map(laneOf) ?? [];
  const single = !compared ? lanes[0] : undefined;

  const request: TestRequest = {
    provider: facts.provider,
    endpoint: main.id,
    checks: r.checks.map((c) => c.name),
    ...(benchmark
      ? {
          benchmark: {
            target: benchmark.target,
            ...(model(benchmark.model) ? { model: benchmark.model as string } : {}),
            runs: benchmark.runs,
            ...(benchmark.maxTokens ? { maxTokens: benchmark.maxTokens } : {}),
            ...(compared ? { endpoints: benchmark.lanes.map((l) => l.endpoint) } : {}),
          },
        }
      : {}),
  };

  const checks: CheckEvent[] = r.checks.map((c) => {
    const event: CheckEvent = {
      type: 'check',
      name: c.name,
      ok: c.ok,
      model: model(c.model) ?? '',
      ms: c.ms,
      httpStatus: c.status,
      message: c.ok ? 'Passed.' : c.verdict ? `${verdictInfo[c.verdict].title(p)}${status(c.status)}.` : `Failed${status(c.status)}.`,
      requestId: c.requestId,
    };
    if (!c.ok && c.verdict) Object.assign(event, { verdict: c.verdict, errorPage: page(c.page) });
    return event;
  });

  const limits = (r.limits ?? []).filter((l) => knownLimit(facts, l) || (dropped++, false));
  const failure = r.failure ? { kind: r.failure, message: r.failure === 'http' ? messages.http(r.failureStatus ?? 500) : r.failure === 'internal' ? 'Something went wrong inside Keyprobe; the test stopped.' : messages[r.failure] } : null;

  const state: RunState = {
    ...initialState,
    phase: r.phase,
    request,
    validation,
    models: null,
    rateLimits: r.limits ? { type: 'rate_limits', limits: limits.map((l) => ({ name: l.name, window: l.window, limit: l.limit, remaining: l.remaining })), notes: [] } : null,
    checks,
    samples: compared ? lanes.flatMap((l) => l.samples) : (single?.samples ?? []),
    backoffs: compared ? lanes.flatMap((l) => l.backoffs) : (single?.backoffs ?? []),
    summary: (compared ? lanes[0]?.summary : single?.summary) ?? null,
    outcome: r.outcome ? { type: 'outcome', verdict: r.outcome.verdict, basis: r.outcome.basis, message: r.outcome.basis === 'validation' ? '' : `The ${r.outcome.basis} check decided it.` } : null,
    failure,
    totalMs: r.totalMs,
    lanes: compared ? lanes : [],
  };
  return { state, endpoint: main, at: new Date(r.at * 1000), from: r.from, keyTail: r.key ? `…${r.key}` : '…', modelCount: r.models, dropped };
}
