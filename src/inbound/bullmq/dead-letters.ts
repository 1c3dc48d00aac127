import { maskPhone } from '../../common/logging/mask-phone.js';
import type { DurableInbound } from './durable-inbound.js';
import type { DeadLetter } from './user-inbox.js';

/** What listing shows of a dead letter: enough to decide on a replay, never the message body; `waId` masked. */
export type DeadLetterSummary = Omit<DeadLetter, 'entry'>;

/**
 * The dead-letter queue of inbound messages: those whose processing failed QUEUE_MAX_ATTEMPTS times (or crashed
 * their worker that often). Listed and replayed by the admin API and by `npm run dlq`. A replay appends the message
 * to the end of its user's inbox and adds a drain job, so it is processed after what the user sent meanwhile.
 * Dead letters hold the message body and the full wa_id (a replay needs both), so they do not stay forever: the
 * workers' periodic sweep removes those older than DEAD_LETTER_TTL_DAYS and the oldest beyond DEAD_LETTER_MAX.
 */
export class DeadLetters {
  constructor(private readonly durable: DurableInbound) {}

  async list(limit = 100): Promise<{ total: number; deadLetters: DeadLetterSummary[] }> {
    const [total, letters] = await Promise.all([
      this.durable.inbox.deadLetterCount(),
      this.durable.inbox.deadLetters(limit),
    ]);
    return {
      total,
      deadLetters: letters.map(({ entry: _body, ...summary }) => ({ ...summary, waId: maskPhone(summary.waId) })),
    };
  }

  /** Replays one dead letter; false if there is none with this id (or it was replayed meanwhile). */
  async replay(messageId: string): Promise<boolean> {
    const letter = await this.durable.inbox.replay(messageId);
    if (!letter) return false;
    await this.durable.addDrainJob([letter.waId]);
    return true;
  }

  /** Replays the `limit` newest dead letters, oldest of them first (so they queue up in failure order); returns their ids. */
  async replayAll(limit = 1000): Promise<string[]> {
    const replayed: string[] = [];
    for (const letter of (await this.durable.inbox.deadLetters(limit)).reverse()) {
      if (await this.replay(letter.messageId)) replayed.push(letter.messageId);
    }
    return replayed;
  }
}
