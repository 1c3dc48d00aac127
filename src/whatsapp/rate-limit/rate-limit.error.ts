import { AppError } from '../../common/errors/app.error.js';
import { OUTBOUND_RATE_LIMIT_WAIT_TOO_LONG } from '../../common/errors/error-messages.js';

/**
 * A send would have waited longer than RATE_LIMIT_MAX_WAIT_MS for its turn, so it was not sent. Nothing was
 * reserved for it. `bucket` says which budget was spent: the sending number's or the user's (pair limit).
 */
export class OutboundRateLimitError extends AppError {
  readonly code = 'WHATSAPP.RATE_LIMIT_WAIT_TOO_LONG';

  constructor(
    readonly bucket: 'number' | 'recipient',
    /** The whole wait this send would have had, already waited time included. */
    readonly waitMs: number,
    readonly maxWaitMs: number,
  ) {
    super(OUTBOUND_RATE_LIMIT_WAIT_TOO_LONG(bucket, waitMs, maxWaitMs));
  }
}
