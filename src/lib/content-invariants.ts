/**
 * Rules that span content entries, which zod schemas (one entry at a time) cannot check. The build
 * runs them (src/lib/content-checks.ts) and fails with a message naming the file; the unit tests
 * feed them broken snapshots. Pure: takes plain data, returns the list of problems.
 */
import { articleUrl, errorHubUrl, fixedPages, providerFaqUrl, providerPageUrl, errorPageUrl } from './routes';
import { hubId } from './error-hubs';

export interface ContentSnapshot {
  providers: { id: string; filePath: string; tester: boolean }[];
  guides: { id: string; filePath: string; provider: string; related: string[]; body: string }[];
  errors: {
    id: string;
    filePath: string;
    provider: string;
    code: string;
    /** HTTP status, or null without a response: decides the page's hub (`/errors/<status>/`). */
    status: number | null;
    body: string;
    explains: { verdicts: string[]; statuses: number[]; reasons: string[] };
  }[];
  pricing: { id: string; filePath: string; provider: string; modelIds: string[] }[];
  faqs: { id: string; filePath: string; provider: string; links: string[] }[];
  articles: { id: string; filePath: string; body: string }[];
  /** What each provider's tester can produce (from its adapter): every one needs a page. */
  testers: Record<string, { verdicts: readonly string[]; reasons: readonly string[] }>;
}

/** The components a guide body must place, in this order (the page contract of `/<provider>/`). */
export const guideSections = [
  'ErrorsTable',
  'PricingTable',
  'Faq',
  'OtherProviders',
  'RelatedReading',
] as const;

