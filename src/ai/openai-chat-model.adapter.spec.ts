import { OpenAiMock } from '../testing/mocks/openai.mock-server.js';
import { ChatModelError } from './chat-model.error.js';
import type { ChatMessage } from './chat-model.port.js';
import { completionDeadlineMs, OpenAiChatModel, type OpenAiChatModelOptions } from './openai-chat-model.adapter.js';

const CONVERSATION: ChatMessage[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Hi' },
  { role: 'assistant', content: 'Hello! How can I help?' },
  { role: 'user', content: 'What is WhatsApp?' },
];

describe('OpenAiChatModel', () => {
  let mock: OpenAiMock;

  beforeAll(async () => {
    mock = await new OpenAiMock().start();
  });
  afterEach(() => mock.reset());
  afterAll(() => mock.stop());

  function model(options: Partial<OpenAiChatModelOptions> = {}): OpenAiChatModel {
    return new OpenAiChatModel({
      apiKey: OpenAiMock.DEFAULT_API_KEY,
      baseUrl: mock.baseURL,
      model: 'gpt-4o-mini',
      timeoutMs: 2000,
      maxRetries: 0,
      maxCompletionTokens: 500,
      ...options,
    });
  }

  /** The rejection of `promise`, so assertions run outside any callback. */
  async function failureOf(promise: Promise<unknown>): Promise<ChatModelError> {
    const outcome = await promise.then(
      () => new Error('expected the call to fail'),
      (error: unknown) => error,
    );
    if (!(outcome instanceof ChatModelError)) throw outcome;
    return outcome;
  }

  describe('a successful completion', () => {
    it('posts the model and the messages, in order, to baseURL and returns the reply', async () => {
      const reply = await model().complete(CONVERSATION);

      expect(reply).toBe('Echo: What is WhatsApp?');
      expect(mock.server.requests).toHaveLength(1);
      const [request] = mock.server.requests;
      expect(request.path).toBe('/v1/chat/completions');
      expect(request.headers.authorization).toBe(`Bearer ${OpenAiMock.DEFAULT_API_KEY}`);
      expect(request.json).toMatchObject({ model: 'gpt-4o-mini', messages: CONVERSATION });
      expect(mock.requests()).toEqual([CONVERSATION]);
    });

    it('uses the configured model name', async () => {
      await model({ model: 'my-local-model' }).complete(CONVERSATION);

      expect(mock.server.requests[0].json).toMatchObject({ model: 'my-local-model' });
    });

    it('sends max_completion_tokens on every call, retries included', async () => {
      mock.failNext(1, 500);

      await model({ maxCompletionTokens: 321, maxRetries: 1 }).complete(CONVERSATION);
      await model({ maxCompletionTokens: 321 }).complete(CONVERSATION);

      expect(mock.completionTokenLimits()).toEqual([321, 321, 321]);
      expect(mock.server.requests[0].json).toMatchObject({ max_completion_tokens: 321 });
    });

    it('trims the reply', async () => {
      mock.respondWith(() => '  *Short* answer.\n');

      await expect(model().complete(CONVERSATION)).resolves.toBe('*Short* answer.');
    });
  });

  describe('failures become ChatModelError', () => {
    it('turns a 500 into an http failure carrying the status', async () => {
      mock.failNext(1, 500);

      const error = await failureOf(model().complete(CONVERSATION));

      expect(error.code).toBe('AI.COMPLETION_FAILED');
      expect(error.failure).toBe('http');
      expect(error.status).toBe(500);
      expect(error.providerCode).toBe('server_error');
    });

    it('retries a 500 as often as maxRetries allows, then succeeds', async () => {
      mock.failNext(1, 500);

      await expect(model({ maxRetries: 1 }).complete(CONVERSATION)).resolves.toBe('Echo: What is WhatsApp?');
      expect(mock.requests()).toHaveLength(2);
    });

    it('gives up after maxRetries retries', async () => {
      mock.failNext(3, 503);

      const error = await failureOf(model({ maxRetries: 1 }).complete(CONVERSATION));

      expect(error.status).toBe(503);
      expect(mock.requests()).toHaveLength(2);
    });

    it('keeps a wrong API key out of the error, although OpenAI quotes it', async () => {
      const error = await failureOf(model({ apiKey: 'sk-wrong-secret-9876' }).complete(CONVERSATION));

      expect(error.status).toBe(401);
      expect(error.providerCode).toBe('invalid_api_key');
      expect(`${error.message} ${String(error.stack)}`).not.toMatch(/sk-|9876/);
    });

    it.each`
      case         | content
      ${'empty'}   | ${''}
      ${'blank'}   | ${' \n '}
      ${'missing'} | ${null}
    `('treats $case content as an empty response', async ({ content }: { content: string | null }) => {
      mock.respondWith(() => content);

      const error = await failureOf(model().complete(CONVERSATION));

      expect(error.failure).toBe('empty-response');
    });

    it('turns a refused connection into a connection failure', async () => {
      const closed = await new OpenAiMock().start();
      const baseUrl = closed.baseURL;
      await closed.stop();

      const error = await failureOf(model({ baseUrl }).complete(CONVERSATION));

      expect(error.failure).toBe('connection');
    });
  });

  describe('bounded waiting', () => {
    it('fails with a timeout when the answer is slower than timeoutMs, without waiting for it', async () => {
      mock.delayWith(() => 1000);

      const error = await failureOf(model({ timeoutMs: 100 }).complete(CONVERSATION));

      expect(error.failure).toBe('timeout');
      // The request reached the mock and its answer was still held back when the failure came.
      expect(mock.requests()).toHaveLength(1);
      expect(mock.answered()).toBe(0);
    });

    it('retries a timed-out attempt when allowed, and only the slow one', async () => {
      // The first question is the slowest: only the first attempt outlives the timeout.
      mock.delayWith((_messages, previous) => (previous === 0 ? 1000 : 0));

      await expect(model({ timeoutMs: 200, maxRetries: 1 }).complete(CONVERSATION)).resolves.toBe(
        'Echo: What is WhatsApp?',
      );
      expect(mock.requests()).toHaveLength(2);
    });

    it('stops at its own deadline when a 429 asks to retry later than that', async () => {
      // Deadline: 2 attempts × 50 ms + 500 ms of SDK backoff = 600 ms. A client that slept through the 20 s
      // Retry-After would outlive the test's timeout and fail it.
      mock.failNext(1, 429, { retryAfterSeconds: 20 });

      const error = await failureOf(model({ timeoutMs: 50, maxRetries: 1 }).complete(CONVERSATION));

      expect(error.failure).toBe('timeout');
      expect(mock.requests()).toHaveLength(1);
    });

    it('reports "aborted" when the caller gives up', async () => {
      mock.delayWith(() => 300);
      const controller = new AbortController();

      const call = model().complete(CONVERSATION, { signal: controller.signal });
      controller.abort();
      const error = await failureOf(call);

      expect(error.failure).toBe('aborted');
    });
  });
});

describe('completionDeadlineMs', () => {
  it.each`
    timeoutMs | maxRetries | expected
    ${20_000} | ${0}       | ${20_000}
    ${20_000} | ${1}       | ${40_500}
    ${1000}   | ${2}       | ${4500}
    ${1000}   | ${6}       | ${7000 + 500 + 1000 + 2000 + 4000 + 8000 + 8000}
  `(
    '$timeoutMs ms × ($maxRetries + 1) attempts plus the pauses → $expected ms',
    ({ timeoutMs, maxRetries, expected }) => {
      expect(completionDeadlineMs(timeoutMs, maxRetries)).toBe(expected);
    },
  );
});
