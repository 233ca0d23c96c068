/** `/sitemap.xml`, built from the same collections as the pages. */
import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { articleUrl, errorHubUrl, errorPageUrl, fixedPages, providerFaqUrl, providerPageUrl } from '../lib/routes';
import { hubId } from '../lib/error-hubs';

export const GET: APIRoute = async ({ site }) => {
  const [guides, errors, faqs, articles] = await Promise.all([
    getCollection('guides'),
    getCollection('errors'),
    getCollection('faqs'),
    getCollection('articles'),
  ]);
  const paths = [
    ...fixedPages.filter((p) => p !== '/search/'),
    ...guides.map((g) => providerPageUrl(g.id)),
    ...faqs.map((f) => providerFaqUrl(f.data.provider.id)),
    ...errors.map((e) => errorPageUrl(e.data.provider.id, e.data.code)),
    ...new Set(errors.map((e) => errorHubUrl(hubId(e.data)))),
    ...articles.map((a) => articleUrl(a.id)),
  ];
  const urls = paths.map((path) => `  <url><loc>${new URL(path, site).href}</loc></url>`).join('\n');
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
  return new Response(xml, { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
};
