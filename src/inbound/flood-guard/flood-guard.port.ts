/** The span a user's budget covers: at most USER_MESSAGES_PER_MINUTE messages in any 60 s. */
export const FLOOD_WINDOW_MS = 60_000;

/**
 * What the guard decided about one message. `pass`: process it. `drop`: over the limit, drop it silently.
 * `drop-and-notify`: over the limit, and the user has not been told in the last minute: drop it and tell them.
 */
export type FloodVerdict = 'pass' | 'drop' | 'drop-and-notify';

/**
 * The per-user flood guard: one noisy or hostile sender must not run up the OpenAI and Airtable bills. A sliding
 * window of the messages let through (never more than the limit in any 60 s) plus a "notice sent" mark that lasts
 * 60 s, so a flooding user is told once a minute at most. Dropped messages do not count, so a user who keeps
 * sending still gets the limit's worth answered each minute. The memory adapter serves one process; the Redis
 * adapter shares each user's budget between every instance.
 */
export abstract class FloodGuard {
  /**
   * Counts `messageId` against `waId`'s budget and says what to do with it. A message id already let through
   * passes again without being counted twice: a queue may retry a message whose processing failed.
   */
  abstract check(waId: string, messageId: string): Promise<FloodVerdict>;
}
