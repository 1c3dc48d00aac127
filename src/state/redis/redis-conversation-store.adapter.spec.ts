import { deleteKeysWithPrefix, describeWithRedis, testRedis, uniquePrefix } from '../../testing/redis-test.js';
import { waitFor } from '../../testing/wait-for.js';
import { describeConversationStoreContract } from '../conversation-store.contract.js';
import { FencedWriteRejectedError, runFenced } from '../state-write-fence.js';
import { RedisConversationStore } from './redis-conversation-store.adapter.js';

const describeRedis = await describeWithRedis();

describeRedis('RedisConversationStore on the local Redis', () => {
  describeConversationStoreContract('RedisConversationStore', async () => {
    const redis = testRedis();
    const prefix = uniquePrefix('conversation');
    // One second is Redis' smallest EX; expiry is then awaited for real, bounded.
    const store = new RedisConversationStore(redis, prefix, 1);
    return {
      store,
      ttlSeconds: 1,
      expire: () =>
        waitFor(async () => (await redis.keys(`${prefix}session:*`)).length === 0, {
          timeoutMs: 3000,
          intervalMs: 50,
          description: 'Redis to expire the session keys',
        }).then(() => undefined),
      cleanup: async () => {
        await deleteKeysWithPrefix(redis, prefix);
        await redis.quit();
      },
    };
  });

  describe('RedisConversationStore', () => {
    const redis = testRedis();
    const prefix = uniquePrefix('conversation-extra');
    const store = new RedisConversationStore(redis, prefix, 3600);
    const lockKey = `${prefix}lock:15550000001`;

    afterAll(async () => {
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
    });

    it('keeps the state under <prefix>session:<wa_id> with the session TTL', async () => {
      await store.write('15550000001', { flowId: 'register', data: {} });
      expect(await redis.get(`${prefix}session:15550000001`)).toBe('{"flowId":"register","data":{}}');
      const ttl = await redis.ttl(`${prefix}session:15550000001`);
      expect(ttl).toBeGreaterThan(3590);
      expect(ttl).toBeLessThanOrEqual(3600);
    });

    it('writes and deletes under a fence while the lock holds its token', async () => {
      await redis.set(lockKey, 'token-1');
      await runFenced({ waId: '15550000001', lockKey, token: 'token-1' }, () =>
        store.write('15550000001', { flowId: 'ai-chat', data: {} }),
      );
      expect(await store.read('15550000001')).toEqual({ flowId: 'ai-chat', data: {} });
      await runFenced({ waId: '15550000001', lockKey, token: 'token-1' }, () => store.delete('15550000001'));
      expect(await store.read('15550000001')).toBeUndefined();
    });

    it('refuses writes and deletes of a fenced writer whose lock is gone or taken over, and keeps the state', async () => {
      await store.write('15550000001', { flowId: 'register', data: {} });
      await redis.set(lockKey, 'token-of-the-new-holder');
      const stale = { waId: '15550000001', lockKey, token: 'token-1' };
      await expect(runFenced(stale, () => store.write('15550000001', { data: {} }))).rejects.toBeInstanceOf(
        FencedWriteRejectedError,
      );
      await expect(runFenced(stale, () => store.delete('15550000001'))).rejects.toMatchObject({
        code: 'STATE.FENCED_WRITE_REJECTED',
      });
      await redis.del(lockKey);
      await expect(runFenced(stale, () => store.write('15550000001', { data: {} }))).rejects.toBeInstanceOf(
        FencedWriteRejectedError,
      );
      expect(await store.read('15550000001')).toEqual({ flowId: 'register', data: {} });
    });

    it('does not fence other users: a fence is for its own wa_id only', async () => {
      await runFenced({ waId: '15550000001', lockKey, token: 'nobody-holds-this' }, () =>
        store.write('15550000002', { flowId: 'x', data: {} }),
      );
      expect(await store.read('15550000002')).toEqual({ flowId: 'x', data: {} });
    });
  });
});
