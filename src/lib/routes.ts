/** URL scheme of the site: the one place that builds these paths (pages, server, island, checks). */

export const providerPageUrl = (providerId: string) => `/${providerId}/`;
export const providerFaqUrl = (providerId: string) => `/${providerId}/faq/`;
export const errorPageUrl = (providerId: string, code: string) => `/${providerId}/errors/${code}/`;
export const articleUrl = (articleId: string) => `/articles/${articleId}/`;
/** Every error page, by provider and code: the header's search link when JavaScript is off. */
export const errorIndexUrl = '/errors/';
/** One HTTP status (or `5xx`, `timeout`) across providers; `hub` comes from src/lib/error-hubs.ts. */
export const errorHubUrl = (hub: string) => `/errors/${hub}/`;

/** Pages that exist whatever the content is. */
export const fixedPages = ['/', '/security/', '/articles/', '/search/', errorIndexUrl] as const;
