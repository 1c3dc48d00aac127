import { createHash, randomBytes } from 'node:crypto';
import { validateMessageBody, validateReadReceiptBody, type BodyValidation } from '../../whatsapp/message-schema.js';
import { graphContactFor, isReadReceiptRequest, recipientOf } from '../../whatsapp/message-transport.port.js';
import type { MockFailure } from './mock-failure.js';
import { MockHttpServer, type MockHandler, type MockListenOptions, type MockReply } from './mock-http-server.js';
import type { RecordedRequest } from './recorded-request.js';

/**
 * A Graph failure to inject: an error answer (Graph's `{ error: {...} }` body, optional `Retry-After` header)
 * or a dropped connection (the socket is destroyed without an answer).
 */
export type GraphFailure =
  | {
      readonly status: number;
      /** Graph's `error.code`; defaults to 1 ("unknown error") for 5xx and 100 ("invalid parameter") otherwise. */
      readonly graphCode?: number;
      readonly subcode?: number;
      readonly message?: string;
      readonly details?: string;
      readonly retryAfterSeconds?: number;
      readonly delayMs?: number;
    }
  | { readonly drop: true; readonly delayMs?: number };

/**
 * Which requests an injected reply applies to: `messages` is every `/messages` call, `message` only sends
 * (not read receipts), `read-receipt` only read receipts / typing indicators.
 */
export type GraphRouteKind = 'messages' | 'message' | 'read-receipt' | 'media' | 'any';

/** One `POST /{version}/{phone-number-id}/messages` request, with the spec check's verdict and the answer. */
export interface GraphMessagesCall {
  readonly request: RecordedRequest;
  readonly body: unknown;
  readonly kind: 'message' | 'read-receipt';
  /** Messages are checked against `components.schemas.Message`, read receipts against the receipt shape. */
  readonly validation: BodyValidation;
  /** The HTTP status answered; undefined when the connection was dropped. */
  readonly status?: number;
  /** The `wamid.MOCK...` id answered, for accepted messages. */
  readonly messageId?: string;
}

/** A media object the mock holds (uploaded through it, or added by a test with `addMedia`). */
export interface GraphMockMedia {
  readonly id: string;
  readonly data: Buffer;
  readonly mimeType: string;
  readonly filename?: string;
  /** Hex, as Graph's media lookup reports it. */
  readonly sha256: string;
}

export interface GraphApiMockOptions {
  /** When set, every request must carry `Authorization: Bearer <accessToken>`, or gets 401 with code 190. */
  readonly accessToken?: string;
  /** When set, `/messages` and `/media` under another phone-number id get 400 with code 100, subcode 33. */
  readonly phoneNumberId?: string;
}

/** Meta's titles for the codes tests inject most, so logs read like production ones. */
const GRAPH_ERROR_TITLES: Readonly<Record<number, string>> = {
  1: 'An unknown error occurred',
  2: 'Service temporarily unavailable',
  4: 'Application request limit reached',
  17: 'User request limit reached',
  100: 'Invalid parameter',
  190: 'Invalid OAuth access token - Cannot parse access token',
  80007: 'Rate limit issues',
  130429: 'Rate limit hit',
  131000: 'Something went wrong',
  131016: 'Service unavailable',
  131026: 'Message undeliverable',
  131047: 'Re-engagement message',
  131051: 'Unsupported message type',
  131056: '(Business Account, Consumer Account) pair rate limit hit',
};

/**
 * The body Graph answers a failed call with:
 * `{ error: { message: '(#code) title', type, code, error_subcode?, error_data: { messaging_product, details }, fbtrace_id } }`.
 */
export function graphErrorBody(
  graphCode: number,
  options: {
    readonly message?: string;
    readonly subcode?: number;
    readonly details?: string;
    readonly type?: string;
  } = {},
): { readonly error: Record<string, unknown> } {
  const title = options.message ?? GRAPH_ERROR_TITLES[graphCode] ?? 'Error';
  return {
    error: {
      message: `(#${graphCode}) ${title}`,
      type: options.type ?? 'OAuthException',
      code: graphCode,
      ...(options.subcode !== undefined ? { error_subcode: options.subcode } : {}),
      error_data: { messaging_product: 'whatsapp', details: options.details ?? title },
      fbtrace_id: `MOCK${randomBytes(8).toString('hex')}`,
    },
  };
}

/** A failure from `POST /__mock/failures` as Graph would answer it (`code` and `subcode` go into the body). */
export function graphControlFailureReply(failure: MockFailure): MockReply {
  return graphFailureReply({
    status: failure.status,
    graphCode: failure.code,
    subcode: failure.subcode,
    message: failure.message,
  });
}

