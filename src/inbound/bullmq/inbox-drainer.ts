import { queueRetryDelayMs } from '../../common/retry/backoff.js';
import { Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '../../common/errors/app.error.js';
import { MESSAGE_ATTEMPT_FAILED } from '../../common/errors/error-messages.js';
import { isRecord } from '../../common/is-record.js';
import { maskPhone } from '../../common/logging/mask-phone.js';
import { FencedWriteRejectedError, runFenced } from '../../state/state-write-fence.js';
import type { InboundEvent } from '../../whatsapp/inbound-message.js';
import type { QueuedEvent } from '../queued-event.js';
import type { Head, NextHead, UserInbox } from './user-inbox.js';

/*
 * Per-user order across processes: an inbox per user and a fenced lock.
 *
 * Intake appends each new message to `inbox:<wa_id>` (one script with the dedupe claim). A message that finds the
 * inbox empty activates it: intake asks for a drain of that user, and the drain requests of one moment go into one
 * BullMQ job `{ waIds }`. A job does not carry messages: it asks "drain these users' inboxes". For each user the
 * worker takes `lock:<wa_id>` (SET NX PX, random token) and, holding it, processes the inbox strictly from the
 * head: process the head, then remove exactly that entry with a script that first checks the lock still holds the
 * token and, in the same step, either hands back the next head or releases the lock on an empty inbox. So:
 *
 * - Order: entries are processed in append order, one at a time, and an entry leaves the inbox only after it was
 *   processed (or dead-lettered). Which worker runs which job does not matter: every drain reads the same list.
 * - Mutual exclusion: only the token's holder processes a user; a drain that finds the user held (by a worker, a
 *   step timer or a retry's cooldown) is put off until about when the lock would expire, then looks again.
 * - No message left behind: the holder releases the lock only in the script that saw the inbox empty, so a message
 *   appended a moment later activates the inbox again and gets its own job; a message appended behind others is
 *   reached by the drain already due for them (a live holder, or a job waiting or put off). So a non-empty inbox
 *   always has a job or a live holder, and the sweeper re-adds a job if one was ever lost (a job that failed for
 *   good while Redis was away). A redelivery asks for a drain again, which heals a crash between append and job.
 * - A worker that dies holding the lock (SIGKILL, OOM, lost network): its head entry was never removed. It renews
 *   its lock every third of QUEUE_LOCK_TTL_MS; once renewals stop the lock expires, and the dead worker's own job,
 *   which BullMQ's stalled check puts back (or the sweeper's), takes the lock and starts again at that same head.
 *   The message is processed again (at least once: the answer may be sent twice only if the worker died after
 *   sending it and before removing the entry), and nothing after it has run before it.
 * - A holder that was only paused (a long GC or a frozen VM) and lost its lock meanwhile is fenced: its state write
 *   (`ConversationStore` under `runFenced`) and its removal of the head both check the token in the same script and
 *   are refused, so it cannot overwrite the new holder's state nor drop a message. It stops at once.
 * - Poison messages: each attempt at the head is counted when it starts (with the lock, or with the previous
 *   head's removal), so a crash counts too. A failing attempt leaves the lock to a cooldown (exponential backoff)
 *   and the drain is put off until it ends; at QUEUE_MAX_ATTEMPTS the entry goes to the dead-letter queue and the
 *   user's later messages go on.
 */

/** Most messages one job processes before it hands the user back to the queue, so a chatty user cannot hog a slot. */
const MAX_MESSAGES_PER_JOB = 50;
/** Random spread added to "look again" delays, so waiting jobs do not all wake at once. */
const JITTER_MS = 100;

export interface DrainOptions {
  readonly lockTtlMs: number;
  readonly maxAttempts: number;
  readonly backoffMs: number;
}

export interface DrainRequest {
  /** Checked between messages: true once the worker is shutting down. */
  readonly shouldStop: () => boolean;
}

/**
 * `done`: the inbox was empty. `later`: look again after `delayMs` (someone else holds the user, we yielded, or a
 * failed message waits for its retry).
 */
export type DrainOutcome =
  { readonly kind: 'done' } | { readonly kind: 'later'; readonly delayMs: number; readonly reason: string };

/** The error code to keep with a failed attempt: our `code`, else the error's class name. */
export function errorCodeOf(error: unknown): string {
  if (error instanceof AppError) return error.code;
  if (error instanceof Error) return error.name;
  return 'UNKNOWN';
}

/**
 * Drains one user's inbox under the user's lock (see the design notes above). Used by the BullMQ worker, one call
 * per user of a job; knows nothing of BullMQ itself, so it is tested against a real Redis without one.
 */
export class InboxDrainer {
  private readonly logger = new Logger(InboxDrainer.name);

  constructor(
    private readonly inbox: UserInbox,
    private readonly process: (event: QueuedEvent) => Promise<void>,
    private readonly options: DrainOptions,
  ) {}

  async drain(waId: string, request: DrainRequest): Promise<DrainOutcome> {
    const token = randomUUID();
    const acquired = await this.inbox.acquire(waId, token, this.options.lockTtlMs);
    if (acquired.state === 'empty') return { kind: 'done' };
    if (acquired.state === 'busy') return this.later(Math.min(acquired.waitMs, this.options.lockTtlMs), 'busy');

    const lease = new LockLease(this.inbox, waId, token, this.options.lockTtlMs);
    try {
      return await this.drainHolding(waId, token, lease, request, acquired);
    } finally {
      lease.stop();
    }
  }

  /** `first`: the head read, and its attempt started, when the lock was taken. */
  private async drainHolding(
    waId: string,
    token: string,
    lease: LockLease,
    request: DrainRequest,
    first: Head,
  ): Promise<DrainOutcome> {
    const fence = { waId, lockKey: this.inbox.lockKey(waId), token };
    const { lockTtlMs, maxAttempts } = this.options;
    let head = first;
    for (let processed = 0; processed < MAX_MESSAGES_PER_JOB; processed++) {
      if (request.shouldStop()) {
        await this.inbox.yield(waId, token, { unstarted: true });
        return this.later(0, 'shutting down');
      }
      if (lease.lost) return this.lost(waId);

      const { entry, attempt } = head;
      const event = parseEntry(entry);
      const messageId = event?.message.id ?? `unreadable.${createHash('sha1').update(entry).digest('hex')}`;
      let next: NextHead;
      if (!event || attempt > maxAttempts) {
        // Unreadable, or every allowed attempt started and none finished (each one crashed its worker).
        const errorCode = event
          ? ((await this.inbox.lastErrorCode(waId)) ?? 'INBOUND.ATTEMPTS_EXHAUSTED')
          : 'INBOUND.UNREADABLE_ENTRY';
        next = await this.deadLetter(waId, token, entry, event?.message.type, messageId, errorCode, attempt - 1);
      } else {
        const failure = await runFenced(fence, () => this.process(event)).then(
          () => undefined,
          (error: unknown) => ({ error }),
        );
        if (!failure) next = await this.inbox.completeHead(waId, token, entry, lockTtlMs);
        else {
          const { error } = failure;
          if (error instanceof FencedWriteRejectedError) return this.lost(waId);
          const errorCode = errorCodeOf(error);
          this.logger.warn(
            { messageId, waId: maskPhone(waId), attempt, maxAttempts, err: error },
            MESSAGE_ATTEMPT_FAILED(attempt, maxAttempts, errorCode),
          );
          if (attempt < maxAttempts) {
            // Nobody takes the user during the backoff; the caller looks again once it is over.
            const cooldownMs = queueRetryDelayMs(this.options.backoffMs, attempt);
            await this.inbox.yield(waId, token, { cooldownMs, errorCode });
            return this.later(cooldownMs, 'retrying a failed message');
          }
          next = await this.deadLetter(waId, token, entry, event.message.type, messageId, errorCode, attempt);
        }
      }
      if (next === 'released') return { kind: 'done' };
      if (next === 'lost') return this.lost(waId);
      head = next;
    }
    // Fair share used up: let the queue interleave other users, then come back.
    await this.inbox.yield(waId, token, { unstarted: true });
    return this.later(0, 'fair share used');
  }

  private async deadLetter(
    waId: string,
    token: string,
    entry: string,
    type: string | undefined,
    messageId: string,
    errorCode: string,
    attempts: number,
  ): Promise<NextHead> {
    const letter = {
      messageId,
      waId,
      type: type ?? 'unknown',
      errorCode,
      attempts,
      failedAt: new Date().toISOString(),
      entry,
    };
    const next = await this.inbox.deadLetterHead(waId, token, letter, this.options.lockTtlMs);
    if (next !== 'lost')
      this.logger.error(
        { messageId, waId: maskPhone(waId), errorCode, attempts },
        'message moved to the dead-letter queue',
      );
    return next;
  }

  private lost(waId: string): DrainOutcome {
    this.logger.warn({ waId: maskPhone(waId) }, 'user lock lost: another worker has taken over');
    return this.later(this.options.lockTtlMs, 'lock lost');
  }

  private later(delayMs: number, reason: string): DrainOutcome {
    return { kind: 'later', delayMs: Math.max(0, delayMs) + Math.floor(Math.random() * JITTER_MS), reason };
  }
}

/** Renews a user's lock every third of its TTL until stopped; `lost` turns true when a renewal finds it gone. */
class LockLease {
  private readonly logger = new Logger(LockLease.name);
  private readonly timer: NodeJS.Timeout;
  lost = false;

  constructor(inbox: UserInbox, waId: string, token: string, ttlMs: number) {
    this.timer = setInterval(
      () => {
        inbox.renew(waId, token, ttlMs).then(
          (held) => {
            if (!held) this.lost = true;
          },
          // A failed renewal is not a lost lock yet: the next one may succeed; the fenced writes decide for sure.
          (error: unknown) => this.logger.warn({ err: error, waId: maskPhone(waId) }, 'user lock renewal failed'),
        );
      },
      Math.max(1, Math.floor(ttlMs / 3)),
    );
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** A message event as an inbox entry holds it: with its intake time and trace context (see `QueuedEvent`). */
type QueuedMessageEvent = Extract<InboundEvent, { kind: 'message' }> & Pick<QueuedEvent, 'acceptedAt' | 'traceparent'>;

/** The message event of an inbox entry, or undefined if the entry is not one (never written by this code). */
function parseEntry(entry: string): QueuedMessageEvent | undefined {
  try {
    const parsed = JSON.parse(entry) as unknown;
    if (!isRecord(parsed)) return undefined;
    const event = parsed as Partial<Extract<InboundEvent, { kind: 'message' }>>;
    if (event.kind !== 'message' || typeof event.message?.id !== 'string') return undefined;
    return event as QueuedMessageEvent;
  } catch {
    return undefined;
  }
}
