/** `POST /api/test`, the only on-demand route. All logic lives in src/server/test-endpoint.ts. */
import type { APIRoute } from 'astro';
import { env } from 'cloudflare:workers';
import { handleTestRequest } from '../../server/test-endpoint';

export const prerender = false;

export const ALL: APIRoute = ({ request }) => {
  // Locally (wrangler dev) `cf` is a placeholder with a made-up colo; say `local` instead.
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(new URL(request.url).hostname);
  const colo = request.cf?.colo;
  return handleTestRequest(request, env, { colo: !local && typeof colo === 'string' ? colo : undefined });
};
