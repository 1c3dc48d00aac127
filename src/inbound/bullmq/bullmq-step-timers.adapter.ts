import { Logger } from '@nestjs/common';
import { DelayedError, Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { maskPhone } from '../../common/logging/mask-phone.js';
import { withTimeout } from '../../common/with-timeout.js';
import { StepTimers, stepTimerId, type FireStepTimer, type StepTimer } from '../../flows/core/step-timers.port.js';
import { runFenced } from '../../state/state-write-fence.js';
import { bullPrefix, type DurableInbound } from './durable-inbound.js';
import { TimerUserLock } from './timer-user-lock.js';
import { closeWorker, FORCE_CLOSE_TIMEOUT_MS, workerConnection } from './worker-lifecycle.js';

/** The BullMQ queue of step timers, beside the inbound queue: `<REDIS_PREFIX>bull:step-timers:`. */
export const STEP_TIMERS_QUEUE_NAME = 'step-timers';
const FIRE_JOB = 'fire';
/** How long shutdown waits for timers being fired (main.ts exits at 9 s whatever happens). */
const CLOSE_TIMEOUT_MS = 5000;
/** Spread added to "look again" delays, so timers waiting for one user do not all wake at once. */
const JITTER_MS = 100;

const JOB_OPTIONS: JobsOptions = {
  // Only a Redis failure makes a job throw (the core logs and swallows its own): retry it a few times.
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { age: 24 * 3600 },
};

/**
 * Step timers as delayed BullMQ jobs (REDIS_URL set): they survive restarts, and each fires once, in whichever
 * worker process takes it (ROLE=worker or all). The job id is derived from user, state version and event
 * (`stepTimerId`), so scheduling twice adds one job. A job fires only while holding the user's lock, the one
 * the inbox drainer holds for messages: a message being processed makes it wait, a message waiting in the inbox
 * makes it stale (dropped), and its state writes are fenced by that lock like a message's.
 */
export class BullmqStepTimers extends StepTimers {
  private readonly logger = new Logger(BullmqStepTimers.name);
  private readonly queue: Queue<StepTimer>;
  private readonly lock: TimerUserLock;
  private worker: Worker<StepTimer> | undefined;
  private workerRedis: Redis | undefined;

  constructor(
    private readonly durable: DurableInbound,
    private readonly redisUrl: string,
    private readonly runsWorker: boolean,
  ) {
    super();
    this.queue = new Queue<StepTimer>(STEP_TIMERS_QUEUE_NAME, {
      connection: durable.redis,
      prefix: bullPrefix(durable.redisPrefix),
    });
    this.queue.on('error', (error: Error) => this.logger.warn({ err: error.message }, 'queue connection error'));
    this.lock = new TimerUserLock(durable.redis, durable.inbox);
  }

  start(fire: FireStepTimer): void {
    if (!this.runsWorker) return;
    const { config, redisPrefix } = this.durable;
    this.workerRedis = workerConnection(this.redisUrl, this.logger);
    this.worker = new Worker<StepTimer>(STEP_TIMERS_QUEUE_NAME, (job, token) => this.run(fire, job, token), {
      connection: this.workerRedis,
      prefix: bullPrefix(redisPrefix),
      concurrency: config.concurrency,
      lockDuration: config.lockTtlMs,
      stalledInterval: config.lockTtlMs,
    });
    this.worker.on('error', (error: Error) => this.logger.warn({ err: error.message }, 'worker error'));
  }

  async schedule(timer: StepTimer, delayMs: number): Promise<void> {
    await this.queue.add(FIRE_JOB, timer, { ...JOB_OPTIONS, jobId: stepTimerId(timer), delay: delayMs });
  }

  async cancel(timer: StepTimer): Promise<void> {
    // A job being fired right now cannot be removed; it re-checks the state and finds itself stale.
    await this.queue.remove(stepTimerId(timer)).catch((error: unknown) => {
      this.logger.debug({ err: error, waId: maskPhone(timer.user) }, 'step timer not removed');
    });
  }

  async stop(): Promise<void> {
    if (this.worker) await closeWorker(this.worker, CLOSE_TIMEOUT_MS);
    // The queue's connection is shared (RedisModule closes it last): this only detaches the queue.
    await withTimeout(this.queue.close(), FORCE_CLOSE_TIMEOUT_MS).catch(() => undefined);
    this.workerRedis?.disconnect();
  }

  private async run(fire: FireStepTimer, job: Job<StepTimer>, jobToken: string | undefined): Promise<void> {
    const timer = job.data;
    const lockToken = randomUUID();
    const taken = await this.lock.take(timer.user, lockToken, this.durable.config.lockTtlMs);
    if (taken.state === 'message-waiting') return;
    if (taken.state === 'busy') {
      // A message of this user is being processed: look again once it is done (it will likely make this stale).
      await job.moveToDelayed(Date.now() + taken.waitMs + Math.floor(Math.random() * JITTER_MS), jobToken);
      throw new DelayedError();
    }
    try {
      const fence = { waId: timer.user, lockKey: this.lock.lockKey(timer.user), token: lockToken };
      await runFenced(fence, () => fire(timer));
    } finally {
      // Messages that came meanwhile had their drain jobs delayed by this lock: wake one up now.
      if ((await this.lock.release(timer.user, lockToken)) > 0) await this.durable.addDrainJob([timer.user]);
    }
  }
}
