import { isRecord } from '../../common/is-record.js';
import { MockHttpServer, type MockListenOptions, type MockReply } from './mock-http-server.js';
import type { RecordedRequest } from './recorded-request.js';

/** A chat message as the mock received it. */
export interface OpenAiMockMessage {
  readonly role: string;
  readonly content: string | null;
}

/** Chooses the assistant's reply; `previous` counts earlier chat completion requests. `null` sends no content. */
export type OpenAiReplyScript = (messages: OpenAiMockMessage[], previous: number) => string | null;

/** Milliseconds to wait before answering; `previous` counts earlier chat completion requests. */
export type OpenAiDelayScript = (messages: OpenAiMockMessage[], previous: number) => number;

export interface OpenAiMockOptions {
  /** The key the mock accepts as `Authorization: Bearer <key>`; anything else gets OpenAI's 401. */
  readonly apiKey?: string;
}

interface PendingFailure {
  readonly status: number;
  readonly retryAfterSeconds?: number;
  /** Replaces OpenAI's text for the status. */
  readonly message?: string;
}

/**
 * OpenAI's Chat Completions API on 127.0.0.1: `POST /v1/chat/completions` answers like OpenAI, by default
 * `Echo: <last user message>`. Point the SDK at `baseURL` (it includes `/v1`). Scripts change the reply
 * (`respondWith`), slow answers down per request (`delayWith`, e.g. "the first question is slowest") and fail the
 * next requests with OpenAI-shaped errors (`failNext`). It checks the bearer key and the body shape, as OpenAI does.
 */
export class OpenAiMock {
  static readonly DEFAULT_API_KEY = 'sk-test-openai-mock-key';

  readonly server = new MockHttpServer({
    failureReply: ({ status, message }) => failureReply({ status, message }),
    onReset: () => this.reset(),
  });
  readonly apiKey: string;
  private reply: OpenAiReplyScript = (messages) => `Echo: ${lastUserText(messages)}`;
  private delay: OpenAiDelayScript = () => 0;
  private readonly failures: PendingFailure[] = [];
  private readonly received: OpenAiMockMessage[][] = [];
  private readonly tokenLimits: (number | undefined)[] = [];
  private completions = 0;

  constructor(options: OpenAiMockOptions = {}) {
    this.apiKey = options.apiKey ?? OpenAiMock.DEFAULT_API_KEY;
    this.server.on('POST', /^\/v1\/chat\/completions$/, (request) => this.handle(request));
  }

  /** The SDK's `baseURL`: `http://127.0.0.1:PORT/v1`. */
  get baseURL(): string {
    return `${this.server.url}/v1`;
  }

