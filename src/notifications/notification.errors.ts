import { AppError } from '../common/errors/app.error.js';
import { NOTIFICATION_OPTED_OUT, NOTIFICATION_OUTSIDE_WINDOW } from '../common/errors/error-messages.js';

/** No template was given and the user's 24 h window is closed: nothing was sent. HTTP 422. */
export class OutsideWindowError extends AppError {
  readonly code = 'OUTSIDE_WINDOW';

  constructor() {
    super(NOTIFICATION_OUTSIDE_WINDOW());
  }
}

/** A marketing notification to a user who opted out: nothing was sent. HTTP 409. */
export class OptedOutError extends AppError {
  readonly code = 'OPTED_OUT';

  constructor() {
    super(NOTIFICATION_OPTED_OUT());
  }
}
