/** How long a user's last inbound time is kept: Meta's 24 h customer-service window, plus a day of margin. */
export const WINDOW_RETENTION_SECONDS = 48 * 3600;

/**
 * When each user last wrote to the bot (epoch ms), which opens Meta's 24 h customer-service window. Keys are
 * wa_ids. Kept WINDOW_RETENTION_SECONDS after the last message, independent of SESSION_TTL_SECONDS: a user whose
 * conversation expired may still be inside the window. Every adapter passes `window-store.contract.ts`.
 */
export abstract class WindowStore {
  /** Records an inbound message at `at`; an older time than the one stored is ignored. */
  abstract recordInbound(waId: string, at: number): Promise<void>;
  /** The user's last inbound time, or undefined when they never wrote (or longer ago than the retention). */
  abstract lastInboundAt(waId: string): Promise<number | undefined>;
  /** Moves the user's last inbound time `ms` into the past (the simulator's time travel); unknown users stay so. */
  abstract rewind(waId: string, ms: number): Promise<void>;
}
