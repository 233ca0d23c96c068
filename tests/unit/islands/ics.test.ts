/** The rotation reminder's calendar file: RFC 5545 lines, the right day, what it names, and never the key. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeText, fold, REMINDER_DAYS, reminderDay, reminderDays, reminderFileName, reminderIcs } from '../../../src/islands/key-tester/logic/ics';
import { leaksOf } from '../../support/canary';

const key = 'Zq7XkP2mNw9RtY4vBc6HdJ8sLf3GaQ1e';
const input = { providerName: 'Mistral', keyTail: key.slice(-4), keysUrl: 'https://console.mistral.ai/api-keys', days: REMINDER_DAYS.default, now: new Date('2026-11-30T23:30:00Z'), uid: '5f0c7a52-8d1e-4a55-9d0f-6d2b0c1e9a11', origin: 'https://keyprobe.dev' };
/** The file's content lines, unfolded. */
const unfold = (ics: string) => ics.replace(/\r\n /g, '').split('\r\n').filter(Boolean);

describe('reminderIcs', () => {
  it('is an all-day event 90 days ahead naming the provider, the last 4 characters and the console page, with a 9:00 alarm', () => {
    const ics = reminderIcs(input);
    const lines = unfold(ics);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toContain('DTSTART;VALUE=DATE:20270228');
    expect(lines).toContain('DTEND;VALUE=DATE:20270301');
    expect(lines).toContain('DTSTAMP:20261130T233000Z');
    expect(lines).toContain(`UID:${input.uid}@keyprobe`);
    expect(lines).toContain(`SUMMARY:Rotate your Mistral API key ending in ${key.slice(-4)}`);
    expect(lines).toContain('URL:https://console.mistral.ai/api-keys');
    expect(lines).toContain('TRIGGER:PT9H');
    expect(lines.find((l) => l.startsWith('DESCRIPTION:Time'))).toContain('create a new key at https://console.mistral.ai/api-keys\\, switch your apps to it\\, then revoke the old one.\\nKeyprobe');
    expect(leaksOf(key, ics)).toEqual([]);
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('folds every line at 75 octets, UTF-8 aware, and escapes text', () => {
    const long = reminderIcs({ ...input, providerName: 'Prövïder with a rather long name, truly; very long indeed' });
    for (const line of long.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(unfold(long).find((l) => l.startsWith('SUMMARY:'))).toBe('SUMMARY:Rotate your Prövïder with a rather long name\\, truly\\; very long indeed API key ending in ' + key.slice(-4));
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const folded = fold(`X:${text}`);
        for (const line of folded.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
        expect(folded.replace(/\r\n /g, '')).toBe(`X:${text}`);
      }),
    );
  });

  it('counts days from the UTC date, and works without a key tail', () => {
    expect(reminderDay(new Date('2026-12-31T12:00:00Z'), 1).toISOString().slice(0, 10)).toBe('2027-01-01');
    expect(reminderDay(new Date('2028-02-28T00:00:00Z'), 1).toISOString().slice(0, 10)).toBe('2028-02-29');
    expect(unfold(reminderIcs({ ...input, keyTail: '' }))).toContain('SUMMARY:Rotate your Mistral API key');
  });

  it('names the file after the provider and the last 4 characters', () => {
    expect(reminderFileName('Mistral', 'Q1e9')).toBe('rotate-mistral-key-Q1e9.ics');
    expect(reminderFileName('Azure OpenAI', '')).toBe('rotate-azure-openai-key.ics');
    expect(reminderFileName('x', '../a')).toBe('rotate-x-key.ics');
  });
});

describe('reminderDays', () => {
  it('reads the field as whole days within 1-730, and anything unreadable as 90', () => {
    expect(['30', ' 45 ', '7.6', '0', '-3', '9999', '', 'abc'].map(reminderDays)).toEqual([30, 45, 8, 1, 1, 730, 90, 90]);
  });
});
