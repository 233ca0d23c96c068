/**
 * Freshness is a fact too: an entry's `checkedOn`, `verifiedOn` or `updated` is the date of the
 * newest source it was checked against, never the day the site was built. Sources record their
 * own date (`source.date`, src/content.config.ts; real bodies also carry `seen`), so an entry date
 * later than every date its sources record names a check that no source supports.
 *
 * Reads src/content directly (JSON, YAML, MDX frontmatter), in Node.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');
const CONTENT = join(ROOT, 'src', 'content');
const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Field names that state when an entry (or a price row) was checked. */
const ENTRY_DATE_FIELDS = ['checkedOn', 'verifiedOn', 'updated'] as const;

export interface Entry {
  /** Path relative to the repository, for messages. */
  file: string;
  collection: string;
  data: Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every date recorded by the entry's sources: `source.date` anywhere, and a full `seen` date of a real body. */
export function sourceDates(value: unknown): string[] {
  const dates: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!isObject(node)) return;
    if (typeof node.url === 'string' && typeof node.title === 'string' && typeof node.date === 'string') dates.push(node.date);
    if (typeof node.seen === 'string' && isObject(node.source) && FULL_DATE.test(node.seen)) dates.push(node.seen);
    Object.values(node).forEach(walk);
  };
  walk(value);
  return dates;
}

const newest = (dates: readonly string[]) => dates.reduce<string | null>((max, d) => (max === null || d > max ? d : max), null);

/** The problems of one entry: a date later than the newest date its sources record. */
export function dateProblems(entry: Entry): string[] {
  const problems: string[] = [];
  const recorded = newest(sourceDates(entry.data));
  for (const field of ENTRY_DATE_FIELDS) {
    const value = entry.data[field];
    if (typeof value !== 'string' || recorded === null) continue;
    if (value > recorded) problems.push(`${entry.file}: ${field} ${value} is later than its newest source (${recorded})`);
  }
  // A price row with its own source is checked against that source alone.
  const rows = Array.isArray(entry.data.models) ? entry.data.models : [];
  for (const row of rows) {
    if (!isObject(row) || typeof row.verifiedOn !== 'string' || !isObject(row.source) || typeof row.source.date !== 'string') continue;
    if (row.verifiedOn > row.source.date) {
      problems.push(`${entry.file}: row "${String(row.name)}" verifiedOn ${row.verifiedOn} is later than its source (${row.source.date})`);
    }
  }
  return problems;
}

/** A guide restates its provider's facts: it may not claim a check later than the newest source any of them records. */
export function guideProblems(guide: Entry, providerEntries: readonly Entry[]): string[] {
  const updated = guide.data.updated;
  const recorded = newest(providerEntries.flatMap((entry) => sourceDates(entry.data)).concat(sourceDates(guide.data)));
  if (typeof updated !== 'string' || recorded === null || updated <= recorded) return [];
  return [`${guide.file}: updated ${updated} is later than the newest source recorded for ${String(guide.data.provider)} (${recorded})`];
}

function frontmatter(text: string, file: string): Record<string, unknown> {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!match) throw new Error(`${file}: no frontmatter`);
  return parse(match[1]!) as Record<string, unknown>;
}

function readEntries(): Entry[] {
  const entries: Entry[] = [];
  const walk = (dir: string) => {
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, item.name);
      if (item.isDirectory()) {
        walk(path);
        continue;
      }
      const file = relative(ROOT, path);
      const collection = relative(CONTENT, path).split(/[\\/]/)[0]!;
      const text = readFileSync(path, 'utf8');
      if (item.name.endsWith('.json')) entries.push({ file, collection, data: JSON.parse(text) as Record<string, unknown> });
      else if (item.name.endsWith('.yaml') || item.name.endsWith('.yml')) entries.push({ file, collection, data: parse(text) as Record<string, unknown> });
      else if (item.name.endsWith('.mdx') || item.name.endsWith('.md')) entries.push({ file, collection, data: frontmatter(text, file) });
    }
  };
  walk(CONTENT);
  return entries;
}

