/**
 * How the service names one WhatsApp user: their wa_id (phone number, digits only) when known, else their
 * business-scoped user id (BSUID, e.g. `US.13491208655302741918`), which Meta gives users who hide their number
 * behind a username. It keys the session, the window, consent, preferences, per-user order and rate limits, and
 * it is what replies are sent to: a wa_id as `to`, a BSUID as `recipient`.
 *
 * The two shapes cannot collide: a wa_id is digits only, a BSUID starts with a country code and a dot.
 */
export type UserRef = string;

/** Who sent a message, as far as the webhook said. `ref` is the key; the rest is for display and lookups. */
export interface UserIdentity {
  readonly ref: UserRef;
  /** The phone number (wa_id), absent for username-only users. */
  readonly waId?: string;
  /** The BSUID, present in 2026-shaped webhooks. */
  readonly userId?: string;
  /** The WhatsApp username, for display only: users can change it. */
  readonly username?: string;
  readonly profileName?: string;
}

const WA_ID = /^\d+$/;
/** A well-formed BSUID: a two-letter country code, a dot, then letters and digits (`US.13491208655302741918`). */
export const BSUID_PATTERN = /^[A-Z]{2}\.[0-9A-Za-z]{1,128}$/;

/** Whether `ref` is a BSUID rather than a phone number (anything that is not all digits). */
export function isUserId(ref: string): boolean {
  return !WA_ID.test(ref);
}

/** The key of a sender: the wa_id when the message has one, else the BSUID; undefined when it has neither. */
export function userRefOf(sender: { readonly from?: string; readonly fromUserId?: string }): UserRef | undefined {
  return sender.from || sender.fromUserId || undefined;
}
