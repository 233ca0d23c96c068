/** Records what a page does that users would not want: console errors, failed or foreign requests. */
import type { Page } from 'playwright-core';

export interface PageWatch {
  consoleErrors: string[];
  foreignRequests: string[];
  scriptRequests: string[];
  failedRequests: string[];
}

export function watchPage(page: Page, siteOrigin: string): PageWatch {
  const watch: PageWatch = { consoleErrors: [], foreignRequests: [], scriptRequests: [], failedRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watch.consoleErrors.push(`pageerror: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== siteOrigin) watch.foreignRequests.push(url);
    if (request.resourceType() === 'script') watch.scriptRequests.push(url);
  });
  page.on('requestfailed', (request) => watch.failedRequests.push(`${request.url()} ${request.failure()?.errorText ?? ''}`));
  return watch;
}
