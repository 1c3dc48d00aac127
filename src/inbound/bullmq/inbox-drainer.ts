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
import type { UserInbox } from './user-inbox.js';

/*
 * Per-user order across processes: an inbox per user and a fenced lock.
 *
 * Intake appends each new message to `inbox:<wa_id>` (one script with the dedupe claim) and then adds a BullMQ job
 * `{ waId }` whose id is the message id. A job does not carry the message: it asks "drain this user's inbox".
 * Whichever worker runs it takes `lock:<wa_id>` (SET NX PX, random token) and, holding it, processes the inbox
 * strictly from the head: read the head, process it, then remove exactly that entry with a script that first checks
 * the lock still holds the token. So:
 *
 * - Order: entries are processed in append order, one at a time, and an entry leaves the inbox only after it was
 *   processed (or dead-lettered). Which worker picks which job does not matter: every job drains the same list.
 * - Mutual exclusion: only the token's holder processes a user; other jobs for that user see `busy` and are
 *   delayed (not completed) until about when the lock would expire, then look again.
 * - No message left behind: the holder releases the lock only with an atomic "inbox empty?" check, and a job
 *   completes only when it saw the inbox empty. Every append is followed by a job, and a busy job waits instead
 *   of finishing, so a non-empty inbox always has a job or a live holder (and the sweeper re-adds a job if a job
 *   was ever lost, e.g. a BullMQ job that failed for good while Redis was away).
 * - A worker that dies holding the lock (SIGKILL, OOM, lost network): its head entry was never removed. It renews
 *   its lock every third of QUEUE_LOCK_TTL_MS; once renewals stop the lock expires, the next job for the user (a
 *   delayed one, or the dead worker's own job, which BullMQ's stalled check puts back) takes the lock and starts
 *   again at that same head. The message is processed again (at least once: the answer may be sent twice only if
 *   the worker died after sending it and before removing the entry), and nothing after it has run before it.
 * - A holder that was only paused (a long GC or a frozen VM) and lost its lock meanwhile is fenced: its state write
 *   (`ConversationStore` under `runFenced`) and its removal of the head both check the token in the same script and
 *   are refused, so it cannot overwrite the new holder's state nor drop a message. It stops at once.
 * - Poison messages: each attempt at an entry is counted before work starts (so a crash counts too). A failing
 *   attempt gives the lock back with a cooldown (exponential backoff) and throws, so BullMQ retries the job with
 *   backoff; at QUEUE_MAX_ATTEMPTS the entry goes to the dead-letter queue and the user's later messages go on.
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
  /** Whether BullMQ will retry this job if it throws; on its last attempt failures are delayed instead. */
  readonly canRetry: boolean;
  /** Checked between messages: true once the worker is shutting down. */
  readonly shouldStop: () => boolean;
}

/** `done`: the inbox was empty. `later`: look again after `delayMs` (someone else holds the user, or we yielded). */
export type DrainOutcome =
  { readonly kind: 'done' } | { readonly kind: 'later'; readonly delayMs: number; readonly reason: string };

/** What processing an entry failed with; thrown so that BullMQ counts the attempt and retries with backoff. */
export class MessageAttemptFailedError extends AppError {
  readonly code = 'INBOUND.ATTEMPT_FAILED';
}

/** The error code to keep with a failed attempt: our `code`, else the error's class name. */
export function errorCodeOf(error: unknown): string {
  if (error instanceof AppError) return error.code;
  if (error instanceof Error) return error.name;
  return 'UNKNOWN';
}

/**
 * Drains one user's inbox under the user's lock (see the design notes above). Used by the BullMQ worker, one call
 * per job run; knows nothing of BullMQ itself, so it is tested against a real Redis without one.
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
      return await this.drainHolding(waId, token, lease, request, acquired.head);
    } finally {
      lease.stop();
    }
  }

  /** `firstHead`: the head read when the lock was taken. */
  private async drainHolding(
    waId: string,
    token: string,
    lease: LockLease,
    request: DrainRequest,
    firstHead: string,
  ): Promise<DrainOutcome> {
    const fence = { waId, lockKey: this.inbox.lockKey(waId), token };
    // The head when it is already known (from taking the lock, or null when the last removal left the inbox empty),
    // so that only a head that may have changed costs a read.
    let knownHead: string | null | undefined = firstHead;
    for (let processed = 0; processed < MAX_MESSAGES_PER_JOB; processed++) {
      const entry = knownHead !== undefined ? knownHead : await this.inbox.head(waId);
      knownHead = undefined;
      if (entry === null) {
        const released = await this.inbox.releaseIfEmpty(waId, token);
        if (released === 'released') return { kind: 'done' };
        if (released === 'lost') return this.lost(waId);
        continue; // a message arrived after the head was read: keep draining
      }
      if (request.shouldStop()) {
        await this.inbox.yield(waId, token);
        return this.later(0, 'shutting down');
      }
      if (lease.lost) return this.lost(waId);

      const event = parseEntry(entry);
      const messageId = event?.message.id ?? `unreadable.${createHash('sha1').update(entry).digest('hex')}`;
      const log = { messageId, waId: maskPhone(waId) };
      const { attempt, lastErrorCode } = await this.inbox.startAttempt(messageId);
      if (!event || attempt > this.options.maxAttempts) {
        // Unreadable, or every allowed attempt started and none finished (each one crashed its worker).
        const errorCode = event ? (lastErrorCode ?? 'INBOUND.ATTEMPTS_EXHAUSTED') : 'INBOUND.UNREADABLE_ENTRY';
        if (!(await this.deadLetter(waId, token, entry, event?.message.type, messageId, errorCode, attempt - 1)))
          return this.lost(waId);
        continue;
      }

      try {
        await runFenced(fence, () => this.process(event));
      } catch (error) {
        if (error instanceof FencedWriteRejectedError) return this.lost(waId);
        const errorCode = errorCodeOf(error);
        this.logger.warn(
          { ...log, attempt, maxAttempts: this.options.maxAttempts, err: error },
          'message attempt failed',
        );
        if (attempt >= this.options.maxAttempts) {
          if (!(await this.deadLetter(waId, token, entry, event.message.type, messageId, errorCode, attempt)))
            return this.lost(waId);
          continue;
        }
        const cooldownMs = queueRetryDelayMs(this.options.backoffMs, attempt);
        await this.inbox.yield(waId, token, { cooldownMs, messageId, errorCode });
        // BullMQ retries a thrown job with its own exponential backoff; on the job's last attempt, delay instead,
        // so the job is not lost while the message still has attempts left.
        if (!request.canRetry) return this.later(cooldownMs, 'retrying a failed message');
        throw new MessageAttemptFailedError(MESSAGE_ATTEMPT_FAILED(attempt, this.options.maxAttempts, errorCode), {
          cause: error,
        });
      }

      const left = await this.inbox.completeHead(waId, token, messageId, entry, this.options.lockTtlMs);
      if (left === null) return this.lost(waId);
      if (left === 0) knownHead = null;
    }
    // Fair share used up: let the queue interleave other users, then come back.
    await this.inbox.yield(waId, token);
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
  ): Promise<boolean> {
    const moved = await this.inbox.deadLetterHead(waId, token, {
      messageId,
      waId,
      type: type ?? 'unknown',
      errorCode,
      attempts,
      failedAt: new Date().toISOString(),
      entry,
    });
    if (moved)
      this.logger.error(
        { messageId, waId: maskPhone(waId), errorCode, attempts },
        'message moved to the dead-letter queue',
      );
    return moved;
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
