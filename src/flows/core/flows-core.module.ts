import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { WhatsAppModule } from '../../whatsapp/whatsapp.module.js';
import { FlowDispatcher } from './flow.dispatcher.js';
import { FlowRegistry } from './flow.registry.js';

/**
 * The conversation engine: discovers `@Flow` providers in every module and dispatches messages to them.
 * `ConversationStore` comes from the global StateModule.
 */
@Module({
  imports: [DiscoveryModule, WhatsAppModule],
  providers: [FlowRegistry, FlowDispatcher],
  exports: [FlowRegistry, FlowDispatcher],
})
export class FlowsCoreModule {}
