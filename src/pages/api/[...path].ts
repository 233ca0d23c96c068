/**
 * Everything under /api/ that is not an endpoint (/api/test/x, /api/testx, /api/): a structured
 * 404, so every refusal the API gives is `{"error":{"code","message"}}`, never the HTML 404 page.
 */
import type { APIRoute } from 'astro';
import { errorResponse } from '../../server/http';

export const prerender = false;

export const ALL: APIRoute = () => errorResponse(404, 'not_found', 'No such endpoint. The API has one: POST /api/test.');
