import { createEffect, createMemo, createSignal, getOwner, on, onCleanup, onMount, runWithOwner, Show } from 'solid-js';
import { createStore, unwrap } from 'solid-js/store';
import KeyField from './KeyField';
import { defaultOptions } from './logic/options';
import { DEPLOYMENT_PATTERN } from './logic/request';
import ResourceField from './ResourceField';
import type { EndpointOption } from './logic/verdict';
import type { Session } from './Session';
import type { TesterProps } from './types';
import './key-tester.css';

type Lazy = typeof import('./lazy');

/**
 * The key tester: paste a key, see at once what its shape says, run the test, watch each result
 * arrive. The key lives in memory only, goes out in one header of one request, and is dropped on
 * Clear and when the page is left.
 *
 * The page's first script is this shell and the key field. The rest (./lazy) loads on the first
 * sign of intent: focus or pointer in the tester, typing, opening the options.
 */
function Tester(props: TesterProps) {
  const [ready, setReady] = createSignal(false);
  const [key, setKey] = createSignal('');
  const [options, setOptions] = createStore(defaultOptions(props.endpoints[0]?.id ?? '', props.benchmarkModels));
  const [lazy, setLazy] = createSignal<{ m: Lazy; session: Session }>();
  const [loadFailed, setLoadFailed] = createSignal(false);
  /** The human check's token, when the site has one; single-use, so it is dropped after each run. */
  const [humanToken, setHumanToken] = createSignal<string | null>(null);
  const [humanFailed, setHumanFailed] = createSignal(false);
  let human: import('./HumanCheck').HumanCheckHandle | undefined;
  const [demo, setDemo] = createSignal<typeof import('./DemoKeys')>();
  const owner = getOwner();
  let loading: Promise<{ m: Lazy; session: Session }> | undefined;
  let testButton: HTMLButtonElement | undefined;
  let cancelButton: HTMLButtonElement | undefined;
  let confirmBox: HTMLInputElement | undefined;
  /**
   * The endpoint whose paid key check the user agreed to pay for. A key check that is not free runs
   * only after the user has seen its cost and ticked the box.
   */
  const [costAgreedFor, setCostAgreedFor] = createSignal<string | null>(null);
  // Any change of endpoint asks again, also on coming back to one agreed to before.
  createEffect(on(() => options.endpoint, () => setCostAgreedFor(null), { defer: true }));

  const load = () =>
    (loading ??= import('./lazy').then(
      (m) => {
        const session = runWithOwner(owner, () =>
          m.createSession({
            providerName: props.providerName,
            catalogue: props.catalogue,
            endpoints: props.endpoints,
            retryOn: (e: EndpointOption) => {
              setOptions('endpoint', e.id);
              // A paid key check there waits for the user to see its cost and agree.
              if (e.paidValidation && costAgreedFor() !== e.id) {
                requestAnimationFrame(() => confirmBox?.focus());
                return;
              }
              void start();
            },
          }),
        ) as Session;
        const loaded = { m, session };
        setLazy(loaded);
        setLoadFailed(false);
        return loaded;
      },
      (error: unknown) => {
        loading = undefined;
        setLoadFailed(true);
        throw error;
      },
    ));
  const preload = () => void load().catch(() => undefined);

  const session = () => lazy()?.session;
  const assessment = createMemo(() => lazy()?.m.assessKey(key(), props.shapes, props.provider) ?? null);
  const running = () => session()?.state().phase === 'running';
  const endpoint = () => props.endpoints.find((e) => e.id === options.endpoint);
  /** The provider's host is the user's own resource: the tester asks for it, and models are deployments. */
  const needsResource = props.endpoints.some((e) => e.template !== null);
  const problem = () => lazy()?.m.optionsProblem(options, needsResource) ?? null;
  const deploymentProblem = () =>
    options.deployment.trim() && !DEPLOYMENT_PATTERN.test(options.deployment.trim()) ? 'A deployment name uses only letters, digits and . _ - (at most 64).' : null;
  const paidCheck = () => !!endpoint()?.paidValidation;
  const costAgreed = () => !paidCheck() || costAgreedFor() === options.endpoint;
  const canStart = () =>
    ready() &&
    !running() &&
    !!assessment()?.canTest &&
    !problem() &&
    costAgreed() &&
    (!needsResource || (!!options.resource && !deploymentProblem())) &&
    (!props.turnstileSiteKey || !!humanToken());
  const summary = () =>
    [
      endpoint()?.label.replace(/\s*\(.*\)$/, '') ?? options.endpoint,
      options.checks.length ? `checks: ${options.checks.join(', ')}` : 'no extra checks',
      options.benchmark ? `benchmark: ${options.target}` : 'no benchmark',
    ].join(' · ');

  const start = async () => {
    // Enter pressed before the rest has loaded (a paste and an instant Enter): wait for it.
    if (!lazy()) await load().catch(() => undefined);
    if (!canStart()) return;
    const hadFocus = document.activeElement === testButton;
    const s = session() as Session;
    const done = s.start(key(), props.provider, unwrap(options), endpoint(), humanToken(), paidCheck() && costAgreed());
    if (hadFocus) queueMicrotask(() => cancelButton?.focus());
    await done;
    human?.reset();
    // Move to the result, unless the user has gone on to something else meanwhile.
    const active = document.activeElement;
    if (active && active !== document.body && active !== cancelButton && active !== testButton) return;
    requestAnimationFrame(() => (s.state().phase === 'cancelled' || !s.focusResult()) && testButton?.focus());
  };

  const forget = () => {
    setKey('');
    session()?.forget();
  };

  onMount(() => {
    setReady(true);
    if (props.demoKeys?.length) void import('./DemoKeys').then((m) => setDemo(() => m));
    // Leaving the page (or entering the back/forward cache) drops the key and the results.
    window.addEventListener('pagehide', forget);
    onCleanup(() => window.removeEventListener('pagehide', forget));
  });

  return (
    <div class="kt" onFocusIn={preload} onPointerEnter={preload}>
      <Show when={demo()}>
        {(m) => {
          const Demo = m().default;
          return (
            <Demo
              providerName={props.providerName}
              keys={props.demoKeys ?? []}
              enabled={!running()}
              use={(value: string) => {
                setKey(value);
                testButton?.focus();
              }}
            />
          );
        }}
      </Show>
      <KeyField
        providerName={props.providerName}
        value={key()}
        assessment={assessment()}
        enabled={ready() && !running()}
        onChange={(value) => {
          setKey(value);
          preload();
        }}
        onSubmit={() => void start()}
        onClear={forget}
      />
      <Show when={needsResource}>
        <ResourceField
          providerName={props.providerName}
          endpoints={props.endpoints}
          endpoint={endpoint()}
          resource={options.resource}
          deployment={options.deployment}
          deploymentProblem={deploymentProblem()}
          enabled={ready() && !running()}
          onResource={(resource, id) => {
            setOptions('resource', resource);
            if (id) setOptions('endpoint', id);
            preload();
          }}
          onDeployment={(value) => setOptions('deployment', value)}
          onSubmit={() => void start()}
        />
      </Show>
      <details class="kt-options" onToggle={preload}>
        <summary>
          <span class="kt-options-title">Options</span> <span class="kt-options-sum">{summary()}</span>
        </summary>
        <Show when={lazy()} fallback={<p class="kt-hint kt-loading">Loading the options…</p>}>
          {(l) => {
            const View = l().m.Options;
            return (
              <View
                options={options}
                set={setOptions}
                endpoints={props.endpoints}
                checks={props.checks}
                benchmarkModels={props.benchmarkModels}
                catalogue={props.catalogue}
                prices={props.prices}
                keyModels={session()?.state().models ?? null}
                deployments={needsResource}
              />
            );
          }}
        </Show>
      </details>

      <Show when={props.turnstileSiteKey ? lazy() : undefined}>
        {(l) => {
          const Check = l().m.HumanCheck;
          return (
            <Check
              siteKey={props.turnstileSiteKey as string}
              onToken={(t: string | null) => {
                setHumanToken(t);
                setHumanFailed(false);
              }}
              onFailure={() => setHumanFailed(true)}
              handle={(h: import('./HumanCheck').HumanCheckHandle) => (human = h)}
            />
          );
        }}
      </Show>
      <Show when={humanFailed()}>
        <p class="kt-note kt-err" role="alert">
          The human check could not load or failed. Check your connection or browser extensions, then reload the page.
        </p>
      </Show>
      <div class="kt-go">
        <div class="kt-buttons">
          <button ref={testButton} type="button" class="primary kt-test" disabled={!canStart()} onClick={() => void start()}>
            Test key
          </button>
          <Show when={running()}>
            <button ref={cancelButton} type="button" onClick={() => session()?.cancel()}>
              Cancel
            </button>
          </Show>
        </div>
        <div class="kt-cost">
          <Show
            when={lazy() && endpoint()}
            fallback={<p>{endpoint()?.paidValidation ? 'This test spends a few tokens; open the options to see the estimate.' : 'The key check is free.'}</p>}
          >
            {(e) => {
              const Cost = (lazy() as { m: Lazy }).m.Cost;
              return <Cost options={options} endpoint={e()} endpoints={props.endpoints} checks={props.checks} prices={props.prices} />;
            }}
          </Show>
          <Show when={lazy() && paidCheck()}>
            <label class="kt-confirm">
              <input
                ref={confirmBox}
                id="kt-confirm-cost"
                type="checkbox"
                checked={costAgreed()}
                disabled={running()}
                onChange={(e) => setCostAgreedFor(e.currentTarget.checked ? options.endpoint : null)}
              />
              <span>
                I agree to this cost. {props.providerName} has no free call{props.endpoints.length > 1 ? ' on this endpoint' : ''}, so even the key check is a
                paid call, billed to my key.
              </span>
            </label>
          </Show>
        </div>
      </div>
      <Show when={loadFailed()}>
        <p class="kt-note kt-err" role="alert">
          Part of the tester could not be loaded. Check your connection, then click into the key field to try again.
        </p>
      </Show>
      <Show when={session()}>{(s) => s().View()}</Show>
    </div>
  );
}

/**
 * The island's entry. Provider pages pass everything as props (see ../KeyTester.astro); used bare,
 * as `<KeyTester provider="…" client:visible />` in MDX, it reads the provider's data itself.
 */
export default function KeyTester(props: Partial<TesterProps> & { provider: string }) {
  const given = props.providerName && props.endpoints && props.checks && props.catalogue && props.shapes && props.prices ? (props as TesterProps) : null;
  if (given) return <Tester {...given} />;
  const [data, setData] = createSignal<TesterProps>();
  onMount(() => void import('./lazy').then((m) => m.testerData(props.provider)).then((d) => setData({ ...d, demoKeys: props.demoKeys })));
  return (
    <Show when={data()} fallback={<p class="kt-hint">Loading the tester…</p>}>
      {(ready) => <Tester {...ready()} />}
    </Show>
  );
}
