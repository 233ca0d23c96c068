/** Values the global setups hand to tests (vitest `provide` / `inject`). */
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    upstreamOverrides: string;
    /** Every provider fake's origin, by provider and role, as JSON (tests/support/fakes.ts). */
    fakeOrigins: string;
    fakePlatform: string;
    fakeCodestral: string;
    /** The made-up provider of the seam test (tests/fixtures/acme). */
    fakeAcme: string;
    /** Turnstile's siteverify, faked (tests/fakes/turnstile.ts). */
    fakeTurnstile: string;
    siteOrigin: string;
    inspectorPort: number;
    wranglerLog: string;
    /** The e2e run's Workers storage directory (wrangler dev --persist-to). */
    wranglerState: string;
    /** One seed per run for both arms of the fuzz test (tests/support/fuzz-requests.ts). */
    fuzzSeed: number;
  }
}
