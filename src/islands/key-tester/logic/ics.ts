/**
 * "Remind me to rotate this key": a calendar file (iCalendar, RFC 5545) built in the browser — an
 * all-day event some days ahead naming the provider, the key's last 4 characters and the console
 * page where its keys are rotated, with a reminder at 9:00 that day. Nothing is sent or stored:
 * the file is handed to the browser as a download. Pure.
 */

export const REMINDER_DAYS = { min: 1, max: 730, default: 90 } as const;

/**
 * The days typed into the reminder's field: whole, within REMINDER_DAYS, the default when
 * unreadable. The reminder's own rule rather than the options' clampInt, so that its chunk does not
 * import from the tester's lazy chunk (which would then carry a module namespace for it).
 */
export function reminderDays(typed: string): number {
  const n = Math.round(Number(typed.trim() || NaN));
  return Number.isFinite(n) ? Math.min(REMINDER_DAYS.max, Math.max(REMINDER_DAYS.min, n)) : REMINDER_DAYS.default;
}

export interface ReminderInput {
  providerName: string;
  /** The key's last 4 characters, or '' when the key was too short to spare them. */
  keyTail: string;
  /** The provider's console page for keys (its data's `links.keys`). */
  keysUrl: string;
  days: number;
  now: Date;
  /** A random id for the event (crypto.randomUUID() in the browser). */
  uid: string;
  /** The site, named in the event's description. */
  origin: string;
}

/** The day of the reminder: `days` after `now`'s UTC date. */
export function reminderDay(now: Date, days: number): Date {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  day.setUTCDate(day.getUTCDate() + days);
  return day;
}

const ymd = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '');
const stamp = (d: Date) => `${d.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;

/** TEXT values: backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11). */
export const escapeText = (text: string) => text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Content lines of at most 75 octets, continued on lines that start with a space (RFC 5545 3.1). */
export function fold(line: string): string {
  const bytes = (s: string) => new TextEncoder().encode(s).length;
  const parts: string[] = [];
  let current = '';
  for (const ch of line) {
    if (bytes(current + ch) > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = '';
    }
    current += ch;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function reminderIcs(input: ReminderInput): string {
  const key = input.keyTail ? `${input.providerName} API key ending in ${input.keyTail}` : `${input.providerName} API key`;
  const day = reminderDay(input.now, input.days);
  const next = reminderDay(day, 1);
  const summary = `Rotate your ${key}`;
  const description = [
    `Time to rotate your ${key}: create a new key at ${input.keysUrl}, switch your apps to it, then revoke the old one.`,
    `Keyprobe (${input.origin}/) made this reminder in your browser after the key passed a test; it sent and stored nothing.`,
  ].join('\n');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Keyprobe//Key rotation reminder//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${input.uid}@keyprobe`,
    `DTSTAMP:${stamp(input.now)}`,
    `DTSTART;VALUE=DATE:${ymd(day)}`,
    `DTEND;VALUE=DATE:${ymd(next)}`,
    `SUMMARY:${escapeText(summary)}`,
    `DESCRIPTION:${escapeText(description)}`,
    `URL:${input.keysUrl}`,
    'TRANSP:TRANSPARENT',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    `DESCRIPTION:${escapeText(summary)}`,
    'TRIGGER:PT9H',
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** "rotate-mistral-key-WXYZ.ics" */
export function reminderFileName(providerName: string, keyTail: string): string {
  const name = providerName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'api';
  return `rotate-${name}-key${keyTail && /^[A-Za-z0-9_-]{4}$/.test(keyTail) ? `-${keyTail}` : ''}.ics`;
}
