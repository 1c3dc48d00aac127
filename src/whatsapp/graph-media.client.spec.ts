import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HttpService } from '@nestjs/axios';
import { Logger } from '@nestjs/common';
import axios from 'axios';
import { waitFor } from '../testing/wait-for.js';
import { GraphApiMock } from '../testing/mocks/graph-api.mock-server.js';
import {
  GRAPH_MEDIA_REDIRECT_UNTRUSTED,
  GRAPH_MEDIA_TOO_LARGE,
  GRAPH_MEDIA_TOO_MANY_REDIRECTS,
} from '../common/errors/error-messages.js';
import {
  GraphApiError,
  GraphNetworkError,
  GraphNotConfiguredError,
  MediaChecksumError,
  MediaTooLargeError,
  MediaUrlUntrustedError,
} from './graph-api.error.js';
import { GraphMediaClient, isTrustedMediaUrl, MAX_MEDIA_REDIRECTS, MediaRedirectError } from './graph-media.client.js';
import { loadWhatsAppConfig } from './whatsapp.config.js';

const TOKEN = 'media-test-token';
const PHONE_ID = '106540352242922';

describe('GraphMediaClient against the Graph mock', () => {
  let graph: GraphApiMock;
  let media: GraphMediaClient;

  beforeAll(async () => {
    graph = await new GraphApiMock({ accessToken: TOKEN, phoneNumberId: PHONE_ID }).start();
    Logger.overrideLogger(false); // expected failures would print warnings
  });
  afterAll(async () => {
    await graph.stop();
  });
  beforeEach(() => {
    graph.reset();
    const config = loadWhatsAppConfig({
      WP_ACCESS_TOKEN: TOKEN,
      WP_PHONE_ID: PHONE_ID,
      GRAPH_API_URL: graph.url,
      GRAPH_RETRY_BASE_DELAY_MS: '0',
    });
    media = new GraphMediaClient(new HttpService(axios.create()), config);
  });

  it('uploads a file as multipart with messaging_product, type and file', async () => {
    const pdf = Buffer.from('%PDF-1.4 fake');

    const { id } = await media.uploadMedia(pdf, { mimeType: 'application/pdf', filename: 'invoice.pdf' });

    const [request] = graph.server.requests;
    expect(request?.path).toBe(`/v23.0/${PHONE_ID}/media`);
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(graph.media(id)).toMatchObject({ mimeType: 'application/pdf', filename: 'invoice.pdf', data: pdf });
  });

  it('does not retry an upload (a second attempt would create a second media object)', async () => {
    graph.failNext(1, { status: 500 });
    await expect(
      media.uploadMedia(Buffer.from('x'), { mimeType: 'image/png', filename: 'x.png' }),
    ).rejects.toBeInstanceOf(GraphApiError);
    expect(graph.server.requests).toHaveLength(1);
  });

  it('looks a media id up', async () => {
    const data = Buffer.from('image bytes');
    const id = graph.addMedia(data, 'image/jpeg');

    const info = await media.getMediaInfo(id);

    expect(info).toEqual({
      id,
      url: `${graph.url}/media-download/${id}`,
      mimeType: 'image/jpeg',
      sha256: createHash('sha256').update(data).digest('hex'),
      fileSize: data.length,
    });
    expect(graph.server.requests[0]?.query.get('phone_number_id')).toBe(PHONE_ID);
  });

  it('downloads media by id with the token, checking its sha256', async () => {
    const data = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01]);
    const id = graph.addMedia(data, 'image/jpeg');

    const result = await media.downloadMedia(id);

    expect(result.data.equals(data)).toBe(true);
    expect(graph.server.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['GET', `/v23.0/${id}`, `Bearer ${TOKEN}`],
      ['GET', `/media-download/${id}`, `Bearer ${TOKEN}`],
    ]);
  });

  it('refuses media over the given maxBytes before checking anything else', async () => {
    const id = graph.addMedia(Buffer.alloc(2048, 1), 'image/jpeg');
    await expect(media.downloadMedia(id, { maxBytes: 1024 })).rejects.toBeInstanceOf(MediaTooLargeError);
    // The size Graph reported was enough: the file itself was never requested.
    expect(graph.server.requests.map((r) => r.path)).toEqual([`/v23.0/${id}`]);
    await expect(media.downloadMedia(id, { maxBytes: 2048 })).resolves.toMatchObject({ data: Buffer.alloc(2048, 1) });
  });

  it('rejects media whose bytes do not match the reported sha256', async () => {
    const id = graph.addMedia(Buffer.from('original'), 'image/jpeg');
    const stored = graph.media(id);
    stored?.data.write('tampered');
    await expect(media.downloadMedia(id)).rejects.toBeInstanceOf(MediaChecksumError);
  });

  it('retries idempotent look-ups', async () => {
    const id = graph.addMedia(Buffer.from('x'), 'image/png');
    graph.failNext(1, { status: 503, graphCode: 131016 }, 'media');
    await expect(media.getMediaInfo(id)).resolves.toMatchObject({ id });
    expect(graph.server.requests).toHaveLength(2);
  });

  it('retries a download after a dropped connection', async () => {
    const id = graph.addMedia(Buffer.from('payload'), 'audio/ogg');
    const { url } = await media.getMediaInfo(id);
    graph.failNext(1, { drop: true }, 'media');
    await expect(media.downloadMediaUrl(url)).resolves.toEqual(Buffer.from('payload'));
  });

  it('deletes media, and maps the unknown-id answer to a GraphApiError', async () => {
    const id = graph.addMedia(Buffer.from('x'), 'image/png');
    await media.deleteMedia(id);
    expect(graph.media(id)).toBeUndefined();
    expect(graph.server.requests[0]?.method).toBe('DELETE');
    await expect(media.deleteMedia(id)).rejects.toMatchObject({ status: 400, graphCode: 100, subcode: 33 });
  });

  it('refuses to send the token to a host that is not Meta or GRAPH_API_URL', async () => {
    await expect(media.downloadMediaUrl('https://evil.example/steal')).rejects.toBeInstanceOf(MediaUrlUntrustedError);
    expect(graph.server.requests).toHaveLength(0);
  });

  it('fails clearly without an access token', async () => {
    const local = new GraphMediaClient(new HttpService(axios.create()), loadWhatsAppConfig({}));
    await expect(local.getMediaInfo('1')).rejects.toBeInstanceOf(GraphNotConfiguredError);
  });
});

