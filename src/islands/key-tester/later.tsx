/**
 * A component whose code loads when it is first shown (a chunk of its own). Solid's `lazy` would
 * do, but it brings resource and suspense code into the solid-js chunk every page with the tester
 * loads at mount; this uses only what that chunk has already.
 */
import { createSignal, Show, type Component } from 'solid-js';

export function later<P extends object>(load: () => Promise<{ default: Component<P> }>): Component<P> {
  let loaded: Component<P> | undefined;
  return (props: P) => {
    const [view, setView] = createSignal(loaded);
    // A chunk that fails to load (offline, a deploy replaced it) leaves the part out; the next
    // time it is shown tries again.
    if (!loaded) void load().then((m) => setView(() => (loaded = m.default)), () => undefined);
    return (
      <Show when={view()}>
        {(c) => {
          const View = c();
          return <View {...props} />;
        }}
      </Show>
    );
  };
}
