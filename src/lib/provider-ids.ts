/**
 * Every provider Keyprobe knows: one file each in src/content/providers/, read at build time into
 * `virtual:keyprobe/providers` (src/integrations/content-modules.ts). Adding a provider is adding
 * its file; no code lists them.
 */
import providers from 'virtual:keyprobe/providers';

export type ProviderId = string;

/** Provider ids in name order. */
export const PROVIDER_IDS: readonly ProviderId[] = Object.keys(providers).sort();

export const isProviderId = (value: string): value is ProviderId => Object.hasOwn(providers, value);
