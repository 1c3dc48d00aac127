import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MediaTooLargeError } from '../../src/whatsapp/graph-api.error.js';
import { MediaGateway } from '../../src/whatsapp/media-gateway.port.js';
import { WhatsAppClient } from '../../src/whatsapp/whatsapp.client.js';
import { GraphApiMock } from '../../src/testing/mocks/graph-api.mock-server.js';
import { waitFor } from '../../src/testing/wait-for.js';
import { startTestApp, type TestApp } from '../helpers/create-test-app.js';
import { inboundWebhook, newMessageId, postWebhook } from '../helpers/signed-webhook.js';
import { postJson } from './simulator-helpers.js';

const SECRET = 'e2e-media-secret';
const TOKEN = 'e2e-media-token';
const PHONE_ID = '106540352242922';
const USER = '15551234567';
/** A simulated user: fictional numbers only while a real token is configured. */
const ADA = '15550100001';
const CAP = 64 * 1024;
const SAMPLE = 'sample-sunset.png';
const SAMPLE_BYTES = readFileSync(new URL(`../../src/simulator/page/${SAMPLE}`, import.meta.url));

const sha256Hex = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A signed webhook of one photo from `from`, as Meta posts it ("Image Message" example of the spec). */
function photoWebhook(from: string, mediaId: string, data: Buffer, messageId: string) {
  const body = inboundWebhook({ from, id: messageId }) as {
    entry: { changes: { value: { messages: Record<string, unknown>[] } }[] }[];
  };
  const message = body.entry[0].changes[0].value.messages[0];
  delete message.text;
  Object.assign(message, {
    type: 'image',
    image: {
      caption: 'my photo',
      mime_type: 'image/png',
      sha256: createHash('sha256').update(data).digest('base64'),
      id: mediaId,
    },
  });
  return body;
}

/** The media id in the webhook the simulator posted for a photo. */
function mediaIdIn(raw: string): string {
  const body = JSON.parse(raw) as { entry: { changes: { value: { messages: { image: { id: string } }[] } }[] }[] };
  return body.entry[0].changes[0].value.messages[0].image.id;
}

