import type { EndpointOption } from './logic/verdict';

interface Props {
  id: string;
  providerName: string;
  /** How many endpoints the provider has (one: no need to say which). */
  endpointCount: number;
  /** The endpoints of this run whose key check is a paid call. */
  paid: EndpointOption[];
  /** Whether only the chosen endpoint's is (then "this endpoint"). */
  onlyChosen: boolean;
  checked: boolean;
  disabled: boolean;
  onChange(checked: boolean): void;
}

/**
 * "I agree to this cost": a key check that is not free runs only after the user has seen its cost
 * and ticked this. Part of the lazily loaded chunk, like the cost line it follows.
 */
export default function Consent(props: Props) {
  const where = () =>
    props.endpointCount < 2 ? '' : ` on ${props.onlyChosen ? 'this endpoint' : props.paid.map((e) => e.label.replace(/\s*\(.*\)$/, '')).join(' and ')}`;
  return (
    <label class="kt-confirm">
      <input id={props.id} type="checkbox" checked={props.checked} disabled={props.disabled} onChange={(e) => props.onChange(e.currentTarget.checked)} />
      <span>
        I agree to this cost. {props.providerName} has no free call{where()}, so even the key check is a paid call, billed to my key.
      </span>
    </label>
  );
}
