import { Body, Controller, Get, HttpCode, HttpException, Logger, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTokenGuard } from '../api/api-token.guard.js';
import { apiError } from '../api/api-error.js';
import {
  API_STORE_UNAVAILABLE,
  NOTIFICATION_INVALID,
  NOTIFICATION_NOT_FOUND,
  NOTIFICATION_SEND_FAILED,
} from '../common/errors/error-messages.js';
import { maskPhone } from '../common/logging/mask-phone.js';
import type { NotificationRecord } from '../state/notification-store.port.js';
import { OptedOutError, OutsideWindowError } from './notification.errors.js';
import { parseNotificationRequest } from './notification-request.js';
import { NotificationService, type NotificationReceipt } from './notification.service.js';

/**
 * `POST /api/notifications` sends (202 `{ id, channel, status }`), `GET /api/notifications/:id` tells what became of
 * it. Bearer API_TOKEN; 404 without API_TOKEN; 400 per bad field, 409 OPTED_OUT, 422 OUTSIDE_WINDOW, 502 when
 * WhatsApp refused every attempt, 503 while the store (Redis) is down. Errors read `{ error: { code, message } }`.
 */
@Controller('api/notifications')
@UseGuards(ApiTokenGuard)
export class NotificationsController {
  private readonly logger = new Logger(NotificationsController.name);

  constructor(private readonly notifications: NotificationService) {}

  @Post()
  @HttpCode(202)
  async send(@Body() body: unknown): Promise<NotificationReceipt> {
    const parsed = parseNotificationRequest(body);
    if (!parsed.ok) {
      const messages = parsed.problems.map((problem) => `${problem.field} ${problem.message}`);
      throw apiError(400, 'INVALID_REQUEST', NOTIFICATION_INVALID(messages), { fields: parsed.problems });
    }
    const receipt = await this.guarded(() => this.notifications.send(parsed.request));
    if (receipt.status === 'failed')
      throw apiError(502, 'SEND_FAILED', NOTIFICATION_SEND_FAILED(receipt.error?.code), { id: receipt.id });
    return { id: receipt.id, channel: receipt.channel, status: receipt.status };
  }

  @Get(':id')
  async read(@Param('id') id: string): Promise<NotificationRecord> {
    const record = await this.guarded(() => this.notifications.read(id));
    if (!record) throw apiError(404, 'NOT_FOUND', NOTIFICATION_NOT_FOUND(id));
    const { idempotencyKey: _key, ...shown } = record;
    return { ...shown, to: maskPhone(record.to) };
  }

  /** Maps refusals to their statuses; anything else unexpected here is the store (Redis) failing: 503. */
  private async guarded<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof HttpException) throw error;
      if (error instanceof OptedOutError) throw apiError(409, error.code, error.message);
      if (error instanceof OutsideWindowError) throw apiError(422, error.code, error.message);
      this.logger.warn({ err: error }, API_STORE_UNAVAILABLE());
      throw apiError(503, 'UNAVAILABLE', API_STORE_UNAVAILABLE());
    }
  }
}
