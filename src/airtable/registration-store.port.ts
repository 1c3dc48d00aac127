import type { Registration } from './registration.js';

export type { Registration } from './registration.js';

/**
 * Where registrations are kept, one per phone number (the user's wa_id). The register flow injects this port;
 * `AirtableModule` picks the adapter at boot (Airtable when `AIRTABLE_API_KEY` is set, memory otherwise).
 * `create` refuses a second registration for a phone with `AlreadyRegisteredError`; a store that cannot be
 * reached rejects with `RegistrationStoreError`. Every adapter passes `registration-store.contract.ts`.
 */
export abstract class RegistrationStore {
  /** The registration of this phone, or `undefined` when it has none. */
  abstract findByPhone(phone: string): Promise<Registration | undefined>;
  /** Stores a registration; rejects with `AlreadyRegisteredError` when its phone already has one. */
  abstract create(registration: Registration): Promise<void>;
}
