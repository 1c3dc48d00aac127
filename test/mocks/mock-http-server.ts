import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the mock saw it. `json` is the parsed body when it was JSON. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
  readonly json: unknown;
  readonly receivedAt: number;
}

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

/**
 * A route handler. `previous` counts earlier requests to the same route, so "500, then 200" is one `if`
 * (the idea of stripe-node's test server).
 */
export type MockHandler = (request: RecordedRequest, previous: number) => MockReply | Promise<MockReply>;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handler: MockHandler;
  hits: number;
}

/**
 * A real `node:http` server on 127.0.0.1 and a random port that records every request and answers from
 * routes. The base of the Graph, OpenAI and Airtable mocks; reusable in any project's CI.
 */
export class MockHttpServer {
  readonly requests: RecordedRequest[] = [];
  /** Answers written so far: a request still counted in `requests` but not here is being delayed or was dropped. */
  answered = 0;
  private readonly routes: Route[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly server: Server = createServer((req, res) => void this.handle(req, res));

  constructor() {
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** `http://127.0.0.1:PORT`, once started. */
  get url(): string {
    const address = this.server.address() as AddressInfo | null;
    if (!address) throw new Error('MockHttpServer is not listening: call start() first');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Adds a route; later routes win over earlier ones, so a test can override a default. */
  on(method: string, pattern: RegExp, handler: MockHandler): this {
    this.routes.unshift({ method: method.toUpperCase(), pattern, handler, hits: 0 });
    return this;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Forgets recorded requests and route hit counts (routes stay). */
  reset(): void {
    this.requests.length = 0;
    this.answered = 0;
    for (const route of this.routes) route.hits = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const parsedUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
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

    const route = this.routes.find((r) => r.method === request.method && r.pattern.test(request.path));
    let reply: MockReply;
    try {
      reply = route ? await route.handler(request, route.hits++) : { status: 404, json: { error: 'no mock route' } };
    } catch (error) {
      reply = { status: 500, json: { error: String(error) } };
    }
    // Unref: a slow reply still pending when the test ends must not keep jest running.
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs).unref());
    if ('drop' in reply) {
      req.socket.destroy();
      return;
    }
    const payload = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.body ?? '');
    const headers = { ...(reply.json !== undefined ? { 'content-type': 'application/json' } : {}), ...reply.headers };
    res.writeHead(reply.status ?? 200, headers);
    res.end(payload);
    this.answered++;
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
