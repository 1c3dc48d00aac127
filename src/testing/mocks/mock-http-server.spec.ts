import { waitFor } from '../wait-for.js';
import { MockHttpServer } from './mock-http-server.js';

describe('MockHttpServer control routes (over HTTP)', () => {
  let server: MockHttpServer;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as unknown };
  };

  beforeEach(async () => {
    server = await new MockHttpServer()
      .on('POST', /^\/v1\/things$/, () => ({ status: 201, json: { ok: true } }))
      .start();
  });
  afterEach(() => server.stop());

  it('listens on 127.0.0.1', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  describe('GET /__mock/requests', () => {
    it('lists what it received with the answered status, and credentials redacted', async () => {
      await call('POST', '/v1/things?x=1', { name: 'a' }, { authorization: 'Bearer sk-secret', cookie: 'sid=1' });

      const { status, json } = await call('GET', '/__mock/requests');

      expect(status).toBe(200);
      expect(json).toEqual([
        {
          method: 'POST',
          path: '/v1/things',
          query: { x: '1' },
          headers: expect.objectContaining({
            authorization: 'Bearer [redacted]',
            cookie: '[redacted]',
            'content-type': 'application/json',
          }) as unknown,
          body: { name: 'a' },
          status: 201,
          at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
        },
      ]);
      expect(JSON.stringify(json)).not.toContain('sk-secret');
    });

    it('shows text bodies as text, binary ones by size, and an unrouted request with its 404', async () => {
      await call('POST', '/nowhere', 'plain words', { 'content-type': 'text/plain' });
      await fetch(`${server.url}/nowhere`, { method: 'POST', body: new Uint8Array([0xff, 0xfe, 0x00]) });

      const { json } = await call('GET', '/__mock/requests');

      expect(json).toMatchObject([
        { body: 'plain words', status: 404 },
        { body: { bytes: 3 }, status: 404 },
      ]);
    });

    it('filters by ?path= (substring or /regex/) and ?method=, and never lists its own control calls', async () => {
      await call('POST', '/v1/things', {});
      await call('GET', '/v1/other');

      expect(await call('GET', '/__mock/requests?path=things')).toMatchObject({ json: [{ path: '/v1/things' }] });
      expect(await call('GET', `/__mock/requests?path=${encodeURIComponent('/other$/')}`)).toMatchObject({
        json: [{ path: '/v1/other' }],
      });
      expect(await call('GET', '/__mock/requests?method=get')).toMatchObject({ json: [{ path: '/v1/other' }] });
      expect(((await call('GET', '/__mock/requests')).json as unknown[]).length).toBe(2);
    });

    it('answers 400 for an unknown filter', async () => {
      expect(await call('GET', '/__mock/requests?url=/v1')).toEqual({
        status: 400,
        json: { error: expect.stringContaining('Unknown match field "url"') as unknown },
      });
    });
  });

  describe('POST /__mock/failures', () => {
    it('fails the next matching request once by default, then answers normally again', async () => {
      const injected = await call('POST', '/__mock/failures', { match: { path: '/things' }, status: 503 });
      expect(injected).toEqual({ status: 201, json: { match: { path: '/things' }, status: 503, times: 1 } });

      const first = await call('POST', '/v1/things', {});
      const second = await call('POST', '/v1/things', {});

      expect(first).toEqual({ status: 503, json: { error: { message: 'Failure injected by the mock', code: null } } });
      expect(second).toEqual({ status: 201, json: { ok: true } });
      expect(server.requests.map((request) => request.status)).toEqual([503, 201]);
    });

    it('fails `times` requests, leaves unmatched ones alone, and lists what is still pending', async () => {
      await call('POST', '/__mock/failures', { match: { method: 'POST', to: '1555' }, status: 429, code: 4, times: 2 });

      expect((await call('POST', '/v1/things', { to: '9999' })).status).toBe(201);
      expect((await call('POST', '/v1/things', { to: '1555' })).status).toBe(429);
      expect(await call('GET', '/__mock/failures')).toMatchObject({ json: [{ status: 429, times: 1 }] });
      expect((await call('POST', '/v1/things', { to: '1555' })).status).toBe(429);
      expect((await call('POST', '/v1/things', { to: '1555' })).status).toBe(201);
      expect(await call('GET', '/__mock/failures')).toEqual({ status: 200, json: [] });
    });

    it('holds the answer for delayMs: until then the request is listed with status null', async () => {
      await call('POST', '/__mock/failures', { status: 500, delayMs: 300 });
      const answer = call('POST', '/v1/things', {});
      await waitFor(() => server.requests.length === 1, { description: 'the request to arrive' });

      expect(await call('GET', '/__mock/requests')).toMatchObject({ json: [{ status: null }] });
      expect((await answer).status).toBe(500);
      expect(await call('GET', '/__mock/requests')).toMatchObject({ json: [{ status: 500 }] });
    });

    it('refuses a malformed rule with 400 and the reason, and injects nothing', async () => {
      expect(await call('POST', '/__mock/failures', 'not json')).toEqual({
        status: 400,
        json: { error: expect.stringContaining('Send a JSON object') as unknown },
      });
      expect(await call('POST', '/__mock/failures', { status: 200 })).toMatchObject({ status: 400 });
      expect((await call('POST', '/v1/things', {})).status).toBe(201);
    });
  });

  describe('POST /__mock/reset', () => {
    it('forgets requests and pending failures', async () => {
      await call('POST', '/v1/things', {});
      await call('POST', '/__mock/failures', { status: 500 });

      expect(await call('POST', '/__mock/reset')).toEqual({ status: 200, json: { reset: true } });

      expect(await call('GET', '/__mock/requests')).toEqual({ status: 200, json: [] });
      expect(await call('GET', '/__mock/failures')).toEqual({ status: 200, json: [] });
      expect((await call('POST', '/v1/things', {})).status).toBe(201);
    });
  });

  it('answers 404 with the list of control routes for anything else under /__mock/', async () => {
    expect(await call('DELETE', '/__mock/requests')).toEqual({
      status: 404,
      json: { error: expect.stringContaining('POST /__mock/failures') as unknown },
    });
  });

  it('refuses to start on a taken port', async () => {
    const port = Number(new URL(server.url).port);
    await expect(new MockHttpServer().start({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