/** Turns a `GraphFailure` into the mock server's reply. */
export function graphFailureReply(failure: GraphFailure): MockReply {
  if ('drop' in failure) return failure;
  const graphCode = failure.graphCode ?? (failure.status >= 500 ? 1 : 100);
  return {
    status: failure.status,
    json: graphErrorBody(graphCode, { message: failure.message, subcode: failure.subcode, details: failure.details }),
    headers: failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : undefined,
    delayMs: failure.delayMs,
  };
}

const MESSAGES_PATH = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/;
const MEDIA_UPLOAD_PATH = /^\/(v\d+\.\d+)\/([^/]+)\/media$/;
const OBJECT_PATH = /^\/(v\d+\.\d+)\/([^/]+)$/;
const MEDIA_DOWNLOAD_PATH = /^\/media-download\/([^/]+)$/;

/** An injected reply replaces normal handling; a delay keeps it but answers late (a slow Graph). */
type Injection = { readonly reply: MockReply } | { readonly delayMs: number };

type QueuedInjection = Injection & { readonly route: GraphRouteKind };

/**
 * A Graph API stand-in for tests and CI, on a real `node:http` server at 127.0.0.1 (a random port unless
 * `start({ port })` says otherwise). Point GRAPH_API_URL at `mock.url`.
 *
 * - `POST /{version}/{phone-number-id}/messages` answers like Graph
 *   (`{ messaging_product, contacts: [{ input, wa_id }], messages: [{ id: 'wamid.MOCK...' }] }`, or
 *   `{ success: true }` for read receipts) and **checks every body** against Meta's OpenAPI spec (v23.0): an
 *   invalid body gets 400 with Graph code 100 and is listed by `invalidBodies()`, so a suite can assert that
 *   nothing it sent was malformed.
 * - Media: `POST /{version}/{phone-number-id}/media` (multipart: `messaging_product`, `type`, `file`),
 *   `GET /{version}/{media-id}` (lookup, with a download URL on this server), `GET /media-download/{id}`,
 *   `DELETE /{version}/{media-id}`.
 * - Failures on demand: `failNext(n, failure)` or `enqueueReplies(...)`, consumed before normal handling; from
 *   another process, `POST /__mock/failures` (see `MockHttpServer` for the control routes).
 *
 * ```ts
 * const graph = await new GraphApiMock({ accessToken: 'test-token' }).start();
 * graph.failNext(1, { status: 429, graphCode: 130429, retryAfterSeconds: 1 });
 * // ... run the code under test with GRAPH_API_URL=graph.url ...
 * expect(graph.invalidBodies()).toEqual([]);
 * expect(graph.messagesTo('15551234567')).toHaveLength(1);
 * await graph.stop();
 * ```
 */
export class GraphApiMock {
  /** The underlying server: raw `requests` (every route, failures included) and extra routes via `on()`. */
  readonly server = new MockHttpServer({
    failureReply: graphControlFailureReply,
    onReset: () => this.reset(),
  });
  private readonly calls: GraphMessagesCall[] = [];
  private readonly queue: QueuedInjection[] = [];
  private readonly mediaStore = new Map<string, GraphMockMedia>();
  private sequence = 0;

  constructor(private readonly options: GraphApiMockOptions = {}) {
    this.server
      .on('POST', MESSAGES_PATH, (request) => this.handleMessages(request))
      .on(
        'POST',
        MEDIA_UPLOAD_PATH,
        this.mediaRoute((request) => this.upload(request), MEDIA_UPLOAD_PATH),
      )
      .on(
        'GET',
        OBJECT_PATH,
        this.mediaRoute((request) => this.lookup(request)),
      )
      .on(
        'DELETE',
        OBJECT_PATH,
        this.mediaRoute((request) => this.remove(request)),
      )
      .on(
        'GET',
        MEDIA_DOWNLOAD_PATH,
        this.mediaRoute((request) => this.download(request)),
      );
  }

