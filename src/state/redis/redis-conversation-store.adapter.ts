import type { Redis } from 'ioredis';
import { RedisScript } from '../../redis/redis-script.js';
import type { ConversationState } from '../conversation-state.js';
import { ConversationStore } from '../conversation-store.port.js';
import { fenceFor, FencedWriteRejectedError } from '../state-write-fence.js';
import { stateKeys } from './state-keys.js';

/** SET or DEL the state only while the lock still holds the writer's token (KEYS: state, lock; ARGV: token, json?, ttl). */
const FENCED_WRITE = new RedisScript(
  `if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
   if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) end
   return 1`,
  2,
);

/**
 * Conversation state in Redis: one JSON string per user under `<prefix>session:<wa_id>`, with the same idle TTL as
 * the memory adapter (renewed by every write). Under a write fence (see `state-write-fence.ts`) writes and deletes
 * are checked against the user's lock in the same script, so a worker that lost the lock cannot clobber the state.
 */
export class RedisConversationStore extends ConversationStore {
  private readonly keys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly ttlSeconds: number,
  ) {
    super();
    this.keys = stateKeys(prefix);
  }

  async read(waId: string): Promise<ConversationState | undefined> {
    const json = await this.redis.get(this.keys.session(waId));
    return json === null ? undefined : (JSON.parse(json) as ConversationState);
  }

  async write(waId: string, state: ConversationState): Promise<void> {
    const json = JSON.stringify(state);
    const fence = fenceFor(waId);
    if (!fence) {
      await this.redis.set(this.keys.session(waId), json, 'EX', this.ttlSeconds);
      return;
    }
    await this.fenced(fence.lockKey, fence.token, waId, json);
  }

  async delete(waId: string): Promise<void> {
    const fence = fenceFor(waId);
    if (!fence) {
      await this.redis.del(this.keys.session(waId));
      return;
    }
    await this.fenced(fence.lockKey, fence.token, waId, '');
  }

  private async fenced(lockKey: string, token: string, waId: string, json: string): Promise<void> {
    const applied = await FENCED_WRITE.run(
      this.redis,
      [this.keys.session(waId), lockKey],
      [token, json, this.ttlSeconds],
    );
    if (applied !== 1) throw new FencedWriteRejectedError();
  }
}
