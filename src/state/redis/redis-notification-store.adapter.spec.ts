import {
  ageKeysWithPrefix,
  deleteKeysWithPrefix,
  describeWithRedis,
  testRedis,
  uniquePrefix,
} from '../../testing/redis-test.js';
import {
  CONTRACT_NOTIFICATION_TTL_SECONDS,
  describeNotificationStoreContract,
} from '../notification-store.contract.js';
import { RedisNotificationStore } from './redis-notification-store.adapter.js';

const describeRedis = await describeWithRedis();

describeRedis('RedisNotificationStore on the local Redis', () => {
  describeNotificationStoreContract('RedisNotificationStore', async () => {
    const redis = testRedis();
    const prefix = uniquePrefix('notifications');
    return {
      store: new RedisNotificationStore(redis, prefix, CONTRACT_NOTIFICATION_TTL_SECONDS),
      advance: (seconds) => ageKeysWithPrefix(redis, prefix, seconds * 1000),
      cleanup: async () => {
        await deleteKeysWithPrefix(redis, prefix);
        await redis.quit();
      },
    };
  });
});
