import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import axios, { AxiosError, isCancel, type AxiosAdapter, type AxiosInstance } from 'axios';
import { Agent } from 'undici';
import { createPooledHttpAdapter } from './pooled-http.adapter.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A real loopback server whose answer each test sets; counts connections to prove keep-alive. */
class LoopbackServer {
  handler: Handler = (_req, _body, res) => res.end();
  connections = 0;
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => this.handler(req, Buffer.concat(chunks).toString('utf8'), res));
  });

  async start(): Promise<string> {
    this.server.on('connection', () => this.connections++);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

describe('createPooledHttpAdapter', () => {
  const server = new LoopbackServer();
  let origin: string;
  let dispatcher: Agent;
  let fallback: jest.Mock<AxiosAdapter>;
  let http: AxiosInstance;

  beforeAll(async () => {
    origin = await server.start();
  });
  afterAll(() => server.stop());

  beforeEach(() => {
    dispatcher = new Agent({ connections: 4 });
    fallback = jest.fn<AxiosAdapter>(async (config) => ({
      data: 'from fallback',
      status: 200,
      statusText: 'OK',
      headers: {},
      config,
    }));
    http = axios.create({ adapter: createPooledHttpAdapter(dispatcher, fallback) });
    server.connections = 0;
  });
  afterEach(() => dispatcher.close());

  it('sends a JSON call over the pool: method, path, query, headers and body arrive; the answer is parsed', async () => {
    let seen: { method?: string; url?: string; auth?: string; type?: string; body?: string } = {};
    server.handler = (req, body, res) => {
      seen = {
        method: req.method,
        url: req.url,
        auth: req.headers.authorization,
        type: req.headers['content-type'],
        body,
      };
      json(res, 200, { messages: [{ id: 'wamid.1' }] });
    };
    const response = await http.post(
      `${origin}/v23.0/123/messages?x=1`,
      { to: '15551234567' },
      {
        headers: { Authorization: 'Bearer t0ken' },
        maxRedirects: 0,
      },
    );
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ messages: [{ id: 'wamid.1' }] });
    expect(response.headers['content-type']).toBe('application/json');
    expect(seen).toEqual({
      method: 'POST',
      url: '/v23.0/123/messages?x=1',
      auth: 'Bearer t0ken',
      type: 'application/json',
      body: '{"to":"15551234567"}',
    });
    expect(fallback).not.toHaveBeenCalled();
  });

  it('keeps connections alive: 20 calls in sequence open at most 2 (undici warms a second one)', async () => {
    server.handler = (_req, _body, res) => json(res, 200, { success: true });
    for (let call = 0; call < 20; call++) await http.post(`${origin}/messages`, { call }, { maxRedirects: 0 });
    expect(server.connections).toBeGreaterThanOrEqual(1);
    expect(server.connections).toBeLessThanOrEqual(2);
  });

  it.each([
    [400, AxiosError.ERR_BAD_REQUEST],
    [429, AxiosError.ERR_BAD_REQUEST],
    [503, AxiosError.ERR_BAD_RESPONSE],
  ])('rejects a %i with an AxiosError that carries the parsed answer and its headers', async (status, code) => {
    server.handler = (_req, _body, res) => json(res, status, { error: { code: 131056 } }, { 'retry-after': '7' });
    const error = await http.post(`${origin}/messages`, {}, { maxRedirects: 0 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AxiosError);
    const axiosError = error as AxiosError;
    expect(axiosError.code).toBe(code);
    expect(axiosError.response?.status).toBe(status);
    expect(axiosError.response?.data).toEqual({ error: { code: 131056 } });
    expect(axiosError.response?.headers['retry-after']).toBe('7');
  });

  it('honours validateStatus like axios does', async () => {
    server.handler = (_req, _body, res) => json(res, 404, { error: 'nope' });
    const response = await http.get(`${origin}/thing`, { maxRedirects: 0, validateStatus: () => true });
    expect(response.status).toBe(404);
    expect(response.data).toEqual({ error: 'nope' });
  });

  it('times out with ECONNABORTED when no answer comes in time', async () => {
    server.handler = () => undefined; // never answers
    const error = (await http
      .post(`${origin}/slow`, {}, { maxRedirects: 0, timeout: 200 })
      .catch((caught: unknown) => caught)) as AxiosError;
    expect(error).toBeInstanceOf(AxiosError);
    expect(error.code).toBe(AxiosError.ECONNABORTED);
    expect(error.message).toBe('timeout of 200ms exceeded');
    expect(error.response).toBeUndefined();
  });

  it('turns a dropped connection into an AxiosError without a response, with the socket error code', async () => {
    server.handler = (req) => req.socket.destroy();
    const error = (await http
      .post(`${origin}/drop`, {}, { maxRedirects: 0 })
      .catch((caught: unknown) => caught)) as AxiosError;
    expect(error).toBeInstanceOf(AxiosError);
    expect(error.response).toBeUndefined();
    expect(error.code).toEqual(expect.stringMatching(/^(UND_ERR_SOCKET|ECONNRESET)$/));
  });

  it('turns a refused connection into an AxiosError with ECONNREFUSED', async () => {
    const closed = new LoopbackServer();
    const closedOrigin = await closed.start();
    await closed.stop();
    const error = (await http
      .post(`${closedOrigin}/messages`, {}, { maxRedirects: 0 })
      .catch((caught: unknown) => caught)) as AxiosError;
    expect(error).toBeInstanceOf(AxiosError);
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('reports an aborted call as a cancellation', async () => {
    server.handler = () => undefined;
    const controller = new AbortController();
    const pending = http
      .post(`${origin}/slow`, {}, { maxRedirects: 0, signal: controller.signal })
      .catch((caught: unknown) => caught);
    setTimeout(() => controller.abort(), 50);
    expect(isCancel(await pending)).toBe(true);
  });

  it.each([
    ['redirects allowed', { maxRedirects: 5 }],
    ['a binary answer', { maxRedirects: 0, responseType: 'arraybuffer' as const }],
    ['a size limit', { maxRedirects: 0, maxContentLength: 1000 }],
    ['query params', { maxRedirects: 0, params: { a: 1 } }],
  ])('hands %s to the fallback adapter', async (_case, config) => {
    const response = await http.get(`${origin}/media`, config);
    expect(response.data).toBe('from fallback');
    expect(fallback).toHaveBeenCalledTimes(1);
    expect(server.connections).toBe(0);
  });
});
