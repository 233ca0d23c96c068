/** Values the global setups hand to tests (vitest `provide` / `inject`). */
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    upstreamOverrides: string;
    fakePlatform: string;
    fakeCodestral: string;
    /** The made-up provider of the seam test (tests/fixtures/acme). */
    fakeAcme: string;
    siteOrigin: string;
    wranglerLog: string;
  }
}
