import { Logger } from '@nestjs/common';
import { maskPhone } from '../../common/logging/mask-phone.js';
import type { InboundEvent } from '../../whatsapp/inbound-message.js';
import {
  InboundQueue,
  InboundQueueUnavailableError,
  orderingKeyOf,
  type InboundQueueStats,
} from '../inbound-queue.port.js';
import type { InboundProcessor } from '../inbound.processor.js';
import { jobIdFor, type DurableInbound } from './durable-inbound.js';

/**
 * The durable intake (REDIS_URL set). For each message, in order: one script claims the message id and, if it is
 * new, appends the message to its user's inbox; then a BullMQ job `{ waId }` is added with a job id derived from the message id (`jobIdFor`).
 * Both are awaited, so the webhook's 200 means Redis has the message. Any Redis failure rejects with
 * `InboundQueueUnavailableError` (503): Meta delivers again, the claim says what was already accepted, and the job
 * is added again, so a crash between the two steps is healed by the redelivery. Statuses and change-level errors
 * need no order: they are only logged, here at intake.
 */
export class BullmqInboundQueue extends InboundQueue {
  private readonly logger = new Logger(BullmqInboundQueue.name);

  constructor(
    private readonly durable: DurableInbound,
    private readonly processor: InboundProcessor,
    private readonly dedupeTtlSeconds: number,
  ) {
    super();
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
        const isNew = await this.durable.inbox.accept(waId, messageId, JSON.stringify(event), this.dedupeTtlSeconds);
        await this.durable.addDrainJob(waId, jobIdFor(messageId));
        if (!isNew) this.logger.log({ messageId, waId: maskPhone(waId) }, 'duplicate delivery ignored');
      } catch (error) {
        this.logger.warn(
          { messageId, waId: maskPhone(waId), err: error },
          'message could not be queued: answering 503',
        );
        throw new InboundQueueUnavailableError({ cause: error });
      }
    }
  }

  override async stats(): Promise<InboundQueueStats> {
    const [counts, deadLettered] = await Promise.all([
      this.durable.queue.getJobCounts('waiting', 'active', 'delayed', 'failed'),
      this.durable.inbox.deadLetterCount(),
    ]);
    return {
      waiting: counts.waiting ?? 0,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      deadLettered,
    };
  }
}
