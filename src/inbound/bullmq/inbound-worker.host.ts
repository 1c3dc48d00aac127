import { queueRetryDelayMs } from '../../common/retry/backoff.js';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { maskPhone } from '../../common/logging/mask-phone.js';
import { withTimeout } from '../../common/with-timeout.js';
import type { InboundProcessor } from '../inbound.processor.js';
import { bullPrefix, INBOUND_QUEUE_NAME, type DrainJobData, type DurableInbound } from './durable-inbound.js';
import { InboxDrainer } from './inbox-drainer.js';
import { InboxSweeper } from './inbox-sweeper.js';
import { closeWorker, FORCE_CLOSE_TIMEOUT_MS, workerConnection } from './worker-lifecycle.js';

/** How long shutdown waits for the current jobs (main.ts exits at 9 s whatever happens). */
const CLOSE_TIMEOUT_MS = 8000;

/**
 * Runs the BullMQ worker of the durable queue in this process (ROLE=worker or all), and owns the shutdown of the
 * durable side in every role. Each job drains one user's inbox (see `inbox-drainer.ts`); a job that must wait for
 * another holder is moved to `delayed` (no attempt is spent), a job that throws is retried by BullMQ with
 * exponential backoff. On SIGTERM the worker stops taking jobs, the running ones finish their current message and
 * hand the rest back to the queue, then the connections close.
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
    this.worker = new Worker<DrainJobData>(INBOUND_QUEUE_NAME, (job, token) => this.run(drainer, job, token), {
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
      if (!job || error instanceof DelayedError) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1);
      this.logger.warn(
        { jobId: job.id, waId: maskPhone(job.data.waId), attemptsMade: job.attemptsMade, final, err: error.message },
        'inbound job failed',
      );
    });
    this.sweeper = new InboxSweeper(
      inbox,
      (waId) => this.durable.addDrainJob(waId),
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

  private async run(drainer: InboxDrainer, job: Job<DrainJobData>, token: string | undefined): Promise<void> {
    const canRetry = job.attemptsMade + 1 < (job.opts.attempts ?? 1);
    const outcome = await drainer.drain(job.data.waId, { canRetry, shouldStop: () => this.closing });
    if (outcome.kind === 'done') return;
    this.logger.debug(
      { jobId: job.id, waId: maskPhone(job.data.waId), delayMs: outcome.delayMs, reason: outcome.reason },
      'inbound job delayed',
    );
    // Delayed, not failed: waiting for another holder must not use up the job's attempts.
    await job.moveToDelayed(Date.now() + outcome.delayMs, token);
    throw new DelayedError();
  }
}
