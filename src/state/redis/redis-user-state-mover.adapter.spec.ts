import { deleteKeysWithPrefix, describeWithRedis, testRedis, uniquePrefix } from '../../testing/redis-test.js';
import { describeUserStateMoverContract } from '../user-state-mover.contract.js';
import { RedisConsentStore } from './redis-consent-store.adapter.js';
import { RedisConversationStore } from './redis-conversation-store.adapter.js';
import { RedisUserIdentityStore } from './redis-user-identity-store.adapter.js';
import { RedisUserPreferencesStore } from './redis-user-preferences-store.adapter.js';
import { RedisUserStateMover } from './redis-user-state-mover.adapter.js';
import { RedisWindowStore } from './redis-window-store.adapter.js';

const describeRedis = await describeWithRedis();

describeRedis('RedisUserStateMover on the local Redis', () => {
  describeUserStateMoverContract('RedisUserStateMover', async () => {
    const redis = testRedis();
    const prefix = uniquePrefix('mover');
    return {
      mover: new RedisUserStateMover(redis, prefix),
      sessions: new RedisConversationStore(redis, prefix, 3600),
      windows: new RedisWindowStore(redis, prefix),
      consents: new RedisConsentStore(redis, prefix),
      preferences: new RedisUserPreferencesStore(redis, prefix),
      identities: new RedisUserIdentityStore(redis, prefix),
      cleanup: async () => {
        await deleteKeysWithPrefix(redis, prefix);
        await redis.quit();
      },
    };
  });

  it("keeps the session's TTL (RENAME, not a copy)", async () => {
    const redis = testRedis();
    const prefix = uniquePrefix('mover-atomic');
    try {
      const sessions = new RedisConversationStore(redis, prefix, 3600);
      await sessions.write('15550001001', { data: {} });
      await redis.expire(`${prefix}session:15550001001`, 100);
      await new RedisUserStateMover(redis, prefix).move('15550001001', '15550001002');
      const ttl = await redis.ttl(`${prefix}session:15550001002`);
      expect(ttl).toBeGreaterThan(90);
      expect(ttl).toBeLessThanOrEqual(100);
      expect(await redis.exists(`${prefix}session:15550001001`)).toBe(0);
    } finally {
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
    }
  });
});
