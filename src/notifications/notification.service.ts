import { isUserId } from '../common/user-ref.js';
import { UserIdentityStore } from '../state/user-identity-store.port.js';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { maskPhone } from '../common/logging/mask-phone.js';
import { ConsentService } from '../consent/consent.service.js';
import {
  NotificationStore,
  type NotificationAttempt,
  type NotificationChannel,
  type NotificationError,
  type NotificationRecord,
  type NotificationStatus,
} from '../state/notification-store.port.js';
import { GraphApiError } from '../whatsapp/graph-api.error.js';
import type { InboundStatus } from '../whatsapp/inbound-message.js';
import { WhatsAppClient } from '../whatsapp/whatsapp.client.js';
import { WindowService } from '../window/window.service.js';
import { decideChannel, shouldFallBackToTemplate } from './notification-decision.js';
import { OptedOutError, OutsideWindowError } from './notification.errors.js';
import type { NotificationRequest } from './notification-request.js';
import { advanceStatus, notificationStatusOf } from './notification-status.js';
import { notificationsConfig } from './notifications.config.js';

/** What a caller learns at once: the id to poll, the channel used, and `accepted` (or `failed`). */
export interface NotificationReceipt {
  readonly id: string;
  readonly channel: NotificationChannel;
  readonly status: NotificationStatus;
  readonly error?: NotificationError;
}

/**
 * Messages the business starts (order shipped, appointment tomorrow), for code, flows and `POST /api/notifications`:
 *
 * ```ts
 * constructor(private readonly notifications: NotificationService) {}
 * await this.notifications.send({ to, text: 'Your order shipped',
 *   template: { name: 'order_update', language: 'en_US' }, idempotencyKey: `order-${id}-shipped` });
 * ```
 *
 * Inside the user's 24 h window the text goes out; outside it the template (or `OutsideWindowError`). A text that
 * Graph refuses with 131047 (the window closed meanwhile) is sent once more as the template. Marketing to a user
 * who opted out throws `OptedOutError`. Sends go through `WhatsAppClient`: the same rate limiter, retry policy and
 * Graph client as replies. Delivery statuses from the webhook move the record forward (`applyStatus`).
 */
@Injectable()
export class NotificationService {
  private readonly logger = new Logger(NotificationService.name);

  constructor(
    private readonly store: NotificationStore,
    private readonly window: WindowService,
    private readonly consent: ConsentService,
    private readonly whatsapp: WhatsAppClient,
    @Inject(notificationsConfig.KEY) private readonly config: ConfigType<typeof notificationsConfig>,
    private readonly identities: UserIdentityStore,
  ) {}

  /** Sends `request` (already validated, see `parseNotificationRequest`); throws OptedOutError or OutsideWindowError. */
  async send(addressed: NotificationRequest): Promise<NotificationReceipt> {
    const request = { ...addressed, to: await this.userRefOf(addressed.to) };
    const id = `ntf_${randomUUID().replaceAll('-', '')}`;
    const key = request.idempotencyKey;
    if (key !== undefined) {
      const first = await this.store.claimIdempotencyKey(key, id, this.config.idempotencyTtlSeconds);
      if (first !== undefined) return this.receiptOf(first);
    }
    let channel: NotificationChannel;
    try {
      channel = await this.decide(request);
    } catch (error) {
      // Refused before any send: the key must not answer later requests with an id that was never stored.
      if (key !== undefined) await this.store.releaseIdempotencyKey(key, id);
      throw error;
    }
    const now = new Date().toISOString();
    let record: NotificationRecord = {
      id,
      to: request.to,
      category: request.category ?? 'utility',
      channel,
      status: 'accepted',
      attempts: [],
      ...(key !== undefined ? { idempotencyKey: key } : {}),
      createdAt: now,
      updatedAt: now,
    };
    // Saved before the send, so a concurrent duplicate (same key) finds the record.
    await this.store.save(record);
    record = await this.deliver(record, request, channel);
    await this.store.save(record);
    const log = { notificationId: id, waId: maskPhone(request.to), channel: record.channel, status: record.status };
    if (record.status === 'failed') this.logger.warn({ ...log, error: record.error }, 'notification failed');
    else this.logger.log(log, 'notification accepted by WhatsApp');
    return receipt(record);
  }

