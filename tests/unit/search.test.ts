/** What the search dialog and /search/ share: refusals, filters, the announced count. */
import { describe, expect, it } from 'vitest';
import { pagefindFilters, refusesQuery, resultsStatus, typeLabel } from '../../src/lib/search';
import { keySamples } from './key-shape-samples';

describe('refusesQuery', () => {
  it('refuses every provider key shape and leaves error searches alone', () => {
    for (const sample of Object.values(keySamples)) expect(refusesQuery(sample.match[0] ?? ''), sample.match[0]?.slice(0, 8)).toBe(true);
    for (const query of ['429', 'mistral 429', 'Unauthorized', 'insufficient_quota', 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan']) {
      expect(refusesQuery(query), query).toBe(false);
    }
  });
});

describe('pagefindFilters', () => {
  it('passes only the filters that are set', () => {
    expect(pagefindFilters({ provider: '', type: '' })).toEqual({});
    expect(pagefindFilters({ provider: 'Mistral', type: 'Error' })).toEqual({ provider: 'Mistral', type: 'Error' });
  });
});

describe('resultsStatus', () => {
  it('announces the count, how many are shown, and what to try when nothing matched', () => {
    expect(resultsStatus('429', 1, 1)).toBe('1 result for “429”.');
    expect(resultsStatus('429', 82, 12)).toBe('82 results for “429”, showing the first 12.');
    expect(resultsStatus('teapot', 0, 0)).toMatch(/^No results for “teapot”\. Try the status code alone/);
  });
});

describe('typeLabel', () => {
  it('names the type filter values as the menu shows them', () => {
    expect(typeLabel('FAQ')).toBe('FAQs');
    expect(typeLabel('Error')).toBe('Errors');
  });
});
