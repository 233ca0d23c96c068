// @ts-check
import { defineConfig } from 'astro/config';
import cloudflare from '@astrojs/cloudflare';
import mdx from '@astrojs/mdx';
import solidJs from '@astrojs/solid-js';
import securityHeaders from './src/integrations/security-headers.ts';
import { errorPagesPlugin } from './src/integrations/error-pages.ts';

export default defineConfig({
  site: 'https://keyprobe.dev',
  // Pages are prerendered; only src/pages/api/test.ts opts out (prerender = false).
  output: 'static',
  // 'ignore' keeps POST /api/test from being redirected to /api/test/ (a redirect would drop the body).
  trailingSlash: 'ignore',
  // No images to transform and no sessions: keep the worker free of IMAGES and SESSION bindings.
  adapter: cloudflare({ imageService: 'passthrough' }),
  session: false,
  integrations: [mdx(), solidJs(), securityHeaders()],
  // Stylesheets stay files: inline <style> would need a CSP exception.
  build: { inlineStylesheets: 'never' },
  // Code blocks stay plain: highlighters emit inline style attributes, which the CSP forbids.
  markdown: { syntaxHighlight: false },
  // virtual:keyprobe/error-pages: which error page explains which tester outcome, from frontmatter.
  vite: { plugins: [errorPagesPlugin()] },
});
