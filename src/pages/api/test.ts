import type { APIRoute } from 'astro';
export const prerender = false;
export const POST: APIRoute = ({ request }) => new Response(JSON.stringify({ colo: (request as any).cf?.colo ?? null }));
