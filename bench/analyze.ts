/**
 * Turns what the sink saw into deliveries: which acknowledged message got its reply, when, and whether each
 * user's messages were handled in the order they were sent. Pure, so its rules are readable in one place.
 */
import type { SinkEvent } from './bench-protocol.js';
import type { SentMessage } from './webhook-traffic.js';

/**
 * How a reply names its message. `echo`: the reply's text contains the message id (the baseline) or the reply
 * quotes it (the whatsapp-api-js peer; see SinkEvent). `receipt`:
 * the product replies with its menu, which names nothing, but marks each message read first, with its id, and
 * handles one user's messages one at a time; so a reply belongs to the last message its user's receipt named.
 */
export type Attribution = 'echo' | 'receipt';

export interface DeliveryReport {
  /** Messages the webhook acknowledged with 2xx: each must get exactly one reply. */
  readonly expected: number;
  readonly replied: number;
  /** Acknowledged messages without a reply when the bench stopped waiting. */
  readonly lost: number;
  /** Replies to this target's users that match no message of this round, or a second reply to one message. */
  readonly unmatched: number;
  /** Replies to another target's users: its backlog still draining. Ignored. */
  readonly foreign: number;
  /** Times a user's message was handled after a later one of the same user. */
  readonly orderViolations: number;
  /** Webhook sent → reply arrived at the sink, ms, for every matched reply. */
  readonly latenciesMs: readonly number[];
  readonly lastReplyAtMs: number;
}

export function analyzeDeliveries(
  sent: ReadonlyMap<string, SentMessage>,
  events: readonly SinkEvent[],
  attribution: Attribution,
  /** The target's wa_id range (waIdPrefixOf). */
  waIdPrefix: string,
): DeliveryReport {
  const repliedIds = new Set<string>();
  const lastSeqByUser = new Map<number, number>();
  const pendingByWaId = new Map<string, SentMessage>();
  const latenciesMs: number[] = [];
  let unmatched = 0;
  let foreign = 0;
  let orderViolations = 0;
  let lastReplyAtMs = 0;

  /** Called in handling order: a user's sequence numbers must only grow. */
  const handled = (message: SentMessage) => {
    if ((lastSeqByUser.get(message.user) ?? 0) > message.seq) orderViolations++;
    lastSeqByUser.set(message.user, message.seq);
  };
  const replied = (message: SentMessage, atMs: number) => {
    if (repliedIds.has(message.id)) {
      unmatched++;
      return;
    }
    repliedIds.add(message.id);
    latenciesMs.push(atMs - message.sentAtMs);
    lastReplyAtMs = Math.max(lastReplyAtMs, atMs);
  };

  for (const [kind, atMs, to, detail] of events) {
    if (kind === 1 && !to.startsWith(waIdPrefix)) {
      foreign++;
      continue;
    }
    if (attribution === 'echo') {
      if (kind !== 1) continue;
      const message = sent.get(detail.slice(detail.indexOf('wamid.')));
      if (!message || message.waId !== to) {
        unmatched++;
        continue;
      }
      handled(message);
      replied(message, atMs);
      continue;
    }
    if (kind === 0) {
      const message = sent.get(detail);
      // Receipts of other rounds (a warm-up's stragglers) are not this round's business.
      if (!message) continue;
      handled(message);
      pendingByWaId.set(message.waId, message);
      continue;
    }
    const message = pendingByWaId.get(to);
    if (!message) {
      unmatched++;
      continue;
    }
    pendingByWaId.delete(to);
    replied(message, atMs);
  }

  let expected = 0;
  let lost = 0;
  for (const message of sent.values()) {
    if (!message.acked) continue;
    expected++;
    if (!repliedIds.has(message.id)) lost++;
  }
  return { expected, replied: repliedIds.size, lost, unmatched, foreign, orderViolations, latenciesMs, lastReplyAtMs };
}

/** Nearest-rank percentile; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}
