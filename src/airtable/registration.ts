/** One person's registration, as the register flow collects it. `phone` is the user's wa_id and the store's key. */
export interface Registration {
  readonly name: string;
  readonly email: string;
  readonly city: string;
  readonly phone: string;
}
