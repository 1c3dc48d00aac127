/**
 * One person's registration, as the register flow collects it. `phone` is the store's key: the user's UserRef,
 * which is their wa_id, or their BSUID (`US.1349…`) for a user who hides their number behind a username. One
 * column, so the duplicate check stays one lookup for both kinds of user.
 */
export interface Registration {
  readonly name: string;
  readonly email: string;
  readonly city: string;
  readonly phone: string;
}
