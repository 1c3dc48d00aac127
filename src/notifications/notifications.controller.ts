import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTokenGuard } from '../api/api-token.guard.js';
import { apiError } from '../api/api-error.js';
import { NOTIFICATION_NOT_FOUND } from '../common/errors/error-messages.js';
import { maskPhone } from '../common/logging/mask-phone.js';
import type { NotificationRecord } from '../state/notification-store.port.js';
import { answerInHttpTerms, sendNotificationOverHttp } from './notification-http.js';
import { NotificationService, type NotificationReceipt } from './notification.service.js';

/**
 * `POST /api/notifications` sends (202 `{ id, channel, status }`), `GET /api/notifications/:id` tells what became of
 * it. Bearer API_TOKEN; 404 without API_TOKEN; 400 per bad field, 409 OPTED_OUT, 422 OUTSIDE_WINDOW, 502 when
 * WhatsApp refused every attempt, 503 while the store (Redis) is down. Errors read `{ error: { code, message } }`.
 */
@Controller('api/notifications')
@UseGuards(ApiTokenGuard)
export class NotificationsController {
  constructor(private readonly notifications: NotificationService) {}

  @Post()
  @HttpCode(202)
  send(@Body() body: unknown): Promise<NotificationReceipt> {
    return sendNotificationOverHttp(this.notifications, body);
  }

  @Get(':id')
  async read(@Param('id') id: string): Promise<NotificationRecord> {
    const record = await answerInHttpTerms(() => this.notifications.read(id));
    if (!record) throw apiError(404, 'NOT_FOUND', NOTIFICATION_NOT_FOUND(id));
    const { idempotencyKey: _key, ...shown } = record;
    return { ...shown, to: maskPhone(record.to) };
  }
}
