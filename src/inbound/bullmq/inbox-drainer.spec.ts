import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { deleteKeysWithPrefix, describeWithRedis, testRedis, uniquePrefix } from '../../testing/redis-test.js';
import { waitFor } from '../../testing/wait-for.js';
import { RedisConversationStore } from '../../state/redis/redis-conversation-store.adapter.js';
import type { InboundEvent } from '../../whatsapp/inbound-message.js';
import { queueRetryDelayMs } from '../../common/retry/backoff.js';
import { InboxDrainer, type DrainOptions, type DrainOutcome } from './inbox-drainer.js';
import { InboxSweeper } from './inbox-sweeper.js';
import { UserInbox, type AcceptOutcome } from './user-inbox.js';
import { deferred } from '../../testing/deferred.js';

const describeRedis = await describeWithRedis();

const USER = '15550001234';
const OPTIONS: DrainOptions = { lockTtlMs: 1000, maxAttempts: 3, backoffMs: 20 };
const RUN = { shouldStop: () => false };

function textEvent(id: string, text: string, from = USER): InboundEvent {
  return { kind: 'message', message: { id, from, timestamp: 1_700_000_000, phoneNumberId: '1', type: 'text', text } };
}

const textOf = (event: InboundEvent) =>
  event.kind === 'message' && event.message.type === 'text' ? event.message.text : '?';

