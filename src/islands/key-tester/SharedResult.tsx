/**
 * The shared result page's island: reads the result from the URL's fragment (never sent to a
 * server), validates it (./logic/shared-schema.ts), loads its provider's facts, and shows the
 * same result view as a test, read-only, under a banner that says it is a shared result and not a
 * live test. Every message is Keyprobe's own, rebuilt from the verdicts (./logic/shared-view.ts).
 */
import { createSignal, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import Results from './Results';
import { decodeFragment } from './logic/share';
import { parseShared } from './logic/shared-schema';
import { problemText, sharedFromText, sharedView, type SharedProblem, type SharedView } from './logic/shared-view';
import { providerPageUrl } from '../../lib/routes';
import type { Ids, ProviderFacts } from './types';
import './key-tester.css';

type Shown = { kind: 'reading' } | { kind: 'problem'; problem: SharedProblem } | { kind: 'result'; view: SharedView; facts: ProviderFacts };

const date = (d: Date) => `${d.toISOString().slice(0, 10)} at ${d.toISOString().slice(11, 16)} UTC`;


export default function SharedResult() {
  const [shown, setShown] = createSignal<Shown>({ kind: 'reading' });
  const ids: Ids = Object.assign((name: string) => `kt-${name}`, { region: (name: string) => `kt-${name}` });
  let reading = 0;
  const read = async () => {
    const turn = ++reading;
    const set = (s: Shown) => turn === reading && setShown(s);
    set({ kind: 'reading' });
    const decoded = await decodeFragment(location.hash);
    if ('problem' in decoded) return set({ kind: 'problem', problem: decoded.problem });
    const result = parseShared(decoded.json);
    if (!result) return set({ kind: 'problem', problem: 'invalid' });
    const { testers } = await import('virtual:keyprobe/testers');
    const load = Object.hasOwn(testers, result.provider) ? testers[result.provider] : undefined;
    if (!load) return set({ kind: 'problem', problem: 'provider' });
    const facts = (await load()).default;
    const view = sharedView(result, facts);
    set('problem' in view ? { kind: 'problem', problem: view.problem } : { kind: 'result', view, facts });
  };
  onMount(() => {
    void read().catch(() => setShown({ kind: 'problem', problem: 'broken' }));
    const again = () => void read().catch(() => setShown({ kind: 'problem', problem: 'broken' }));
    window.addEventListener('hashchange', again);
    onCleanup(() => window.removeEventListener('hashchange', again));
  });
  return (
    <div class="kt kt-shared" data-testid="shared-result">
      <Switch>
        <Match when={shown().kind === 'reading'}>
          <p class="kt-hint">Reading the shared result…</p>
        </Match>
        <Match when={shown().kind === 'problem' && (shown() as { problem: SharedProblem }).problem}>
          {(problem) => (
            <div class="kt-verdict kt-err" role="alert">
              <h2>This link's result cannot be shown</h2>
              <p class="kt-message">{problemText[problem()]}</p>
              <p>
                Nothing was tested. <a href="/">Test a key yourself</a>.
              </p>
            </div>
          )}
        </Match>
        <Match when={shown().kind === 'result' && (shown() as { view: SharedView; facts: ProviderFacts })}>
          {(r) => (
            <>
              <section class="kt-shared-banner" aria-labelledby="kt-shared-title">
                <h2 id="kt-shared-title">Shared result, not a live test</h2>
                <p>
                  A {r().facts.providerName} key ending in <code>{r().view.keyTail}</code> was tested on {r().view.endpoint.label} on {date(r().view.at)}
                  {sharedFromText(r().view.from, r().facts.providerName)}, and the result shared. Nothing was tested now, and
                  the link holds no key: only verdicts, numbers and ids, from which Keyprobe wrote every message below.
                </p>
                <Show when={r().view.dropped}>
                  <p class="kt-hint">
                    {r().view.dropped} detail{r().view.dropped === 1 ? '' : 's'} of the link {r().view.dropped === 1 ? 'is' : 'are'} not shown: {r().facts.providerName}'s data on this site does not name {r().view.dropped === 1 ? 'it' : 'them'}.
                  </p>
                </Show>
                <p>
                  <a class="button primary" href={providerPageUrl(r().facts.provider)}>
                    Test your own {r().facts.providerName} key
                  </a>
                </p>
              </section>
              <Results
                ctx={{ providerName: r().facts.providerName, catalogue: r().facts.catalogue, endpoints: r().facts.endpoints, ids }}
                state={r().view.state}
                keyTail={r().view.keyTail}
                running={false}
                headingRef={() => undefined}
                modelCount={r().view.modelCount}
              />
            </>
          )}
        </Match>
      </Switch>
    </div>
  );
}
