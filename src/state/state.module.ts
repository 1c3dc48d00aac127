import { Global, Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import type { Redis } from 'ioredis';
import { redisConfig, type RedisConfig } from '../redis/redis.config.js';
import { REDIS_CLIENT } from '../redis/redis.tokens.js';
import { ConversationStore } from './conversation-store.port.js';
import { DedupeStore } from './dedupe-store.port.js';
import { MemoryConversationStore } from './memory/memory-conversation-store.adapter.js';
import { MemoryDedupeStore } from './memory/memory-dedupe-store.adapter.js';
import { RedisConversationStore } from './redis/redis-conversation-store.adapter.js';
import { RedisDedupeStore } from './redis/redis-dedupe-store.adapter.js';
import { MemoryUserPreferencesStore } from './memory/memory-user-preferences-store.adapter.js';
import { RedisUserPreferencesStore } from './redis/redis-user-preferences-store.adapter.js';
import { stateConfig } from './state.config.js';
import { UserPreferencesStore } from './user-preferences-store.port.js';
import { ConsentStore } from './consent-store.port.js';
import { WindowStore } from './window-store.port.js';
import { MemoryConsentStore } from './memory/memory-consent-store.adapter.js';
import { MemoryWindowStore } from './memory/memory-window-store.adapter.js';
import { RedisConsentStore } from './redis/redis-consent-store.adapter.js';
import { RedisWindowStore } from './redis/redis-window-store.adapter.js';
import { MemoryUserIdentityStore } from './memory/memory-user-identity-store.adapter.js';
import { MemoryUserStateMover } from './memory/memory-user-state-mover.adapter.js';
import { RedisUserIdentityStore } from './redis/redis-user-identity-store.adapter.js';
import { RedisUserStateMover } from './redis/redis-user-state-mover.adapter.js';
import { UserIdentityStore } from './user-identity-store.port.js';
import { UserStateMover, type RenamableMemoryStore } from './user-state-mover.port.js';

type StateConfig = ConfigType<typeof stateConfig>;

const isRenamable = (store: unknown): store is RenamableMemoryStore =>
  typeof (store as Partial<RenamableMemoryStore>).renameUser === 'function';

// Optional: the flow test harness imports this module without RedisModule, and gets the memory adapters.
const REDIS_DEPENDENCIES = [
  stateConfig.KEY,
  { token: REDIS_CLIENT, optional: true },
  { token: redisConfig.KEY, optional: true },
];

/**
 * Conversation, dedupe, user-preference, window (last inbound time), consent and identity stores, and the mover
 * that carries a user's state to a new id. Adapters are chosen here, at boot: Redis when `REDIS_CLIENT` is a
 * client (REDIS_URL set), memory otherwise, with the same TTLs either way. Everyone else injects the ports.
 */
@Global()
@Module({
  imports: [ConfigModule.forFeature(stateConfig)],
  providers: [
    {
      provide: ConversationStore,
      inject: REDIS_DEPENDENCIES,
      useFactory: (config: StateConfig, redis?: Redis | null, redisSettings?: RedisConfig) =>
        redis && redisSettings
          ? new RedisConversationStore(redis, redisSettings.prefix, config.sessionTtlSeconds)
          : new MemoryConversationStore(config.sessionTtlSeconds, config.sessionMaxEntries),
    },
    {
      provide: DedupeStore,
      inject: REDIS_DEPENDENCIES,
      useFactory: (config: StateConfig, redis?: Redis | null, redisSettings?: RedisConfig) =>
        redis && redisSettings
          ? new RedisDedupeStore(redis, redisSettings.prefix, config.dedupeTtlSeconds)
          : new MemoryDedupeStore(config.dedupeTtlSeconds, config.dedupeMaxEntries),
    },
    {
      provide: UserPreferencesStore,
      inject: REDIS_DEPENDENCIES,
      useFactory: (config: StateConfig, redis?: Redis | null, redisSettings?: RedisConfig) =>
        redis && redisSettings
          ? new RedisUserPreferencesStore(redis, redisSettings.prefix)
          : new MemoryUserPreferencesStore(config.sessionMaxEntries),
    },
    {
      provide: WindowStore,
      inject: REDIS_DEPENDENCIES,
      useFactory: (config: StateConfig, redis?: Redis | null, redisSettings?: RedisConfig) =>
        redis && redisSettings
          ? new RedisWindowStore(redis, redisSettings.prefix)
          : new MemoryWindowStore(config.sessionMaxEntries),
    },
    {
      provide: ConsentStore,
      inject: REDIS_DEPENDENCIES,
      useFactory: (_config: StateConfig, redis?: Redis | null, redisSettings?: RedisConfig) =>
        redis && redisSettings ? new RedisConsentStore(redis, redisSettings.prefix) : new MemoryConsentStore(),
    },
    {
      provide: UserIdentityStore,
      inject: REDIS_DEPENDENCIES,
      useFactory: (config: StateConfig, redis?: Redis | null, redisSettings?: RedisConfig) =>
        redis && redisSettings
          ? new RedisUserIdentityStore(redis, redisSettings.prefix)
          : new MemoryUserIdentityStore(config.sessionMaxEntries),
    },
    {
      provide: UserStateMover,
      inject: [...REDIS_DEPENDENCIES, ConversationStore, WindowStore, ConsentStore, UserPreferencesStore],
      useFactory: (
        _config: StateConfig,
        redis: Redis | null | undefined,
        redisSettings: RedisConfig | undefined,
        ...stores: unknown[]
      ) =>
        redis && redisSettings
          ? new RedisUserStateMover(redis, redisSettings.prefix)
          : new MemoryUserStateMover(stores.filter(isRenamable)),
    },
  ],
  exports: [
    ConversationStore,
    DedupeStore,
    UserPreferencesStore,
    WindowStore,
    ConsentStore,
    UserIdentityStore,
    UserStateMover,
  ],
})
export class StateModule {}
