import { deleteKeysWithPrefix, describeWithRedis, testRedis, uniquePrefix } from '../../testing/redis-test.js';
import { describeConsentStoreContract } from '../consent-store.contract.js';
import { RedisConsentStore } from './redis-consent-store.adapter.js';

const describeRedis = await describeWithRedis();

describeRedis('RedisConsentStore on the local Redis', () => {
  describeConsentStoreContract('RedisConsentStore', async () => {
    const redis = testRedis();
    const prefix = uniquePrefix('consent');
    return {
      store: new RedisConsentStore(redis, prefix),
      // Redis keeps a key without TTL for ever; the spec below checks that no TTL is set.
      pastEveryTtl: async () => undefined,
      cleanup: async () => {
        await deleteKeysWithPrefix(redis, prefix);
        await redis.quit();
      },
    };
  });

  it('keeps the record under <prefix>consent:<wa_id> without a TTL', async () => {
    const redis = testRedis();
    const prefix = uniquePrefix('consent-key');
    try {
      await new RedisConsentStore(redis, prefix).write('15550000001', {
        marketing: 'opted_out',
        updatedAt: '2025-01-01T00:00:00.000Z',
      });
      expect(await redis.ttl(`${prefix}consent:15550000001`)).toBe(-1);
    } finally {
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
    }
  });
});
