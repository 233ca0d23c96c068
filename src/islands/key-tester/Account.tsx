import type { Ids } from './types';
import { For, Show } from 'solid-js';
import type { AccountEvent } from '../../lib/api-contract';

const yesNo = (value: boolean | null, yes: string, no: string) => (value === null ? null : value ? yes : no);

/** What the provider's free call says about the account: balances, limits, the key's label and rights. Never personal data. */
export default function Account(props: { ids: Ids; account: AccountEvent; providerName: string }) {
  const a = () => props.account;
  const facts = () =>
    [
      ['Account type', a().accountType ?? null],
      ['Can spend', yesNo(a().canSpend, 'yes', 'no: the account has no usable credit')],
      ['Free tier', yesNo(a().freeTier, 'yes (never bought credits)', 'no')],
      ['Limit', a().limit === null ? null : String(a().limit)],
      ['Remaining', a().remaining === null ? null : String(a().remaining)],
      ['Key', a().keyLabel],
      ['Expires', a().expiresAt],
    ].filter((f): f is [string, string] => f[1] !== null);
  return (
    <section class="kt-panel" aria-labelledby={props.ids.region('account-title')}>
      <h3 id={props.ids('account-title')}>Account, as {props.providerName} reports it</h3>
      <dl class="kt-facts">
        <For each={a().balances}>
          {(b) => (
            <div>
              <dt>Balance ({b.currency})</dt>
              <dd>{b.amount}</dd>
            </div>
          )}
        </For>
        <For each={facts()}>
          {([name, value]) => (
            <div>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          )}
        </For>
      </dl>
      <Show when={a().permissions.length}>
        <p class="kt-hint">
          Permissions: <For each={a().permissions}>{(p, i) => <>{i() > 0 && ', '}<code>{p}</code></>}</For>
        </p>
      </Show>
    </section>
  );
}
