import { Agent } from 'undici';
import { MockHttpServer, type MockReply } from '../testing/mocks/mock-http-server.js';
import { GraphApiError, GraphNetworkError } from './graph-api.error.js';
import { GraphJsonPost } from './graph-json-post.js';
import { graphResultOf } from './graph-result.js';

const TOKEN = 'EAAGm0PX4ZCpsBAKZCxyzSECRETSECRETSECRETSECRET1234567890';
const PATH = '/v23.0/106540352242922/messages';

describe('GraphJsonPost against a loopback server', () => {
  const server = new MockHttpServer();
  let reply: () => MockReply;
  let pool: Agent;

  beforeAll(async () => {
    server.on('POST', /^\/v23\.0\/\d+\/messages$/, () => reply());
    await server.start();
  });
  afterAll(() => server.stop());

  beforeEach(() => {
    server.reset();
    reply = () => ({ json: { messages: [{ id: 'wamid.1' }] } });
    pool = new Agent();
  });
  afterEach(() => pool.close());

  function post(timeoutMs = 500, url = `${server.url}${PATH}`): GraphJsonPost {
    return new GraphJsonPost(pool, url, TOKEN, timeoutMs);
  }

  function failureOf(json = '{}', timeoutMs?: number, url?: string): Promise<unknown> {
    return post(timeoutMs, url)
      .send(json)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
  }

  it('posts the JSON with the bearer token and resolves to the status and the parsed answer', async () => {
    reply = () => ({ status: 201, json: { messages: [{ id: 'wamid.1' }] } });

    await expect(post().send('{"to":"15551234567"}')).resolves.toEqual({
      status: 201,
      value: { messages: [{ id: 'wamid.1' }] },
    });

    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(PATH);
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body.toString()).toBe('{"to":"15551234567"}');
  });

  it('keeps connections alive: 20 sends in sequence use at most 2 (undici warms a second one)', async () => {
    const messages = post();
    for (let call = 0; call < 20; call++) await messages.send(`{"call":${call}}`);
    expect(server.requests).toHaveLength(20);
    expect(pool.stats[server.url]?.connected).toBeLessThanOrEqual(2);
  });

  it('reads a 2xx answer that is not a JSON object as {} (no message id)', async () => {
    reply = () => ({ status: 200, body: 'OK' });
    await expect(post().send('{}')).resolves.toEqual({ status: 200, value: {} });
  });

  it("maps Graph's error answer field by field, Retry-After included, and keeps nothing of the request", async () => {
    reply = () => ({
      status: 400,
      headers: { 'retry-after': '7' },
      json: {
        error: {
          message: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
          type: 'OAuthException',
          code: 131056,
          error_subcode: 2494100,
          error_data: { messaging_product: 'whatsapp', details: 'Too many messages to this user' },
          fbtrace_id: 'AbCdEf123',
        },
      },
    });

    const error = await failureOf('{"to":"15551234567","text":{"body":"my secret"}}');

    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({
      code: 'GRAPH.REQUEST_FAILED',
      status: 400,
      graphCode: 131056,
      subcode: 2494100,
      type: 'OAuthException',
      details: 'Too many messages to this user',
      fbtraceId: 'AbCdEf123',
      graphMessage: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
      retryAfterSeconds: 7,
    });
    const everything = JSON.stringify({ ...(error as object), message: (error as Error).message });
    for (const secret of [TOKEN, '15551234567', 'my secret']) expect(everything).not.toContain(secret);
    expect((error as Error).cause).toBeUndefined();
  });

  it('maps an error answer without a Graph body (a proxy page) by its status alone', async () => {
    reply = () => ({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad Gateway</html>' });
    const error = await failureOf();
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({ status: 502, graphCode: undefined });
    expect(graphResultOf(error)).toBe('http_502');
  });

  it('gives up on a slow answer with ECONNABORTED, counted as a timeout', async () => {
    // Later than undici's half-second timeout tick can miss.
    reply = () => ({ json: {}, delayMs: 1500 });
    const error = await failureOf('{}', 100);
    expect(error).toBeInstanceOf(GraphNetworkError);
    expect(error).toMatchObject({ reason: 'ECONNABORTED' });
    expect(graphResultOf(error)).toBe('timeout');
  });

  it('turns a dropped connection into a network error with the socket code', async () => {
    reply = () => ({ drop: true });
    const error = await failureOf();
    expect(error).toBeInstanceOf(GraphNetworkError);
    expect(error).toMatchObject({ reason: expect.stringMatching(/^(UND_ERR_SOCKET|ECONNRESET)$/) });
    expect(graphResultOf(error)).toBe('network');
  });

  it('turns a refused connection into a network error with ECONNREFUSED', async () => {
    const closed = await new MockHttpServer().start();
    const url = `${closed.url}${PATH}`;
    await closed.stop();
    const error = await failureOf('{}', 500, url);
    expect(error).toBeInstanceOf(GraphNetworkError);
    expect(error).toMatchObject({ reason: 'ECONNREFUSED' });
    expect(graphResultOf(error)).toBe('network');
  });
});
