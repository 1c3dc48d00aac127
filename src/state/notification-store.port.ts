/** Where a notification stands; only moves forward (see `notification-status.ts` in src/notifications). */
export type NotificationStatus = 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';
export type NotificationChannel = 'text' | 'template';
export type NotificationCategory = 'utility' | 'marketing' | 'authentication';

/** Graph's error about a send: its code and title, never the text or the number. */
export interface NotificationError {
  readonly code?: number;
  readonly title?: string;
}

/** One send to Graph: a text first, then (after 131047) the template. */
export interface NotificationAttempt {
  readonly channel: NotificationChannel;
  /** ISO 8601. */
  readonly at: string;
  readonly messageId?: string;
  readonly error?: NotificationError;
}

/** A notification as stored and as `GET /api/notifications/:id` shows it (with `to` masked there). */
export interface NotificationRecord {
  readonly id: string;
  readonly to: string;
  readonly category: NotificationCategory;
  readonly channel: NotificationChannel;
  readonly status: NotificationStatus;
  readonly messageId?: string;
  readonly error?: NotificationError;
  readonly attempts: readonly NotificationAttempt[];
  readonly idempotencyKey?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * Notifications, their idempotency keys and the index from a sent `wamid` to its notification. Records and the
 * index live `ttlSeconds` (NOTIFICATION_TTL_DAYS); keys as long as the caller says (24 h). Every adapter passes
 * `notification-store.contract.ts`.
 */
export abstract class NotificationStore {
  /** Creates or replaces a record, and indexes its `messageId` (when it has one). */
  abstract save(record: NotificationRecord): Promise<void>;
  abstract read(id: string): Promise<NotificationRecord | undefined>;
  /** The notification that sent `messageId`, if any. */
  abstract idByMessageId(messageId: string): Promise<string | undefined>;
  /**
   * Claims `key` for notification `id` for `ttlSeconds`, atomically: undefined when the claim is ours, else the
   * id of the notification that claimed it first.
   */
  abstract claimIdempotencyKey(key: string, id: string, ttlSeconds: number): Promise<string | undefined>;
  /** Gives `key` back when notification `id` was refused, so a corrected retry can use it; no-op for other ids. */
  abstract releaseIdempotencyKey(key: string, id: string): Promise<void>;
}
