import type { Redis } from 'ioredis';
import { DEAD_LETTERS_TRIMMED } from '../../src/common/errors/error-messages.js';
import { UserInbox, type DeadLetter } from '../../src/inbound/bullmq/user-inbox.js';
import { startE2eBot, type E2eBot } from '../helpers/e2e-bot.js';
import {
  deleteKeysWithPrefix,
  describeWithRedis,
  REDIS_TEST_URL,
  testRedis,
  uniquePrefix,
} from '../../src/testing/redis-test.js';
import { newMessageId } from '../helpers/signed-webhook.js';
import { waitFor } from '../../src/testing/wait-for.js';

const describeRedis = await describeWithRedis();

const DAY_MS = 24 * 3600 * 1000;

describeRedis('Dead letters expire (e2e, Redis, DEAD_LETTER_MAX=2, default 14-day TTL)', () => {
  const prefix = uniquePrefix('dead-letter-retention');
  let redis: Redis;
  let inbox: UserInbox;
  let bot: E2eBot;

  beforeAll(async () => {
    redis = testRedis();
    inbox = new UserInbox(redis, prefix);
    // The sweeper runs every QUEUE_LOCK_TTL_MS: one second here.
    bot = await startE2eBot({
      REDIS_URL: REDIS_TEST_URL,
      REDIS_PREFIX: prefix,
      QUEUE_LOCK_TTL_MS: '1000',
      DEAD_LETTER_MAX: '2',
    });
  });
  afterAll(async () => {
    await bot?.stop();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  /** Moves a message to the dead letters as the worker does, dated `failedAtMs`; the app never had a job for it. */
  async function deadLetterAt(waId: string, failedAtMs: number): Promise<string> {
    const messageId = newMessageId();
    const entry = JSON.stringify({
      kind: 'message',
      message: { id: messageId, from: waId, type: 'text', text: 'secret body' },
    });
    await inbox.accept(waId, messageId, entry, 60);
    expect(await inbox.acquire(waId, 'test-token', 5000)).toEqual({ state: 'acquired', attempt: 1, entry });
    const letter: DeadLetter = {
      messageId,
      waId,
      type: 'text',
      errorCode: 'TEST.FAILED',
      attempts: 1,
      failedAt: new Date(failedAtMs).toISOString(),
      entry,
    };
    expect(await inbox.deadLetterHead(waId, 'test-token', letter, 5000, failedAtMs)).toBe('released');
    return messageId;
  }

  it('removes the letters older than 14 days and the oldest beyond the maximum, in the periodic sweep', async () => {
    const now = Date.now();
    await deadLetterAt('15557770001', now - 15 * DAY_MS);
    await deadLetterAt('15557770002', now - 3 * 60_000);
    const kept = [await deadLetterAt('15557770003', now - 2 * 60_000), await deadLetterAt('15557770004', now - 60_000)];

    await waitFor(async () => (await inbox.deadLetterCount()) === 2, {
      timeoutMs: 10_000,
      intervalMs: 100,
      description: 'the dead-letter trim',
    });

    expect((await inbox.deadLetters(10)).map((letter) => letter.messageId)).toEqual([...kept].reverse());
    expect(await redis.hlen(`${prefix}dead-letters`)).toBe(2);
    // One line per sweep that removed something; a sweep may have run between two of the letters above.
    const loggedRemovals = [1, 2].map((count) => count * bot.server.logsWith(DEAD_LETTERS_TRIMMED(count)).length);
    expect(loggedRemovals[0] + loggedRemovals[1]).toBe(2);
  });
});
