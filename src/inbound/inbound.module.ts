import { Module } from '@nestjs/common';
import { FlowsCoreModule } from '../flows/core/index.js';
import { WhatsAppModule } from '../whatsapp/whatsapp.module.js';
import { InProcessInboundQueue } from './in-process-inbound-queue.adapter.js';
import { InboundQueue } from './inbound-queue.port.js';
import { InboundProcessor } from './inbound.processor.js';

/** Takes validated events from the webhook and gets them processed: ordered per user, deduplicated. */
@Module({
  imports: [FlowsCoreModule, WhatsAppModule],
  providers: [InboundProcessor, { provide: InboundQueue, useClass: InProcessInboundQueue }],
  exports: [InboundQueue],
})
export class InboundModule {}