/** Internal links in Markdown/MDX: `](/path/)` and `href="/path/"`; fragments and queries dropped. */
export function internalLinks(markdown: string): string[] {
  const found = new Set<string>();
  for (const match of markdown.matchAll(/\]\((\/[^)\s]*)\)|href=["'](\/[^"']*)["']/g)) {
    const raw = match[1] ?? match[2] ?? '';
    const path = raw.replace(/[#?].*$/, '');
    if (path) found.add(path);
  }
  return [...found];
}

export function knownPaths(snapshot: ContentSnapshot): Set<string> {
  const paths = new Set<string>(fixedPages);
  for (const guide of snapshot.guides) {
    paths.add(providerPageUrl(guide.id));
  }
  for (const faq of snapshot.faqs) paths.add(providerFaqUrl(faq.provider));
  for (const error of snapshot.errors) {
    paths.add(errorPageUrl(error.provider, error.code));
    paths.add(errorHubUrl(hubId(error)));
  }
  for (const article of snapshot.articles) paths.add(articleUrl(article.id));
  return paths;
}

/** Public files linked from content (sitemap, favicon); anything with an extension is a file. */
const isFileLink = (path: string) => /\.[a-z0-9]+$/i.test(path);

export function findContentProblems(snapshot: ContentSnapshot): string[] {
  const problems: string[] = [];
  const providerIds = new Set(snapshot.providers.map((p) => p.id));
  const articleIds = new Set(snapshot.articles.map((a) => a.id));
  const paths = knownPaths(snapshot);

  const checkLinks = (filePath: string, links: string[]) => {
    for (const link of links) {
      const normalised = link.endsWith('/') || isFileLink(link) ? link : `${link}/`;
      if (!isFileLink(normalised) && !paths.has(normalised)) {
        problems.push(`${filePath}: links to ${link}, but no page has that URL`);
      }
    }
  };

  for (const guide of snapshot.guides) {
    if (!providerIds.has(guide.provider)) {
      problems.push(`${guide.filePath}: guide for provider "${guide.provider}", which has no file in src/content/providers`);
    }
    if (guide.id !== guide.provider) {
      problems.push(`${guide.filePath}: a guide's file name must be its provider id ("${guide.provider}")`);
    }
    for (const related of guide.related) {
      if (!articleIds.has(related)) problems.push(`${guide.filePath}: related article "${related}" does not exist`);
    }
    let last = -1;
    for (const section of guideSections) {
      const tag = `<${section} />`;
      const at = guide.body.indexOf(tag);
      if (at === -1) problems.push(`${guide.filePath}: missing ${tag}`);
      else if (guide.body.indexOf(tag, at + 1) !== -1) problems.push(`${guide.filePath}: ${tag} appears twice`);
      else if (at < last) problems.push(`${guide.filePath}: ${tag} is out of order (expected ${guideSections.join(', ')})`);
      else last = at;
    }
    checkLinks(guide.filePath, internalLinks(guide.body));
  }

  const seenCodes = new Set<string>();
  for (const error of snapshot.errors) {
    if (!providerIds.has(error.provider)) {
      problems.push(`${error.filePath}: error for provider "${error.provider}", which does not exist`);
    }
    if (error.id !== `${error.provider}/${error.code}`) {
      problems.push(`${error.filePath}: file must be src/content/errors/${error.provider}/${error.code}.mdx`);
    }
    const key = `${error.provider}/${error.code}`;
    if (seenCodes.has(key)) problems.push(`${error.filePath}: duplicate error code ${key}`);
    seenCodes.add(key);
    checkLinks(error.filePath, internalLinks(error.body));
  }

  problems.push(...explainedOutcomeProblems(snapshot));

  const pricedIds = new Map<string, string>();
  for (const table of snapshot.pricing) {
    if (!providerIds.has(table.provider)) problems.push(`${table.filePath}: prices for unknown provider "${table.provider}"`);
    if (table.id !== table.provider) problems.push(`${table.filePath}: a price table's file name must be its provider id`);
    for (const id of table.modelIds) {
      const key = `${table.provider}/${id}`;
      if (pricedIds.has(key)) problems.push(`${table.filePath}: model id "${id}" is priced twice`);
      pricedIds.set(key, table.filePath);
    }
  }

  for (const faq of snapshot.faqs) {
    if (!providerIds.has(faq.provider)) problems.push(`${faq.filePath}: FAQ for unknown provider "${faq.provider}"`);
    checkLinks(faq.filePath, faq.links.filter((link) => link.startsWith('/')).map((link) => link.replace(/[#?].*$/, '')));
  }

  for (const article of snapshot.articles) checkLinks(article.filePath, internalLinks(article.body));

  return problems;
}

/**
 * Every verdict and reason a tester can produce is explained by exactly one of its provider's
 * error pages, and no status is claimed twice; a tester without an adapter is caught here too.
 */
function explainedOutcomeProblems(snapshot: ContentSnapshot): string[] {
  const problems: string[] = [];
  for (const provider of snapshot.providers) {
    if (provider.tester && !snapshot.testers[provider.id]) {
      problems.push(`${provider.filePath}: "tester": true, but src/server/providers has no adapter for "${provider.id}"`);
    }
    if (!provider.tester && snapshot.testers[provider.id]) {
      problems.push(`${provider.filePath}: an adapter exists for "${provider.id}", but the file says "tester": false`);
    }
  }
  for (const [provider, tester] of Object.entries(snapshot.testers)) {
    const pages = snapshot.errors.filter((e) => e.provider === provider);
    const claims = (kind: 'verdicts' | 'statuses' | 'reasons', value: string | number) =>
      pages.filter((page) => (page.explains[kind] as (string | number)[]).includes(value));
    const dir = `src/content/errors/${provider}`;
    for (const verdict of tester.verdicts) {
      if (verdict === 'valid') continue;
      const found = claims('verdicts', verdict);
      if (found.length === 0) problems.push(`${dir}/: the ${provider} tester can answer "${verdict}", but no page lists it under explains.verdicts`);
      if (found.length > 1) problems.push(`${dir}/: "${verdict}" is explained by ${found.map((p) => p.code).join(' and ')}; one page per verdict`);
    }
    for (const reason of tester.reasons) {
      const found = claims('reasons', reason);
      if (found.length === 0) problems.push(`${dir}/: the ${provider} tester can give the reason "${reason}", but no page lists it under explains.reasons`);
      if (found.length > 1) problems.push(`${dir}/: reason "${reason}" is explained by ${found.map((p) => p.code).join(' and ')}; one page per reason`);
    }
    const statuses = pages.flatMap((page) => page.explains.statuses);
    for (const status of new Set(statuses)) {
      const found = claims('statuses', status);
      if (found.length > 1) problems.push(`${dir}/: status ${status} is explained by ${found.map((p) => p.code).join(' and ')}; one page per status`);
    }
    for (const page of pages) {
      for (const verdict of page.explains.verdicts) {
        if (!tester.verdicts.includes(verdict)) problems.push(`${page.filePath}: explains "${verdict}", which the ${provider} tester never answers (${errorPageUrl(provider, page.code)} would never be linked for it)`);
      }
      for (const reason of page.explains.reasons) {
        if (!tester.reasons.includes(reason)) problems.push(`${page.filePath}: explains reason "${reason}", which the ${provider} tester never gives`);
      }
    }
  }
  return problems;
}
