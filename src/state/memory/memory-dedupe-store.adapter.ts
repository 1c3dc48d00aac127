import { DedupeStore } from '../dedupe-store.port.js';

/**
 * In-process dedupe: remembers ids for `ttlSeconds`, and at most `maxEntries` of them (the oldest are
 * forgotten first), so a flood of messages cannot exhaust memory.
 */
export class MemoryDedupeStore extends DedupeStore {
  /** id → expiry time; insertion order is claim order, so the first entries are the oldest. */
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  async claim(messageId: string): Promise<boolean> {
    const now = this.now();
    const expiresAt = this.expiries.get(messageId);
    if (expiresAt !== undefined && expiresAt > now) return false;
    this.expiries.delete(messageId);
    this.expiries.set(messageId, now + this.ttlSeconds * 1000);
    this.evict(now);
    return true;
  }

  private evict(now: number): void {
    for (const [id, expiresAt] of this.expiries) {
      if (this.expiries.size <= this.maxEntries && expiresAt > now) break;
      this.expiries.delete(id);
    }
  }
}
