/**
 * The optional human check (Cloudflare Turnstile), shown only when the site was built with a site
 * key. Its script loads on first intent, like the rest of the tester; a token is single-use, so the
 * widget is reset after each test.
 */
import { onCleanup, onMount } from 'solid-js';

interface TurnstileApi {
  render(el: HTMLElement, options: Record<string, unknown>): string;
  reset(id: string): void;
  remove(id: string): void;
}

declare global {
  interface Window {
    turnstile?: TurnstileApi;
  }
}

const SCRIPT = 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit';
/** The action the endpoint expects (src/server/human-check.ts). */
export const TURNSTILE_ACTION = 'keyprobe_test';

let loading: Promise<TurnstileApi> | undefined;
function loadTurnstile(): Promise<TurnstileApi> {
  return (loading ??= new Promise((resolve, reject) => {
    if (window.turnstile) return resolve(window.turnstile);
    const script = document.createElement('script');
    script.src = SCRIPT;
    script.async = true;
    script.onload = () => (window.turnstile ? resolve(window.turnstile) : reject(new Error('no turnstile')));
    script.onerror = () => {
      loading = undefined;
      reject(new Error('turnstile did not load'));
    };
    document.head.append(script);
  }));
}

export interface HumanCheckHandle {
  reset(): void;
}

export default function HumanCheck(props: { siteKey: string; onToken(token: string | null): void; onFailure(): void; handle(h: HumanCheckHandle): void }) {
  let box: HTMLDivElement | undefined;
  let id: string | undefined;
  let api: TurnstileApi | undefined;
  onMount(() => {
    loadTurnstile().then(
      (turnstile) => {
        api = turnstile;
        if (!box) return;
        id = turnstile.render(box, {
          sitekey: props.siteKey,
          action: TURNSTILE_ACTION,
          callback: (token: string) => props.onToken(token),
          'expired-callback': () => props.onToken(null),
          'error-callback': () => props.onFailure(),
        });
      },
      () => props.onFailure(),
    );
    props.handle({
      reset: () => {
        props.onToken(null);
        if (api && id) api.reset(id);
      },
    });
  });
  onCleanup(() => {
    if (api && id) api.remove(id);
  });
  return <div class="kt-human" ref={box} data-testid="human-check" />;
}
