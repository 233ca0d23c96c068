/** Modules generated at build time by Keyprobe's own Vite plugin (src/integrations/content-modules.ts). */
declare module 'virtual:keyprobe/providers' {
  const providers: Record<string, import('./provider-schema').ProviderData>;
  export default providers;
}

declare module 'virtual:keyprobe/provider-loaders' {
  const loaders: Record<string, () => Promise<{ default: import('./provider-schema').ProviderData }>>;
  export default loaders;
}

declare module 'virtual:keyprobe/error-pages' {
  const index: import('../integrations/content-modules').ErrorPagesIndex;
  export default index;
}

/** The tester's provider data, one chunk per provider (src/integrations/tester-modules.ts). */
declare module 'virtual:keyprobe/testers' {
  /** Providers with a tester, each with a loader of its facts. */
  export const testers: Record<string, () => Promise<{ default: import('../islands/key-tester/types').ProviderFacts }>>;
  /** Every provider's names and key shapes. */
  export const keyShapes: () => Promise<{ default: import('../islands/key-tester/types').ShapeEntry[] }>;
}

declare module 'virtual:keyprobe/search-dialog' {
  /** URL of the built src/scripts/search-dialog.ts (src/integrations/search-dialog-module.ts). */
  const url: string;
  export default url;
}
