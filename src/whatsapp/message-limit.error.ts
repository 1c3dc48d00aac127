import { AppError } from '../common/errors/app.error.js';

/**
 * A message broke one of WhatsApp's Cloud API limits (length, count, uniqueness, required value) and was not
 * sent. `limit` names the rule, e.g. `'text.body'`, `'button.title'`, `'list.rows'`, so callers and tests key on
 * it rather than on the text. The message never carries the offending text (it may be user data).
 */
export class MessageLimitError extends AppError {
  readonly code = 'WHATSAPP.LIMIT_EXCEEDED';

  constructor(
    readonly limit: string,
    message: string,
  ) {
    super(message);
  }
}
