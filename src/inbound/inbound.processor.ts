import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { maskPhone } from '../common/logging/mask-phone.js';
import { userRefOf } from '../common/user-ref.js';
import { Metrics } from '../metrics/metrics.js';
import { ATTR, contextOfTraceparent, inSpan, SPAN } from '../tracing/spans.js';
// The guard uses the dispatcher's own notion of a global command, so the two cannot disagree.
import { FlowDispatcher, globalCommandOf, MessageStatusEvents, textOf } from '../flows/core/index.js';
import { ConsentService } from '../consent/consent.service.js';
import { NotificationService } from '../notifications/notification.service.js';
import { WindowService } from '../window/window.service.js';
import type { InboundMessage, InboundStatus } from '../whatsapp/inbound-message.js';
import { WhatsAppClient } from '../whatsapp/whatsapp.client.js';
import { floodGuardConfig, type FloodGuardConfig } from './flood-guard/flood-guard.config.js';
import { FloodGuard, type FloodVerdict } from './flood-guard/flood-guard.port.js';
import { FLOOD_GUARD_TEXT } from './flood-guard/flood-guard.texts.js';
import type { QueuedEvent } from './queued-event.js';
import { UserIdentities } from './user-identities.js';

/**
 * Handles one inbound event after the webhook acknowledged it: checks the sender's flood guard, marks the message
 * read and hands it to the flows. Queues call it in per-user order, with redeliveries already filtered out: each
 * queue claims message ids at intake, where the claim can be made atomic with the enqueue (see the BullMQ intake).
 *
 * A message over USER_MESSAGES_PER_MINUTE is dropped before the read receipt and the dispatcher, so it costs no
 * Graph, OpenAI or Airtable call. It gets no read receipt either: the user sees it was never read, which is the
 * truth, and the once-a-minute notice says why. Global commands (`menu`, `exit`, `cancel`) always pass and are not counted:
 * they call neither OpenAI nor Airtable, and they are how a user gets unstuck.
 */
@Injectable()
export class InboundProcessor {
  private readonly logger = new Logger(InboundProcessor.name);
  private readonly metrics: Metrics;

  constructor(
    private readonly whatsapp: WhatsAppClient,
    private readonly dispatcher: FlowDispatcher,
    private readonly floodGuard: FloodGuard,
    @Inject(floodGuardConfig.KEY) private readonly floodConfig: FloodGuardConfig,
    @Optional() metrics?: Metrics,
    // Optional so specs that test intake alone need not wire the outbound side.
    @Optional() private readonly window?: WindowService,
    @Optional() private readonly consent?: ConsentService,
    @Optional() private readonly notifications?: NotificationService,
    @Optional() private readonly statusEvents?: MessageStatusEvents,
    @Optional() private readonly identities?: UserIdentities,
  ) {
    this.metrics = metrics ?? new Metrics();
  }

  async process(event: QueuedEvent): Promise<void> {
    switch (event.kind) {
      case 'message': {
        const { message } = event;
        const attributes = {
          [ATTR.messageId]: message.id,
          [ATTR.messageType]: message.type,
          [ATTR.user]: maskPhone(userRefOf(message)),
        };
        // A child of the webhook span that accepted it, through the trace context stored with the queued event.
        await inSpan(
          SPAN.process,
          attributes,
          () => this.processMessage(message),
          contextOfTraceparent(event.traceparent),
        );
        // Fully handled: a failed attempt (retried, or dead-lettered in the end) is not counted here.
        this.metrics.messageProcessed(event.acceptedAt);
        return;
      }
      case 'status':
        return this.handleStatus(event.status);
      case 'error':
        this.logger.warn({ errors: event.errors, phoneNumberId: event.phoneNumberId }, 'webhook reported errors');
    }
  }

