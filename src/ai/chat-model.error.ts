import { AppError } from '../common/errors/app.error.js';
import { AI_COMPLETION_FAILED, AI_NOT_CONFIGURED } from '../common/errors/error-messages.js';

/**
 * Why a completion failed: the provider answered an error status (`http`), gave no answer in time
 * (`timeout`), could not be reached (`connection`), the caller gave up (`aborted`), or the answer had no text
 * (`empty-response`).
 */
export type ChatModelFailure = 'http' | 'timeout' | 'connection' | 'aborted' | 'empty-response';

/**
 * A chat model call that did not produce a reply. It carries the HTTP status and the provider's error code
 * (e.g. `rate_limit_exceeded`) but never the provider's message: OpenAI's 401 text quotes part of the API key.
 */
export class ChatModelError extends AppError {
  readonly code = 'AI.COMPLETION_FAILED';

  constructor(
    readonly failure: ChatModelFailure,
    readonly status?: number,
    readonly providerCode?: string,
  ) {
    super(AI_COMPLETION_FAILED(failure, status));
  }
}

/** Thrown by every call when no `OPENAI_API_KEY` is configured, so the flow can say AI chat is off. */
export class AiNotConfiguredError extends AppError {
  readonly code = 'AI.NOT_CONFIGURED';

  constructor() {
    super(AI_NOT_CONFIGURED());
  }
}
