import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseMockFailure, type MockFailure } from './mock-failure.js';
import { parseRequestMatch, requestMatches } from './mock-request-match.js';
import { requestView } from './mock-request-view.js';
import type { RecordedRequest } from './recorded-request.js';

/** What a route answers. `drop` destroys the socket without a response (a dropped connection). */
export type MockReply =
  | {
      readonly status?: number;
      readonly headers?: Record<string, string>;
      readonly json?: unknown;
      readonly body?: string | Buffer;
      readonly delayMs?: number;
    }
  | { readonly drop: true; readonly delayMs?: number };

/** A reply that writes an answer (not a dropped connection). */
type AnswerReply = Exclude<MockReply, { readonly drop: true }>;

/**
 * A route handler. `previous` counts earlier requests to the same route, so "500, then 200" is one `if`
 * (the idea of stripe-node's test server).
 */
export type MockHandler = (request: RecordedRequest, previous: number) => MockReply | Promise<MockReply>;

/** Where a mock listens: port 0 (the default) lets the OS pick a free one. */
export interface MockListenOptions {
  readonly port?: number;
  /** Default 127.0.0.1: a mock is for tests and CI, not for the network. */
  readonly host?: string;
}

export interface MockHttpServerOptions {
  /** The answer to a request hit by a failure from `POST /__mock/failures`, in the mocked API's error shape. */
  readonly failureReply?: (failure: MockFailure) => MockReply;
  /** What `POST /__mock/reset` does; by default `reset()`. A mock passes its own reset to forget its state too. */
  readonly onReset?: () => void;
}

/** Control routes live under this prefix; their requests are never recorded and never hit a failure. */
export const CONTROL_PREFIX = '/__mock/';

interface PendingFailure {
  readonly failure: MockFailure;
  remaining: number;
}

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handler: MockHandler;
  hits: number;
}

/**
 * A real `node:http` server on 127.0.0.1 (a random port unless told otherwise) that records every request and
 * answers from routes. The base of the Graph, OpenAI and Airtable mocks; reusable in any project's CI.
 *
 * Besides its routes it answers three control routes, so a test in another process can drive it over HTTP:
 * - `GET /__mock/requests` lists what it received (`?method=`, `?path=`, `?to=` filter, as a failure's match);
 * - `POST /__mock/failures` with `{ match, status, code?, subcode?, message?, delayMs?, times? }` fails the next
 *   matching requests (see `MockFailure`); `GET /__mock/failures` lists those still pending;
 * - `POST /__mock/reset` forgets requests, failures and the mock's state.
 */
