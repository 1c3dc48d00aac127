import type { Redis } from 'ioredis';
import { NotificationStore, type NotificationRecord } from '../notification-store.port.js';
import { stateKeys } from './state-keys.js';

const RELEASE_IF_OWNER = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Notifications in Redis, shared by every instance: the record under `<prefix>notification:<id>`, the wamid
 * index under `<prefix>notification-wamid:<wamid>` (both expiring after `ttlSeconds`), and idempotency keys under
 * `<prefix>notification-key:<key>`, claimed with SET NX so two instances cannot both send.
 */
export class RedisNotificationStore extends NotificationStore {
  private readonly keys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly ttlSeconds: number,
  ) {
    super();
    this.keys = stateKeys(prefix);
  }

  async save(record: NotificationRecord): Promise<void> {
    const multi = this.redis
      .multi()
      .set(this.keys.notification(record.id), JSON.stringify(record), 'EX', this.ttlSeconds);
    if (record.messageId !== undefined)
      multi.set(this.keys.notificationByMessage(record.messageId), record.id, 'EX', this.ttlSeconds);
    const results = await multi.exec();
    const failure = results?.find(([error]) => error !== null)?.[0];
    if (failure) throw failure;
  }

  async read(id: string): Promise<NotificationRecord | undefined> {
    const json = await this.redis.get(this.keys.notification(id));
    return json === null ? undefined : (JSON.parse(json) as NotificationRecord);
  }

  async idByMessageId(messageId: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.notificationByMessage(messageId))) ?? undefined;
  }

  async claimIdempotencyKey(key: string, id: string, ttlSeconds: number): Promise<string | undefined> {
    const redisKey = this.keys.notificationKey(key);
    // Twice at most: a key that expires between our SET NX and our GET is claimable again.
    for (let round = 0; round < 2; round++) {
      if ((await this.redis.set(redisKey, id, 'EX', ttlSeconds, 'NX')) === 'OK') return undefined;
      const owner = await this.redis.get(redisKey);
      if (owner !== null) return owner;
    }
    return undefined;
  }

  async releaseIdempotencyKey(key: string, id: string): Promise<void> {
    // Only the claimer's own key: compare and delete in one step, as another instance may hold it by now.
    await this.redis.eval(RELEASE_IF_OWNER, 1, this.keys.notificationKey(key), id);
  }
}
