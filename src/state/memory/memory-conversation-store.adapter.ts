import { Logger } from '@nestjs/common';
import { MEMORY_STORE_FULL } from '../../common/errors/error-messages.js';
import { LruMap } from '../../common/lru-map.js';
import type { ConversationState } from '../conversation-state.js';
import type { RenamableMemoryStore } from '../user-state-mover.port.js';
import { ConversationStore } from '../conversation-store.port.js';

interface Entry {
  readonly json: string;
  readonly expiresAt: number;
}

/**
 * In-process conversation store: a Map with an idle TTL, holding at most `maxEntries` users (SESSION_MAX_ENTRIES;
 * beyond it the least recently read or written user is forgotten), so a flood of new numbers cannot exhaust memory.
 * States are stored as JSON so callers get copies, exactly as from Redis: code that forgets to `write` fails here
 * too, not only in production.
 */
export class MemoryConversationStore extends ConversationStore implements RenamableMemoryStore {
  private readonly logger = new Logger(MemoryConversationStore.name);
  private readonly entries: LruMap<string, Entry>;

  constructor(
    private readonly ttlSeconds: number,
    maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.entries = new LruMap(maxEntries, () => this.logger.warn(MEMORY_STORE_FULL('conversations', maxEntries)));
  }

  async read(waId: string): Promise<ConversationState | undefined> {
    const entry = this.entries.get(waId);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(waId);
      return undefined;
    }
    return JSON.parse(entry.json) as ConversationState;
  }

  async write(waId: string, state: ConversationState): Promise<void> {
    this.entries.set(waId, { json: JSON.stringify(state), expiresAt: this.now() + this.ttlSeconds * 1000 });
    this.sweepExpired();
  }

  async delete(waId: string): Promise<void> {
    this.entries.delete(waId);
  }

  renameUser(from: string, to: string): void {
    this.entries.rename(from, to);
  }

  /**
   * Drops expired entries from the front (least recently used), so idle users do not pile up in memory. A read
   * moves an entry back without renewing its TTL, so the walk may stop before a later expired entry: that one goes
   * on its next read, on a later sweep, or through the size bound.
   */
  private sweepExpired(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}
