import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DiscoveryModule } from '@nestjs/core';
import { WhatsAppModule } from '../../whatsapp/whatsapp.module.js';
import { WindowModule } from '../../window/window.module.js';
import { FlowDispatcher } from './flow.dispatcher.js';
import { FlowRegistry } from './flow.registry.js';
import { languageConfig } from './language.config.js';
import { LanguageFlow } from './language.flow.js';
import { LanguageResolver } from './language.resolver.js';
import { MessageStatusEvents } from './message-status.events.js';
import { StepTimeouts } from './step-timeouts.service.js';

/**
 * The conversation engine: discovers `@Flow` providers in every module and dispatches messages to them, with
 * the `language` command built in. Global, so flow modules import nothing of the core (a flow that injects
 * `FlowRegistry`, like the main menu, gets it anyway). `ConversationStore` and `UserPreferencesStore` come from
 * the global StateModule.
 */
@Global()
@Module({
  imports: [DiscoveryModule, WhatsAppModule, WindowModule, ConfigModule.forFeature(languageConfig)],
  providers: [FlowRegistry, FlowDispatcher, LanguageResolver, LanguageFlow, MessageStatusEvents, StepTimeouts],
  exports: [FlowRegistry, FlowDispatcher, MessageStatusEvents],
})
export class FlowsCoreModule {}
