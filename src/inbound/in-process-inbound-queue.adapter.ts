import { Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { INTAKE_BACKLOG_FULL, INTAKE_SHUTTING_DOWN } from '../common/errors/error-messages.js';
import { maskPhone } from '../common/logging/mask-phone.js';
import { userRefOf } from '../common/user-ref.js';
import { Metrics } from '../metrics/metrics.js';
import type { DedupeStore } from '../state/dedupe-store.port.js';
import type { InboundEvent } from '../whatsapp/inbound-message.js';
import { InboundQueue, InboundQueueUnavailableError, orderingKeyOf } from './inbound-queue.port.js';
import type { InboundProcessor } from './inbound.processor.js';
import { KeyedSerialQueue } from './keyed-serial-queue.js';
import { queuedAt, type QueuedEvent } from './queued-event.js';

/** How long shutdown waits for queued messages by default (`SHUTDOWN_GRACE_MS`). */
const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
/**
 * Events queued or running at most. Past it intake answers 503 and Meta delivers again later, instead of
 * acknowledging messages this process cannot get to soon and growing until it runs out of memory.
 */
const DEFAULT_MAX_PENDING = 10_000;
/**
 * Past this backlog a webhook's 200 waits (at most PACING_MAX_WAIT_MS) until processing has caught up: intake is
 * paced by the replies, so under load the backlog, the reply latency and the memory stay flat instead of growing.
 * The message itself is already queued: the wait is for earlier ones, and Meta keeps delivering meanwhile.
 */
const PACE_ABOVE_PENDING = 256;
const PACING_MAX_WAIT_MS = 2000;

/**
 * The default inbound queue: processes events in this process, one user's messages strictly in arrival
 * order, different users in parallel. The ordering key is the wa_id, the conversation store's key.
 * Message ids are claimed at intake (Meta redelivers), so a redelivery never reaches the processor. The backlog
 * is bounded (`maxPending`): a webhook that would exceed it is refused whole, before any id is claimed.
 * Acknowledged messages live only in memory here: at shutdown they get `shutdownGraceMs` to finish, and every one
 * still unprocessed then is logged by id, so none is lost silently (REDIS_URL makes intake durable).
 */
export class InProcessInboundQueue extends InboundQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger(InProcessInboundQueue.name);
  private readonly perUser = new KeyedSerialQueue();
  /** Acknowledged messages not processed yet: id → masked wa_id, for the shutdown report. */
  private readonly unprocessed = new Map<string, string>();
  private closing = false;

  constructor(
    private readonly processor: InboundProcessor,
    private readonly dedupe: DedupeStore,
    private readonly maxPending = DEFAULT_MAX_PENDING,
    private readonly shutdownGraceMs = DEFAULT_SHUTDOWN_GRACE_MS,
    private readonly metrics = new Metrics(),
  ) {
    super();
    metrics.trackBacklog(() => Promise.resolve({ waiting: this.perUser.size }));
  }

  async enqueue(events: readonly InboundEvent[]): Promise<void> {
    // Draining for shutdown: a message taken now might not be processed in time; Meta delivers it again elsewhere.
    if (this.closing) throw new InboundQueueUnavailableError(undefined, INTAKE_SHUTTING_DOWN());
    if (this.perUser.size + events.length > this.maxPending) {
      this.logger.warn(
        { pending: this.perUser.size, refused: events.length },
        'inbound backlog full: webhook refused with 503',
      );
      throw new InboundQueueUnavailableError(undefined, INTAKE_BACKLOG_FULL(this.maxPending));
    }
    for (const event of events) {
      const key = orderingKeyOf(event);
      // Statuses and errors need no order (orderingKeyOf gives them no key).
      if (key === undefined || event.kind !== 'message') {
        void this.runSafely(event);
        continue;
      }
      if (!(await this.dedupe.claim(event.message.id))) {
        this.metrics.duplicateIgnored();
        this.logger.log(
          { messageId: event.message.id, waId: maskPhone(userRefOf(event.message)) },
          'duplicate delivery ignored',
        );
        continue;
      }
      this.metrics.messageAccepted(event.message.type);
      const messageId = event.message.id;
      const queued = queuedAt(event, Date.now());
      this.unprocessed.set(messageId, maskPhone(key));
      void this.perUser.run(key, async () => {
        await this.runSafely(queued);
        this.unprocessed.delete(messageId);
      });
    }
    await this.perUser.waitForRoom(PACE_ABOVE_PENDING, PACING_MAX_WAIT_MS);
  }

  /** Runs while the server still listens (before Nest closes it), so readiness and refusals stay visible. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.perUser.size === 0) return;
    this.logger.log({ pending: this.perUser.size, graceMs: this.shutdownGraceMs }, 'waiting for in-flight messages');
    if (await this.perUser.drain(this.shutdownGraceMs)) return;
    // Acknowledged to Meta, so never delivered again: each one is named, for an operator to follow up.
    for (const [messageId, waId] of this.unprocessed) {
      this.logger.warn({ messageId, waId }, 'shutdown grace ended: acknowledged message not processed');
    }
  }

  private async runSafely(event: QueuedEvent): Promise<void> {
    try {
      await this.processor.process(event);
    } catch (error) {
      const waId = event.kind === 'message' ? maskPhone(userRefOf(event.message)) : undefined;
      this.logger.error({ err: error, waId }, 'inbound event failed');
    }
  }
}
