import { Logger } from '@nestjs/common';
import { maskPhone } from '../../common/logging/mask-phone.js';
import type { UserInbox } from './user-inbox.js';

/** SSCAN rounds per sweep at most, of about 200 users each: a sweep stays small whatever the backlog. */
const MAX_ROUNDS = 50;
const SCAN_COUNT = 200;

/**
 * The safety net of the durable queue. Every append is followed by a job, but a job can still be lost for good
 * (it failed all its attempts while Redis was away, or crashed its worker more often than BullMQ tolerates). Every
 * `intervalMs` this looks at the users with pending messages and adds a drain job for each one whose inbox is
 * unlocked and whose head has not moved since the previous sweep: stuck, not merely waiting for a busy worker.
 * Extra jobs are harmless (a job for an empty or locked inbox just ends or waits), so several workers may sweep.
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

  private async sweepSafely(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      await this.sweep();
    } catch (error) {
      this.logger.warn({ err: error }, 'inbox sweep failed');
    } finally {
      this.sweeping = false;
    }
  }
}
