import type { Logger } from '@nestjs/common';
import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { redisReconnectDelayMs } from '../../common/retry/backoff.js';
import { withTimeout } from '../../common/with-timeout.js';

/** A forced close or a queue detach waits on Redis: bounded too, so a Redis that just restarted cannot stall exit. */
export const FORCE_CLOSE_TIMEOUT_MS = 1000;

/**
 * The connection of a BullMQ worker. Its blocking reads need one that waits out reconnects (maxRetriesPerRequest:
 * null), unlike the shared fail-fast client; BullMQ duplicates it for the blocking connection.
 */
export function workerConnection(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    connectTimeout: 2000,
    retryStrategy: redisReconnectDelayMs,
  });
  redis.on('error', (error: Error) => logger.warn({ err: error.message }, 'worker connection error'));
  return redis;
}

/**
 * Lets the running jobs finish within `timeoutMs`, else cuts the worker's connections (close(true) would only
 * return the pending close). Resolves whether the jobs finished.
 */
export async function closeWorker(worker: Worker, timeoutMs: number): Promise<boolean> {
  const closed = await withTimeout(worker.close(), timeoutMs).then(
    () => true,
    () => false,
  );
  if (!closed) await withTimeout(worker.disconnect(), FORCE_CLOSE_TIMEOUT_MS).catch(() => undefined);
  return closed;
}
