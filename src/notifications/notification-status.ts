import type { NotificationStatus } from '../state/notification-store.port.js';

/** How far along each status is: a notification only ever moves to a higher rank. */
const RANK: Readonly<Record<NotificationStatus, number>> = { accepted: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/** A webhook status as a notification status: `played` (voice heard) counts as read; unknown values as nothing. */
export function notificationStatusOf(webhookStatus: string): NotificationStatus | undefined {
  if (webhookStatus === 'played') return 'read';
  return webhookStatus in RANK && webhookStatus !== 'accepted' ? (webhookStatus as NotificationStatus) : undefined;
}

/** The status after `incoming` arrives: statuses arrive out of order, so a late `delivered` never undoes `read`. */
export function advanceStatus(current: NotificationStatus, incoming: NotificationStatus): NotificationStatus {
  return RANK[incoming] > RANK[current] ? incoming : current;
}
