import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RecordingLogger } from '../../testing/recording-logger.js';
import { deleteKeysWithPrefix, describeWithRedis, testRedis, uniquePrefix } from '../../testing/redis-test.js';
import { waitFor } from '../../testing/wait-for.js';
import { DEAD_LETTERS_TRIMMED } from '../../common/errors/error-messages.js';
import { InboxSweeper } from './inbox-sweeper.js';
import { UserInbox, type DeadLetter } from './user-inbox.js';

const describeRedis = await describeWithRedis();

const NOW = Date.UTC(2025, 0, 31, 12);
const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;
const noJob = async () => undefined;

describeRedis('InboxSweeper: dead-letter retention on the local Redis', () => {
  let redis: Redis;
  let prefix: string;
  let inbox: UserInbox;
  let logger: RecordingLogger;

  beforeEach(() => {
    redis = testRedis();
    prefix = uniquePrefix('dead-letter-trim');
    inbox = new UserInbox(redis, prefix);
    logger = new RecordingLogger(InboxSweeper.name);
    Logger.overrideLogger(logger);
  });
  afterEach(async () => {
    Logger.overrideLogger(false);
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  /** Dead-letters one message the way the drainer does (accepted, locked, moved), as failed at `failedAtMs`. */
  async function deadLetterAt(messageId: string, failedAtMs: number): Promise<void> {
    const waId = `1555000${messageId.replace(/\D/g, '').padStart(4, '0')}`;
    const entry = JSON.stringify({ id: messageId, text: 'body' });
    expect(await inbox.accept(waId, messageId, entry, 60)).toBe('activated');
    expect(await inbox.acquire(waId, 'token', 5000)).toEqual({ state: 'acquired', attempt: 1, entry });
    const letter: DeadLetter = {
      messageId,
      waId,
      type: 'text',
      errorCode: 'TEST.FAILED',
      attempts: 1,
      failedAt: new Date(failedAtMs).toISOString(),
      entry,
    };
    expect(await inbox.deadLetterHead(waId, 'token', letter, 5000, failedAtMs)).toBe('released');
  }

  /** Ids left, newest first, after checking that the records and the index still agree. */
  async function remainingIds(): Promise<string[]> {
    const indexed = await redis.zrevrange(`${prefix}dead-letters:index`, 0, -1);
    expect((await redis.hkeys(`${prefix}dead-letters`)).sort()).toEqual([...indexed].sort());
    return indexed;
  }

  it('removes the dead letters older than the TTL and keeps the younger ones', async () => {
    await deadLetterAt('wamid.1', NOW - 20 * DAY_MS);
    await deadLetterAt('wamid.2', NOW - 15 * DAY_MS);
    await deadLetterAt('wamid.3', NOW - 13 * DAY_MS);
    await deadLetterAt('wamid.4', NOW - HOUR_MS);
    const sweeper = new InboxSweeper(inbox, noJob, 1000, { ttlMs: 14 * DAY_MS, max: 100 });

    expect(await sweeper.trimDeadLetters(NOW)).toBe(2);
    expect(await remainingIds()).toEqual(['wamid.4', 'wamid.3']);
    expect(await inbox.deadLetterCount()).toBe(2);
  });

  it('keeps at most the maximum, removing the oldest first', async () => {
    for (let i = 1; i <= 5; i++) await deadLetterAt(`wamid.${i}`, NOW - (10 - i) * HOUR_MS);
    const sweeper = new InboxSweeper(inbox, noJob, 1000, { ttlMs: 14 * DAY_MS, max: 2 });

    expect(await sweeper.trimDeadLetters(NOW)).toBe(3);
    expect(await remainingIds()).toEqual(['wamid.5', 'wamid.4']);
  });

  it('applies both bounds: whichever removes more wins', async () => {
    await deadLetterAt('wamid.1', NOW - 30 * DAY_MS);
    await deadLetterAt('wamid.2', NOW - 2 * HOUR_MS);
    await deadLetterAt('wamid.3', NOW - HOUR_MS);
    const ageOnly = new InboxSweeper(inbox, noJob, 1000, { ttlMs: 14 * DAY_MS, max: 10 });
    expect(await ageOnly.trimDeadLetters(NOW)).toBe(1);
    const countOnly = new InboxSweeper(inbox, noJob, 1000, { ttlMs: 14 * DAY_MS, max: 1 });
    expect(await countOnly.trimDeadLetters(NOW)).toBe(1);
    expect(await remainingIds()).toEqual(['wamid.3']);
    expect(await countOnly.trimDeadLetters(NOW)).toBe(0);
  });

  it('trims more than one batch in one sweep', async () => {
    // Seeded directly (the same two keys the scripts write): 2,500 letters through the drainer would be slow.
    const pipeline = redis.pipeline();
    for (let i = 0; i < 2500; i++) {
      pipeline.hset(`${prefix}dead-letters`, `wamid.${i}`, '{}');
      pipeline.zadd(`${prefix}dead-letters:index`, NOW - 2500 + i, `wamid.${i}`);
    }
    await pipeline.exec();
    const sweeper = new InboxSweeper(inbox, noJob, 1000, { ttlMs: 14 * DAY_MS, max: 3 });

    expect(await sweeper.trimDeadLetters(NOW)).toBe(2497);
    expect(await remainingIds()).toEqual(['wamid.2499', 'wamid.2498', 'wamid.2497']);
  });

  it('stays consistent when several instances trim at once', async () => {
    for (let i = 1; i <= 8; i++) await deadLetterAt(`wamid.${i}`, NOW - (10 - i) * HOUR_MS);
    const sweepers = Array.from(
      { length: 4 },
      () => new InboxSweeper(inbox, noJob, 1000, { ttlMs: 14 * DAY_MS, max: 3 }),
    );

    const removed = await Promise.all(sweepers.map((sweeper) => sweeper.trimDeadLetters(NOW)));
    expect(removed.reduce((sum, count) => sum + count, 0)).toBe(5);
    expect(await remainingIds()).toEqual(['wamid.8', 'wamid.7', 'wamid.6']);
  });

  it('logs one line with the count per trim, never the ids or numbers', async () => {
    for (let i = 1; i <= 4; i++) await deadLetterAt(`wamid.${i}`, NOW - (10 - i) * HOUR_MS);
    const sweeper = new InboxSweeper(inbox, noJob, 1000, { ttlMs: 14 * DAY_MS, max: 1 });

    await sweeper.trimDeadLetters(NOW);
    await sweeper.trimDeadLetters(NOW);
    expect(logger.lines).toEqual([{ level: 'log', message: DEAD_LETTERS_TRIMMED(3) }]);
  });

  it('trims periodically once started, with a short TTL, on real time', async () => {
    await deadLetterAt('wamid.1', Date.now() - 1000);
    await deadLetterAt('wamid.2', Date.now() - 1000);
    const sweeper = new InboxSweeper(inbox, noJob, 50, { ttlMs: 500, max: 100 });
    sweeper.start();
    try {
      await waitFor(async () => (await inbox.deadLetterCount()) === 0, {
        timeoutMs: 5000,
        description: 'the periodic trim',
      });
    } finally {
      sweeper.stop();
    }
    expect(await remainingIds()).toEqual([]);
  });

  it('keeps every dead letter when no retention is given', async () => {
    await deadLetterAt('wamid.1', NOW - 365 * DAY_MS);
    expect(await new InboxSweeper(inbox, noJob, 1000).trimDeadLetters(NOW)).toBe(0);
    expect(await remainingIds()).toEqual(['wamid.1']);
  });
});
