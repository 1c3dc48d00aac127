import { HttpException, Logger } from '@nestjs/common';
import { apiError } from '../api/api-error.js';
import {
  API_STORE_UNAVAILABLE,
  NOTIFICATION_INVALID,
  NOTIFICATION_SEND_FAILED,
} from '../common/errors/error-messages.js';
import { OptedOutError, OutsideWindowError } from './notification.errors.js';
import { parseNotificationRequest } from './notification-request.js';
import type { NotificationReceipt, NotificationService } from './notification.service.js';

const logger = new Logger('Notifications');

/**
 * A notification request body as HTTP sees it, shared by `POST /api/notifications` and the simulator's form:
 * 400 per bad field, 409 OPTED_OUT, 422 OUTSIDE_WINDOW, 502 SEND_FAILED, 503 while the store is down.
 */
export async function sendNotificationOverHttp(
  notifications: NotificationService,
  body: unknown,
): Promise<NotificationReceipt> {
  const parsed = parseNotificationRequest(body);
  if (!parsed.ok) {
    const messages = parsed.problems.map((problem) => `${problem.field} ${problem.message}`);
    throw apiError(400, 'INVALID_REQUEST', NOTIFICATION_INVALID(messages), { fields: parsed.problems });
  }
  const receipt = await answerInHttpTerms(() => notifications.send(parsed.request));
  if (receipt.status === 'failed')
    throw apiError(502, 'SEND_FAILED', NOTIFICATION_SEND_FAILED(receipt.error?.code), { id: receipt.id });
  return { id: receipt.id, channel: receipt.channel, status: receipt.status };
}

/** Maps refusals to their statuses; anything else unexpected here is the store (Redis) failing: 503. */
export async function answerInHttpTerms<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof HttpException) throw error;
    if (error instanceof OptedOutError) throw apiError(409, error.code, error.message);
    if (error instanceof OutsideWindowError) throw apiError(422, error.code, error.message);
    logger.warn({ err: error }, API_STORE_UNAVAILABLE());
    throw apiError(503, 'UNAVAILABLE', API_STORE_UNAVAILABLE());
  }
}
