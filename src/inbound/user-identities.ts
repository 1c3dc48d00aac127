import { Injectable, Logger } from '@nestjs/common';
import { maskPhone } from '../common/logging/mask-phone.js';
import { LruMap } from '../common/lru-map.js';
import { UserIdentityStore } from '../state/user-identity-store.port.js';
import { UserStateMover } from '../state/user-state-mover.port.js';
import type { InboundEvent, InboundMessage } from '../whatsapp/inbound-message.js';

/** BSUID → wa_id pairs this process already stored: a user who shows both on every message costs one write. */
const KNOWN_LINKS_MAX = 10_000;

const NUMBER_CHANGES = new Set(['user_changed_number', 'customer_changed_number']);
const USER_ID_CHANGE = 'user_changed_user_id';

/**
 * Keeps one key per user (their UserRef) across the ways WhatsApp names them. At intake, a message that carries
 * both a wa_id and a BSUID records the pair, and a message with only the BSUID gets the wa_id it is linked to, so
 * its order, dedupe scope, session and window are the same user's. During processing, `user_changed_number` and
 * `user_changed_user_id` system messages move the user's state to the new id.
 */
@Injectable()
export class UserIdentities {
  private readonly logger = new Logger(UserIdentities.name);
  private readonly knownLinks = new LruMap<string, string>(KNOWN_LINKS_MAX);

  constructor(
    private readonly identities: UserIdentityStore,
    private readonly mover: UserStateMover,
  ) {}

  /** `events` with username-only messages keyed by their linked wa_id. Rejects when the store cannot answer. */
  async resolve(events: readonly InboundEvent[]): Promise<readonly InboundEvent[]> {
    if (!events.some((event) => event.kind === 'message' && event.message.fromUserId !== undefined)) return events;
    const resolved: InboundEvent[] = [];
    for (const event of events) {
      if (event.kind !== 'message' || event.message.fromUserId === undefined) {
        resolved.push(event);
        continue;
      }
      const { from, fromUserId } = event.message;
      if (from !== undefined) {
        await this.link(fromUserId, from);
        resolved.push(event);
        continue;
      }
      const waId = this.knownLinks.get(fromUserId) ?? (await this.identities.waIdOf(fromUserId));
      resolved.push(waId === undefined ? event : { ...event, message: { ...event.message, from: waId } });
    }
    return resolved;
  }

  /**
   * Applies a number or user-id change; true when `message` was one (it needs no answer: the user gets none).
   * The move is one atomic step in Redis mode (see `UserStateMover`).
   */
  async applyChange(message: InboundMessage): Promise<boolean> {
    if (message.type !== 'system') return false;
    const { kind, newWaId, userId, previousUserId } = message.system;
    if (kind !== undefined && NUMBER_CHANGES.has(kind)) {
      if (message.from !== undefined && newWaId !== undefined) await this.changeNumber(message, message.from, newWaId);
      return true;
    }
    if (kind === USER_ID_CHANGE) {
      const previous = previousUserId ?? (message.fromUserId !== userId ? message.fromUserId : undefined);
      if (previous !== undefined && userId !== undefined) await this.changeUserId(message.from, previous, userId);
      return true;
    }
    return false;
  }

  private async changeNumber(message: InboundMessage, from: string, to: string): Promise<void> {
    await this.mover.move(from, to);
    if (message.fromUserId !== undefined) await this.link(message.fromUserId, to, true);
    this.logger.log({ from: maskPhone(from), to: maskPhone(to) }, 'user changed number: their state moved');
  }

  /** A user known by wa_id keeps their key (only the link changes); a username-only user's state moves. */
  private async changeUserId(waId: string | undefined, previous: string, next: string): Promise<void> {
    const linked = waId ?? this.knownLinks.get(previous) ?? (await this.identities.waIdOf(previous));
    this.knownLinks.delete(previous);
    await this.identities.unlink(previous);
    if (linked !== undefined) await this.link(next, linked, true);
    else await this.mover.move(previous, next);
    this.logger.log({ from: maskPhone(previous), to: maskPhone(next) }, 'user changed user id: their state moved');
  }

  private async link(userId: string, waId: string, force = false): Promise<void> {
    if (!force && this.knownLinks.get(userId) === waId) return;
    await this.identities.link(userId, waId);
    this.knownLinks.set(userId, waId);
  }
}
