/** Props the host page passes to the island (serialised into the page, not bundled as code). */
import type { BenchmarkTarget, CheckName } from '../../lib/api-contract';
import type { DetectableProvider } from '../../lib/key-inspect';
import type { ModelCatalogue } from '../../lib/model-catalogue';
import type { PriceRow } from '../../lib/pricing';
import type { WorkKind } from '../../lib/provider-schema';
import type { Options } from './logic/options';
import type { EndpointOption } from './logic/verdict';

export interface DemoKey {
  name: string;
  key: string;
  description: string;
}

export interface PricedOption extends PriceRow {
  family: string;
}

/** One provider's facts, as the tester reads them (./build-data.ts): props on its page, a chunk elsewhere. */
export interface ProviderFacts {
  /** Provider id, e.g. `mistral`. */
  provider: string;
  /** Name in running text, e.g. "Mistral". */
  providerName: string;
  endpoints: EndpointOption[];
  /** The checks this provider offers, with the models they try and their token bounds. */
  checks: OfferedCheck[];
  /** Default benchmark model per work kind. */
  benchmarkModels: Partial<Record<WorkKind, string>>;
  /**
   * The options a tester starts with, worked out at build time (./logic/options.ts), so that the
   * page's first script needs neither that module nor the API contract's limits.
   */
  defaultOptions: Options;
  /** How the provider's models group and read. */
  catalogue: ModelCatalogue;
  /** Token-priced models of the provider. */
  prices: PricedOption[];
  /** The console page where keys are created, revoked and rotated. */
  keysUrl: string;
  /** Codes of the provider's error pages (`/<provider>/errors/<code>/`). */
  errorCodes: string[];
  /** The rate limits its headers can report, by name and window (what a shared result may name). */
  rateLimits: { name: string; window: string }[];
}

export interface TesterProps extends ProviderFacts {
  /** Site key of the optional human check (Turnstile), when the site was built with one. */
  turnstileSiteKey?: string;
  /** Scenario keys of the fake upstream; only in demo builds. */
  demoKeys?: DemoKey[];
}

/** A provider as key detection sees it: names, shapes, whether it has a tester and a guide. */
export type ShapeEntry = DetectableProvider & { tester: boolean; guide: boolean };

/**
 * Element ids of one tester: `ids('key')` is its key field's. A page's one host tester names its
 * result panels as regions (`region`); testers used bare, perhaps several on a page, do not, so
 * that no two landmarks share a name.
 */
export type Ids = ((name: string) => string) & { region(name: string): string | undefined };

export interface OfferedCheck {
  name: CheckName;
  /** Tried in order; the first the key lists is used. */
  models: string[];
  inputTokens: number;
  maxTokens: number;
}

export type { BenchmarkTarget };
