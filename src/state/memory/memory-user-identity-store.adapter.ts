import { Logger } from '@nestjs/common';
import { MEMORY_STORE_FULL } from '../../common/errors/error-messages.js';
import { LruMap } from '../../common/lru-map.js';
import { UserIdentityStore } from '../user-identity-store.port.js';

/** In-process BSUID → wa_id links, at most `maxEntries` (least recently used go first). */
export class MemoryUserIdentityStore extends UserIdentityStore {
  private readonly logger = new Logger(MemoryUserIdentityStore.name);
  private readonly links: LruMap<string, string>;

  constructor(maxEntries: number) {
    super();
    this.links = new LruMap(maxEntries, () => this.logger.warn(MEMORY_STORE_FULL('identities', maxEntries)));
  }

  async link(userId: string, waId: string): Promise<void> {
    this.links.set(userId, waId);
  }

  async waIdOf(userId: string): Promise<string | undefined> {
    return this.links.get(userId);
  }

  async unlink(userId: string): Promise<void> {
    this.links.delete(userId);
  }
}