  /** The notification, or undefined when unknown or older than NOTIFICATION_TTL_DAYS. */
  read(id: string): Promise<NotificationRecord | undefined> {
    return this.store.read(id);
  }

  /**
   * Moves the notification that sent `status.id` forward (never back); a `failed` status keeps Graph's code and
   * title. Resolves with the updated record, or undefined when the wamid is no notification's (a flow's reply).
   */
  async applyStatus(status: InboundStatus): Promise<NotificationRecord | undefined> {
    const incoming = notificationStatusOf(status.status);
    if (incoming === undefined) return undefined;
    const id = await this.store.idByMessageId(status.id);
    const record = id === undefined ? undefined : await this.store.read(id);
    if (record === undefined) return undefined;
    const next = advanceStatus(record.status, incoming);
    if (next === record.status) return record;
    const failure = status.errors?.[0];
    const updated: NotificationRecord = {
      ...record,
      status: next,
      ...(next === 'failed' && failure
        ? { error: { code: failure.code, title: failure.title ?? failure.message } }
        : {}),
      updatedAt: new Date().toISOString(),
    };
    await this.store.save(updated);
    return updated;
  }

  /** A BSUID linked to a phone number names that user: their window and consent are kept under the wa_id. */
  private async userRefOf(to: string): Promise<string> {
    return isUserId(to) ? ((await this.identities.waIdOf(to)) ?? to) : to;
  }

  private async decide(request: NotificationRequest): Promise<NotificationChannel> {
    const marketing = request.category === 'marketing';
    const decision = decideChannel({
      marketing,
      optedOut: marketing && (await this.consent.isOptedOut(request.to)),
      windowOpen: request.text !== undefined && (await this.window.isOpen(request.to)),
      hasText: request.text !== undefined,
      hasTemplate: request.template !== undefined,
    });
    if (decision === 'OPTED_OUT') throw new OptedOutError();
    if (decision === 'OUTSIDE_WINDOW') throw new OutsideWindowError();
    return decision;
  }

  /** Sends on `channel`, falling back from text to the template once on 131047; records every attempt. */
  private async deliver(
    record: NotificationRecord,
    request: NotificationRequest,
    channel: NotificationChannel,
  ): Promise<NotificationRecord> {
    const first = await this.attempt(request, channel);
    const attempts: NotificationAttempt[] = [first];
    if (channel === 'text' && shouldFallBackToTemplate(first.error?.code, request.template !== undefined)) {
      attempts.push(await this.attempt(request, 'template'));
    }
    const last = attempts[attempts.length - 1] as NotificationAttempt;
    return {
      ...record,
      channel: last.channel,
      status: last.error ? 'failed' : 'accepted',
      ...(last.messageId !== undefined ? { messageId: last.messageId } : {}),
      ...(last.error ? { error: last.error } : {}),
      attempts,
      updatedAt: new Date().toISOString(),
    };
  }

  private async attempt(request: NotificationRequest, channel: NotificationChannel): Promise<NotificationAttempt> {
    const at = new Date().toISOString();
    try {
      const sent =
        channel === 'text'
          ? await this.whatsapp.sendText(request.to, request.text as string)
          : await this.whatsapp.sendGraphTemplate(
              request.to,
              request.template as NonNullable<NotificationRequest['template']>,
            );
      return { channel, at, messageId: sent.messageId };
    } catch (error) {
      return { channel, at, error: errorOf(error) };
    }
  }

  private async receiptOf(id: string): Promise<NotificationReceipt> {
    const record = await this.store.read(id);
    // The first request may still be deciding: it owns the key, so its id is the answer either way.
    return record ? receipt(record) : { id, channel: 'text', status: 'accepted' };
  }
}

function receipt(record: NotificationRecord): NotificationReceipt {
  return {
    id: record.id,
    channel: record.channel,
    status: record.status,
    ...(record.error ? { error: record.error } : {}),
  };
}

/** Graph's code and title of a failed send; the title without Graph's `(#code) ` prefix. */
function errorOf(error: unknown): NotificationError {
  if (error instanceof GraphApiError) {
    const title = error.graphMessage?.replace(/^\(#\d+\)\s*/, '');
    return { ...(error.graphCode !== undefined ? { code: error.graphCode } : {}), ...(title ? { title } : {}) };
  }
  return { title: error instanceof Error ? error.name : 'Error' };
}
