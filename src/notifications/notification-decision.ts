import type { NotificationChannel } from '../state/notification-store.port.js';

export type NotificationRefusal = 'OPTED_OUT' | 'OUTSIDE_WINDOW';

export interface DecisionInput {
  readonly windowOpen: boolean;
  readonly hasText: boolean;
  readonly hasTemplate: boolean;
  readonly marketing: boolean;
  readonly optedOut: boolean;
}

/**
 * How a notification goes out, or why it does not. Rules run in order; the first match wins.
 */
export function decideChannel(input: DecisionInput): NotificationChannel | NotificationRefusal {
  // Consent first: an opted-out user gets no marketing, whatever the channel.
  if (input.marketing && input.optedOut) return 'OPTED_OUT';
  // Inside the 24 h window a free-form text is allowed (and free); it wins when given.
  if (input.windowOpen && input.hasText) return 'text';
  // Outside it (or without text), only an approved template reaches the user.
  if (input.hasTemplate) return 'template';
  return 'OUTSIDE_WINDOW';
}

/** Graph's "re-engagement message": more than 24 h since the user's last message. */
export const GRAPH_OUTSIDE_WINDOW_CODE = 131047;

/** Whether a text refused by Graph with `graphCode` should be retried once as the template. */
export function shouldFallBackToTemplate(graphCode: number | undefined, hasTemplate: boolean): boolean {
  return hasTemplate && graphCode === GRAPH_OUTSIDE_WINDOW_CODE;
}
