import { Global, Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { ConversationStore } from './conversation-store.port.js';
import { DedupeStore } from './dedupe-store.port.js';
import { MemoryConversationStore } from './memory/memory-conversation-store.adapter.js';
import { MemoryDedupeStore } from './memory/memory-dedupe-store.adapter.js';
import { stateConfig } from './state.config.js';

/** Conversation and dedupe stores. Adapters are chosen here, at boot; everyone else injects the ports. */
@Global()
@Module({
  imports: [ConfigModule.forFeature(stateConfig)],
  providers: [
    {
      provide: ConversationStore,
      inject: [stateConfig.KEY],
      useFactory: (config: ConfigType<typeof stateConfig>) => new MemoryConversationStore(config.sessionTtlSeconds),
    },
    {
      provide: DedupeStore,
      inject: [stateConfig.KEY],
      useFactory: (config: ConfigType<typeof stateConfig>) =>
        new MemoryDedupeStore(config.dedupeTtlSeconds, config.dedupeMaxEntries),
    },
  ],
  exports: [ConversationStore, DedupeStore],
})
export class StateModule {}
