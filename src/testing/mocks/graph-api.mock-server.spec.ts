import { GraphApiMock } from './graph-api.mock-server.js';

const TEXT = {
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to: '15551234567',
  type: 'text',
  text: { body: 'Hello' },
};

describe('GraphApiMock control routes (over HTTP)', () => {
  let graph: GraphApiMock;
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${graph.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer graph-token' },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const send = (body: unknown = TEXT) => post('/v23.0/106540352242922/messages', body);

  beforeEach(async () => {
    graph = await new GraphApiMock({ accessToken: 'graph-token' }).start();
  });
  afterEach(() => graph.stop());

  it("fails the next send with Graph's error body: { error: { message, type, code, error_subcode, fbtrace_id } }", async () => {
    await post('/__mock/failures', { match: { path: '/messages' }, status: 429, code: 130429, subcode: 2494055 });

    const failed = await send();

    expect(failed).toEqual({
      status: 429,
      json: {
        error: {
          message: '(#130429) Rate limit hit',
          type: 'OAuthException',
          code: 130429,
          error_subcode: 2494055,
          error_data: { messaging_product: 'whatsapp', details: 'Rate limit hit' },
          fbtrace_id: expect.stringMatching(/^MOCK[0-9a-f]{16}$/) as unknown,
        },
      },
    });
    expect((await send()).status).toBe(200);
    expect(graph.messages()).toEqual([TEXT]);
  });

  it('uses the given message, and only fails messages to the matched recipient', async () => {
    await post('/__mock/failures', {
      match: { to: '15550000000' },
      status: 400,
      code: 131026,
      message: 'Undeliverable',
    });

    expect((await send()).status).toBe(200);
    const failed = await send({ ...TEXT, to: '15550000000' });

    expect(failed.status).toBe(400);
    expect(failed.json.error).toMatchObject({ code: 131026, message: '(#131026) Undeliverable' });
  });

  it("still checks every body against Meta's spec, and lists the 400 it answered", async () => {
    const { status } = await send({ ...TEXT, recipient_type: undefined });
    expect(status).toBe(400);

    const listed = (await (await fetch(`${graph.url}/__mock/requests?path=/messages`)).json()) as unknown[];
    expect(listed).toMatchObject([{ method: 'POST', status: 400, headers: { authorization: 'Bearer [redacted]' } }]);
  });

  it('forgets sent messages, media and pending failures on POST /__mock/reset', async () => {
    await send();
    const mediaId = graph.addMedia(Buffer.from('img'), 'image/png');
    graph.failNext(1, { status: 500 });
    await post('/__mock/failures', { status: 503 });

    expect(await post('/__mock/reset', {})).toEqual({ status: 200, json: { reset: true } });

    expect(graph.messages()).toEqual([]);
    expect(graph.media(mediaId)).toBeUndefined();
    expect((await send()).status).toBe(200);
  });

  it('listens on the port it is given', async () => {
    const other = await new GraphApiMock().start({ port: 0, host: '127.0.0.1' });
    try {
      expect(other.url).not.toBe(graph.url);
      expect((await fetch(`${other.url}/__mock/requests`)).status).toBe(200);
    } finally {
      await other.stop();
    }
  });
});