const providerOf = (entry: Entry): string | null => {
  if (entry.collection === 'providers') return entry.file.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
  return typeof entry.data.provider === 'string' ? entry.data.provider : null;
};

describe('content dates against their sources', () => {
  const entries = readEntries();

  it('reads the content collections', () => {
    const collections = new Set(entries.map((e) => e.collection));
    for (const name of ['providers', 'guides', 'errors', 'pricing', 'faqs', 'articles']) expect(collections).toContain(name);
  });

  it('no checkedOn, verifiedOn or updated is later than the newest source date recorded for that entry', () => {
    expect(entries.flatMap(dateProblems)).toEqual([]);
  });

  it("no guide is dated later than the newest source recorded for its provider's entries", () => {
    const problems = entries
      .filter((e) => e.collection === 'guides')
      .flatMap((guide) => guideProblems(guide, entries.filter((e) => e.collection !== 'guides' && providerOf(e) === guide.data.provider)));
    expect(problems).toEqual([]);
  });

  it('every dated provider, price table, error page and article records the date of at least one source', () => {
    const undated = entries
      .filter((e) => ['providers', 'pricing', 'errors', 'articles'].includes(e.collection))
      .filter((e) => sourceDates(e.data).length === 0)
      .map((e) => e.file);
    expect(undated).toEqual([]);
  });
});

describe('dateProblems', () => {
  const source = (date?: string) => ({ title: 'A source', url: 'https://example.com/', ...(date ? { date } : {}) });

  it('accepts an entry dated on or before its newest source', () => {
    expect(dateProblems({ file: 'p.json', collection: 'providers', data: { checkedOn: '2026-08-21', keyShapes: [{ source: source('2026-08-21') }, { source: source('2026-07-22') }] } })).toEqual([]);
    expect(dateProblems({ file: 'e.mdx', collection: 'errors', data: { updated: '2026-03-01', links: [source('2026-04-08')] } })).toEqual([]);
  });

  it('flags a build date that no source supports', () => {
    expect(dateProblems({ file: 'p.json', collection: 'providers', data: { checkedOn: '2026-11-26', keyShapes: [{ source: source('2026-08-21') }] } })).toEqual([
      'p.json: checkedOn 2026-11-26 is later than its newest source (2026-08-21)',
    ]);
  });

  it("counts a real body's full seen date, not a partial one", () => {
    const body = (seen: string) => ({ body: '{}', seen, source: source() });
    expect(dateProblems({ file: 'e.mdx', collection: 'errors', data: { updated: '2026-08-16', bodies: [body('2026-08-16')] } })).toEqual([]);
    expect(dateProblems({ file: 'e.mdx', collection: 'errors', data: { updated: '2026-08-16', bodies: [body('2026-08')], links: [source('2026-01-01')] } })).toEqual([
      'e.mdx: updated 2026-08-16 is later than its newest source (2026-01-01)',
    ]);
  });

  it('checks a price row against its own source', () => {
    const data = { verifiedOn: '2026-08-13', source: source('2026-08-13'), models: [{ name: 'X', verifiedOn: '2026-09-01', source: source('2026-06-30') }] };
    expect(dateProblems({ file: 'pricing.json', collection: 'pricing', data })).toEqual(['pricing.json: row "X" verifiedOn 2026-09-01 is later than its source (2026-06-30)']);
  });

  it('skips entries that record no source date', () => {
    expect(dateProblems({ file: 'a.mdx', collection: 'articles', data: { updated: '2026-11-26', sources: [source()] } })).toEqual([]);
  });

  it("flags a guide dated after every source of its provider's entries", () => {
    const guide = { file: 'g.mdx', collection: 'guides', data: { provider: 'x', updated: '2026-11-26' } };
    const provider = { file: 'x.json', collection: 'providers', data: { keyShapes: [{ source: source('2026-08-21') }] } };
    expect(guideProblems(guide, [provider])).toEqual(['g.mdx: updated 2026-11-26 is later than the newest source recorded for x (2026-08-21)']);
    expect(guideProblems({ ...guide, data: { ...guide.data, updated: '2026-08-21' } }, [provider])).toEqual([]);
  });
});
