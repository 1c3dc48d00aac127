import { Injectable } from '@nestjs/common';
import { WindowStore } from '../state/window-store.port.js';

/** Meta's customer-service window: free-form messages are allowed for 24 h after the user's last message. */
export const WINDOW_MS = 24 * 3600 * 1000;

/**
 * The 24 h customer-service window of each user. The inbound processor records every accepted message (any type,
 * reactions included); anyone may ask whether the window is open:
 *
 * ```ts
 * constructor(private readonly window: WindowService) {}
 * if (await this.window.isOpen(waId)) await whatsapp.sendText(waId, 'Your order shipped');
 * ```
 *
 * Stored by `WindowStore` beside the conversation state (memory, or Redis shared by all instances), kept 48 h
 * after the last message, independent of SESSION_TTL_SECONDS.
 */
@Injectable()
export class WindowService {
  constructor(private readonly store: WindowStore) {}

  /** Records that `waId` wrote at `at` (epoch ms; default now). */
  recordInbound(waId: string, at = Date.now()): Promise<void> {
    return this.store.recordInbound(waId, at);
  }

  /** Moves `waId`'s last message `ms` into the past (the simulator's time travel: try the closed window locally). */
  rewind(waId: string, ms: number): Promise<void> {
    return this.store.rewind(waId, ms);
  }

  /** Whether `waId` wrote within the last 24 h, as of `now`. */
  async isOpen(waId: string, now = Date.now()): Promise<boolean> {
    const last = await this.store.lastInboundAt(waId);
    return last !== undefined && now - last < WINDOW_MS;
  }

  /** When the window closes (epoch ms), or undefined when it is not open. */
  async closesAt(waId: string, now = Date.now()): Promise<number | undefined> {
    const last = await this.store.lastInboundAt(waId);
    return last !== undefined && now - last < WINDOW_MS ? last + WINDOW_MS : undefined;
  }
}
