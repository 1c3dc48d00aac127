import {
  ageKeysWithPrefix,
  deleteKeysWithPrefix,
  describeWithRedis,
  testRedis,
  uniquePrefix,
} from '../../testing/redis-test.js';
import { WINDOW_RETENTION_SECONDS } from '../window-store.port.js';
import { describeWindowStoreContract } from '../window-store.contract.js';
import { RedisWindowStore } from './redis-window-store.adapter.js';

const describeRedis = await describeWithRedis();

describeRedis('RedisWindowStore on the local Redis', () => {
  describeWindowStoreContract('RedisWindowStore', async () => {
    const redis = testRedis();
    const prefix = uniquePrefix('window');
    return {
      store: new RedisWindowStore(redis, prefix),
      advance: (ms) => ageKeysWithPrefix(redis, prefix, ms),
      cleanup: async () => {
        await deleteKeysWithPrefix(redis, prefix);
        await redis.quit();
      },
    };
  });

  it('keeps the time under <prefix>window:<wa_id> for 48 h, whatever SESSION_TTL_SECONDS is', async () => {
    const redis = testRedis();
    const prefix = uniquePrefix('window-key');
    try {
      await new RedisWindowStore(redis, prefix).recordInbound('15550000001', 1234);
      expect(await redis.get(`${prefix}window:15550000001`)).toBe('1234');
      const ttl = await redis.ttl(`${prefix}window:15550000001`);
      expect(ttl).toBeGreaterThan(WINDOW_RETENTION_SECONDS - 5);
      expect(ttl).toBeLessThanOrEqual(WINDOW_RETENTION_SECONDS);
    } finally {
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
    }
  });
});
