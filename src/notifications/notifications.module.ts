import { Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import type { Redis } from 'ioredis';
import { ConsentModule } from '../consent/consent.module.js';
import { redisConfig, type RedisConfig } from '../redis/redis.config.js';
import { REDIS_CLIENT } from '../redis/redis.tokens.js';
import { MemoryNotificationStore } from '../state/memory/memory-notification-store.adapter.js';
import { NotificationStore } from '../state/notification-store.port.js';
import { RedisNotificationStore } from '../state/redis/redis-notification-store.adapter.js';
import { stateConfig } from '../state/state.config.js';
import { WhatsAppModule } from '../whatsapp/whatsapp.module.js';
import { WindowModule } from '../window/window.module.js';
import { NotificationService } from './notification.service.js';
import { notificationsConfig } from './notifications.config.js';
import { NotificationsController } from './notifications.controller.js';

/**
 * `NotificationService` and `/api/notifications`. The store is Redis when REDIS_URL is set (shared by every
 * instance), memory otherwise; records live NOTIFICATION_TTL_DAYS.
 */
@Module({
  imports: [
    WhatsAppModule,
    WindowModule,
    ConsentModule,
    ConfigModule.forFeature(notificationsConfig),
    ConfigModule.forFeature(stateConfig),
  ],
  controllers: [NotificationsController],
  providers: [
    NotificationService,
    {
      provide: NotificationStore,
      inject: [
        notificationsConfig.KEY,
        stateConfig.KEY,
        { token: REDIS_CLIENT, optional: true },
        { token: redisConfig.KEY, optional: true },
      ],
      useFactory: (
        config: ConfigType<typeof notificationsConfig>,
        state: ConfigType<typeof stateConfig>,
        redis?: Redis | null,
        redisSettings?: RedisConfig,
      ) =>
        redis && redisSettings
          ? new RedisNotificationStore(redis, redisSettings.prefix, config.ttlSeconds)
          : new MemoryNotificationStore(config.ttlSeconds, state.sessionMaxEntries),
    },
  ],
  exports: [NotificationService],
})
export class NotificationsModule {}
