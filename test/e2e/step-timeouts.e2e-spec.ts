import {
  deleteKeysWithPrefix,
  describeWithRedis,
  REDIS_TEST_URL,
  testRedis,
  uniquePrefix,
} from '../../src/testing/redis-test.js';
import { describeStepTimeoutSuite } from './step-timeouts.suite.js';

const describeRedis = await describeWithRedis();

describe('Step timeouts in process (e2e)', () => {
  describeStepTimeoutSuite(() => ({}));
});

describeRedis('Step timeouts with REDIS_URL (e2e, delayed BullMQ jobs)', () => {
  const prefix = uniquePrefix('step-timeouts-e2e');
  const redis = testRedis();
  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  describeStepTimeoutSuite(() => ({ REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix }));

  it('left no timer and no lock behind', async () => {
    expect(await redis.zcard(`${prefix}bull:step-timers:delayed`)).toBe(0);
    expect(await redis.keys(`${prefix}lock:*`)).toEqual([]);
  });
});
