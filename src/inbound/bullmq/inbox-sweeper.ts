import { Logger } from '@nestjs/common';
import { DEAD_LETTER_TRIM_FAILED, DEAD_LETTERS_TRIMMED } from '../../common/errors/error-messages.js';
import { maskPhone } from '../../common/logging/mask-phone.js';
import type { InboundConfig } from '../inbound.config.js';
import type { UserInbox } from './user-inbox.js';

/** SSCAN rounds per sweep at most, of about 200 users each: a sweep stays small whatever the backlog. */
const MAX_ROUNDS = 50;
const SCAN_COUNT = 200;
/** Dead letters removed per script call, and calls per sweep: a trim never blocks Redis for long. */
const TRIM_BATCH = 1000;
const MAX_TRIM_ROUNDS = 10;

/** How long and how many dead letters are kept (DEAD_LETTER_TTL_DAYS, DEAD_LETTER_MAX). */
export type DeadLetterRetention = InboundConfig['deadLetters'];

/**
 * The safety net of the durable queue. Every append is followed by a job, but a job can still be lost for good
 * (it failed all its attempts while Redis was away, or crashed its worker more often than BullMQ tolerates). Every
 * `intervalMs` this looks at the users with pending messages and adds a drain job for each one whose inbox is
 * unlocked and whose head has not moved since the previous sweep: stuck, not merely waiting for a busy worker.
 * Extra jobs are harmless (a job for an empty or locked inbox just ends or waits), so several workers may sweep.
 *
 * Each sweep also trims the dead letters to `deadLetters` (older than its TTL, beyond its count). The trim is one
 * atomic script per batch, so sweepers of several instances may trim at the same time.
 */
export class InboxSweeper {
  private readonly logger = new Logger(InboxSweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;
  /** Head entry of each unlocked, non-empty inbox at the previous sweep. */
  private previousHeads = new Map<string, string>();

  constructor(
    private readonly inbox: UserInbox,
    private readonly addJob: (waId: string) => Promise<void>,
    private readonly intervalMs: number,
    private readonly deadLetters?: DeadLetterRetention,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweepSafely(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One sweep; returns the users a job was added for. */
  async sweep(): Promise<string[]> {
    const heads = new Map<string, string>();
    const revived: string[] = [];
    let cursor = '0';
    let rounds = 0;
    do {
      const page = await this.inbox.scanActive(cursor, SCAN_COUNT);
      cursor = page.cursor;
      for (const waId of page.waIds) {
        const head = await this.inbox.head(waId);
        if (head === null) {
          await this.inbox.forgetIfEmpty(waId);
          continue;
        }
        if (await this.inbox.isLocked(waId)) continue;
        heads.set(waId, head);
        if (this.previousHeads.get(waId) !== head) continue;
        await this.addJob(waId);
        revived.push(waId);
        this.logger.warn({ waId: maskPhone(waId) }, 'pending messages had no worker: drain job added');
      }
    } while (cursor !== '0' && ++rounds < MAX_ROUNDS);
    this.previousHeads = heads;
    return revived;
  }

  /** Removes expired dead letters and the oldest beyond the bound; returns how many went. */
  async trimDeadLetters(now = Date.now()): Promise<number> {
    if (!this.deadLetters) return 0;
    const { ttlMs, max } = this.deadLetters;
    let removed = 0;
    for (let round = 0; round < MAX_TRIM_ROUNDS; round++) {
      const batch = await this.inbox.trimDeadLetters(now - ttlMs, max, TRIM_BATCH);
      removed += batch;
      if (batch < TRIM_BATCH) break;
    }
    // One line per sweep that removed something (a count, never ids or numbers), not one per letter.
    if (removed > 0) this.logger.log(DEAD_LETTERS_TRIMMED(removed));
    return removed;
  }

  private async sweepSafely(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      await this.sweep();
    } catch (error) {
      this.logger.warn({ err: error }, 'inbox sweep failed');
    }
    // Apart from the sweep, so a failing scan does not stop the trim (or the reverse).
    try {
      await this.trimDeadLetters();
    } catch (error) {
      this.logger.warn({ err: error }, DEAD_LETTER_TRIM_FAILED());
    } finally {
      this.sweeping = false;
    }
  }
}
