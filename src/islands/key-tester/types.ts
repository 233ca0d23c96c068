/** Props the host page passes to the island (serialised into the page, not bundled as code). */
import type { PriceRow } from '../../lib/pricing';
import type { DetectableProvider } from '../../lib/key-inspect';
import type { EndpointOption } from './logic/verdict';

export interface DemoKey {
  name: string;
  key: string;
  description: string;
}

export interface PricedOption extends PriceRow {
  family: string;
}

export interface TesterProps {
  /** Provider id, e.g. `mistral`. */
  provider: string;
  /** Name in running text, e.g. "Mistral". */
  providerName: string;
  endpoints: EndpointOption[];
  /** Every provider's key shapes (without their sources), for detection as you type. */
  shapes: (DetectableProvider & { tester: boolean })[];
  /** Token-priced models of the provider. */
  prices: PricedOption[];
  /** Scenario keys of the fake upstream; only in demo builds. */
  demoKeys?: DemoKey[];
}
