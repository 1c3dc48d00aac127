import { createHash } from 'node:crypto';
import { HttpService } from '@nestjs/axios';
import { Logger } from '@nestjs/common';
import axios from 'axios';
import { GraphApiMock } from '../../test/mocks/graph-api.mock-server.js';
import { GraphApiError, GraphNotConfiguredError, MediaChecksumError, MediaUrlUntrustedError } from './graph-api.error.js';
import { GraphMediaClient, isTrustedMediaUrl } from './graph-media.client.js';
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
    const config = loadWhatsAppConfig({ WP_ACCESS_TOKEN: TOKEN, WP_PHONE_ID: PHONE_ID, GRAPH_API_URL: graph.url, GRAPH_RETRY_BASE_DELAY_MS: '0' });
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
    await expect(media.uploadMedia(Buffer.from('x'), { mimeType: 'image/png', filename: 'x.png' })).rejects.toBeInstanceOf(GraphApiError);
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

describe('isTrustedMediaUrl', () => {
  it.each`
    url                                                         | trusted
    ${'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1'} | ${true}
    ${'https://graph.facebook.com/v23.0/123'}                   | ${true}
    ${'https://scontent.xx.fbcdn.net/v/t1/abc'}                 | ${true}
    ${'http://lookaside.fbsbx.com/x'}                           | ${false}
    ${'https://fbsbx.com.evil.example/x'}                       | ${false}
    ${'https://evilfbsbx.com/x'}                                | ${false}
    ${'http://127.0.0.1:4000/media-download/1'}                 | ${true}
    ${'http://127.0.0.1:4001/media-download/1'}                 | ${false}
    ${'not a url'}                                              | ${false}
  `('$url → $trusted', ({ url, trusted }: { url: string; trusted: boolean }) => {
    expect(isTrustedMediaUrl(url, 'http://127.0.0.1:4000')).toBe(trusted);
  });
});
