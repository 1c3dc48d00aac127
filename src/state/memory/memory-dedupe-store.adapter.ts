import { LruMap } from '../../common/lru-map.js';
import { DedupeStore } from '../dedupe-store.port.js';

/**
 * In-process dedupe: remembers ids for `ttlSeconds`, and at most `maxEntries` of them (the least recently claimed
 * are forgotten first), so a flood of messages cannot exhaust memory.
 */
export class MemoryDedupeStore extends DedupeStore {
  /** id → expiry time, least recently claimed first. */
  private readonly expiries: LruMap<string, number>;

  constructor(
    private readonly ttlSeconds: number,
    maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.expiries = new LruMap(maxEntries);
  }

  async claim(messageId: string): Promise<boolean> {
    const now = this.now();
    const expiresAt = this.expiries.get(messageId);
    if (expiresAt !== undefined && expiresAt > now) return false;
    this.expiries.set(messageId, now + this.ttlSeconds * 1000);
    this.sweepExpired(now);
    return true;
  }

  /** Drops expired ids from the front; a redelivery moves its id back, so later expired ones may wait a while. */
  private sweepExpired(now: number): void {
    for (const [id, expiresAt] of this.expiries) {
      if (expiresAt > now) break;
      this.expiries.delete(id);
    }
  }
}
