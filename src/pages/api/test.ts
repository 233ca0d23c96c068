/** `POST /api/test`, the only on-demand route. All logic lives in src/server/test-endpoint.ts. */
import type { APIRoute } from 'astro';
import { env } from 'cloudflare:workers';
import { handleTestRequest } from '../../server/test-endpoint';

export const prerender = false;

export const ALL: APIRoute = ({ request }) => {
  const colo = request.cf?.colo;
  return handleTestRequest(request, env, { colo: typeof colo === 'string' ? colo : undefined });
};
