import type { Registration } from './registration.js';
import { AlreadyRegisteredError } from './registration-store.error.js';
import { RegistrationStore } from './registration-store.port.js';

/**
 * Registrations in a `Map` keyed by phone, for development without Airtable and for tests. Lost on restart.
 * The check and the write run in one synchronous step, so concurrent creates for one phone cannot both win.
 */
export class MemoryRegistrationStore extends RegistrationStore {
  private readonly byPhone = new Map<string, Registration>();

  async findByPhone(phone: string): Promise<Registration | undefined> {
    const registration = this.byPhone.get(phone);
    return registration && { ...registration };
  }

  async create(registration: Registration): Promise<void> {
    if (this.byPhone.has(registration.phone)) throw new AlreadyRegisteredError();
    this.byPhone.set(registration.phone, { ...registration });
  }

  /** Every registration, oldest first (copies): what a test asserts after a flow ran. */
  all(): Registration[] {
    return [...this.byPhone.values()].map((registration) => ({ ...registration }));
  }
}
