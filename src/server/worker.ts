/**
 * The Worker's entry. `POST /api/test` is answered here, before the framework: its code path holds
 * no page rendering, and a cold start for a test does not pay for loading the site's app. Every
 * other request (pages are static assets, served before the Worker runs; what reaches it is the 404
 * page and the like) goes to Astro's handler, imported on first use.
 */
import { isLoopbackHost } from './request';
import { handleTestRequest, type EndpointEnv } from './test-endpoint';

export { DailyCap } from './daily-cap';

export default {
  async fetch(request: Request, env: EndpointEnv, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/api/test' || url.pathname === '/api/test/') {
      // Locally (wrangler dev) `cf` is a placeholder with a made-up colo; say `local` instead.
      const colo = (request as Request & { cf?: { colo?: unknown } }).cf?.colo;
      return handleTestRequest(request, env, { colo: !isLoopbackHost(url.hostname) && typeof colo === 'string' ? colo : undefined });
    }
    const { default: astro } = await import('@astrojs/cloudflare/entrypoints/server');
    return astro.fetch(request, env as never, ctx);
  },
};
