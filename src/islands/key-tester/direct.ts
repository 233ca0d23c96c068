/**
 * "Test from this browser": the endpoint's own runner (src/server/run-test.ts) and the provider's
 * adapter, run in the page with fetch going straight to the provider. Loaded only when the user
 * turns the mode on, with the one adapter it needs (each adapter is a chunk of its own), so the
 * page's first script does not grow.
 *
 * What the endpoint's gate and writer guarantee holds here too: the request body passes the same
 * check, calls go only to the allow-listed origins of providers whose API allows pages to call it
 * (the same list the CSP's connect-src is built from, so the browser enforces it a second time),
 * and every event passes the key scrubber before the page sees it.
 */
import { LIMITS, MEASURED_IN_BROWSER, type TestRequest } from '../../lib/api-contract';
import { createKeyScrubber } from '../../lib/key-fragments';
import type { ProviderData } from '../../lib/provider-registry';
import providerLoaders from 'virtual:keyprobe/provider-loaders';
import type { ProviderAdapter } from '../../server/adapter';
import { browserOrigins, createAllowList } from '../../server/allow-list';
import { createEventWriter, publicLiterals } from '../../server/events';
import { createTransport } from '../../server/outbound';
import { checkTestRequest } from '../../server/request-body';
import { BENCHMARK_DEADLINE_MS, runTest } from '../../server/run-test';
import type { Action } from './logic/state';

const adapterModules = import.meta.glob<Record<string, unknown>>('../../server/providers/*.ts');

/** The export an adapter file names after its provider: `azure-openai` → `azureOpenai`. */
export const adapterExportName = (id: string) => id.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The provider's adapter, from its own module; undefined when there is none. */
export async function loadAdapter(id: string): Promise<ProviderAdapter | undefined> {
  const load = adapterModules[`../../server/providers/${id}.ts`];
  if (!load) return undefined;
  const adapter = (await load())[adapterExportName(id)];
  return typeof adapter === 'object' && adapter !== null && 'verdicts' in adapter ? (adapter as ProviderAdapter) : undefined;
}

/**
 * The fetch of a page's own run: no cookies or other credentials, no Referer, nothing cached. CORS
 * is the browser's default mode for a cross-origin fetch and stays on.
 */
export const pageFetch: typeof fetch = (input, init) => fetch(input, { ...init, mode: 'cors', credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store' });

export interface DirectRunOptions {
  key: string;
  request: TestRequest;
  signal: AbortSignal;
  dispatch(action: Action): void;
  /** Tests in Node pass their own; the page uses pageFetch. */
  fetch?: typeof fetch;
  /** The provider data; by default the built one. */
  data?: ProviderData;
}

/** Runs one test from the page; dispatches the same actions as a run through the endpoint (logic/run.ts). */
export async function runDirect(o: DirectRunOptions): Promise<void> {
  const { dispatch, request } = o;
  dispatch({ type: 'start', request });
  const started = performance.now();
  const provider = request.provider;
  // Only the tested provider's data is loaded (a chunk each), not every provider's.
  const load = providerLoaders[provider];
  const data = o.data ?? (load ? (await load()).default : undefined);
  const origins = data ? browserOrigins(data) : [];
  const adapter = data && origins.length > 0 ? await loadAdapter(provider) : undefined;
  const body = checkTestRequest(JSON.parse(JSON.stringify(request)), [provider]);
  const endpoint = data?.endpoints.find((e) => e.id === (request.endpoint ?? data.endpoints[0]?.id));
  if (!data || !adapter || !endpoint || !body.ok) {
    // The island offers the mode only where all of these exist: this is a bug, said as one.
    dispatch({ type: 'event', event: { type: 'error', code: 'internal_error', message: body.ok ? 'This provider cannot be tested from the browser.' : body.message } });
    dispatch({ type: 'event', event: { type: 'done', ms: 0 } });
    return dispatch({ type: 'end' });
  }
  const stop = new AbortController();
  const onCancel = () => stop.abort();
  o.signal.addEventListener('abort', onCancel);
  const deadline = setTimeout(() => stop.abort(), body.value.benchmark ? BENCHMARK_DEADLINE_MS : LIMITS.runDeadlineMs);
  const emit = createEventWriter(createKeyScrubber(o.key, publicLiterals(data)), async (event) => dispatch({ type: 'event', event }));
  const transport = createTransport({
    key: o.key,
    auth: data.auth,
    // Headers the provider asks of browser calls (Anthropic's opt-in) come with every call.
    fixedHeaders: { ...data.fixedHeaders, ...data.browser?.headers },
    allowList: createAllowList(origins),
    fetch: o.fetch ?? pageFetch,
  });
  try {
    await runTest({
      key: o.key,
      tester: { id: provider, data, adapter },
      endpoint,
      request: { ...body.value, endpoint: endpoint.id },
      transport,
      signal: stop.signal,
      emit,
      measuredFrom: MEASURED_IN_BROWSER,
      exposedHeaders: data.browser?.exposedHeaders ?? [],
    });
  } catch {
    await emit({ type: 'error', code: 'internal_error', message: 'Something went wrong inside Keyprobe; the test stopped. Your key was not kept.' });
  } finally {
    clearTimeout(deadline);
    o.signal.removeEventListener('abort', onCancel);
  }
  if (o.signal.aborted) return dispatch({ type: 'cancel' });
  await emit({ type: 'done', ms: Math.round(performance.now() - started) });
  dispatch({ type: 'end' });
}
