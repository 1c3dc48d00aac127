import { AppError } from '../common/errors/app.error.js';
import { AIRTABLE_REQUEST_FAILED, ALREADY_REGISTERED } from '../common/errors/error-messages.js';

/** `create` was called for a phone that already has a registration; nothing was written. */
export class AlreadyRegisteredError extends AppError {
  readonly code = 'AIRTABLE.ALREADY_REGISTERED';

  constructor() {
    super(ALREADY_REGISTERED());
  }
}

/** Which call failed: the lookup by phone or the write. */
export type RegistrationStoreOperation = 'lookup' | 'create';

/** Why: Airtable answered an error status (`http`), did not answer in time (`timeout`), or was unreachable. */
export type RegistrationStoreFailure = 'http' | 'timeout' | 'connection';

/**
 * The registration store could not be read or written. It keeps the HTTP status and the error type as the SDK
 * reports it (its own names for 401/403/404/429/5xx, e.g. `NOT_AUTHORIZED`; Airtable's for the rest, e.g.
 * `UNKNOWN_FIELD_NAME`) but no upstream text: the SDK's connection errors quote the request URL, and that URL
 * holds the phone number of the lookup.
 */
export class RegistrationStoreError extends AppError {
  readonly code = 'AIRTABLE.REQUEST_FAILED';

  constructor(
    readonly operation: RegistrationStoreOperation,
    readonly failure: RegistrationStoreFailure,
    readonly status?: number,
    readonly airtableType?: string,
  ) {
    super(AIRTABLE_REQUEST_FAILED(operation, failure, status));
  }
}
