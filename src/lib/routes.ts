/** URL scheme of the site: the one place that builds these paths (pages, server, island, checks). */

export const providerPageUrl = (providerId: string) => `/${providerId}/`;
export const providerFaqUrl = (providerId: string) => `/${providerId}/faq/`;
export const errorPageUrl = (providerId: string, code: string) => `/${providerId}/errors/${code}/`;
export const articleUrl = (articleId: string) => `/articles/${articleId}/`;

/** Pages that exist whatever the content is. */
export const fixedPages = ['/', '/security/', '/articles/', '/search/'] as const;
