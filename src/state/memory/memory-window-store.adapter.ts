import { Logger } from '@nestjs/common';
import { MEMORY_STORE_FULL } from '../../common/errors/error-messages.js';
import { LruMap } from '../../common/lru-map.js';
import type { RenamableMemoryStore } from '../user-state-mover.port.js';
import { WINDOW_RETENTION_SECONDS, WindowStore } from '../window-store.port.js';

/**
 * In-process last-inbound times: at most `maxEntries` users (least recently used go first), each forgotten
 * WINDOW_RETENTION_SECONDS after its last message, checked against the clock on read.
 */
export class MemoryWindowStore extends WindowStore implements RenamableMemoryStore {
  private readonly logger = new Logger(MemoryWindowStore.name);
  private readonly entries: LruMap<string, number>;

  constructor(maxEntries: number) {
    super();
    this.entries = new LruMap(maxEntries, () => this.logger.warn(MEMORY_STORE_FULL('window', maxEntries)));
  }

  async recordInbound(waId: string, at: number): Promise<void> {
    const known = await this.lastInboundAt(waId);
    if (known === undefined || at > known) this.entries.set(waId, at);
  }

  async rewind(waId: string, ms: number): Promise<void> {
    const at = this.entries.get(waId);
    if (at !== undefined) this.entries.set(waId, at - ms);
  }

  renameUser(from: string, to: string): void {
    this.entries.rename(from, to);
  }

  async lastInboundAt(waId: string): Promise<number | undefined> {
    const at = this.entries.get(waId);
    if (at === undefined) return undefined;
    if (Date.now() - at > WINDOW_RETENTION_SECONDS * 1000) {
      this.entries.delete(waId);
      return undefined;
    }
    return at;
  }
}
