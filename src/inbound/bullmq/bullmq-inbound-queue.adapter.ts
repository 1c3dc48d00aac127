import { Logger } from '@nestjs/common';
import { maskPhone } from '../../common/logging/mask-phone.js';
import { Metrics } from '../../metrics/metrics.js';
import type { InboundEvent } from '../../whatsapp/inbound-message.js';
import {
  InboundQueue,
  InboundQueueUnavailableError,
  orderingKeyOf,
  type InboundQueueStats,
} from '../inbound-queue.port.js';
import type { InboundProcessor } from '../inbound.processor.js';
import { queuedAt } from '../queued-event.js';
import type { DurableInbound } from './durable-inbound.js';
import { DrainRequests } from './drain-requests.js';

/** How long one reading of the queue's counts serves /metrics and /health: a scrape storm costs Redis nothing. */
const STATS_CACHE_MS = 1000;

/**
 * The durable intake (REDIS_URL set). For each message, in order: one script claims the message id and, if it is
 * new, appends the message to its user's inbox; if that inbox was empty, a drain of the user is requested (shared
 * with the other requests of the moment, see `DrainRequests`); a message behind others is reached by their drain.
 * Both are awaited, so the webhook's 200 means Redis has the message and its drain. Any Redis failure rejects with
 * `InboundQueueUnavailableError` (503): Meta delivers again, the claim says what was already accepted, and a
 * redelivery requests a drain again, so a crash between the two steps is healed. Statuses and change-level errors
 * need no order: they are only logged, here at intake.
 */
export class BullmqInboundQueue extends InboundQueue {
  private readonly logger = new Logger(BullmqInboundQueue.name);
  private cachedStats: { readonly at: number; readonly stats: Promise<InboundQueueStats> } | undefined;
  private readonly drains: DrainRequests;

  constructor(
    private readonly durable: DurableInbound,
    private readonly processor: InboundProcessor,
    private readonly dedupeTtlSeconds: number,
    private readonly metrics = new Metrics(),
  ) {
    super();
    this.drains = new DrainRequests((waIds) => durable.addDrainJob(waIds));
    metrics.trackBacklog(async () => {
      const { waiting, active, delayed, deadLettered } = await this.stats();
      return { waiting, active, delayed, dead_lettered: deadLettered };
    });
  }

  async enqueue(events: readonly InboundEvent[]): Promise<void> {
    for (const event of events) {
      const waId = orderingKeyOf(event);
      if (event.kind !== 'message' || waId === undefined) {
        await this.processor.process(event);
        continue;
      }
      const messageId = event.message.id;
      try {
        // The entry carries its intake time and the webhook's trace context, for the worker that processes it.
        const entry = JSON.stringify(queuedAt(event, Date.now()));
        const accepted = await this.durable.inbox.accept(waId, messageId, entry, this.dedupeTtlSeconds);
        if (accepted !== 'queued') await this.drains.request(waId);
        if (accepted !== 'duplicate') this.metrics.messageAccepted(event.message.type);
        else {
          this.metrics.duplicateIgnored();
          this.logger.log({ messageId, waId: maskPhone(waId) }, 'duplicate delivery ignored');
        }
      } catch (error) {
        this.logger.warn(
          { messageId, waId: maskPhone(waId), err: error },
          'message could not be queued: answering 503',
        );
        throw new InboundQueueUnavailableError({ cause: error });
      }
    }
  }

  /** The backlog, read in one Redis round trip and reused for a second; a failed reading is not reused. */
  override stats(): Promise<InboundQueueStats> {
    const now = Date.now();
    if (this.cachedStats && now - this.cachedStats.at < STATS_CACHE_MS) return this.cachedStats.stats;
    const stats = this.durable.backlog();
    const cached = { at: now, stats };
    this.cachedStats = cached;
    stats.catch(() => {
      if (this.cachedStats === cached) this.cachedStats = undefined;
    });
    return stats;
  }
}