async function fetchMedia(server: TestApp, mediaId: string) {
  const response = await fetch(`${server.url}/simulator/api/media/${mediaId}`, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

describe('Media in flows (e2e)', () => {
  describe('with WP_ACCESS_TOKEN: through the Graph mock', () => {
    let graph: GraphApiMock;
    let server: TestApp;
    beforeAll(async () => {
      graph = await new GraphApiMock({ accessToken: TOKEN, phoneNumberId: PHONE_ID }).start();
      server = await startTestApp({
        WP_ACCESS_TOKEN: TOKEN,
        WP_PHONE_ID: PHONE_ID,
        WP_APP_SECRET: SECRET,
        GRAPH_API_URL: graph.url,
        GRAPH_RETRY_BASE_DELAY_MS: '0',
        MEDIA_MAX_DOWNLOAD_BYTES: String(CAP),
      });
    });
    afterAll(async () => {
      await server.close();
      await graph.stop();
    });
    beforeEach(() => graph.reset());

    const mediaRequests = () =>
      graph.server.requests.filter((r) => r.method !== 'POST' || !r.path.endsWith('/messages'));

    // Switch to the media example flow once ctx.media is plugged in: its reply must then carry size and type.
    it('media flow: a photo sent to the bot downloads through the Graph mock, with the token', async () => {
      const photo = Buffer.concat([SAMPLE_BYTES, Buffer.from('e2e')]);
      const mediaId = graph.addMedia(photo, 'image/png');
      const messageId = newMessageId();

      const answer = await postWebhook(server.url, photoWebhook(USER, mediaId, photo, messageId), { secret: SECRET });
      expect(answer.status).toBe(200);
      await waitFor(() => graph.readReceipts().some((receipt) => receipt.message_id === messageId), {
        description: 'the photo to be processed',
      });

      const downloaded = await server.app.get(MediaGateway).download(mediaId);

      expect(downloaded.data.equals(photo)).toBe(true);
      expect(downloaded).toMatchObject({ mimeType: 'image/png', sha256: sha256Hex(photo), fileSize: photo.length });
      expect(mediaRequests().map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
        ['GET', `/v23.0/${mediaId}`, `Bearer ${TOKEN}`],
        ['GET', `/media-download/${mediaId}`, `Bearer ${TOKEN}`],
      ]);
    });

    it('refuses media over MEDIA_MAX_DOWNLOAD_BYTES without downloading it', async () => {
      const mediaId = graph.addMedia(Buffer.alloc(CAP + 1, 1), 'video/mp4');

      await expect(server.app.get(MediaGateway).download(mediaId)).rejects.toBeInstanceOf(MediaTooLargeError);
      expect(mediaRequests().map((r) => r.path)).toEqual([`/v23.0/${mediaId}`]);
    });

    it('uploads a file whose id a media reply then sends', async () => {
      const pdf = Buffer.from('%PDF-1.7 receipt');

      const mediaId = await server.app.get(MediaGateway).upload(pdf, 'application/pdf', { recipient: USER });
      await server.app.get(WhatsAppClient).sendMedia(USER, { kind: 'document', id: mediaId, filename: 'receipt.pdf' });

      expect(graph.media(mediaId)).toMatchObject({ data: pdf, mimeType: 'application/pdf' });
      expect(graph.messagesTo(USER)).toEqual([
        expect.objectContaining({ type: 'document', document: expect.objectContaining({ id: mediaId }) }),
      ]);
      expect(graph.invalidBodies()).toEqual([]);
    });

    it('has no simulator media route while the simulator is off', async () => {
      expect((await fetchMedia(server, '1234567890123456')).status).toBe(404);
    });
  });

  describe('in local mode: the simulator serves its sample photos', () => {
    let server: TestApp;
    beforeAll(async () => {
      server = await startTestApp({ MEDIA_MAX_DOWNLOAD_BYTES: String(CAP) });
    });
    afterAll(async () => {
      await server.close();
    });

    it("media flow: a sample photo sent from the simulator downloads as the sample's real bytes", async () => {
      const sent = await postJson(`${server.url}/simulator/api/messages`, { waId: ADA, type: 'image', sample: SAMPLE });
      expect(sent.status).toBe(200);
      const mediaId = mediaIdIn((sent.json.entry as { webhook: { raw: string } }).webhook.raw);

      const downloaded = await server.app.get(MediaGateway).download(mediaId);

      expect(downloaded.data.equals(SAMPLE_BYTES)).toBe(true);
      expect(downloaded).toMatchObject({
        mimeType: 'image/png',
        sha256: sha256Hex(SAMPLE_BYTES),
        fileSize: SAMPLE_BYTES.length,
      });
    });

    it('keeps uploads locally and shows them on the page; what is not a picture is a download, never a page', async () => {
      const gateway = server.app.get(MediaGateway);
      const png = await gateway.upload(SAMPLE_BYTES, 'image/png', { recipient: ADA });
      const html = await gateway.upload(Buffer.from('<script>alert(1)</script>'), 'text/html', { recipient: ADA });

      const picture = await fetchMedia(server, png);
      expect(picture.status).toBe(200);
      expect(picture.body.equals(SAMPLE_BYTES)).toBe(true);
      expect(picture.headers.get('content-type')).toBe('image/png');
      expect(picture.headers.get('x-content-type-options')).toBe('nosniff');

      const page = await fetchMedia(server, html);
      expect(page.headers.get('content-type')).toBe('application/octet-stream');
      expect(page.headers.get('content-disposition')).toBe('attachment');
      expect(page.headers.get('content-security-policy')).toContain('sandbox');

      expect((await fetchMedia(server, '1234567890123456')).status).toBe(404);
    });
  });

  describe('with SIMULATOR=on beside a real token', () => {
    let graph: GraphApiMock;
    let server: TestApp;
    beforeAll(async () => {
      graph = await new GraphApiMock({ accessToken: TOKEN, phoneNumberId: PHONE_ID }).start();
      server = await startTestApp({
        SIMULATOR: 'on',
        WP_ACCESS_TOKEN: TOKEN,
        WP_PHONE_ID: PHONE_ID,
        WP_APP_SECRET: SECRET,
        GRAPH_API_URL: graph.url,
        GRAPH_RETRY_BASE_DELAY_MS: '0',
      });
    });
    afterAll(async () => {
      await server.close();
      await graph.stop();
    });

    /** Graph requests other than message sends (the bot answers the simulated messages meanwhile) from `since` on. */
    const mediaRequestsSince = (since: number) =>
      graph.server.requests.slice(since).filter((r) => r.method !== 'POST' || !r.path.endsWith('/messages'));

    it("serves simulated users' media from the simulator and everyone else's from Graph", async () => {
      const sent = await postJson(`${server.url}/simulator/api/messages`, { waId: ADA, type: 'image', sample: SAMPLE });
      expect(sent.status).toBe(200);
      const sampleId = mediaIdIn((sent.json.entry as { webhook: { raw: string } }).webhook.raw);
      const realPhoto = Buffer.from('a real user photo');
      const realId = graph.addMedia(realPhoto, 'image/jpeg');
      const gateway = server.app.get(MediaGateway);
      const before = graph.server.requests.length;

      expect((await gateway.download(sampleId)).data.equals(SAMPLE_BYTES)).toBe(true);
      expect(mediaRequestsSince(before)).toEqual([]);
      expect((await gateway.download(realId)).data.equals(realPhoto)).toBe(true);
      expect(mediaRequestsSince(before).map((r) => r.path)).toEqual([`/v23.0/${realId}`, `/media-download/${realId}`]);
    });

    it("keeps a simulated user's uploads off Meta, and sends a real user's to Graph", async () => {
      // A user becomes a simulated one by messaging the bot from the simulator.
      expect(
        (await postJson(`${server.url}/simulator/api/messages`, { waId: ADA, type: 'text', text: 'hi' })).status,
      ).toBe(200);
      const gateway = server.app.get(MediaGateway);
      const before = graph.server.requests.length;

      const local = await gateway.upload(Buffer.from('for Ada'), 'text/plain', { recipient: ADA });
      expect(mediaRequestsSince(before)).toEqual([]);
      expect((await fetchMedia(server, local)).body.toString()).toBe('for Ada');

      const real = await gateway.upload(Buffer.from('for a real user'), 'text/plain', { recipient: USER });
      expect(graph.media(real)?.data.toString()).toBe('for a real user');
    });
  });
});
