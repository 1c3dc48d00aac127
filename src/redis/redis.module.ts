import { redisReconnectDelayMs } from '../common/retry/backoff.js';
import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { Redis } from 'ioredis';
import { AppError } from '../common/errors/app.error.js';
import { REDIS_UNREACHABLE } from '../common/errors/error-messages.js';
import { withTimeout } from '../common/with-timeout.js';
import { redisConfig } from './redis.config.js';
import { REDIS_CLIENT } from './redis.tokens.js';

/** How long shutdown waits for QUIT's answer before cutting the connection. */
const QUIT_TIMEOUT_MS = 1000;

export class RedisUnreachableError extends AppError {
  readonly code = 'REDIS.UNREACHABLE';
}

/**
 * The shared client fails fast instead of queueing: while Redis is away, every command rejects at once, so the
 * webhook can answer 503 (Meta delivers again later) instead of hanging. A connected but stuck server is cut off by
 * the command timeout, well inside the time Meta waits for an answer.
 */
const SHARED_CLIENT_OPTIONS = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: 2000,
  connectTimeout: 2000,
  // The commands of one tick leave in one socket write instead of one each: under load a write per command was the
  // largest single cost of Redis mode (a fifth of the CPU, all of it in the write syscall).
  enableAutoPipelining: true,
  // Reconnect quickly once Redis is back: intake must recover within seconds.
  retryStrategy: redisReconnectDelayMs,
} as const;

/**
 * Opens a client and waits until it is ready: with the offline queue off, a command sent before `ready` would fail,
 * so boot must not go on without Redis. Rejects after `timeoutMs` with an error that names host and port only
 * (the URL may carry a password).
 */
export async function connectRedis(url: string, timeoutMs: number): Promise<Redis> {
  const client = new Redis(url, SHARED_CLIENT_OPTIONS);
  const logger = new Logger('Redis');
  let lastError = 'no answer';
  // Without a listener ioredis prints every reconnect failure; log them as structured warnings instead.
  client.on('error', (error: Error) => {
    lastError = error.message;
    logger.warn({ err: error.message }, 'redis connection error');
  });
  if (client.status === 'ready') return client;
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('ready', resolve);
      timer = setTimeout(
        () => reject(new RedisUnreachableError(REDIS_UNREACHABLE(describeTarget(url), timeoutMs, lastError))),
        timeoutMs,
      );
    });
  } catch (error) {
    client.disconnect();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return client;
}

/** `host:port/db` of a Redis URL, without user or password. */
export function describeTarget(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '6379'}${parsed.pathname.length > 1 ? parsed.pathname : ''}`;
}

/**
 * Provides `REDIS_CLIENT`: one ioredis connection when REDIS_URL is set (ready before anything else boots), `null`
 * otherwise. Modules choose their Redis or memory adapters from it at boot. This module is global and its shutdown
 * hook runs after every feature module's, so the connection is closed last, once workers and queues are done.
 */
@Global()
@Module({
  imports: [ConfigModule.forFeature(redisConfig)],
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [redisConfig.KEY],
      useFactory: (config: ConfigType<typeof redisConfig>): Promise<Redis | null> | null =>
        config.url ? connectRedis(config.url, config.connectTimeoutMs) : null,
    },
  ],
  exports: [REDIS_CLIENT, ConfigModule],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    // quit() waits for replies to commands already sent; disconnect() if Redis is gone or slow and quit cannot finish.
    if (!this.redis) return;
    await withTimeout(this.redis.quit(), QUIT_TIMEOUT_MS).catch(() => this.redis?.disconnect());
  }
}
