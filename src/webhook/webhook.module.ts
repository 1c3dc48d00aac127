import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { InboundModule } from '../inbound/inbound.module.js';
import { SignatureGuard } from './signature.guard.js';
import { WebhookController } from './webhook.controller.js';
import { WebhookRefusalFilter } from './webhook-refusal.filter.js';
import { webhookConfig } from './webhook.config.js';

/** Meta's webhook: verified handshake, signed intake, typed payloads, handed to the inbound queue. */
@Module({
  imports: [ConfigModule.forFeature(webhookConfig), InboundModule],
  controllers: [WebhookController],
  providers: [SignatureGuard, { provide: APP_FILTER, useClass: WebhookRefusalFilter }],
})
export class WebhookModule {}
