import { Injectable, Logger } from '@nestjs/common';
import type { InboundStatus } from '../../whatsapp/inbound-message.js';

/** A delivery status of a message the bot sent (a reply or a notification), as flows see it. */
export interface MessageStatusEvent {
  /** The `wamid` the send returned. */
  readonly messageId: string;
  /** `sent`, `delivered`, `read`, `played` or `failed` (kept open: Meta adds values). */
  readonly status: InboundStatus['status'];
  /** The recipient's wa_id: mask it before logging. */
  readonly waId?: string;
  /** Seconds since the epoch, as Meta sends it. */
  readonly timestamp: number;
  /** For `failed`: Graph's code and title. */
  readonly error?: { readonly code: number; readonly title?: string };
}

export type MessageStatusListener = (event: MessageStatusEvent) => void | Promise<void>;

/**
 * Delivery statuses of the bot's messages, for flows that care (a receipt that was never delivered, a read
 * confirmation). Subscribe in a flow's constructor; the returned function unsubscribes:
 *
 * ```ts
 * constructor(statuses: MessageStatusEvents) {
 *   statuses.subscribe((event) => {
 *     if (event.status === 'failed') this.undelivered.add(event.messageId);
 *   });
 * }
 * ```
 *
 * Listeners run one after the other, after the webhook was acknowledged; one that throws is logged and does not
 * stop the others. Statuses of one user arrive in order, but Meta may send them out of order (`read` before
 * `delivered`).
 */
@Injectable()
export class MessageStatusEvents {
  private readonly logger = new Logger(MessageStatusEvents.name);
  private readonly listeners = new Set<MessageStatusListener>();

  subscribe(listener: MessageStatusListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Hands `status` to every listener (called by the inbound processor). */
  async emit(status: InboundStatus): Promise<void> {
    const failure = status.errors?.[0];
    const event: MessageStatusEvent = {
      messageId: status.id,
      status: status.status,
      ...(status.recipientId !== undefined ? { waId: status.recipientId } : {}),
      timestamp: status.timestamp,
      ...(failure ? { error: { code: failure.code, ...(failure.title ? { title: failure.title } : {}) } } : {}),
    };
    for (const listener of this.listeners) {
      try {
        await listener(event);
      } catch (error) {
        this.logger.warn({ err: error, messageId: status.id, status: status.status }, 'message status listener failed');
      }
    }
  }
}