  async start(listen: MockListenOptions = {}): Promise<this> {
    await this.server.start(listen);
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  respondWith(script: OpenAiReplyScript): this {
    this.reply = script;
    return this;
  }

  delayWith(script: OpenAiDelayScript): this {
    this.delay = script;
    return this;
  }

  /** The next `count` well-formed, authorized requests fail with `status` (429 may ask for a Retry-After). */
  failNext(count: number, status = 500, options: { retryAfterSeconds?: number } = {}): this {
    for (let i = 0; i < count; i++) this.failures.push({ status, retryAfterSeconds: options.retryAfterSeconds });
    return this;
  }

  /** The `messages` of every authorized, well-formed request, in arrival order (failed ones included). */
  requests(): OpenAiMockMessage[][] {
    return this.received.map((messages) => [...messages]);
  }

  /** The `max_completion_tokens` of every authorized, well-formed request (undefined when absent), in arrival order. */
  completionTokenLimits(): (number | undefined)[] {
    return [...this.tokenLimits];
  }

  /** How many requests have been answered (a delayed answer counts once it is written). */
  answered(): number {
    return this.server.answered;
  }

  /** Forgets requests, scripts and pending failures. */
  reset(): void {
    this.server.reset();
    this.received.length = 0;
    this.tokenLimits.length = 0;
    this.failures.length = 0;
    this.completions = 0;
    this.reply = (messages) => `Echo: ${lastUserText(messages)}`;
    this.delay = () => 0;
  }

  private handle(request: RecordedRequest): MockReply {
    const key = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (key !== this.apiKey) {
      // OpenAI's real 401 quotes the start and end of the wrong key: adapters must not pass this text on.
      const shown = key ? `${key.slice(0, 3)}*****${key.slice(-4)}` : '';
      return openAiError(401, `Incorrect API key provided: ${shown}.`, 'invalid_request_error', 'invalid_api_key');
    }
    const body = parseBody(request.json);
    if (typeof body === 'string') return openAiError(400, body, 'invalid_request_error', null);

    const previous = this.completions++;
    this.received.push(body.messages);
    this.tokenLimits.push(body.maxCompletionTokens);
    const delayMs = this.delay(body.messages, previous);
    const failure = this.failures.shift();
    if (failure) {
      const reply = failureReply(failure);
      return { ...reply, delayMs };
    }
    const content = this.reply(body.messages, previous);
    const promptTokens = estimateTokens(body.messages.map((message) => message.content ?? '').join(' '));
    const completionTokens = estimateTokens(content ?? '');
    return {
      delayMs,
      json: {
        id: `chatcmpl-mock${String(previous + 1).padStart(6, '0')}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content, refusal: null, annotations: [] },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
      },
    };
  }
}

interface ParsedBody {
  readonly model: string;
  readonly messages: OpenAiMockMessage[];
  readonly maxCompletionTokens: number | undefined;
}

/** The body's model, messages and token limit, or the error text OpenAI would answer with a 400. */
function parseBody(json: unknown): ParsedBody | string {
  if (!isRecord(json)) return 'We could not parse the JSON body of your request.';
  if (typeof json.model !== 'string' || json.model === '') return 'you must provide a model parameter';
  if (!Array.isArray(json.messages) || json.messages.length === 0) {
    return "Invalid 'messages': expected a non-empty array.";
  }
  const messages: OpenAiMockMessage[] = [];
  for (const [index, message] of json.messages.entries()) {
    const valid =
      isRecord(message) &&
      ['system', 'developer', 'user', 'assistant', 'tool'].includes(String(message.role)) &&
      (typeof message.content === 'string' || message.content === null);
    if (!valid) return `Invalid value for 'messages[${index}]'.`;
    messages.push({ role: String(message.role), content: message.content as string | null });
  }
  const limit = json.max_completion_tokens;
  if (limit !== undefined && limit !== null && !(Number.isInteger(limit) && Number(limit) >= 1)) {
    return "Invalid 'max_completion_tokens': expected an integer of at least 1.";
  }
  return { model: json.model, messages, maxCompletionTokens: typeof limit === 'number' ? limit : undefined };
}

function failureReply({ status, retryAfterSeconds, message }: PendingFailure): MockReply {
  const reply =
    status === 429
      ? openAiError(
          429,
          message ?? 'Rate limit reached for requests. Please try again later.',
          'requests',
          'rate_limit_exceeded',
        )
      : status >= 500
        ? openAiError(status, message ?? 'The server had an error while processing your request.', 'server_error', null)
        : openAiError(status, message ?? 'The mock was told to fail this request.', 'invalid_request_error', null);
  return retryAfterSeconds === undefined ? reply : { ...reply, headers: { 'retry-after': String(retryAfterSeconds) } };
}

/** OpenAI's error body: `{ error: { message, type, param, code } }`. */
function openAiError(status: number, message: string, type: string, code: string | null): MockReply {
  return { status, json: { error: { message, type, param: null, code } } };
}

function lastUserText(messages: OpenAiMockMessage[]): string {
  return messages.findLast((message) => message.role === 'user')?.content ?? '';
}

/** Roughly four characters a token, as OpenAI's docs estimate for English; enough for a plausible `usage`. */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
