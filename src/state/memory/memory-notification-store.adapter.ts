import { Logger } from '@nestjs/common';
import { MEMORY_STORE_FULL } from '../../common/errors/error-messages.js';
import { LruMap } from '../../common/lru-map.js';
import { NotificationStore, type NotificationRecord } from '../notification-store.port.js';

interface Expiring<T> {
  readonly value: T;
  readonly expiresAt: number;
}

/**
 * In-process notifications: records and the wamid index expire after `ttlSeconds`, idempotency keys after the
 * claim's own TTL, checked against the clock on read; at most `maxEntries` of each (least recently used go first).
 * Records are stored as JSON so callers get copies, exactly as from Redis.
 */
export class MemoryNotificationStore extends NotificationStore {
  private readonly logger = new Logger(MemoryNotificationStore.name);
  private readonly records: LruMap<string, Expiring<string>>;
  private readonly byMessageId: LruMap<string, Expiring<string>>;
  private readonly keys: LruMap<string, Expiring<string>>;

  constructor(
    private readonly ttlSeconds: number,
    maxEntries: number,
  ) {
    super();
    const warn = () => this.logger.warn(MEMORY_STORE_FULL('notifications', maxEntries));
    this.records = new LruMap(maxEntries, warn);
    this.byMessageId = new LruMap(maxEntries);
    this.keys = new LruMap(maxEntries);
  }

  async save(record: NotificationRecord): Promise<void> {
    const expiresAt = Date.now() + this.ttlSeconds * 1000;
    this.records.set(record.id, { value: JSON.stringify(record), expiresAt });
    if (record.messageId !== undefined) this.byMessageId.set(record.messageId, { value: record.id, expiresAt });
  }

  async read(id: string): Promise<NotificationRecord | undefined> {
    const json = live(this.records, id);
    return json === undefined ? undefined : (JSON.parse(json) as NotificationRecord);
  }

  async idByMessageId(messageId: string): Promise<string | undefined> {
    return live(this.byMessageId, messageId);
  }

  async claimIdempotencyKey(key: string, id: string, ttlSeconds: number): Promise<string | undefined> {
    const existing = live(this.keys, key);
    if (existing !== undefined) return existing;
    this.keys.set(key, { value: id, expiresAt: Date.now() + ttlSeconds * 1000 });
    return undefined;
  }

  async releaseIdempotencyKey(key: string, id: string): Promise<void> {
    if (live(this.keys, key) === id) this.keys.delete(key);
  }
}

/** The entry's value while it has not expired; an expired entry is dropped. */
function live(map: LruMap<string, Expiring<string>>, key: string): string | undefined {
  const entry = map.get(key);
  if (entry === undefined) return undefined;
  if (Date.now() >= entry.expiresAt) {
    map.delete(key);
    return undefined;
  }
  return entry.value;
}