/** A raw `node:http` server on 127.0.0.1 that records each request's path and Authorization header. */
interface Upstream {
  readonly url: string;
  readonly hits: { readonly path: string; readonly authorization: string | undefined }[];
  close(): Promise<void>;
}

async function startUpstream(
  handle: (req: IncomingMessage, res: ServerResponse, upstream: Upstream) => unknown,
): Promise<Upstream> {
  const sockets = new Set<Socket>();
  const hits: Upstream['hits'] = [];
  const server = createServer((req, res) => {
    hits.push({ path: req.url ?? '', authorization: req.headers.authorization });
    void handle(req, res, upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const upstream: Upstream = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return upstream;
}

/** How far a streaming answer got before the client hung up. */
interface StreamedBody {
  sentBytes: number;
  done: boolean;
  closedEarly: boolean;
}

/**
 * Streams `totalBytes` in 8 KiB chunks, one per turn of the event loop and respecting backpressure, so bytes
 * written track bytes read, and stops as soon as the client closes the connection.
 */
async function streamBody(
  res: ServerResponse,
  totalBytes: number,
  headers: Record<string, string>,
  stats: StreamedBody,
): Promise<void> {
  const chunk = Buffer.alloc(8 * 1024, 0x61);
  let closed = false;
  res.on('close', () => (closed = true));
  res.writeHead(200, { 'content-type': 'application/octet-stream', ...headers });
  while (!closed && stats.sentBytes < totalBytes) {
    const writable = res.write(chunk);
    stats.sentBytes += chunk.length;
    if (!writable) await new Promise<void>((resolve) => (res.once('drain', resolve), res.once('close', resolve)));
    await new Promise((resolve) => setImmediate(resolve));
  }
  stats.closedEarly = closed;
  if (!closed) res.end();
  stats.done = true;
}

describe('GraphMediaClient download hardening (real servers on 127.0.0.1)', () => {
  const CAP = 64 * 1024;
  let allowed: Upstream;
  let outsider: Upstream;
  let media: GraphMediaClient;

  beforeAll(() => Logger.overrideLogger(false));
  afterEach(async () => {
    await allowed?.close();
    await outsider?.close();
  });

  /** `allowed` is GRAPH_API_URL (the token's only host here); `outsider` is any other origin. */
  async function start(handle: Parameters<typeof startUpstream>[0]): Promise<void> {
    allowed = await startUpstream(handle);
    outsider = await startUpstream((_req, res) => res.end('outsider'));
    const config = loadWhatsAppConfig({
      WP_ACCESS_TOKEN: TOKEN,
      WP_PHONE_ID: PHONE_ID,
      GRAPH_API_URL: allowed.url,
      GRAPH_RETRY_BASE_DELAY_MS: '0',
    });
    media = new GraphMediaClient(new HttpService(axios.create()), config);
  }

  it('follows redirects within the allowed hosts (relative and absolute), with the token on each hop', async () => {
    await start((req, res, self) => {
      if (req.url === '/start') return void res.writeHead(302, { location: '/middle' }).end();
      if (req.url === '/middle') return void res.writeHead(307, { location: `${self.url}/final` }).end();
      res.end('the media');
    });

    await expect(media.downloadMediaUrl(`${allowed.url}/start`)).resolves.toEqual(Buffer.from('the media'));
    expect(allowed.hits).toEqual(
      ['/start', '/middle', '/final'].map((path) => ({ path, authorization: `Bearer ${TOKEN}` })),
    );
  });

  it('refuses a redirect to a host outside the allowed ones without requesting it', async () => {
    await start((_req, res) => res.writeHead(302, { location: `${outsider.url}/steal` }).end());

    const refused = media.downloadMediaUrl(`${allowed.url}/start`);

    await expect(refused).rejects.toBeInstanceOf(MediaUrlUntrustedError);
    await expect(refused).rejects.toThrow(GRAPH_MEDIA_REDIRECT_UNTRUSTED(new URL(outsider.url).host));
    expect(outsider.hits).toEqual([]);
    expect(allowed.hits).toHaveLength(1); // refused, not retried
  });

  it(`refuses a chain of more than ${MAX_MEDIA_REDIRECTS} redirects`, async () => {
    await start((req, res) => res.writeHead(302, { location: `/hop${Number(req.url?.slice(4) || 0) + 1}` }).end());

    const refused = media.downloadMediaUrl(`${allowed.url}/hop0`);

    await expect(refused).rejects.toBeInstanceOf(MediaRedirectError);
    await expect(refused).rejects.toThrow(GRAPH_MEDIA_TOO_MANY_REDIRECTS(MAX_MEDIA_REDIRECTS));
    expect(allowed.hits.map((hit) => hit.path)).toEqual(['/hop0', '/hop1', '/hop2', '/hop3', '/hop4', '/hop5']);
  });

  it('stops reading a chunked body the moment it passes the cap, closing the connection before the rest is sent', async () => {
    const stats: StreamedBody = { sentBytes: 0, done: false, closedEarly: false };
    await start((_req, res) => streamBody(res, 10 * CAP, {}, stats));

    const refused = media.downloadMediaUrl(`${allowed.url}/huge`, { maxBytes: CAP });

    await expect(refused).rejects.toBeInstanceOf(MediaTooLargeError);
    await expect(refused).rejects.toThrow(GRAPH_MEDIA_TOO_LARGE(CAP));
    await waitFor(() => stats.done, { description: 'the upstream to stop streaming' });
    expect(stats.closedEarly).toBe(true);
    expect(stats.sentBytes).toBeLessThan(10 * CAP);
    expect(allowed.hits).toHaveLength(1);
  });

  it('refuses a body whose Content-Length is over the cap before reading it', async () => {
    const stats: StreamedBody = { sentBytes: 0, done: false, closedEarly: false };
    await start((_req, res) => streamBody(res, 10 * CAP, { 'content-length': String(10 * CAP) }, stats));

    await expect(media.downloadMediaUrl(`${allowed.url}/huge`, { maxBytes: CAP })).rejects.toBeInstanceOf(
      MediaTooLargeError,
    );
    await waitFor(() => stats.done, { description: 'the upstream to stop streaming' });
    expect(stats.closedEarly).toBe(true);
    expect(stats.sentBytes).toBeLessThan(10 * CAP);
  });

  it('returns a chunked body of exactly the cap intact', async () => {
    const stats: StreamedBody = { sentBytes: 0, done: false, closedEarly: false };
    await start((_req, res) => streamBody(res, CAP, {}, stats));

    const data = await media.downloadMediaUrl(`${allowed.url}/fits`, { maxBytes: CAP });

    expect(data.equals(Buffer.alloc(CAP, 0x61))).toBe(true);
  });

  it("maps an error answer's Graph error object, without retrying a 4xx", async () => {
    await start((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { message: 'Invalid OAuth access token', type: 'OAuthException', code: 190, fbtrace_id: 'Atrace' },
        }),
      );
    });

    await expect(media.downloadMediaUrl(`${allowed.url}/expired`)).rejects.toMatchObject({
      status: 401,
      graphCode: 190,
      fbtraceId: 'Atrace',
    });
    expect(allowed.hits).toHaveLength(1);
  });

  it('retries a body cut off mid-way as a network failure', async () => {
    await start((_req, res, self) => {
      if (self.hits.length === 1) {
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
        setImmediate(() => res.socket?.destroy());
        return;
      }
      res.end('complete');
    });

    await expect(media.downloadMediaUrl(`${allowed.url}/flaky`)).resolves.toEqual(Buffer.from('complete'));
    expect(allowed.hits).toHaveLength(2);
  });

  it('gives up with a GraphNetworkError when every attempt is cut off', async () => {
    await start((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setImmediate(() => res.socket?.destroy());
    });

    await expect(media.downloadMediaUrl(`${allowed.url}/broken`)).rejects.toBeInstanceOf(GraphNetworkError);
    expect(allowed.hits).toHaveLength(3);
  });
});

describe('isTrustedMediaUrl', () => {
  it.each`
    url                                                                   | trusted
    ${'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1'} | ${true}
    ${'https://graph.facebook.com/v23.0/123'}                             | ${true}
    ${'https://scontent.xx.fbcdn.net/v/t1/abc'}                           | ${true}
    ${'http://lookaside.fbsbx.com/x'}                                     | ${false}
    ${'https://fbsbx.com.evil.example/x'}                                 | ${false}
    ${'https://evilfbsbx.com/x'}                                          | ${false}
    ${'http://127.0.0.1:4000/media-download/1'}                           | ${true}
    ${'http://127.0.0.1:4001/media-download/1'}                           | ${false}
    ${'not a url'}                                                        | ${false}
  `('$url → $trusted', ({ url, trusted }: { url: string; trusted: boolean }) => {
    expect(isTrustedMediaUrl(url, 'http://127.0.0.1:4000')).toBe(trusted);
  });
});
