/**
 * Which phone number (wa_id) a business-scoped user id (BSUID) belongs to, learnt from messages that carry both.
 * A later message with only the BSUID is then keyed by the wa_id, like the rest of that user's conversation.
 */
export abstract class UserIdentityStore {
  abstract link(userId: string, waId: string): Promise<void>;
  abstract waIdOf(userId: string): Promise<string | undefined>;
  /** Forgets `userId`'s link (after a user id change). */
  abstract unlink(userId: string): Promise<void>;
}
