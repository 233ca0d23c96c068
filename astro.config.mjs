// @ts-check
import { defineConfig } from 'astro/config';
import cloudflare from '@astrojs/cloudflare';
import mdx from '@astrojs/mdx';
import solidJs from '@astrojs/solid-js';
import securityHeaders from './src/integrations/security-headers.ts';
import { contentModules } from './src/integrations/content-modules.ts';
import { testerModules } from './src/integrations/tester-modules.ts';
import { searchDialogModule } from './src/integrations/search-dialog-module.ts';

export default defineConfig({
  site: 'https://keyprobe.dev',
  // Pages are prerendered; only src/pages/api/test.ts opts out (prerender = false).
  output: 'static',
  // 'ignore' keeps POST /api/test from being redirected to /api/test/ (a redirect would drop the body).
  trailingSlash: 'ignore',
  // No images to transform and no sessions: keep the worker free of IMAGES and SESSION bindings.
  adapter: cloudflare({ imageService: 'passthrough' }),
  session: false,
  // Astro's own CSRF check (on by default for on-demand routes) answers a cross-site POST with a
  // form-encoded, text/plain or multipart body, or with no Content-Type, by a plain-text 403
  // before the route runs. The on-demand routes are /api/test, whose gate
  // (src/server/request.ts) refuses every Origin but the site's own with a structured 403 whatever
  // the content type, and the /api/ catch-all, which only answers 404. Astro has no per-route
  // switch (the option is global and applies to on-demand routes only), so it is off; an
  // on-demand route added later must check Origin itself. Test: tests/e2e/http-refusals.test.ts.
  security: { checkOrigin: false },
  integrations: [mdx(), solidJs(), securityHeaders()],
  // Stylesheets are written as files, then inlined into the pages by securityHeaders() after the
  // build, which allows exactly those texts in the CSP by hash (src/integrations/inline-stylesheets.ts).
  build: { inlineStylesheets: 'never' },
  // Code blocks stay plain: highlighters emit inline style attributes, which the CSP forbids.
  markdown: { syntaxHighlight: false },
  // virtual:keyprobe/providers and /error-pages: content facts compiled in for the endpoint and island;
  // virtual:keyprobe/testers: the island's provider data, one chunk per provider.
  // virtual:keyprobe/search-dialog: the search dialog's URL for the opener on every page.
  vite: {
    plugins: [contentModules(), testerModules(), searchDialogModule()],
    // Page scripts stay files, however small (the search opener is under 1 KB): an inline script
    // would need its own CSP hash. Other assets keep Vite's default limit (undefined = default).
    build: { assetsInlineLimit: (file) => (file.endsWith('.js') ? false : undefined) },
  },
});
