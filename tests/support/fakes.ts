/**
 * Both fake Mistral hosts on loopback (platform: api.mistral.ai, api.eu, api.us; and
 * codestral.mistral.ai), plus the UPSTREAM_OVERRIDES value that points the endpoint at them.
 */
import { startFakeMistral, type FakeMistral } from '../fakes/mistral/server.ts';

export interface FakePair {
  platform: FakeMistral;
  codestral: FakeMistral;
  /** JSON for UPSTREAM_OVERRIDES. */
  overrides: string;
  close(): Promise<void>;
}

export async function startFakePair(ports: { platform?: number; codestral?: number } = {}): Promise<FakePair> {
  const platform = await startFakeMistral({ role: 'platform', port: ports.platform ?? 0 });
  const codestral = await startFakeMistral({ role: 'codestral', port: ports.codestral ?? 0 });
  const overrides = JSON.stringify({
    'https://api.mistral.ai': platform.origin,
    'https://api.eu.mistral.ai': platform.origin,
    'https://api.us.mistral.ai': platform.origin,
    'https://codestral.mistral.ai': codestral.origin,
  });
  return {
    platform,
    codestral,
    overrides,
    close: async () => {
      await Promise.all([platform.close(), codestral.close()]);
    },
  };
}
