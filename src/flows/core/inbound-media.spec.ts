import { createHash } from 'node:crypto';
import type { DistributiveOmit, InboundMessage } from '../../whatsapp/inbound-message.js';
import { GraphApiError, MediaTooLargeError } from '../../whatsapp/graph-api.error.js';
import {
  MediaGateway,
  type DownloadedMedia,
  type MediaDownloadOptions,
  type MediaUploadOptions,
} from '../../whatsapp/media-gateway.port.js';
import { MediaRouter } from '../../whatsapp/media-router.js';
import { SimulatedMediaStore } from '../../whatsapp/simulated-media-store.adapter.js';
import { inboundMediaOf, mediaUploaderFor, type InboundMediaKind } from './inbound-media.js';

const WA_ID = '15550001111';

function messageOf(content: DistributiveOmit<InboundMessage, 'id' | 'from' | 'timestamp' | 'phoneNumberId'>) {
  return { id: 'wamid.T1', from: WA_ID, timestamp: 1, phoneNumberId: 'phone', ...content } as InboundMessage;
}

/** Counts what reaches the gateway, so a test can tell that building `ctx.media` fetched nothing. */
class CountingGateway extends MediaGateway {
  readonly downloads: { mediaId: string; options?: MediaDownloadOptions }[] = [];
  readonly uploads: MediaUploadOptions[] = [];

  constructor(private readonly inner: MediaGateway) {
    super();
  }

  override download(mediaId: string, options?: MediaDownloadOptions): Promise<DownloadedMedia> {
    this.downloads.push({ mediaId, options });
    return this.inner.download(mediaId, options);
  }

  override upload(data: Buffer, mimeType: string, options: MediaUploadOptions = {}): Promise<string> {
    this.uploads.push(options);
    return this.inner.upload(data, mimeType, options);
  }
}

/** A gateway whose Graph look-up came back without `mime_type` (Graph has done so). */
class UntypedGateway extends MediaGateway {
  constructor(private readonly inner: MediaGateway) {
    super();
  }

  override async download(mediaId: string, options?: MediaDownloadOptions): Promise<DownloadedMedia> {
    return { ...(await this.inner.download(mediaId, options)), mimeType: '' };
  }

  override upload(): Promise<string> {
    throw new Error('not used');
  }
}

const PHOTO = Buffer.from('a photo of a sunset');

describe('inboundMediaOf', () => {
  it.each<DistributiveOmit<InboundMessage, 'id' | 'from' | 'timestamp' | 'phoneNumberId'>>([
    { type: 'text', text: 'hi' },
    { type: 'location', location: { latitude: 1, longitude: 2 } },
    { type: 'interactive', reply: { kind: 'button_reply', id: 'a', title: 'A' } },
    { type: 'reaction', reaction: { messageId: 'wamid.X', emoji: '👍' } },
    { type: 'unsupported', originalType: 'poll' },
  ])('is undefined for a $type message', (content) => {
    expect(inboundMediaOf(messageOf(content), new SimulatedMediaStore())).toBeUndefined();
  });

  it.each<InboundMediaKind>(['image', 'video', 'audio', 'document', 'sticker'])(
    'describes a %s and downloads its bytes with their type, sha256 and size',
    async (kind) => {
      const store = new SimulatedMediaStore();
      const id = store.put(PHOTO, 'image/jpeg');
      const media = inboundMediaOf(
        messageOf({ type: kind, media: { id, mimeType: 'image/jpeg', caption: 'Look', filename: 'a.jpg' } }),
        store,
      );

      expect(media).toMatchObject({ kind, mimeType: 'image/jpeg', caption: 'Look', filename: 'a.jpg' });
      const downloaded = await media?.download();
      expect(downloaded?.data.equals(PHOTO)).toBe(true);
      expect(downloaded).toMatchObject({
        mimeType: 'image/jpeg',
        sha256: createHash('sha256').update(PHOTO).digest('hex'),
        fileSize: PHOTO.length,
      });
    },
  );

  it('fetches nothing until download() is called', async () => {
    const store = new SimulatedMediaStore();
    const gateway = new CountingGateway(store);
    const media = inboundMediaOf(messageOf({ type: 'image', media: { id: store.put(PHOTO, 'image/png') } }), gateway);
    expect(media?.kind).toBe('image');
    expect(gateway.downloads).toEqual([]);
    await media?.download();
    expect(gateway.downloads).toHaveLength(1);
  });

  it("refuses a file over the gateway's cap, and lets a step pass its own maxBytes either way", async () => {
    const store = new SimulatedMediaStore({ maxDownloadBytes: PHOTO.length - 1 });
    const media = inboundMediaOf(messageOf({ type: 'document', media: { id: store.put(PHOTO, 'text/plain') } }), store);

    await expect(media?.download()).rejects.toBeInstanceOf(MediaTooLargeError);
    await expect(media?.download({ maxBytes: PHOTO.length })).resolves.toMatchObject({ fileSize: PHOTO.length });
    await expect(media?.download({ maxBytes: 4 })).rejects.toBeInstanceOf(MediaTooLargeError);
  });

  it('fails an unknown or expired media id as Graph does', async () => {
    const media = inboundMediaOf(messageOf({ type: 'image', media: { id: '1234' } }), new SimulatedMediaStore());
    const failure = media?.download();
    await expect(failure).rejects.toBeInstanceOf(GraphApiError);
    await expect(failure).rejects.toMatchObject({ status: 400, graphCode: 100 });
  });

  it("falls back to the webhook's mime type when the look-up reported none", async () => {
    const store = new SimulatedMediaStore();
    const id = store.put(PHOTO, 'image/webp');
    const declared = inboundMediaOf(
      messageOf({ type: 'sticker', media: { id, mimeType: 'image/webp' } }),
      new UntypedGateway(store),
    );
    await expect(declared?.download()).resolves.toMatchObject({ mimeType: 'image/webp' });
    const undeclared = inboundMediaOf(messageOf({ type: 'sticker', media: { id } }), new UntypedGateway(store));
    await expect(undeclared?.download()).resolves.toMatchObject({ mimeType: '' });
  });
});

describe('mediaUploaderFor', () => {
  it('uploads for the current user: a router sends a diverted user’s file to their store, not the default', async () => {
    const fallback = new SimulatedMediaStore();
    const simulated = new SimulatedMediaStore();
    const router = new MediaRouter(fallback);
    router.divert({
      claimsMedia: (id) => simulated.has(id),
      claimsRecipient: (waId) => waId === WA_ID,
      gateway: simulated,
    });

    const id = await mediaUploaderFor(WA_ID, router)(PHOTO, 'image/png', { filename: 'sunset.png' });

    expect(simulated.get(id)).toEqual({ data: PHOTO, mimeType: 'image/png' });
    expect(fallback.has(id)).toBe(false);
    await expect(router.download(id)).resolves.toMatchObject({ fileSize: PHOTO.length });

    const other = await mediaUploaderFor('15559999999', router)(PHOTO, 'image/png');
    expect(fallback.has(other)).toBe(true);
  });

  it('passes the file name and the recipient to the gateway', async () => {
    const gateway = new CountingGateway(new SimulatedMediaStore());
    await mediaUploaderFor(WA_ID, gateway)(PHOTO, 'application/pdf', { filename: 'receipt.pdf' });
    expect(gateway.uploads).toEqual([{ filename: 'receipt.pdf', recipient: WA_ID }]);
  });
});
