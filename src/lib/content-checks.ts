/**
 * Runs the cross-entry content rules against the real collections during the build and stops it
 * with every problem listed, each naming its file. Called from a page's getStaticPaths.
 */
import { getCollection } from 'astro:content';
import { findContentProblems, type ContentSnapshot } from './content-invariants';
import { testerOutcomes } from '../server/providers';

let checked: Promise<void> | undefined;

export function assertContentInvariants(): Promise<void> {
  checked ??= run();
  return checked;
}

async function run(): Promise<void> {
  const [providers, guides, errors, pricing, faqs, articles] = await Promise.all([
    getCollection('providers'),
    getCollection('guides'),
    getCollection('errors'),
    getCollection('pricing'),
    getCollection('faqs'),
    getCollection('articles'),
  ]);
  const file = (entry: { filePath?: string; id: string }) => entry.filePath ?? entry.id;
  const snapshot: ContentSnapshot = {
    providers: providers.map((p) => ({ id: p.id, filePath: file(p), tester: p.data.tester })),
    guides: guides.map((g) => ({
      id: g.id,
      filePath: file(g),
      provider: g.data.provider.id,
      related: g.data.related.map((r) => r.id),
      body: g.body ?? '',
    })),
    errors: errors.map((e) => ({
      id: e.id,
      filePath: file(e),
      provider: e.data.provider.id,
      code: e.data.code,
      status: e.data.status,
      body: e.body ?? '',
      explains: e.data.explains,
    })),
    pricing: pricing.map((t) => ({
      id: t.id,
      filePath: file(t),
      provider: t.data.provider.id,
      modelIds: t.data.models.flatMap((m) => m.ids),
    })),
    faqs: faqs.map((f) => ({
      id: f.id,
      filePath: file(f),
      provider: f.data.provider.id,
      links: f.data.items.flatMap((item) => (item.link ? [item.link.href] : [])),
    })),
    articles: articles.map((a) => ({ id: a.id, filePath: file(a), body: a.body ?? '' })),
    testers: testerOutcomes,
  };
  const problems = findContentProblems(snapshot);
  if (problems.length > 0) {
    throw new Error(`Content invariants broken:\n  - ${problems.join('\n  - ')}`);
  }
}