export class MockHttpServer {
  readonly requests: RecordedRequest[] = [];
  /** Answers written so far: a request still counted in `requests` but not here is being delayed or was dropped. */
  answered = 0;
  private readonly routes: Route[] = [];
  private readonly failures: PendingFailure[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly server: Server = createServer((req, res) => void this.handle(req, res));

  constructor(private readonly options: MockHttpServerOptions = {}) {
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** `http://127.0.0.1:PORT`, once started (loopback also when listening on every interface). */
  get url(): string {
    const address = this.server.address() as AddressInfo | null;
    if (!address) throw new Error('MockHttpServer is not listening: call start() first');
    const { address: host, port } = address;
    if (host === '0.0.0.0' || host === '::') return `http://127.0.0.1:${port}`;
    return address.family === 'IPv6' ? `http://[${host}]:${port}` : `http://${host}:${port}`;
  }

  /** Adds a route; later routes win over earlier ones, so a test can override a default. */
  on(method: string, pattern: RegExp, handler: MockHandler): this {
    this.routes.unshift({ method: method.toUpperCase(), pattern, handler, hits: 0 });
    return this;
  }

  /** Listens; rejects when the port is taken (`EADDRINUSE`). */
  async start({ port = 0, host = '127.0.0.1' }: MockListenOptions = {}): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * The next `failure.times` requests that `failure.match` selects get the mock's error answer instead of their
   * normal one. What `POST /__mock/failures` does.
   */
  injectFailure(failure: MockFailure): this {
    this.failures.push({ failure, remaining: failure.times });
    return this;
  }

  /** Forgets recorded requests, pending failures and route hit counts (routes stay). */
  reset(): void {
    this.requests.length = 0;
    this.failures.length = 0;
    this.answered = 0;
    for (const route of this.routes) route.hits = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const parsedUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (parsedUrl.pathname.startsWith(CONTROL_PREFIX)) {
      this.write(res, this.control(req.method ?? 'GET', parsedUrl, parseJson(body)));
      return;
    }
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      path: parsedUrl.pathname,
      query: parsedUrl.searchParams,
      headers: req.headers,
      body,
      json: parseJson(body),
      receivedAt: Date.now(),
    };
    this.requests.push(request);

    const failure = this.takeFailure(request);
    let reply: MockReply;
    try {
      reply = failure ? this.failureReply(failure) : await this.routeReply(request);
    } catch (error) {
      reply = { status: 500, json: { error: String(error) } };
    }
    // Unref: a slow reply still pending when the test ends must not keep jest running.
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs).unref());
    if ('drop' in reply) {
      req.socket.destroy();
      return;
    }
    request.status = reply.status ?? 200;
    this.write(res, reply);
    this.answered++;
  }

  private async routeReply(request: RecordedRequest): Promise<MockReply> {
    const route = this.routes.find((r) => r.method === request.method && r.pattern.test(request.path));
    return route ? route.handler(request, route.hits++) : { status: 404, json: { error: 'no mock route' } };
  }

  /** The first pending failure that selects `request`, used up by one; undefined when none does. */
  private takeFailure(request: RecordedRequest): MockFailure | undefined {
    const index = this.failures.findIndex(({ failure }) => requestMatches(failure.match, request));
    if (index === -1) return undefined;
    const pending = this.failures[index];
    pending.remaining -= 1;
    if (pending.remaining === 0) this.failures.splice(index, 1);
    return pending.failure;
  }

  private failureReply(failure: MockFailure): MockReply {
    const reply = this.options.failureReply?.(failure) ?? {
      status: failure.status,
      json: { error: { message: failure.message ?? 'Failure injected by the mock', code: failure.code ?? null } },
    };
    return failure.delayMs ? { ...reply, delayMs: failure.delayMs } : reply;
  }

  /** The control routes: what a test in another process (or another language) uses to drive the mock. */
  private control(method: string, url: URL, json: unknown): AnswerReply {
    const route = `${method} ${url.pathname.slice(CONTROL_PREFIX.length)}`;
    if (route === 'GET requests') {
      const match = parseRequestMatch(Object.fromEntries(url.searchParams));
      if (typeof match === 'string') return { status: 400, json: { error: match } };
      return { json: this.requests.filter((request) => requestMatches(match, request)).map(requestView) };
    }
    if (route === 'POST failures') {
      const failure = parseMockFailure(json);
      if (typeof failure === 'string') return { status: 400, json: { error: failure } };
      this.injectFailure(failure);
      return { status: 201, json: failure };
    }
    if (route === 'GET failures') {
      return { json: this.failures.map(({ failure, remaining }) => ({ ...failure, times: remaining })) };
    }
    if (route === 'POST reset') {
      if (this.options.onReset) this.options.onReset();
      else this.reset();
      return { json: { reset: true } };
    }
    const routes = 'GET /__mock/requests, POST /__mock/failures, GET /__mock/failures, POST /__mock/reset';
    return { status: 404, json: { error: `No control route ${method} ${url.pathname}: use ${routes}.` } };
  }

  private write(res: ServerResponse, reply: AnswerReply): void {
    const payload = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.body ?? '');
    const headers = { ...(reply.json !== undefined ? { 'content-type': 'application/json' } : {}), ...reply.headers };
    res.writeHead(reply.status ?? 200, headers);
    res.end(payload);
  }
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