  async start(listen: MockListenOptions = {}): Promise<this> {
    // Compile the spec now: compiling on the first request blocks the event loop for about a second, long
    // enough for a client timeout to fire and retry, which would show up as a duplicate send.
    validateMessageBody({});
    await this.server.start(listen);
    return this;
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  /** `http://127.0.0.1:PORT`: the value for GRAPH_API_URL. */
  get url(): string {
    return this.server.url;
  }

  /**
   * The next `count` requests to `route` (default: any route) get `failure` instead of their normal answer.
   * Their `/messages` bodies are still validated and recorded, but not counted as accepted.
   */
  failNext(count: number, failure: GraphFailure, route: GraphRouteKind = 'any'): this {
    for (let i = 0; i < count; i++) this.queue.push({ reply: graphFailureReply(failure), route });
    return this;
  }

  /** Scripted replies, one per coming request to `route`, in order; normal handling resumes after them. */
  enqueueReplies(replies: readonly MockReply[], route: GraphRouteKind = 'any'): this {
    for (const reply of replies) this.queue.push({ reply, route });
    return this;
  }

  /**
   * The next `count` requests to `route` are handled normally (a message is accepted and recorded) but answered
   * after `delayMs`: a client that times out first retries and delivers the message twice, as with real Graph.
   */
  slowNext(count: number, delayMs: number, route: GraphRouteKind = 'any'): this {
    for (let i = 0; i < count; i++) this.queue.push({ delayMs, route });
    return this;
  }

  /** Every `/messages` request so far, in order, failed and dropped ones included. */
  messageCalls(): readonly GraphMessagesCall[] {
    return this.calls;
  }

  /** Bodies of the messages the mock accepted (answered 2xx), read receipts excluded. */
  messages(): Record<string, unknown>[] {
    return this.accepted('message');
  }

  /** Bodies of the read receipts (and typing indicators) the mock accepted. */
  readReceipts(): Record<string, unknown>[] {
    return this.accepted('read-receipt');
  }

  /** Accepted messages addressed to `waId`. */
  messagesTo(waId: string): Record<string, unknown>[] {
    return this.messages().filter((body) => recipientOf(body) === waId);
  }

  /** `/messages` requests whose body failed the spec check; `[]` in a healthy suite. */
  invalidBodies(): readonly GraphMessagesCall[] {
    return this.calls.filter((call) => !call.validation.valid);
  }

  /** Media the mock holds, by id. */
  media(id: string): GraphMockMedia | undefined {
    return this.mediaStore.get(id);
  }

  /** Adds a media object (as if a user had sent it) and returns its id, for download tests. */
  addMedia(data: Buffer, mimeType: string, id = `MOCKMEDIA${this.nextSequence()}`): string {
    this.mediaStore.set(id, { id, data, mimeType, sha256: sha256Hex(data) });
    return id;
  }

  /** Forgets recorded requests, pending injected replies and failures, and media. Routes and options stay. */
  reset(): void {
    this.server.reset();
    this.calls.length = 0;
    this.queue.length = 0;
    this.mediaStore.clear();
  }

  // ---- handlers ------------------------------------------------------------------------------------------------

  private handleMessages(request: RecordedRequest): MockReply {
    const body = request.json;
    const kind = isReadReceiptRequest(body) ? 'read-receipt' : 'message';
    const validation = kind === 'read-receipt' ? validateReadReceiptBody(body) : validateMessageBody(body);
    const phoneNumberId = MESSAGES_PATH.exec(request.path)?.[2];

    const injected = this.guard(request, phoneNumberId, ['messages', kind]);
    const reply =
      injected && 'reply' in injected ? injected.reply : delayed(this.answerMessages(body, kind, validation), injected);
    const status = 'drop' in reply ? undefined : (reply.status ?? 200);
    const messageId = status === 200 && 'json' in reply ? readMessageId(reply.json) : undefined;
    this.calls.push({ request, body, kind, validation, status, messageId });
    return reply;
  }

  private answerMessages(body: unknown, kind: GraphMessagesCall['kind'], validation: BodyValidation): MockReply {
    if (!validation.valid) {
      return { status: 400, json: graphErrorBody(100, { details: validation.errors.join('; ').slice(0, 1000) }) };
    }
    if (kind === 'read-receipt') return { status: 200, json: { success: true } };
    const to = recipientOf(body) ?? '';
    return {
      status: 200,
      json: {
        messaging_product: 'whatsapp',
        contacts: [graphContactFor(to)],
        messages: [{ id: `wamid.MOCK${this.nextSequence()}${randomBytes(6).toString('hex').toUpperCase()}` }],
      },
    };
  }

  /** Wraps a media handler with authentication, the phone-number id check (uploads) and injections. */
  private mediaRoute(
    handle: (request: RecordedRequest) => MockReply | Promise<MockReply>,
    phoneIdPath?: RegExp,
  ): MockHandler {
    return async (request) => {
      const injected = this.guard(request, phoneIdPath?.exec(request.path)?.[2], ['media']);
      if (injected && 'reply' in injected) return injected.reply;
      return delayed(await handle(request), injected);
    };
  }

  private async upload(request: RecordedRequest): Promise<MockReply> {
    const contentType = request.headers['content-type'] ?? '';
    if (!contentType.startsWith('multipart/form-data')) {
      return { status: 400, json: graphErrorBody(100, { details: 'Upload must be multipart/form-data' }) };
    }
    // undici (Node's fetch) parses multipart bodies, so the mock needs no form parser of its own.
    const form = await new Response(new Uint8Array(request.body), {
      headers: { 'content-type': contentType },
    }).formData();
    const file = form.get('file');
    const type = form.get('type');
    if (
      form.get('messaging_product') !== 'whatsapp' ||
      typeof type !== 'string' ||
      type === '' ||
      !(file instanceof Blob)
    ) {
      return {
        status: 400,
        json: graphErrorBody(100, { details: 'messaging_product=whatsapp, type and file are required' }),
      };
    }
    const id = `MOCKMEDIA${this.nextSequence()}`;
    const data = Buffer.from(await file.arrayBuffer());
    const filename = 'name' in file && typeof file.name === 'string' ? file.name : undefined;
    this.mediaStore.set(id, { id, data, mimeType: type, filename, sha256: sha256Hex(data) });
    return { status: 200, json: { id } };
  }

  private lookup(request: RecordedRequest): MockReply {
    const media = this.mediaStore.get(decodeURIComponent(OBJECT_PATH.exec(request.path)?.[2] ?? ''));
    if (!media) return unknownObject();
    return {
      status: 200,
      json: {
        messaging_product: 'whatsapp',
        url: `${this.url}/media-download/${encodeURIComponent(media.id)}`,
        mime_type: media.mimeType,
        sha256: media.sha256,
        file_size: media.data.length,
        id: media.id,
      },
    };
  }

  private download(request: RecordedRequest): MockReply {
    const media = this.mediaStore.get(decodeURIComponent(MEDIA_DOWNLOAD_PATH.exec(request.path)?.[1] ?? ''));
    if (!media) return { status: 404, body: 'Not Found' };
    return { status: 200, body: media.data, headers: { 'content-type': media.mimeType } };
  }

  private remove(request: RecordedRequest): MockReply {
    const deleted = this.mediaStore.delete(decodeURIComponent(OBJECT_PATH.exec(request.path)?.[2] ?? ''));
    return deleted ? { status: 200, json: { success: true } } : unknownObject();
  }

  /**
   * What comes before normal handling, in Graph's order: authentication, then the phone-number id, then an
   * injection for this route. Undefined when the request may proceed normally.
   */
  private guard(
    request: RecordedRequest,
    phoneNumberId: string | undefined,
    routes: readonly GraphRouteKind[],
  ): Injection | undefined {
    const { accessToken } = this.options;
    if (accessToken !== undefined && request.headers.authorization !== `Bearer ${accessToken}`) {
      return { reply: { status: 401, json: graphErrorBody(190) } };
    }
    if (
      this.options.phoneNumberId !== undefined &&
      phoneNumberId !== undefined &&
      phoneNumberId !== this.options.phoneNumberId
    ) {
      return { reply: unknownObject() };
    }
    const index = this.queue.findIndex((queued) => queued.route === 'any' || routes.includes(queued.route));
    return index >= 0 ? this.queue.splice(index, 1)[0] : undefined;
  }

  private accepted(kind: GraphMessagesCall['kind']): Record<string, unknown>[] {
    return this.calls
      .filter((call) => call.kind === kind && call.status !== undefined && call.status >= 200 && call.status < 300)
      .map((call) => call.body as Record<string, unknown>);
  }

  private nextSequence(): number {
    this.sequence += 1;
    return this.sequence;
  }
}

/** `reply`, answered `injection.delayMs` late when the injection is a delay. */
function delayed(reply: MockReply, injection: Injection | undefined): MockReply {
  return injection && 'delayMs' in injection ? { ...reply, delayMs: injection.delayMs } : reply;
}

/** Graph's answer for an id that does not exist or that the token cannot see. */
function unknownObject(): MockReply {
  return {
    status: 400,
    json: graphErrorBody(100, {
      subcode: 33,
      message: 'Unsupported request - method type: get',
      details:
        'Object with ID does not exist, cannot be loaded due to missing permissions, or does not support this operation',
      type: 'GraphMethodException',
    }),
  };
}

function readMessageId(json: unknown): string | undefined {
  const messages = (json as { messages?: { id?: unknown }[] } | undefined)?.messages;
  const id = messages?.[0]?.id;
  return typeof id === 'string' ? id : undefined;
}

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
