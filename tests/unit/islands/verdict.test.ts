import { describe, expect, it } from 'vitest';
import { verdicts } from '../../../src/lib/api-contract';
import { initialState, reduce, type RunState } from '../../../src/islands/key-tester/logic/state';
import { announcement, verdictInfo } from '../../../src/islands/key-tester/logic/verdict';

const started = reduce(initialState, { type: 'start', request: { provider: 'mistral', checks: ['chat', 'fim'] } });
const withVerdict = (verdict: string): RunState =>
  reduce(started, { type: 'event', event: { type: 'validation', verdict, httpStatus: 401, requestId: null, ms: 1, message: 'What happened.', fix: '', errorPage: null } });

describe('verdictInfo', () => {
  it('gives every verdict its own heading and a tone', () => {
    const titles = verdicts.map((v) => verdictInfo[v].title('Mistral'));
    expect(new Set(titles).size).toBe(verdicts.length);
    expect(verdictInfo.valid.tone).toBe('ok');
    for (const v of verdicts.filter((x) => x !== 'valid')) expect(verdictInfo[v].tone).not.toBe('ok');
  });
});

describe('announcement', () => {
  it('announces the start, then the verdict: politely when the key works, assertively when not', () => {
    expect(announcement(initialState, started, 'Mistral')).toEqual({ text: 'Testing the key…', assertive: false });
    expect(announcement(started, withVerdict('valid'), 'Mistral')).toEqual({ text: 'Your key works. What happened.', assertive: false });
    for (const v of verdicts.filter((x) => x !== 'valid')) {
      expect(announcement(started, withVerdict(v), 'Mistral')?.assertive).toBe(true);
    }
  });

  it('sums up the end of a run, and says so when it was cancelled or failed', () => {
    const valid = withVerdict('valid');
    const checked = ['chat', 'fim'].reduce<RunState>((s, name, i) => reduce(s, { type: 'event', event: { type: 'check', name, ok: i === 0, model: 'm', ms: 1, httpStatus: 200, message: '' } }), valid);
    const done = reduce(checked, { type: 'event', event: { type: 'done', ms: 1500 } });
    expect(announcement(checked, done, 'Mistral')).toEqual({ text: 'Test finished in 1,500 ms. 1 of 2 checks failed.', assertive: false });
    expect(announcement(valid, reduce(valid, { type: 'cancel' }), 'Mistral')?.text).toMatch(/cancelled/);
    expect(announcement(valid, reduce(valid, { type: 'network_error' }), 'Mistral')?.assertive).toBe(true);
    expect(announcement(done, done, 'Mistral')).toBeNull();
  });
});