describeRedis('InboxDrainer and UserInbox on the local Redis', () => {
  let redis: Redis;
  let prefix: string;
  let inbox: UserInbox;

  beforeAll(() => Logger.overrideLogger(false)); // expected failures would print warnings
  beforeEach(() => {
    redis = testRedis();
    prefix = uniquePrefix('inbox');
    inbox = new UserInbox(redis, prefix);
  });
  afterEach(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  async function accept(...events: InboundEvent[]): Promise<AcceptOutcome[]> {
    const results: AcceptOutcome[] = [];
    for (const event of events) {
      if (event.kind !== 'message') throw new Error('messages only');
      results.push(await inbox.accept(event.message.from ?? '', event.message.id, JSON.stringify(event), 60));
    }
    return results;
  }

  it('accepts a message id once (a redelivery is not appended again) and says which message activated the inbox', async () => {
    expect(await accept(textEvent('wamid.a', 'one'), textEvent('wamid.a', 'one'), textEvent('wamid.b', 'two'))).toEqual(
      ['activated', 'duplicate', 'queued'],
    );
    expect(await redis.llen(inbox.inboxKey(USER))).toBe(2);
    expect(await redis.exists(`${prefix}dedupe:wamid.a`)).toBe(1);
  });

  it("keeps the lock while a message arrives before the holder's last removal, and hands over that message", async () => {
    await accept(textEvent('wamid.1', 'one'));
    const acquired = await inbox.acquire(USER, 'holder', 5000);
    expect(acquired).toEqual({ state: 'acquired', attempt: 1, entry: expect.any(String) });
    if (acquired.state !== 'acquired') throw new Error('not acquired');
    expect(await accept(textEvent('wamid.2', 'just arrived'))).toEqual(['queued']); // no job: the holder has it
    expect(await inbox.completeHead(USER, 'someone else', acquired.entry, 5000)).toBe('lost');
    const next = await inbox.completeHead(USER, 'holder', acquired.entry, 5000);
    expect(next).toEqual({ attempt: 1, entry: expect.stringContaining('just arrived') });
    expect(await redis.get(inbox.lockKey(USER))).toBe('holder');
    if (typeof next !== 'object') throw new Error('no next head');
    expect(await inbox.completeHead(USER, 'holder', next.entry, 5000)).toBe('released');
    expect(await redis.exists(inbox.lockKey(USER))).toBe(0);
    // The inbox is empty and unlocked again, so the next message activates it (and gets a job) again.
    expect(await accept(textEvent('wamid.3', 'later'))).toEqual(['activated']);
  });

  it("processes a user's messages in arrival order, removes each only after it was processed, then releases the lock", async () => {
    await accept(textEvent('wamid.1', 'first'), textEvent('wamid.2', 'second'), textEvent('wamid.3', 'third'));
    const seen: string[] = [];
    const lengthsDuring: number[] = [];
    const drainer = new InboxDrainer(
      inbox,
      async (event) => {
        seen.push(textOf(event));
        lengthsDuring.push(await redis.llen(inbox.inboxKey(USER)));
      },
      OPTIONS,
    );
    expect(await drainer.drain(USER, RUN)).toEqual({ kind: 'done' });
    expect(seen).toEqual(['first', 'second', 'third']);
    expect(lengthsDuring).toEqual([3, 2, 1]);
    expect(await redis.exists(inbox.inboxKey(USER), inbox.lockKey(USER))).toBe(0);
    expect(await redis.sismember(`${prefix}inboxes`, USER)).toBe(0);
  });

  it('keeps a second worker off a user while the first holds the lock, and lets it find the work done', async () => {
    await accept(textEvent('wamid.1', 'slow'), textEvent('wamid.2', 'next'));
    const gate = deferred();
    const seen: string[] = [];
    const first = new InboxDrainer(
      inbox,
      async (event) => {
        seen.push(`first:${textOf(event)}`);
        if (textOf(event) === 'slow') await gate.promise;
      },
      OPTIONS,
    );
    const second = new InboxDrainer(inbox, async (event) => void seen.push(`second:${textOf(event)}`), OPTIONS);

    const firstRun = first.drain(USER, RUN);
    await waitFor(() => seen.length === 1);
    const secondOutcome = await second.drain(USER, RUN);
    expect(secondOutcome.kind).toBe('later');
    expect((secondOutcome as Extract<DrainOutcome, { kind: 'later' }>).delayMs).toBeLessThanOrEqual(
      OPTIONS.lockTtlMs + 100,
    );
    gate.resolve();
    expect(await firstRun).toEqual({ kind: 'done' });
    expect(await second.drain(USER, RUN)).toEqual({ kind: 'done' });
    expect(seen).toEqual(['first:slow', 'first:next']);
  });

  it('takes over from a worker that died holding the lock once the lock expires, starting again at the same head', async () => {
    await accept(textEvent('wamid.1', 'in flight when it died'), textEvent('wamid.2', 'after'));
    // The dead worker: it took the lock and started its attempt, then never renewed nor removed anything.
    expect(await inbox.acquire(USER, 'token-of-a-dead-worker', 300)).toMatchObject({ state: 'acquired', attempt: 1 });
    const seen: string[] = [];
    const drainer = new InboxDrainer(inbox, async (event) => void seen.push(textOf(event)), OPTIONS);

    const blocked = await drainer.drain(USER, RUN);
    expect(blocked).toMatchObject({ kind: 'later' });
    expect(seen).toEqual([]);
    await waitFor(async () => (await redis.exists(inbox.lockKey(USER))) === 0, { timeoutMs: 2000 });
    expect(await drainer.drain(USER, RUN)).toEqual({ kind: 'done' });
    expect(seen).toEqual(['in flight when it died', 'after']);
  });

  it('fences a holder that lost its lock while paused: its state write and its removal are refused', async () => {
    await accept(textEvent('wamid.1', 'one'), textEvent('wamid.2', 'two'));
    const store = new RedisConversationStore(redis, prefix, 3600);
    const paused = deferred();
    const stale = new InboxDrainer(
      inbox,
      async (event) => {
        await paused.promise;
        await store.write(USER, { flowId: `stale saw ${textOf(event)}`, data: {} });
      },
      { ...OPTIONS, lockTtlMs: 60_000 },
    );
    const fresh = new InboxDrainer(
      inbox,
      async (event) => {
        await store.write(USER, { flowId: `fresh saw ${textOf(event)}`, data: {} });
      },
      OPTIONS,
    );

    const staleRun = stale.drain(USER, RUN);
    await waitFor(async () => (await redis.exists(inbox.lockKey(USER))) === 1);
    await redis.del(inbox.lockKey(USER)); // its lock expires while it is paused
    expect(await fresh.drain(USER, RUN)).toEqual({ kind: 'done' });
    paused.resolve();

    expect(await staleRun).toMatchObject({ kind: 'later', reason: 'lock lost' });
    expect(await store.read(USER)).toEqual({ flowId: 'fresh saw two', data: {} });
    expect(await redis.llen(inbox.inboxKey(USER))).toBe(0);
  });

  it('leaves the head to the new holder when a stale holder finishes it: nothing is skipped', async () => {
    await accept(textEvent('wamid.1', 'one'), textEvent('wamid.2', 'two'));
    const paused = deferred();
    const stale = new InboxDrainer(inbox, () => paused.promise, { ...OPTIONS, lockTtlMs: 60_000 });
    const staleRun = stale.drain(USER, RUN);
    await waitFor(async () => (await redis.exists(inbox.lockKey(USER))) === 1);
    await redis.set(inbox.lockKey(USER), 'token-of-the-new-holder', 'PX', 60_000);
    paused.resolve();

    expect(await staleRun).toMatchObject({ kind: 'later', reason: 'lock lost' });
    expect(
      (await redis.lrange(inbox.inboxKey(USER), 0, -1)).map((entry) => textOf(JSON.parse(entry) as InboundEvent)),
    ).toEqual(['one', 'two']);
  });

  it('retries a failing message after a backoff during which nobody takes the user, then dead-letters it and goes on', async () => {
    await accept(textEvent('wamid.bad', 'poison'), textEvent('wamid.ok', 'fine'));
    const seen: string[] = [];
    const drainer = new InboxDrainer(
      inbox,
      async (event) => {
        seen.push(textOf(event));
        if (textOf(event) === 'poison') throw new RangeError('cannot handle this');
      },
      OPTIONS,
    );

    for (let attempt = 1; attempt < OPTIONS.maxAttempts; attempt++) {
      const failed = await drainer.drain(USER, RUN);
      expect(failed).toMatchObject({ kind: 'later', reason: 'retrying a failed message' });
      expect((failed as Extract<DrainOutcome, { kind: 'later' }>).delayMs).toBeGreaterThanOrEqual(
        queueRetryDelayMs(OPTIONS.backoffMs, attempt),
      );
      // The cooldown keeps every worker off the user for the backoff.
      expect(await drainer.drain(USER, RUN)).toMatchObject({ kind: 'later', reason: 'busy' });
      await waitFor(async () => (await redis.exists(inbox.lockKey(USER))) === 0, { timeoutMs: 1000 });
    }
    expect(await drainer.drain(USER, RUN)).toEqual({ kind: 'done' });
    expect(seen).toEqual(['poison', 'poison', 'poison', 'fine']);

    const [letter] = await inbox.deadLetters(10);
    expect(letter).toMatchObject({
      messageId: 'wamid.bad',
      waId: USER,
      type: 'text',
      errorCode: 'RangeError',
      attempts: 3,
    });
    expect(await inbox.deadLetterCount()).toBe(1);
  });

  it('dead-letters a message whose every attempt crashed its worker, without processing it again', async () => {
    await accept(textEvent('wamid.crasher', 'crashes'), textEvent('wamid.ok', 'fine'));
    // Each attempt took the lock, started, and died with its worker; the lock then expired.
    for (let attempt = 1; attempt <= OPTIONS.maxAttempts; attempt++) {
      expect(await inbox.acquire(USER, `crashed-${attempt}`, 60_000)).toMatchObject({ state: 'acquired', attempt });
      await redis.del(inbox.lockKey(USER));
    }
    const seen: string[] = [];
    const drainer = new InboxDrainer(inbox, async (event) => void seen.push(textOf(event)), OPTIONS);
    expect(await drainer.drain(USER, RUN)).toEqual({ kind: 'done' });
    expect(seen).toEqual(['fine']);
    expect(
      (await inbox.deadLetters(10)).map((letter) => [letter.messageId, letter.errorCode, letter.attempts]),
    ).toEqual([['wamid.crasher', 'INBOUND.ATTEMPTS_EXHAUSTED', OPTIONS.maxAttempts]]);
  });

  it("replays a dead letter at the end of its user's inbox", async () => {
    await accept(textEvent('wamid.bad', 'poison'));
    let fail = true;
    const seen: string[] = [];
    const drainer = new InboxDrainer(
      inbox,
      async (event) => {
        if (fail) throw new Error('down');
        seen.push(textOf(event));
      },
      { ...OPTIONS, maxAttempts: 1 },
    );
    expect(await drainer.drain(USER, RUN)).toEqual({ kind: 'done' });
    expect(await inbox.deadLetterCount()).toBe(1);

    fail = false;
    await accept(textEvent('wamid.new', 'sent meanwhile'));
    expect(await inbox.replay('wamid.bad')).toMatchObject({ messageId: 'wamid.bad', waId: USER });
    expect(await inbox.replay('wamid.bad')).toBeUndefined();
    expect(await drainer.drain(USER, RUN)).toEqual({ kind: 'done' });
    expect(seen).toEqual(['sent meanwhile', 'poison']);
    expect(await inbox.deadLetterCount()).toBe(0);
  });

  it('finishes the current message on shutdown and leaves the rest, unlocked, for another worker', async () => {
    await accept(textEvent('wamid.1', 'one'), textEvent('wamid.2', 'two'));
    let stopping = false;
    const seen: string[] = [];
    const drainer = new InboxDrainer(
      inbox,
      async (event) => {
        seen.push(textOf(event));
        stopping = true;
      },
      OPTIONS,
    );
    expect(await drainer.drain(USER, { shouldStop: () => stopping })).toMatchObject({
      kind: 'later',
      reason: 'shutting down',
    });
    expect(seen).toEqual(['one']);
    expect(await redis.lrange(inbox.inboxKey(USER), 0, -1)).toHaveLength(1);
    expect(await redis.exists(inbox.lockKey(USER))).toBe(0);
    // The attempt counted for 'two' when 'one' was removed is taken back: it never started.
    expect(await inbox.acquire(USER, 'next worker', 1000)).toMatchObject({ state: 'acquired', attempt: 1 });
  });

  it('serializes one user across many concurrent drainers, never running two of their messages at once', async () => {
    const texts = Array.from({ length: 20 }, (_, i) => `m${i}`);
    await accept(...texts.map((text, i) => textEvent(`wamid.${i}`, text)));
    const seen: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const drainers = Array.from(
      { length: 5 },
      () =>
        new InboxDrainer(
          inbox,
          async (event) => {
            maxRunning = Math.max(maxRunning, ++running);
            await new Promise((resolve) => setTimeout(resolve, 2));
            seen.push(textOf(event));
            running--;
          },
          { ...OPTIONS, lockTtlMs: 5000 },
        ),
    );
    // Each "job" looks again shortly while someone else holds the user, as BullMQ's delayed retry would.
    const runJob = async (drainer: InboxDrainer) => {
      for (let round = 0; round < 200; round++) {
        if ((await drainer.drain(USER, RUN)).kind === 'done') return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new Error('a job never finished');
    };
    await Promise.all(drainers.map(runJob));
    expect(seen).toEqual(texts);
    expect(maxRunning).toBe(1);
  });

  it('sweeps: adds a job for an unlocked inbox whose head did not move between two sweeps', async () => {
    await accept(textEvent('wamid.1', 'stuck'));
    await accept(textEvent('wamid.2', 'held', '15550009999'));
    await redis.set(inbox.lockKey('15550009999'), 'a-live-holder', 'PX', 60_000);
    const added: string[] = [];
    const sweeper = new InboxSweeper(inbox, async (waId) => void added.push(waId), 1000);
    expect(await sweeper.sweep()).toEqual([]);
    expect(await sweeper.sweep()).toEqual([USER]);
    expect(added).toEqual([USER]);
  });
});
