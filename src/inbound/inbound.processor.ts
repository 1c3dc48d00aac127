import { Injectable, Logger } from '@nestjs/common';
import { maskPhone } from '../common/logging/mask-phone.js';
import { FlowDispatcher } from '../flows/core/index.js';
import type { InboundEvent, InboundMessage, InboundStatus } from '../whatsapp/inbound-message.js';
import { WhatsAppClient } from '../whatsapp/whatsapp.client.js';

/**
 * Handles one inbound event after the webhook acknowledged it: marks the message read and hands it to the flows.
 * Queues call it in per-user order, with redeliveries already filtered out: each queue claims message ids at intake,
 * where the claim can be made atomic with the enqueue (see the BullMQ intake).
 */
@Injectable()
export class InboundProcessor {
  private readonly logger = new Logger(InboundProcessor.name);

  constructor(
    private readonly whatsapp: WhatsAppClient,
    private readonly dispatcher: FlowDispatcher,
  ) {}

  async process(event: InboundEvent): Promise<void> {
    switch (event.kind) {
      case 'message':
        return this.processMessage(event.message);
      case 'status':
        return this.logStatus(event.status);
      case 'error':
        this.logger.warn({ errors: event.errors, phoneNumberId: event.phoneNumberId }, 'webhook reported errors');
    }
  }

  private async processMessage(message: InboundMessage): Promise<void> {
    const log = { messageId: message.id, type: message.type, waId: maskPhone(message.from) };
    if (!message.from) {
      // Username-only senders have no phone number to answer; acknowledge and keep a trace.
      this.logger.log({ ...log, userId: message.fromUserId }, 'message from a user without a phone number: not answered');
      return;
    }
    this.logger.debug(log, 'message received');
    await this.whatsapp.markRead(message.id).catch((error: unknown) => {
      // A missing read receipt must not cost the user the answer.
      this.logger.warn({ ...log, err: error }, 'mark as read failed');
    });
    await this.dispatcher.dispatch(message);
  }

  private logStatus(status: InboundStatus): void {
    const fields = { messageId: status.id, status: status.status, waId: maskPhone(status.recipientId) };
    if (status.status === 'failed') this.logger.warn({ ...fields, errors: status.errors }, 'message delivery failed');
    else this.logger.debug(fields, 'message status');
  }
}
