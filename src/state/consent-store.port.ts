/** A user's answer about marketing messages, and when they gave it. */
export interface ConsentRecord {
  readonly marketing: 'opted_in' | 'opted_out';
  /** ISO 8601. */
  readonly updatedAt: string;
}

/**
 * Consent records (STOP / START), keyed by wa_id. They never expire, in either adapter: forgetting an opt-out
 * would send marketing to someone who refused it. A user without a record is opted in. Every adapter passes
 * `consent-store.contract.ts`.
 */
export abstract class ConsentStore {
  abstract read(waId: string): Promise<ConsentRecord | undefined>;
  abstract write(waId: string, record: ConsentRecord): Promise<void>;
}
