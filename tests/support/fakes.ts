/**
 * All provider fakes on loopback (tests/fakes/index.ts), plus the UPSTREAM_OVERRIDES value that
 * points the endpoint at them.
 */
import { FAKES } from '../fakes/index.ts';
import type { FakeServer } from '../fakes/framework.ts';

export interface RunningFakes {
  /** Servers by provider and role. */
  servers: Record<string, Record<string, FakeServer<string>>>;
  /** Their origins, by provider and role (handed to tests as JSON). */
  origins: Record<string, Record<string, string>>;
  /** JSON for UPSTREAM_OVERRIDES. */
  overrides: string;
  close(): Promise<void>;
}

export async function startFakes(): Promise<RunningFakes> {
  const servers: RunningFakes['servers'] = {};
  const origins: RunningFakes['origins'] = {};
  const overrides: Record<string, string> = {};
  for (const entry of FAKES) {
    for (const [role, fake] of Object.entries(entry.roles)) {
      const server = await fake.start({});
      (servers[entry.provider] ??= {})[role] = server;
      (origins[entry.provider] ??= {})[role] = server.origin;
      for (const origin of fake.origins) overrides[origin] = server.origin;
    }
  }
  return {
    servers,
    origins,
    overrides: JSON.stringify(overrides),
    close: async () => {
      await Promise.all(Object.values(servers).flatMap((roles) => Object.values(roles).map((s) => s.close())));
    },
  };
}
