/**
 * `POST /api/test`. In a deployment the Worker's own entry (src/server/worker.ts) answers this path
 * before the framework runs; this route keeps it an on-demand route of the site, which is what makes
 * the adapter build a server at all, and serves the same handler wherever the entry is bypassed.
 */
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
