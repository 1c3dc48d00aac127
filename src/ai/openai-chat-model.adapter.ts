import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { Metrics } from '../metrics/metrics.js';
import { ChatModelError } from './chat-model.error.js';
import { ChatModel, type ChatMessage } from './chat-model.port.js';

export interface OpenAiChatModelOptions {
  readonly apiKey: string;
  /** Up to and including `/v1`, e.g. `https://api.openai.com/v1` or a local mock. */
  readonly baseUrl: string;
  readonly model: string;
  /** Per attempt, until the response headers arrive (that is what the SDK's `timeout` covers). */
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** Sent as `max_completion_tokens` on every call, so one answer's cost is bounded. */
  readonly maxCompletionTokens: number;
}

/** The SDK's pause between attempts when no Retry-After header is sent: 0.5 s doubling, at most 8 s (openai v6). */
const SDK_FIRST_RETRY_DELAY_MS = 500;
const SDK_MAX_RETRY_DELAY_MS = 8000;

/**
 * The longest one `complete` call may take: every attempt times out, plus the SDK's pauses between attempts.
 * The SDK obeys a `Retry-After` header with no upper limit (a 429 saying "retry in 60 s" would hold the user for
 * a minute), and its `timeout` stops at the response headers, so the adapter also aborts at this deadline.
 */
export function completionDeadlineMs(timeoutMs: number, maxRetries: number): number {
  let pausesMs = 0;
  for (let retry = 0; retry < maxRetries; retry++) {
    pausesMs += Math.min(SDK_FIRST_RETRY_DELAY_MS * 2 ** retry, SDK_MAX_RETRY_DELAY_MS);
  }
  return timeoutMs * (maxRetries + 1) + pausesMs;
}

/** `ChatModel` on OpenAI's Chat Completions API (or any server that speaks it at `baseUrl`). */
export class OpenAiChatModel extends ChatModel {
  private readonly client: OpenAI;
  private readonly deadlineMs: number;

  constructor(
    private readonly options: OpenAiChatModelOptions,
    private readonly metrics = new Metrics(),
  ) {
    super();
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries,
    });
    this.deadlineMs = completionDeadlineMs(options.timeoutMs, options.maxRetries);
  }

  async complete(messages: ChatMessage[], options: { signal?: AbortSignal } = {}): Promise<string> {
    const deadline = AbortSignal.timeout(this.deadlineMs);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    let completion: OpenAI.Chat.ChatCompletion;
    try {
      const request = this.client.chat.completions.create(
        {
          model: this.options.model,
          messages: messages.map(({ role, content }) => ({ role, content })),
          // OpenAI's current name; the older `max_tokens` is deprecated and refused by reasoning models.
          max_completion_tokens: this.options.maxCompletionTokens,
        },
        { signal },
      );
      // The SDK checks the signal only while a request is in flight, not while it sleeps before a retry (a
      // Retry-After of minutes would hold us), so the wait itself also ends at the signal.
      completion = await untilAborted(request, signal);
    } catch (error) {
      const failure = options.signal?.aborted
        ? new ChatModelError('aborted')
        : deadline.aborted
          ? new ChatModelError('timeout')
          : toChatModelError(error);
      this.metrics.aiRequest(aiResultOf(failure));
      throw failure;
    }
    // WhatsApp refuses an empty text message, so a blank answer is a failure here rather than at send time.
    const content = completion.choices[0]?.message.content?.trim();
    const usage = {
      promptTokens: completion.usage?.prompt_tokens,
      completionTokens: completion.usage?.completion_tokens,
    };
    this.metrics.aiRequest(content ? 'ok' : 'empty_response', usage);
    if (!content) throw new ChatModelError('empty-response');
    return content;
  }
}

/** Settles like `promise`, or rejects as soon as `signal` aborts; a later failure of `promise` is then ignored. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The `result` label of a failed call: the failure kind, `http_<status>` for an error answer, `error` for a bug. */
function aiResultOf(error: unknown): string {
  if (!(error instanceof ChatModelError)) return 'error';
  if (error.failure === 'http') return error.status !== undefined ? `http_${error.status}` : 'error';
  return error.failure === 'empty-response' ? 'empty_response' : error.failure;
}

/**
 * Maps the SDK's errors; anything else is a bug of ours and is rethrown as it is. The SDK's message is dropped on
 * purpose (OpenAI's 401 text quotes part of the key), and so is its `cause` (it names the URL and address).
 */
function toChatModelError(error: unknown): unknown {
  // Order matters: the timeout error is an APIConnectionError, and both are APIErrors without a status.
  if (error instanceof APIConnectionTimeoutError) return new ChatModelError('timeout');
  if (error instanceof APIConnectionError) return new ChatModelError('connection');
  if (error instanceof APIError) return new ChatModelError('http', error.status, error.code ?? error.type ?? undefined);
  return error;
}
