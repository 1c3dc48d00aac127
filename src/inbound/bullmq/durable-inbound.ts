import { Logger } from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { InboundQueueStats } from '../inbound-queue.port.js';
import type { InboundConfig } from '../inbound.config.js';
import { UserInbox } from './user-inbox.js';

/** The BullMQ queue of inbound work. Its keys live under `<REDIS_PREFIX>bull:inbound:`. */
export const INBOUND_QUEUE_NAME = 'inbound';
/** The only job kind: "drain these users' inboxes". */
export const DRAIN_JOB = 'drain';

/** `waId`: a job added before drains were batched, still run after an upgrade. */
export type DrainJobData = { readonly waIds: readonly string[] } | { readonly waId: string };

export const waIdsOf = (data: DrainJobData): readonly string[] => ('waIds' in data ? data.waIds : [data.waId]);

/** Name of the queue's backoff strategy, implemented by the worker with `queueRetryDelayMs`. */
export const INBOUND_BACKOFF = 'inbound';

/** BullMQ's key prefix for our queue: under REDIS_PREFIX like every other key, so one prefix scopes a deployment. */
export const bullPrefix = (redisPrefix: string) => `${redisPrefix}bull`;

/**
 * What the web and worker sides share: the BullMQ queue (on the shared fail-fast client, so an add fails at once
 * while Redis is away) and the user inboxes. Created once per process when REDIS_URL is set.
 */
export class DurableInbound {
  readonly queue: Queue<DrainJobData>;
  readonly inbox: UserInbox;
  readonly jobOptions: JobsOptions;

  constructor(
    readonly redis: Redis,
    readonly redisPrefix: string,
    readonly config: InboundConfig,
  ) {
    this.inbox = new UserInbox(redis, redisPrefix);
    this.queue = new Queue<DrainJobData>(INBOUND_QUEUE_NAME, { connection: redis, prefix: bullPrefix(redisPrefix) });
    const logger = new Logger(DurableInbound.name);
    this.queue.on('error', (error: Error) => logger.warn({ err: error.message }, 'queue connection error'));
    this.jobOptions = {
      attempts: config.maxAttempts,
      // Waits come from the service's retry policy (the worker's backoffStrategy), like the inbox cooldown.
      backoff: { type: INBOUND_BACKOFF, delay: config.backoffMs },
      // A done job means nothing more: the inbox and the dedupe key hold what matters. Deleting it at once spares
      // Redis the completed set and its trimming.
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  }

  /** Adds one job that drains the inboxes of `waIds`, after `delayMs` if given. */
  async addDrainJob(waIds: readonly string[], delayMs = 0): Promise<void> {
    await this.queue.add(DRAIN_JOB, { waIds }, delayMs > 0 ? { ...this.jobOptions, delay: delayMs } : this.jobOptions);
  }

  /**
   * The backlog in one Redis round trip (a MULTI of counts): BullMQ's wait list (v6 keeps no markers in it, so its
   * length is the count) and active list, its delayed and failed sets, and our dead letters.
   */
  async backlog(): Promise<InboundQueueStats> {
    const keys = this.queue.keys;
    const replies = await this.redis
      .multi()
      .llen(keys.wait)
      .llen(keys.active)
      .zcard(keys.delayed)
      .zcard(keys.failed)
      .zcard(this.inbox.deadLetterIndexKey)
      .exec();
    const [waiting, active, delayed, failed, deadLettered] = (replies ?? []).map(([error, count]) => {
      if (error) throw error;
      return Number(count);
    });
    return { waiting, active, delayed, failed, deadLettered };
  }

  async close(): Promise<void> {
    // The connection is shared (RedisModule closes it last); this only detaches the queue.
    await this.queue.close().catch(() => undefined);
  }
}
