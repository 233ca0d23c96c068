/** The build-time content rules: each broken snapshot yields a problem naming the file at fault. */
import { describe, expect, it } from 'vitest';
import { findContentProblems, guideSections, internalLinks, type ContentSnapshot } from '../../src/lib/content-invariants';

const guideBody = [
  '## What this key does',
  'See [the 401 page](/mistral/errors/401/) and [security](/security/).',
  ...guideSections.map((section) => `<${section} />`),
].join('\n\n');

function valid(): ContentSnapshot {
  return {
    providers: [{ id: 'mistral', filePath: 'src/content/providers/mistral.json', tester: true }],
    guides: [{ id: 'mistral', filePath: 'src/content/guides/mistral.mdx', provider: 'mistral', related: ['keys'], body: guideBody }],
    errors: [
      { id: 'mistral/401', filePath: 'src/content/errors/mistral/401.mdx', provider: 'mistral', code: '401', status: 401, body: 'See <a href="/mistral/">the guide</a>.', explains: { verdicts: ['invalid'], statuses: [], reasons: ['capacity'] } },
      { id: 'mistral/timeout', filePath: 'src/content/errors/mistral/timeout.mdx', provider: 'mistral', code: 'timeout', status: null, body: '', explains: { verdicts: ['timeout'], statuses: [520], reasons: [] } },
    ],
    pricing: [{ id: 'mistral', filePath: 'src/content/pricing/mistral.json', provider: 'mistral', modelIds: ['a-2501', 'a-latest'] }],
    faqs: [{ id: 'mistral', filePath: 'src/content/faqs/mistral.yaml', provider: 'mistral', links: ['/mistral/errors/401/', 'https://docs.mistral.ai/'] }],
    articles: [{ id: 'keys', filePath: 'src/content/articles/keys.mdx', body: 'Test at [/mistral/](/mistral/#tester).' }],
    testers: { mistral: { verdicts: ['valid', 'invalid', 'timeout'], reasons: ['capacity'] } },
  };
}

describe('findContentProblems', () => {
  it('finds nothing wrong with consistent content', () => {
    expect(findContentProblems(valid())).toEqual([]);
  });

  it('a guide for a provider that does not exist', () => {
    const snapshot = valid();
    snapshot.providers = [];
    expect(findContentProblems(snapshot)).toContainEqual(expect.stringMatching(/^src\/content\/guides\/mistral\.mdx: guide for provider "mistral", which has no file/));
  });

  it('a verdict or reason the tester can produce that no page explains', () => {
    const snapshot = valid();
    snapshot.testers = { mistral: { verdicts: ['valid', 'invalid', 'timeout', 'rate_limited'], reasons: ['capacity', 'zero_allowance'] } };
    expect(findContentProblems(snapshot)).toEqual([
      'src/content/errors/mistral/: the mistral tester can answer "rate_limited", but no page lists it under explains.verdicts',
      'src/content/errors/mistral/: the mistral tester can give the reason "zero_allowance", but no page lists it under explains.reasons',
    ]);
  });

  it('two pages claiming one verdict or status, or a page claiming what the tester never says', () => {
    const snapshot = valid();
    snapshot.errors[1]!.explains = { verdicts: ['timeout', 'invalid', 'forbidden'], statuses: [520], reasons: [] };
    snapshot.errors[0]!.explains.statuses = [520];
    expect(findContentProblems(snapshot)).toEqual([
      'src/content/errors/mistral/: "invalid" is explained by 401 and timeout; one page per verdict',
      'src/content/errors/mistral/: status 520 is explained by 401 and timeout; one page per status',
      'src/content/errors/mistral/timeout.mdx: explains "forbidden", which the mistral tester never answers (/mistral/errors/timeout/ would never be linked for it)',
    ]);
  });

  it('a provider marked testable without an adapter, or an adapter for a provider marked untestable', () => {
    const snapshot = valid();
    snapshot.testers = {};
    expect(findContentProblems(snapshot)).toEqual(['src/content/providers/mistral.json: "tester": true, but src/server/providers has no adapter for "mistral"']);
    snapshot.testers = valid().testers;
    snapshot.providers[0]!.tester = false;
    expect(findContentProblems(snapshot)).toEqual(['src/content/providers/mistral.json: an adapter exists for "mistral", but the file says "tester": false']);
  });

  it('a link in content to a page that does not exist', () => {
    const snapshot = valid();
    snapshot.articles[0]!.body = 'See [the 418 page](/mistral/errors/418/).';
    expect(findContentProblems(snapshot)).toEqual(['src/content/articles/keys.mdx: links to /mistral/errors/418/, but no page has that URL']);
  });

  it('links to the error index and to the hub of a status that has pages, not of one without', () => {
    const snapshot = valid();
    snapshot.articles[0]!.body = 'See [all errors](/errors/), [401s](/errors/401/), [timeouts](/errors/timeout/) and [429s](/errors/429/).';
    expect(findContentProblems(snapshot)).toEqual(['src/content/articles/keys.mdx: links to /errors/429/, but no page has that URL']);
  });

  it('a guide missing a section, or with sections out of order', () => {
    const snapshot = valid();
    snapshot.guides[0]!.body = guideBody.replace('<Faq />', '');
    expect(findContentProblems(snapshot)).toEqual(['src/content/guides/mistral.mdx: missing <Faq />']);
    snapshot.guides[0]!.body = guideBody.replace('<ErrorsTable />', '').replace('<RelatedReading />', '<RelatedReading />\n<ErrorsTable />');
    expect(findContentProblems(snapshot)[0]).toMatch(/out of order/);
  });

  it('a related article that does not exist', () => {
    const snapshot = valid();
    snapshot.guides[0]!.related = ['nope'];
    expect(findContentProblems(snapshot)).toContain('src/content/guides/mistral.mdx: related article "nope" does not exist');
  });

  it('a model priced twice', () => {
    const snapshot = valid();
    snapshot.pricing[0]!.modelIds.push('a-latest');
    expect(findContentProblems(snapshot)).toEqual(['src/content/pricing/mistral.json: model id "a-latest" is priced twice']);
  });

  it('an error file whose name and code disagree', () => {
    const snapshot = valid();
    snapshot.errors[1]!.id = 'mistral/time-out';
    expect(findContentProblems(snapshot)[0]).toMatch(/must be src\/content\/errors\/mistral\/timeout\.mdx/);
  });
});

describe('internalLinks', () => {
  it('reads Markdown and HTML links, without fragments or queries', () => {
    expect(internalLinks('[a](/x/#y) [b](https://e.com/) <a href="/z/?q=1">z</a>')).toEqual(['/x/', '/z/']);
  });
});
