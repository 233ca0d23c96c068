/**
 * The per-network daily test counter. One object per (network, day), named by an HMAC that
 * neither names the network nor lasts beyond the day (src/server/abuse.ts). It stores one count
 * and its expiry, never an address or a key, and deletes both when the 24 h are over.
 */
import { DurableObject } from 'cloudflare:workers';

const DAY_MS = 86_400_000;

interface Entry {
  count: number;
  expires: number;
}

export class DailyCap extends DurableObject {
  /** Counts one test and says whether it is within `limit` for this object's day. */
  async count(limit: number): Promise<{ allowed: boolean; count: number }> {
    const now = Date.now();
    let entry = await this.ctx.storage.get<Entry>('entry');
    if (!entry || entry.expires <= now) {
      entry = { count: 0, expires: now + DAY_MS };
      await this.ctx.storage.setAlarm(entry.expires);
    }
    entry.count += 1;
    await this.ctx.storage.put('entry', entry);
    return { allowed: entry.count <= limit, count: entry.count };
  }

  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }
}
