import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { InboundModule } from '../inbound/inbound.module.js';
import { SignatureGuard } from './signature.guard.js';
import { WebhookController } from './webhook.controller.js';
import { webhookConfig } from './webhook.config.js';

/** Meta's webhook: verified handshake, signed intake, typed payloads, handed to the inbound queue. */
@Module({
  imports: [ConfigModule.forFeature(webhookConfig), InboundModule],
  controllers: [WebhookController],
  providers: [SignatureGuard],
})
export class WebhookModule {}
