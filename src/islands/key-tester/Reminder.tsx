import { createSignal } from 'solid-js';
import { REMINDER_DAYS, reminderDay, reminderDays, reminderFileName, reminderIcs } from './logic/ics';
import type { Ids } from './types';

/**
 * "Remind me to rotate this key": a calendar file made here and downloaded (./logic/ics.ts);
 * nothing is sent or stored.
 */
export default function Reminder(props: { ids: Ids; providerName: string; keyTail: string; keysUrl: string }) {
  const [days, setDays] = createSignal<number>(REMINDER_DAYS.default);
  const [status, setStatus] = createSignal('');
  const day = () => reminderDay(new Date(), days()).toISOString().slice(0, 10);
  const download = () => {
    const ics = reminderIcs({ providerName: props.providerName, keyTail: props.keyTail, keysUrl: props.keysUrl, days: days(), now: new Date(), uid: crypto.randomUUID(), origin: location.origin });
    const url = URL.createObjectURL(new Blob([ics], { type: 'text/calendar;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = reminderFileName(props.providerName, props.keyTail);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setStatus(`Calendar file downloaded: open it to add the reminder for ${day()}. Nothing was sent or stored.`);
  };
  return (
    <div class="kt-reminder">
      <button type="button" onClick={download}>
        Remind me to rotate this key
      </button>
      <span class="kt-reminder-days">
        <label for={props.ids('remind-days')}>in</label>
        <input
          id={props.ids('remind-days')}
          type="number"
          inputmode="numeric"
          min={REMINDER_DAYS.min}
          max={REMINDER_DAYS.max}
          step="1"
          value={days()}
          aria-describedby={props.ids('remind-when')}
          onChange={(e) => {
            const value = reminderDays(e.currentTarget.value);
            setDays(value);
            e.currentTarget.value = String(value);
          }}
        />{' '}
        days <span id={props.ids('remind-when')} class="kt-hint kt-inline">(on {day()}; a calendar file, made here)</span>
      </span>
      <span class="kt-hint" role="status">
        {status()}
      </span>
    </div>
  );
}
