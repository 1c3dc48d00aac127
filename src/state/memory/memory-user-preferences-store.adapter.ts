import { Logger } from '@nestjs/common';
import { MEMORY_STORE_FULL } from '../../common/errors/error-messages.js';
import { LruMap } from '../../common/lru-map.js';
import type { RenamableMemoryStore } from '../user-state-mover.port.js';
import { UserPreferencesStore, type UserPreferences } from '../user-preferences-store.port.js';

/**
 * In-process preferences: no expiry, but at most `maxEntries` users (SESSION_MAX_ENTRIES; beyond it the least
 * recently used user is forgotten and falls back to DEFAULT_LANGUAGE), so a flood of new numbers cannot exhaust
 * memory. Stored as JSON so callers get copies, exactly as from Redis.
 */
export class MemoryUserPreferencesStore extends UserPreferencesStore implements RenamableMemoryStore {
  private readonly logger = new Logger(MemoryUserPreferencesStore.name);
  private readonly entries: LruMap<string, string>;

  constructor(maxEntries: number) {
    super();
    this.entries = new LruMap(maxEntries, () => this.logger.warn(MEMORY_STORE_FULL('preferences', maxEntries)));
  }

  async read(waId: string): Promise<UserPreferences | undefined> {
    const json = this.entries.get(waId);
    return json === undefined ? undefined : (JSON.parse(json) as UserPreferences);
  }

  async write(waId: string, preferences: UserPreferences): Promise<void> {
    this.entries.set(waId, JSON.stringify(preferences));
  }

  renameUser(from: string, to: string): void {
    this.entries.rename(from, to);
  }
}
