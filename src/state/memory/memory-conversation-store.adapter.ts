import type { ConversationState } from '../conversation-state.js';
import { ConversationStore } from '../conversation-store.port.js';

interface Entry {
  readonly json: string;
  readonly expiresAt: number;
}

/**
 * In-process conversation store: a Map with an idle TTL. States are stored as JSON so callers get copies,
 * exactly as from Redis: code that forgets to `write` fails here too, not only in production.
 */
export class MemoryConversationStore extends ConversationStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    super();
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
    // Re-inserting moves the key to the end, so the sweep below meets the oldest entries first.
    this.entries.delete(waId);
    this.entries.set(waId, { json: JSON.stringify(state), expiresAt: this.now() + this.ttlSeconds * 1000 });
    this.sweepExpired();
  }

  async delete(waId: string): Promise<void> {
    this.entries.delete(waId);
  }

  /** Drops expired entries from the front (oldest writes), so idle users do not pile up in memory. */
  private sweepExpired(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}
