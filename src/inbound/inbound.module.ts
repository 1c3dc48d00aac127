import { Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import type { Redis } from 'ioredis';
import { appConfig } from '../common/config/app.config.js';
import { AppError } from '../common/errors/app.error.js';
import { ROLE_NEEDS_REDIS } from '../common/errors/error-messages.js';
import { ConsentModule } from '../consent/consent.module.js';
import { FlowsCoreModule } from '../flows/core/index.js';
import { StepTimers } from '../flows/core/step-timers.port.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { WindowModule } from '../window/window.module.js';
import { Metrics } from '../metrics/metrics.js';
import { redisConfig, type RedisConfig } from '../redis/redis.config.js';
import { REDIS_CLIENT } from '../redis/redis.tokens.js';
import { DedupeStore } from '../state/dedupe-store.port.js';
import { stateConfig } from '../state/state.config.js';
import { WhatsAppModule } from '../whatsapp/whatsapp.module.js';
import { BullmqInboundQueue } from './bullmq/bullmq-inbound-queue.adapter.js';
import { BullmqStepTimers } from './bullmq/bullmq-step-timers.adapter.js';
import { DurableInbound } from './bullmq/durable-inbound.js';
import { InboundWorkerHost } from './bullmq/inbound-worker.host.js';
import { floodGuardConfig } from './flood-guard/flood-guard.config.js';
import { createFloodGuard } from './flood-guard/flood-guard.factory.js';
import { FloodGuard } from './flood-guard/flood-guard.port.js';
import { InProcessInboundQueue } from './in-process-inbound-queue.adapter.js';
import { InboundQueue } from './inbound-queue.port.js';
import { inboundConfig, type InboundConfig } from './inbound.config.js';
import { InboundProcessor } from './inbound.processor.js';
import { UserIdentities } from './user-identities.js';
import { DURABLE_INBOUND } from './inbound.tokens.js';

export class RoleNeedsRedisError extends AppError {
  readonly code = 'CONFIG.ROLE_NEEDS_REDIS';
}

/** The durable queue when REDIS_URL is set; `null` keeps the in-process mode. Web and worker roles need Redis. */
export function createDurableInbound(
  config: InboundConfig,
  redis: Redis | null | undefined,
  redisSettings: RedisConfig | undefined,
): DurableInbound | null {
  if (!redis || !redisSettings) {
    if (config.role !== 'all') throw new RoleNeedsRedisError(ROLE_NEEDS_REDIS(config.role));
    return null;
  }
  return new DurableInbound(redis, redisSettings.prefix, config);
}

/**
 * Takes validated events from the webhook and gets them processed: ordered per user, deduplicated. In-process by
 * default; with REDIS_URL, a BullMQ queue with per-user inboxes, whose workers run here unless ROLE=web, and the
 * step timers as delayed jobs of their own queue (the core finds this `StepTimers` provider at boot).
 */
@Module({
  imports: [
    FlowsCoreModule,
    WhatsAppModule,
    WindowModule,
    ConsentModule,
    NotificationsModule,
    ConfigModule.forFeature(inboundConfig),
    ConfigModule.forFeature(stateConfig),
    ConfigModule.forFeature(appConfig),
    ConfigModule.forFeature(floodGuardConfig),
  ],
  providers: [
    InboundProcessor,
    UserIdentities,
    {
      provide: FloodGuard,
      inject: [
        floodGuardConfig.KEY,
        { token: REDIS_CLIENT, optional: true },
        { token: redisConfig.KEY, optional: true },
      ],
      useFactory: createFloodGuard,
    },
    {
      provide: DURABLE_INBOUND,
      inject: [inboundConfig.KEY, { token: REDIS_CLIENT, optional: true }, { token: redisConfig.KEY, optional: true }],
      useFactory: createDurableInbound,
    },
    {
      provide: InboundQueue,
      inject: [DURABLE_INBOUND, InboundProcessor, DedupeStore, stateConfig.KEY, appConfig.KEY, Metrics],
      useFactory: (
        durable: DurableInbound | null,
        processor: InboundProcessor,
        dedupe: DedupeStore,
        state: ConfigType<typeof stateConfig>,
        app: ConfigType<typeof appConfig>,
        metrics: Metrics,
      ) =>
        durable
          ? new BullmqInboundQueue(durable, processor, state.dedupeTtlSeconds, metrics)
          : new InProcessInboundQueue(processor, dedupe, undefined, app.shutdownGraceMs, metrics),
    },
    {
      provide: InboundWorkerHost,
      inject: [DURABLE_INBOUND, InboundProcessor, inboundConfig.KEY, { token: redisConfig.KEY, optional: true }],
      useFactory: (
        durable: DurableInbound | null,
        processor: InboundProcessor,
        config: InboundConfig,
        redisSettings?: RedisConfig,
      ) =>
        durable && redisSettings?.url
          ? new InboundWorkerHost(durable, processor, redisSettings.url, config.role !== 'web')
          : null,
    },
    {
      // Durable step timers, fired under the user's lock; without Redis the core keeps them in process.
      provide: StepTimers,
      inject: [DURABLE_INBOUND, inboundConfig.KEY, { token: redisConfig.KEY, optional: true }],
      useFactory: (durable: DurableInbound | null, config: InboundConfig, redisSettings?: RedisConfig) =>
        durable && redisSettings?.url ? new BullmqStepTimers(durable, redisSettings.url, config.role !== 'web') : null,
    },
  ],
  exports: [InboundQueue, DURABLE_INBOUND, UserIdentities],
})
export class InboundModule {}
