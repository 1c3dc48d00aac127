import { deleteKeysWithPrefix, describeWithRedis, testRedis, uniquePrefix } from '../../testing/redis-test.js';
import { describeUserPreferencesStoreContract } from '../user-preferences-store.contract.js';
import { RedisUserPreferencesStore } from './redis-user-preferences-store.adapter.js';

const describeRedis = await describeWithRedis();

describeRedis('RedisUserPreferencesStore on the local Redis', () => {
  describeUserPreferencesStoreContract('RedisUserPreferencesStore', async () => {
    const redis = testRedis();
    const prefix = uniquePrefix('preferences');
    return {
      store: new RedisUserPreferencesStore(redis, prefix),
      // Redis keeps a key without TTL for ever; the spec below checks that no TTL is set.
      pastSessionTtl: async () => undefined,
      cleanup: async () => {
        await deleteKeysWithPrefix(redis, prefix);
        await redis.quit();
      },
    };
  });

  it('keeps the record under <prefix>user:<wa_id> without a TTL', async () => {
    const redis = testRedis();
    const prefix = uniquePrefix('preferences-key');
    try {
      await new RedisUserPreferencesStore(redis, prefix).write('15550000001', { language: 'es' });
      expect(await redis.get(`${prefix}user:15550000001`)).toBe('{"language":"es"}');
      expect(await redis.ttl(`${prefix}user:15550000001`)).toBe(-1);
    } finally {
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
    }
  });
});
