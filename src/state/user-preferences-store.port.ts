/** What the bot remembers about a user beyond any conversation. Plain JSON, so every store can keep it. */
export interface UserPreferences {
  /** The language the user chose with the `language` command (a code such as `es`). */
  readonly language?: string;
}

/**
 * Where each user's preferences live. Keys are wa_ids. Unlike conversation state, preferences do not expire:
 * a language chosen once survives SESSION_TTL_SECONDS. The memory adapter is bounded (least recently used users
 * go first), the Redis adapter is not. Every adapter passes `user-preferences-store.contract.ts`.
 */
export abstract class UserPreferencesStore {
  abstract read(waId: string): Promise<UserPreferences | undefined>;
  /** Replaces the user's preferences (callers merge: read, change, write). */
  abstract write(waId: string, preferences: UserPreferences): Promise<void>;
}
