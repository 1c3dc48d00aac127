import { Logger } from '@nestjs/common';
import { MEMORY_STORE_FULL } from '../common/errors/error-messages.js';
import { LruMap } from '../common/lru-map.js';
import type { Registration } from './registration.js';
import { AlreadyRegisteredError } from './registration-store.error.js';
import { RegistrationStore } from './registration-store.port.js';

/** SESSION_MAX_ENTRIES's default, for stores built without config (flow specs). */
const DEFAULT_MAX_ENTRIES = 100_000;

/**
 * Registrations in a `Map` keyed by phone, for development without Airtable and for tests. Lost on restart.
 * The check and the write run in one synchronous step, so concurrent creates for one phone cannot both win.
 *
 * At most `maxEntries` (SESSION_MAX_ENTRIES) are kept; beyond it the least recently looked up or created one is
 * forgotten, and that user could register again. Losing registrations is acceptable only because memory mode is for
 * development (production without AIRTABLE_API_KEY logs an error at boot): an unbounded Map would let anyone who
 * can message the bot grow the process until it dies.
 */
export class MemoryRegistrationStore extends RegistrationStore {
  private readonly logger = new Logger(MemoryRegistrationStore.name);
  /** Each registration with its creation number: `all()` lists in creation order whatever the use order. */
  private readonly byPhone: LruMap<string, { readonly registration: Registration; readonly created: number }>;
  private created = 0;

  constructor(maxEntries = DEFAULT_MAX_ENTRIES) {
    super();
    this.byPhone = new LruMap(maxEntries, () => this.logger.warn(MEMORY_STORE_FULL('registrations', maxEntries)));
  }

  async findByPhone(phone: string): Promise<Registration | undefined> {
    const found = this.byPhone.get(phone);
    return found && { ...found.registration };
  }

  async create(registration: Registration): Promise<void> {
    if (this.byPhone.has(registration.phone)) throw new AlreadyRegisteredError();
    this.byPhone.set(registration.phone, { registration: { ...registration }, created: this.created++ });
  }

  /** Every registration, oldest first (copies): what a test asserts after a flow ran. */
  all(): Registration[] {
    return [...this.byPhone.values()]
      .sort((a, b) => a.created - b.created)
      .map(({ registration }) => ({ ...registration }));
  }
}
