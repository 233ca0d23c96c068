import { createEffect, createMemo, createSignal, createUniqueId, on, onCleanup, onMount, Show, type Accessor } from 'solid-js';
import { createStore, unwrap } from 'solid-js/store';
import KeyField from './KeyField';
import { later } from './later';
import type { EndpointOption } from './logic/verdict';
import type { Session } from './Session';
import type { Ids, ProviderFacts, ShapeEntry, TesterProps } from './types';
import './key-tester.css';

type Lazy = typeof import('./lazy');
/** Only providers whose host is the user's resource (Azure OpenAI) ask for it: a chunk of its own. */
const ResourceField = later(() => import('./ResourceField'));
interface Loaded {
  m: Lazy;
  shapes: ShapeEntry[];
}

/** A provider's facts, from its own chunk (src/integrations/tester-modules.ts). */
const loadFacts = (provider: string): Promise<ProviderFacts> =>
  import('virtual:keyprobe/testers').then(({ testers }) => {
    const load = testers[provider];
    if (!load) throw new Error(`no tester for "${provider}"`);
    return load().then((m) => m.default);
  });

export interface KeyTesterProps extends Partial<TesterProps> {
  /**
   * The provider this tester is for. Without it, the any-key field: the key's shape names the
   * provider, whose tester then appears below the field.
   */
  provider?: string;
  /**
   * Prefix of the element ids. A page's host passes `kt` (one host a page: ids such as `kt-key`);
   * a tester used bare in MDX, perhaps several on a page, makes its own.
   */
  ids?: string;
}

const complete = (p: KeyTesterProps): TesterProps | undefined =>
  p.provider && p.providerName && p.endpoints && p.checks && p.catalogue && p.prices && p.keysUrl && p.errorCodes && p.rateLimits && p.defaultOptions ? (p as TesterProps) : undefined;

/** What a provider's tester body exposes to the key field above it. */
interface BodyHandle {
  start(): void;
  running(): boolean;
  forget(): void;
}

/**
 * The key tester: paste a key, see at once what its shape says, run the test, watch each result
 * arrive. The key lives in memory only, goes out in one header of one request, and is dropped on
 * Clear and when the page is left; switching to another provider's tester keeps it in memory.
 *
 * The page's first script is this shell and the key field. The rest (./lazy) and every provider's
 * key shapes load on the first sign of intent: focus or pointer in the tester, typing, opening the
 * options. Another provider's facts load when its tester is needed (one chunk per provider).
 */
