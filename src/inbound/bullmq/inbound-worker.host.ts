import { queueRetryDelayMs } from '../../common/retry/backoff.js';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { maskPhone } from '../../common/logging/mask-phone.js';
import { withTimeout } from '../../common/with-timeout.js';
import type { InboundProcessor } from '../inbound.processor.js';
import { bullPrefix, INBOUND_QUEUE_NAME, waIdsOf, type DrainJobData, type DurableInbound } from './durable-inbound.js';
import { InboxDrainer, type DrainOutcome } from './inbox-drainer.js';
import { InboxSweeper } from './inbox-sweeper.js';
import { closeWorker, FORCE_CLOSE_TIMEOUT_MS, workerConnection } from './worker-lifecycle.js';

/** How long shutdown waits for the current jobs (main.ts exits at 9 s whatever happens). */
const CLOSE_TIMEOUT_MS = 8000;

/**
 * Runs the BullMQ worker of the durable queue in this process (ROLE=worker or all), and owns the shutdown of the
 * durable side in every role. Each job drains the inboxes of the users it names (see `inbox-drainer.ts`); a user
 * who must wait (another holder, a retry's backoff) gets a delayed job of their own. On SIGTERM the worker stops
 * taking jobs, the running ones finish their current message and hand the rest back to the queue as new jobs,
 * then the connections close.
 */
export class InboundWorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboundWorkerHost.name);
  private worker: Worker<DrainJobData> | undefined;
  private workerRedis: Redis | undefined;
  private sweeper: InboxSweeper | undefined;
  private closing = false;

  constructor(
    private readonly durable: DurableInbound,
    private readonly processor: InboundProcessor,
    private readonly redisUrl: string,
    private readonly runsWorker: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runsWorker) return;
    const { config, inbox, redisPrefix } = this.durable;
    const drainer = new InboxDrainer(inbox, (event) => this.processor.process(event), config);
    this.workerRedis = workerConnection(this.redisUrl, this.logger);
    this.worker = new Worker<DrainJobData>(INBOUND_QUEUE_NAME, (job) => this.run(drainer, job), {
      connection: this.workerRedis,
      prefix: bullPrefix(redisPrefix),
      concurrency: config.concurrency,
      // A job stalls when its worker dies; BullMQ then puts it back. Stalls are harmless here (the user's lock
      // decides who works), so they may be detected early and often.
      lockDuration: config.lockTtlMs,
      stalledInterval: config.lockTtlMs,
      maxStalledCount: 10,
      settings: { backoffStrategy: (attemptsMade: number) => queueRetryDelayMs(config.backoffMs, attemptsMade) },
    });
    this.worker.on('error', (error: Error) => this.logger.warn({ err: error.message }, 'worker error'));
    this.worker.on('failed', (job, error) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1);
      this.logger.warn(
        { jobId: job.id, users: waIdsOf(job.data).length, attemptsMade: job.attemptsMade, final, err: error.message },
        'inbound job failed',
      );
    });
    this.sweeper = new InboxSweeper(
      inbox,
      (waId) => this.durable.addDrainJob([waId]),
      config.lockTtlMs,
      config.deadLetters,
    );
    this.sweeper.start();
    this.logger.log({ concurrency: config.concurrency, lockTtlMs: config.lockTtlMs }, 'inbound worker started');
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.sweeper?.stop();
    if (this.worker && !(await closeWorker(this.worker, CLOSE_TIMEOUT_MS))) {
      this.logger.warn('inbound worker did not finish in time: its jobs go back to the queue when their locks expire');
    }
    await withTimeout(this.durable.close(), FORCE_CLOSE_TIMEOUT_MS).catch(() => undefined);
    this.workerRedis?.disconnect();
  }

  /**
   * Drains the job's users side by side. A user to look at again later (held by someone else, cooling down after a
   * failure, a fair share used) gets a delayed job of their own, and so does one whose drain failed (Redis away for
   * a moment); the job itself fails only if even that cannot be added, and BullMQ then retries it whole.
   */
  private async run(drainer: InboxDrainer, job: Job<DrainJobData>): Promise<void> {
    const { backoffMs } = this.durable.config;
    const drains = waIdsOf(job.data).map((waId) =>
      drainer.drain(waId, { shouldStop: () => this.closing }).then(
        (outcome): DrainOutcome & { waId: string } => ({ ...outcome, waId }),
        (error: unknown) => {
          this.logger.warn({ waId: maskPhone(waId), err: error }, 'inbox drain failed: trying again after a backoff');
          return { kind: 'later' as const, delayMs: queueRetryDelayMs(backoffMs, 1), reason: 'drain failed', waId };
        },
      ),
    );
    for (const outcome of await Promise.all(drains)) {
      if (outcome.kind === 'done') continue;
      this.logger.debug(
        { jobId: job.id, waId: maskPhone(outcome.waId), delayMs: outcome.delayMs, reason: outcome.reason },
        'inbox drain put off',
      );
      await this.durable.addDrainJob([outcome.waId], outcome.delayMs);
    }
  }
}
