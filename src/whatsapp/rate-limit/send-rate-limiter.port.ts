import type { SendDecision } from './token-bucket.js';

/**
 * Budgets for outbound messages from one business number: the number's throughput and, per user, Meta's pair
 * rate. Each call decides one send with the rules of `decideSend` (token-bucket.ts) and, when it grants, has
 * already taken the tokens: the caller must send after `waitMs`. The in-memory adapter serves one process; the
 * Redis adapter shares the budgets between every instance.
 */
export abstract class SendRateLimiter {
  /**
   * `recipient` is the user's wa_id, or `undefined` for bodies without one (read receipts, typing indicators),
   * which use the number's budget only. A slot further away than `maxWaitMs` is refused and nothing is taken.
   */
  abstract acquire(recipient: string | undefined, maxWaitMs: number): Promise<SendDecision>;
}
