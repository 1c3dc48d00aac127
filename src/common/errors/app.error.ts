/**
 * Base of every error we throw on purpose. Logs, alerts and tests key on `code`, never on the text.
 * Messages never carry a phone number, a token or a message body.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
