import Airtable from 'airtable';
import { phoneEqualsFormula } from './phone-formula.js';
import type { Registration } from './registration.js';
import {
  AlreadyRegisteredError,
  RegistrationStoreError,
  type RegistrationStoreOperation,
} from './registration-store.error.js';
import { RegistrationStore } from './registration-store.port.js';

export interface AirtableRegistrationStoreOptions {
  /** A personal access token with `data.records:read` and `data.records:write` on the base. */
  readonly apiKey: string;
  readonly baseId: string;
  readonly tableName: string;
  /** `https://api.airtable.com`, or a mock; the SDK adds `/v0/<base>/<table>`. */
  readonly endpointUrl: string;
  readonly timeoutMs: number;
}

/** The table's columns, named as in Airtable. A read record omits the empty ones. */
interface RegistrationFields extends Airtable.FieldSet {
  Name?: string;
  Email?: string;
  City?: string;
  Phone?: string;
}

/**
 * `RegistrationStore` on an Airtable table with the text fields `Name`, `Email`, `City` and `Phone` (the wa_id).
 *
 * Airtable has no unique constraint, so `create` looks the phone up right before writing. A record created by
 * someone else between that lookup and the write (another instance of the bot, or a person editing the base)
 * still makes a duplicate: the window is one round trip long. Within one instance the inbound queue handles a
 * user's messages one at a time, so a user's own double tap on "Confirm" is not such a race.
 */
export class AirtableRegistrationStore extends RegistrationStore {
  private readonly table: Airtable.Table<RegistrationFields>;

  constructor(options: AirtableRegistrationStoreOptions) {
    super();
    const airtable = new Airtable({
      apiKey: options.apiKey,
      endpointUrl: options.endpointUrl,
      requestTimeout: options.timeoutMs,
      // The SDK retries a 429 with no limit on attempts, each pause up to 10 minutes, and no overall timeout:
      // a user would wait on a frozen chat. A 429 fails now instead and the flow asks the user to try again.
      noRetryIfRateLimited: true,
    });
    this.table = airtable.base(options.baseId)<RegistrationFields>(options.tableName);
  }

  async findByPhone(phone: string): Promise<Registration | undefined> {
    let records: Airtable.Records<RegistrationFields>;
    try {
      records = await this.table.select({ filterByFormula: phoneEqualsFormula(phone), maxRecords: 1 }).firstPage();
    } catch (error) {
      throw toRegistrationStoreError('lookup', error);
    }
    return records[0] && toRegistration(records[0].fields);
  }

  async create(registration: Registration): Promise<void> {
    if (await this.findByPhone(registration.phone)) throw new AlreadyRegisteredError();
    const fields = {
      Name: registration.name,
      Email: registration.email,
      City: registration.city,
      Phone: registration.phone,
    };
    try {
      // The array form posts `{ records: [{ fields }] }` (the current API shape); no `typecast`, so a value that
      // does not fit its column is refused instead of silently creating select options.
      await this.table.create([{ fields }]);
    } catch (error) {
      throw toRegistrationStoreError('create', error);
    }
  }
}

function toRegistration(fields: RegistrationFields): Registration {
  return { name: text(fields.Name), email: text(fields.Email), city: text(fields.City), phone: text(fields.Phone) };
}

/** A cell as text: empty cells are absent from Airtable's JSON, and a Phone column of another type still reads. */
function text(value: RegistrationFields[string]): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

/**
 * Maps what the SDK rejects with; anything else is a bug of ours and is rethrown as it is. Upstream messages are
 * dropped: node-fetch's quote the URL, which holds the phone of a lookup.
 */
function toRegistrationStoreError(operation: RegistrationStoreOperation, error: unknown): unknown {
  // An Airtable answer with an error status (the SDK's AirtableError is not an Error subclass).
  if (error instanceof Airtable.Error) {
    return typeof error.statusCode === 'number'
      ? new RegistrationStoreError(operation, 'http', error.statusCode, error.error)
      : new RegistrationStoreError(operation, 'connection', undefined, error.error);
  }
  // The SDK aborts a request after `requestTimeout`; node-fetch then rejects with an AbortError.
  if (error instanceof Error && error.name === 'AbortError') return new RegistrationStoreError(operation, 'timeout');
  if (error instanceof Error && error.name === 'FetchError') return new RegistrationStoreError(operation, 'connection');
  return error;
}
