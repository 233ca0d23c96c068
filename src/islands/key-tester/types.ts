/** Props the host page passes to the island (serialised into the page, not bundled as code). */
import type { BenchmarkTarget, CheckName } from '../../lib/api-contract';
import type { DetectableProvider } from '../../lib/key-inspect';
import type { ModelCatalogue } from '../../lib/model-catalogue';
import type { PriceRow } from '../../lib/pricing';
import type { WorkKind } from '../../lib/provider-schema';
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
  /** The checks this provider offers, with the models they try and their token bounds. */
  checks: OfferedCheck[];
  /** Default benchmark model per work kind. */
  benchmarkModels: Partial<Record<WorkKind, string>>;
  /** How the provider's models group and read. */
  catalogue: ModelCatalogue;
  /** Every provider's key shapes (without their sources), for detection as you type. */
  shapes: (DetectableProvider & { tester: boolean })[];
  /** Token-priced models of the provider. */
  prices: PricedOption[];
  /** Site key of the optional human check (Turnstile), when the site was built with one. */
  turnstileSiteKey?: string;
  /** Scenario keys of the fake upstream; only in demo builds. */
  demoKeys?: DemoKey[];
}

export interface OfferedCheck {
  name: CheckName;
  /** Tried in order; the first the key lists is used. */
  models: string[];
  inputTokens: number;
  maxTokens: number;
}

export type { BenchmarkTarget };
