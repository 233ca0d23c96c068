/**
 * The optional human check, with Cloudflare Turnstile. Off unless both halves are configured: the
 * site key at build time (`PUBLIC_TURNSTILE_SITE_KEY`: the island shows the widget, the CSP allows
 * Turnstile's origin) and the secret in the Worker (`TURNSTILE_SECRET`). With only one of the two,
 * every test answers 503 `misconfigured`. When on, the token is checked with Turnstile's siteverify
 * before any call to a provider: it must be valid, unused (siteverify spends it), issued for this
 * hostname and for this action.
 */
import { errorResponse } from './http';

export const TURNSTILE_ORIGIN = 'https://challenges.cloudflare.com';
const SITEVERIFY_PATH = '/turnstile/v0/siteverify';
/** The action the island's widget declares; a token for any other action is refused. */
export const TURNSTILE_ACTION = 'keyprobe_test';

export type HumanCheck = { kind: 'off' } | { kind: 'on'; secret: string } | { kind: 'misconfigured' };

export function humanCheck(siteKey: string | undefined, secret: string | undefined): HumanCheck {
  if (!siteKey && !secret) return { kind: 'off' };
  if (!siteKey || !secret) return { kind: 'misconfigured' };
  return { kind: 'on', secret };
}

interface SiteverifyAnswer {
  success?: unknown;
  hostname?: unknown;
  action?: unknown;
}

/** Null when the token passes, else the refusal to send. `resolve` maps Turnstile's origin (tests point it at a fake). */
export async function verifyHuman(
  check: { secret: string },
  token: string | undefined,
  request: Request,
  resolve: (origin: string) => string,
  fetcher: typeof fetch = fetch,
): Promise<Response | null> {
  if (!token) return errorResponse(400, 'human_check_required', 'Complete the human check above the Test button, then test again.');
  const form = new URLSearchParams({ secret: check.secret, response: token });
  const ip = request.headers.get('cf-connecting-ip');
  if (ip) form.set('remoteip', ip);
  let answer: SiteverifyAnswer;
  try {
    const response = await fetcher(`${resolve(TURNSTILE_ORIGIN)}${SITEVERIFY_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
      redirect: 'manual',
      signal: AbortSignal.timeout(5_000),
    });
    answer = (await response.json()) as SiteverifyAnswer;
  } catch {
    return errorResponse(503, 'human_check_unavailable', 'The human check could not be verified just now. Try again in a moment.');
  }
  const hostname = new URL(request.url).hostname;
  if (answer.success !== true || answer.hostname !== hostname || answer.action !== TURNSTILE_ACTION) {
    return errorResponse(403, 'human_check_failed', 'The human check did not pass (or was used already). Complete it again, then test.');
  }
  return null;
}