  private async processMessage(message: InboundMessage): Promise<void> {
    const user = userRefOf(message);
    const log = { messageId: message.id, type: message.type, waId: maskPhone(user) };
    if (!user) return; // validation requires `from` or `from_user_id`: only a hand-built event lacks both
    this.logger.debug(log, 'message received');
    // A number or user-id change moves the user's state; it is WhatsApp's notice, not the user writing.
    if (await this.identities?.applyChange(message)) return;
    // Any accepted message opens the 24 h window, whatever its type (reactions too), even one the flood guard drops.
    await this.window?.recordInbound(user, windowTimeOf(message)).catch((error: unknown) => {
      this.logger.warn({ ...log, err: error }, 'last inbound time not recorded');
    });
    // STOP / START work in any flow and, like the global commands, are never dropped by the flood guard.
    if (this.consent?.isKeyword(textOf(message))) {
      await this.markRead(message, log);
      await this.consent.handleKeyword(user, textOf(message));
      return;
    }
    if (!(await this.admitted(message, user, log))) return;
    await this.markRead(message, log);
    await this.dispatcher.dispatch(message);
  }

  private async markRead(message: InboundMessage, log: Record<string, unknown>): Promise<void> {
    await this.whatsapp.markRead(message.id).catch((error: unknown) => {
      // A missing read receipt must not cost the user the answer.
      this.logger.warn({ ...log, err: error }, 'mark as read failed');
    });
  }

  /** Whether the flood guard lets the message through; a dropped one is logged and, once a minute, answered. */
  private async admitted(message: InboundMessage, user: string, log: Record<string, unknown>): Promise<boolean> {
    if (globalCommandOf(textOf(message)) !== undefined) return true;
    let verdict: FloodVerdict;
    try {
      verdict = await this.floodGuard.check(user, message.id);
    } catch (error) {
      // The guard protects the bills, not the user: when it cannot decide (Redis hiccup), answer rather than drop.
      this.logger.warn({ ...log, err: error }, 'flood guard failed: message let through');
      return true;
    }
    if (verdict === 'pass') return true;
    const fields = { ...log, limitPerMinute: this.floodConfig.userMessagesPerMinute };
    this.logger.debug(fields, 'message dropped: sender over the per-minute limit');
    if (verdict === 'drop-and-notify') {
      this.logger.warn(fields, 'sender over the per-minute limit: dropping their messages, notice sent');
      await this.whatsapp.sendText(user, FLOOD_GUARD_TEXT.notice).catch((error: unknown) => {
        // The notice is a courtesy: failing to send it must not fail (and retry) the dropped message.
        this.logger.warn({ ...log, err: error }, 'flood notice could not be sent');
      });
    }
    return false;
  }

  /** Logs and counts a delivery status, moves the notification that sent it forward, and tells the flows that listen. */
  private async handleStatus(status: InboundStatus): Promise<void> {
    this.logStatus(status);
    this.metrics.messageStatus(status.status, status.errors?.[0]?.code);
    await this.notifications?.applyStatus(status).catch((error: unknown) => {
      // Throwing would retry the whole event; a missed status is only a stale notification record.
      this.logger.warn({ messageId: status.id, err: error }, 'notification status not recorded');
    });
    await this.statusEvents?.emit(status);
  }

  private logStatus(status: InboundStatus): void {
    const fields = {
      messageId: status.id,
      status: status.status,
      waId: maskPhone(status.recipientId ?? status.recipientUserId),
    };
    if (status.status === 'failed')
      this.logger.warn({ ...fields, code: status.errors?.[0]?.code, errors: status.errors }, 'message delivery failed');
    else this.logger.debug(fields, 'message status');
  }
}

/** Meta redelivers a webhook for at most 7 days: an older timestamp is a hand-written payload (a test, a curl). */
const OLDEST_REAL_DELIVERY_MS = 7 * 24 * 3600 * 1000;

/**
 * When the user wrote (Meta's timestamp), capped at now: a backlog must not shorten the window, a skewed clock not
 * lengthen it. A timestamp older than any real delivery (a copied example payload) counts as now, so a local curl
 * with Meta's sample JSON still gets its answer from the simulated Graph, which enforces the window.
 */
export function windowTimeOf(message: Pick<InboundMessage, 'timestamp'>, now = Date.now()): number {
  const sentAt = message.timestamp * 1000;
  if (!Number.isFinite(sentAt) || sentAt <= 0 || now - sentAt > OLDEST_REAL_DELIVERY_MS) return now;
  return Math.min(sentAt, now);
}
