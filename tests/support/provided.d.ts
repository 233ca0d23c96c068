/** Values the global setups hand to tests (vitest `provide` / `inject`). */
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    upstreamOverrides: string;
    fakePlatform: string;
    fakeCodestral: string;
    siteOrigin: string;
    inspectorPort: number;
    wranglerLog: string;
    /** One seed per run for both arms of the fuzz test (tests/support/fuzz-requests.ts). */
    fuzzSeed: number;
  }
}
