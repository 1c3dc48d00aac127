import type { Redis } from 'ioredis';
import { UserPreferencesStore, type UserPreferences } from '../user-preferences-store.port.js';
import { stateKeys } from './state-keys.js';

/**
 * Preferences in Redis: one JSON string per user under `<prefix>user:<wa_id>`, without a TTL, so a choice
 * outlives the conversation (whose key expires after SESSION_TTL_SECONDS).
 */
export class RedisUserPreferencesStore extends UserPreferencesStore {
  private readonly keys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    super();
    this.keys = stateKeys(prefix);
  }

  async read(waId: string): Promise<UserPreferences | undefined> {
    const json = await this.redis.get(this.keys.user(waId));
    return json === null ? undefined : (JSON.parse(json) as UserPreferences);
  }

  async write(waId: string, preferences: UserPreferences): Promise<void> {
    await this.redis.set(this.keys.user(waId), JSON.stringify(preferences));
  }
}
