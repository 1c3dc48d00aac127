import { createHash } from 'node:crypto';
import { HttpService } from '@nestjs/axios';
import { Logger } from '@nestjs/common';
import axios from 'axios';
import { GraphApiMock } from '../testing/mocks/graph-api.mock-server.js';
import { GraphApiError, MediaTooLargeError } from './graph-api.error.js';
import { GraphMediaGateway } from './graph-media-gateway.adapter.js';
import { GraphMediaClient } from './graph-media.client.js';
import { loadWhatsAppConfig } from './whatsapp.config.js';

const TOKEN = 'gateway-test-token';
const PHONE_ID = '106540352242922';
const CAP = 1024;

describe('GraphMediaGateway against the Graph mock', () => {
  let graph: GraphApiMock;
  let gateway: GraphMediaGateway;

  beforeAll(async () => {
    graph = await new GraphApiMock({ accessToken: TOKEN, phoneNumberId: PHONE_ID }).start();
    Logger.overrideLogger(false);
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
    gateway = new GraphMediaGateway(new GraphMediaClient(new HttpService(axios.create()), config), CAP);
  });

  const paths = () => graph.server.requests.map((request) => `${request.method} ${request.path}`);

  it('downloads by media id (look-up, then the URL with the token) and describes the bytes', async () => {
    const data = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);
    const id = graph.addMedia(data, 'image/png');

    const downloaded = await gateway.download(id);

    expect(downloaded).toEqual({
      data,
      mimeType: 'image/png',
      sha256: createHash('sha256').update(data).digest('hex'),
      fileSize: data.length,
    });
    expect(paths()).toEqual([`GET /v23.0/${id}`, `GET /media-download/${id}`]);
    expect(graph.server.requests.every((request) => request.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('refuses media over its configured cap without downloading it; maxBytes overrides the cap', async () => {
    const id = graph.addMedia(Buffer.alloc(CAP + 1, 7), 'video/mp4');

    await expect(gateway.download(id)).rejects.toBeInstanceOf(MediaTooLargeError);
    expect(paths()).toEqual([`GET /v23.0/${id}`]);

    await expect(gateway.download(id, { maxBytes: CAP + 1 })).resolves.toMatchObject({ fileSize: CAP + 1 });
  });

  it('fails an unknown media id with the Graph error', async () => {
    await expect(gateway.download('999')).rejects.toMatchObject({ status: 400, graphCode: 100, subcode: 33 });
    await expect(gateway.download('999')).rejects.toBeInstanceOf(GraphApiError);
  });

  it('uploads bytes and resolves to the id Graph gave them, named "media" unless told otherwise', async () => {
    const pdf = Buffer.from('%PDF-1.7 receipt');

    const id = await gateway.upload(pdf, 'application/pdf');
    const named = await gateway.upload(pdf, 'application/pdf', { filename: 'receipt.pdf', recipient: '15551234567' });

    expect(graph.media(id)).toMatchObject({ data: pdf, mimeType: 'application/pdf', filename: 'media' });
    expect(graph.media(named)).toMatchObject({ filename: 'receipt.pdf' });
    expect(paths()).toEqual([`POST /v23.0/${PHONE_ID}/media`, `POST /v23.0/${PHONE_ID}/media`]);
    // The recipient steers routing only: it never reaches Graph.
    expect(graph.server.requests.some((request) => request.body.toString('latin1').includes('15551234567'))).toBe(
      false,
    );
  });
});
