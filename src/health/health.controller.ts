import { Controller, Get, Inject, Optional, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { appConfig } from '../common/config/app.config.js';
import { Readiness } from './readiness.js';
import { withTimeout } from '../common/with-timeout.js';
import { InboundQueue, type InboundQueueStats } from '../inbound/inbound-queue.port.js';
import { inboundConfig, type Role } from '../inbound/inbound.config.js';
import { REDIS_CLIENT } from '../redis/redis.tokens.js';

/** Redis must answer within this, or it counts as down: a load balancer's probe must not hang. */
const REDIS_PROBE_TIMEOUT_MS = 1000;

export interface HealthReport {
  readonly status: 'ok' | 'unavailable';
  readonly uptimeSeconds: number;
  readonly environment: string;
  /** With REDIS_URL only: this process's role, Redis' state and the durable queue's backlog (unknown while down). */
  readonly role?: Role;
  readonly redis?: 'up' | 'down';
  readonly queue?: InboundQueueStats;
}

/**
 * Health for load balancers and orchestrators.
 * - `GET /health/live`: 200 while the process runs (restart it only when this fails).
 * - `GET /health/ready`: 503 while booting, from SIGTERM on, and while Redis is down in Redis mode; else 200.
 * - `GET /health`: the overview: in-process mode always 200; with REDIS_URL 503 while Redis does not answer, with
 *   the queue's counts while it does.
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    private readonly readiness: Readiness,
    @Inject(inboundConfig.KEY) private readonly inbound: ConfigType<typeof inboundConfig>,
    private readonly queue: InboundQueue,
    @Optional() @Inject(REDIS_CLIENT) private readonly redis?: Redis | null,
  ) {}

  @Get()
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const base = { uptimeSeconds: Math.round(process.uptime()), environment: this.app.nodeEnv };
    if (!this.redis) return { status: 'ok', ...base };
    const stats = await withTimeout(this.probe(this.redis), REDIS_PROBE_TIMEOUT_MS).catch(() => undefined);
    if (!stats) {
      void reply.status(503);
      return { status: 'unavailable', ...base, role: this.inbound.role, redis: 'down' };
    }
    return { status: 'ok', ...base, role: this.inbound.role, redis: 'up', queue: stats };
  }

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ status: 'ready' | 'not ready'; reason?: string }> {
    const reason = !this.readiness.ready
      ? 'booting or shutting down'
      : this.redis && !(await withTimeout(this.redis.ping(), REDIS_PROBE_TIMEOUT_MS).catch(() => undefined))
        ? 'redis down'
        : undefined;
    if (reason === undefined) return { status: 'ready' };
    void reply.status(503);
    return { status: 'not ready', reason };
  }

  private async probe(redis: Redis): Promise<InboundQueueStats | undefined> {
    await redis.ping();
    return this.queue.stats();
  }
}
