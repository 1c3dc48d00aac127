import {
  deleteKeysWithPrefix,
  describeWithRedis,
  REDIS_TEST_URL,
  testRedis,
  uniquePrefix,
} from '../../src/testing/redis-test.js';
import { describeConversationSuite } from './conversation.suite.js';

const describeRedis = await describeWithRedis();

describeRedis('with REDIS_URL (BullMQ queue, Redis state)', () => {
  const prefix = uniquePrefix('conversation-e2e');
  const redis = testRedis();

  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  describeConversationSuite('redis', () => ({ REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix }));

  it("kept sessions, message ids and the queue in Redis under this run's prefix, and left no work behind", async () => {
    const count = async (pattern: string) => (await redis.keys(`${prefix}${pattern}`)).length;
    expect(await count('session:*')).toBeGreaterThan(0);
    expect(await count('dedupe:*')).toBeGreaterThan(100);
    expect(await count('bull:inbound:*')).toBeGreaterThan(0);
    expect(await count('inbox:*')).toBe(0);
    expect(await count('lock:*')).toBe(0);
  });
});