export default function KeyTester(props: KeyTesterProps) {
  const base = props.ids ?? `kt-${createUniqueId()}`;
  const id: Ids = Object.assign((name: string) => `${base}-${name}`, { region: (name: string) => (props.ids ? `${base}-${name}` : undefined) });
  const [ready, setReady] = createSignal(false);
  const [key, setKey] = createSignal('');
  /** The page's own provider's facts, once known (props on a provider page; loaded when used bare). */
  let initial = complete(props);
  const [facts, setFacts] = createSignal<TesterProps | undefined>(initial);
  const [lazy, setLazy] = createSignal<Loaded>();
  const [loadFailed, setLoadFailed] = createSignal(false);
  /** Any-key field: the candidate the user picked. */
  const [picked, setPicked] = createSignal<string | null>(null);
  const [body, setBody] = createSignal<BodyHandle>();
  const [demo, setDemo] = createSignal<typeof import('./DemoKeys')>();
  let loading: Promise<Loaded> | undefined;
  let wanted = '';

  const load = () =>
    (loading ??= Promise.all([import('./lazy'), import('virtual:keyprobe/testers').then((t) => t.keyShapes())]).then(
      ([m, shapes]) => {
        const loaded = { m, shapes: shapes.default };
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

  /** Shows the tester of `provider` (its facts from its chunk), keeping the key. */
  const show = (provider: string | null) => {
    wanted = provider ?? '';
    if (!provider) return setFacts(undefined);
    if (facts()?.provider === provider) return;
    if (initial?.provider === provider) return setFacts(initial);
    loadFacts(provider).then(
      (f) => {
        const full = { ...f, turnstileSiteKey: props.turnstileSiteKey };
        if (provider === props.provider) initial = full;
        if (wanted === provider) setFacts(full);
      },
      () => setLoadFailed(true),
    );
  };

  const anyKey = !props.provider;
  const assessment = createMemo(() => {
    const l = lazy();
    return l ? l.m.assessKey(key(), l.shapes, anyKey ? null : (facts()?.provider ?? props.provider ?? null)) : null;
  });
  /** Any-key field: the provider whose tester the key gets. */
  const tested = createMemo(() => (anyKey ? (lazy()?.m.testedProvider(assessment(), picked()) ?? null) : null));
  if (anyKey) createEffect(on(tested, show, { defer: true }));
  const running = () => body()?.running() ?? false;

  const forget = () => {
    setKey('');
    body()?.forget();
  };

  onMount(() => {
    setReady(true);
    if (props.provider && !facts()) show(props.provider);
    if (props.demoKeys?.length) void import('./DemoKeys').then((m) => setDemo(() => m));
    // Leaving the page (or entering the back/forward cache) drops the key and the results.
    window.addEventListener('pagehide', forget);
    onCleanup(() => window.removeEventListener('pagehide', forget));
  });

  const field = () => (
    <KeyField
      id={id('key')}
      label={anyKey ? 'Your API key, from any provider' : `Your ${facts()?.providerName ?? ''} API key`}
      value={key()}
      assessment={assessment()}
      enabled={ready() && !running()}
      onChange={(value) => {
        setKey(value);
        preload();
      }}
      onSubmit={() => body()?.start()}
      onClear={forget}
      notes={(clean) => (
        <Show when={lazy()}>
          {(l) => {
            const Notes = l().m.KeyNotes;
            return <Notes assessment={assessment()} clean={clean} />;
          }}
        </Show>
      )}
    />
  );

  return (
    <div class={props.ids ? 'kt' : 'kt kt-bare'} data-pagefind-ignore onFocusIn={preload} onPointerEnter={preload}>
      <Show when={demo()}>
        {(m) => {
          const Demo = m().default;
          return (
            <Demo
              providerName={facts()?.providerName ?? ''}
              keys={props.demoKeys ?? []}
              enabled={!running()}
              use={(value: string) => {
                setKey(value);
                preload();
              }}
            />
          );
        }}
      </Show>
      <Show when={anyKey || facts()} fallback={<p class="kt-hint">Loading the tester…</p>}>
        {field()}
      </Show>
      <Show when={lazy()}>
        {(l) => {
          const Candidates = l().m.Candidates;
          return (
          <Candidates
            ids={id}
            assessment={assessment()}
            anyKey={anyKey}
            tested={anyKey ? tested() : (facts()?.provider ?? null)}
            home={props.provider && initial && facts() && facts()?.provider !== props.provider ? { id: props.provider, name: initial.providerName } : null}
            enabled={!running()}
            onPick={(provider: string) => (anyKey ? setPicked(provider) : show(provider))}
          />
          );
        }}
      </Show>
      <Show when={facts()} keyed>
        {(f) => <Body facts={f} ids={id} keyValue={key} canTest={() => !!assessment()?.canTest} lazy={lazy} load={load} bind={(h) => setBody(() => h)} />}
      </Show>
      <Show when={loadFailed()}>
        <p class="kt-note kt-err" role="alert">
          Part of the tester could not be loaded. Check your connection, then click into the key field to try again.
        </p>
      </Show>
    </div>
  );
}

interface BodyProps {
  facts: TesterProps;
  ids: Ids;
  keyValue: Accessor<string>;
  canTest: Accessor<boolean>;
  lazy: Accessor<Loaded | undefined>;
  load(): Promise<Loaded>;
  bind(handle: BodyHandle | undefined): void;
}

/** One provider's tester below the key field: options, cost, the Test button, the run and its results. */
function Body(props: BodyProps) {
  const f = props.facts;
  // A copy of the plain object (page props arrive as a store): the store writes into what it is given.
  const [options, setOptions] = createStore(structuredClone(unwrap(f.defaultOptions)));
  /** The human check's token, when the site has one; single-use, so it is dropped after each run. */
  const [humanToken, setHumanToken] = createSignal<string | null>(null);
  const [humanFailed, setHumanFailed] = createSignal(false);
  let human: import('./HumanCheck').HumanCheckHandle | undefined;
  let testButton: HTMLButtonElement | undefined;
  let cancelButton: HTMLButtonElement | undefined;
  const [ready, setReady] = createSignal(false);
  onMount(() => setReady(true));
  const m = () => props.lazy()?.m;
  /**
   * The endpoints this run would check the key on whose key check is a paid call: the chosen one
   * and, when comparing, every compared one. Each needs the user to have seen its cost and agreed.
   */
  const paidEndpoints = createMemo(
    () => f.endpoints.filter((e) => e.paidValidation && (e.id === options.endpoint || (m()?.comparedList(options) ?? []).includes(e.id))),
    [],
    { equals: (a, b) => a.length === b.length && a.every((e, i) => e === b[i]) },
  );
  /** Which paid key checks the user agreed to pay for (their endpoint ids), or null. */
  const [costAgreedFor, setCostAgreedFor] = createSignal<string | null>(null);
  const paidKey = () => paidEndpoints().map((e) => e.id).join(' ');
  // Any change of the paid endpoints asks again, also on coming back to ones agreed to before.
  createEffect(on(paidKey, () => setCostAgreedFor(null), { defer: true }));
  const costAgreed = () => paidEndpoints().length === 0 || costAgreedFor() === paidKey();
  const session = createMemo(() => {
    const l = m();
    return l?.createSession({
      providerName: f.providerName,
      catalogue: f.catalogue,
      endpoints: f.endpoints,
      facts: f,
      ids: props.ids,
      retryOn: (e: EndpointOption) => {
        setOptions('endpoint', e.id);
        // A paid key check there waits for the user to see its cost and agree.
        if (!costAgreed()) {
          requestAnimationFrame(() => document.getElementById(props.ids('confirm-cost'))?.focus());
          return;
        }
        void start();
      },
    }) as Session | undefined;
  });
  const running = () => session()?.state().phase === 'running';
  const endpoint = () => f.endpoints.find((e) => e.id === options.endpoint);
  /** The provider's host is the user's own resource: the tester asks for it, and models are deployments. */
  const needsResource = f.endpoints.some((e) => e.template !== null);
  const problem = () => m()?.optionsProblem(options, needsResource) ?? null;
  const deploymentProblem = () => m()?.deploymentProblem(options) ?? null;
  const canStart = () =>
    !!m() &&
    !running() &&
    props.canTest() &&
    !problem() &&
    costAgreed() &&
    (!needsResource || (!!options.resource && !deploymentProblem())) &&
    (!f.turnstileSiteKey || !!humanToken());
  const summary = () =>
    [
      endpoint()?.label.replace(/\s*\(.*\)$/, '') ?? options.endpoint,
      options.checks.length ? `checks: ${options.checks.join(', ')}` : 'no extra checks',
      options.benchmark ? `benchmark: ${options.target}${options.compare ? ', endpoints compared' : ''}` : 'no benchmark',
    ].join(' · ');

  const start = async () => {
    // Enter pressed before the rest has loaded (a paste and an instant Enter): wait for it.
    if (!m()) await props.load().catch(() => undefined);
    if (!canStart()) return;
    const hadFocus = document.activeElement === testButton;
    const s = session() as Session;
    const done = s.start(props.keyValue(), f.provider, unwrap(options), endpoint(), humanToken(), paidEndpoints().length > 0 && costAgreed());
    if (hadFocus) queueMicrotask(() => cancelButton?.focus());
    await done;
    human?.reset();
    // Move to the result, unless the user has gone on to something else meanwhile.
    const active = document.activeElement;
    if (active && active !== document.body && active !== cancelButton && active !== testButton) return;
    requestAnimationFrame(() => (s.state().phase === 'cancelled' || !s.focusResult()) && testButton?.focus());
  };
  props.bind({ start: () => void start(), running, forget: () => session()?.forget() });
  onCleanup(() => props.bind(undefined));

  return (
    <>
      <Show when={needsResource}>
        <ResourceField
          ids={props.ids}
          providerName={f.providerName}
          endpoints={f.endpoints}
          endpoint={endpoint()}
          resource={options.resource}
          deployment={options.deployment}
          deploymentProblem={deploymentProblem()}
          enabled={ready() && !running()}
          onResource={(resource, id) => {
            setOptions('resource', resource);
            if (id) setOptions('endpoint', id);
            void props.load().catch(() => undefined);
          }}
          onDeployment={(value) => setOptions('deployment', value)}
          onSubmit={() => void start()}
        />
      </Show>
      <details class="kt-options" onToggle={() => void props.load().catch(() => undefined)}>
        <summary>
          <span class="kt-options-title">Options</span> <span class="kt-options-sum">{summary()}</span>
        </summary>
        <Show when={m()} fallback={<p class="kt-hint kt-loading">Loading the options…</p>}>
          {(l) => {
            const View = l().Options;
            return (
            <View
              ids={props.ids}
              options={options}
              set={setOptions}
              endpoints={f.endpoints}
              checks={f.checks}
              benchmarkModels={f.benchmarkModels}
              catalogue={f.catalogue}
              prices={f.prices}
              keyModels={session()?.state().models ?? null}
              deployments={needsResource}
            />
            );
          }}
        </Show>
      </details>

      <Show when={f.turnstileSiteKey ? m() : undefined}>
        {(l) => {
          const Check = l().HumanCheck;
          return (
          <Check
            siteKey={f.turnstileSiteKey as string}
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
            when={m() && endpoint()}
            fallback={<p>{endpoint()?.paidValidation ? 'This test spends a few tokens; open the options to see the estimate.' : 'The key check is free.'}</p>}
          >
            {(e) => {
              const Cost = (m() as Lazy).Cost;
              return <Cost options={options} endpoint={e()} endpoints={f.endpoints} checks={f.checks} prices={f.prices} />;
            }}
          </Show>
          <Show when={paidEndpoints().length > 0 ? m() : undefined}>
            {(l) => {
              const Consent = l().Consent;
              return (
                <Consent
                  id={props.ids('confirm-cost')}
                  providerName={f.providerName}
                  endpointCount={f.endpoints.length}
                  paid={paidEndpoints()}
                  onlyChosen={!paidEndpoints().some((e) => e.id !== options.endpoint)}
                  checked={costAgreed()}
                  disabled={running()}
                  onChange={(on: boolean) => setCostAgreedFor(on ? paidKey() : null)}
                />
              );
            }}
          </Show>
        </div>
      </div>
      <Show when={session()}>{(s) => s().View()}</Show>
    </>
  );
}
