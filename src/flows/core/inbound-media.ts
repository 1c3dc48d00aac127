import type { InboundMessage } from '../../whatsapp/inbound-message.js';
import type {
  DownloadedMedia,
  MediaDownloadOptions,
  MediaGateway,
  MediaUploadOptions,
} from '../../whatsapp/media-gateway.port.js';

/** The kinds of message that carry a file. */
export type InboundMediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

/**
 * The file of the current message (`ctx.media`), present only when the user sent a photo, video, audio, document
 * or sticker. Nothing is fetched until `download()`: a step that only needs the type or the caption costs no
 * request. A download over the cap (MEDIA_MAX_DOWNLOAD_BYTES, 16 MB by default, or `maxBytes`) fails with
 * `MediaTooLargeError` before the file is read whole; an expired or unknown id fails with `GraphApiError`.
 */
export interface MessageMedia {
  readonly kind: InboundMediaKind;
  /** As the user's WhatsApp declared it in the webhook; `download()` reports what Graph says. */
  readonly mimeType?: string;
  readonly caption?: string;
  /** Documents only: the name the user's file had. */
  readonly filename?: string;
  /** Audio recorded in the app (a voice note) rather than attached. */
  readonly voice?: boolean;
  /** The bytes, with their type, SHA-256 (hex) and size. Each call downloads again. */
  download(options?: MediaDownloadOptions): Promise<DownloadedMedia>;
}

/**
 * Uploads a file for `ctx.reply.media(kind, { id })` and resolves to its media id (`ctx.uploadMedia`). Always
 * present, since a bot sends files in answer to any message; the id is good for 30 days.
 */
export type MediaUploader = (
  data: Buffer,
  mimeType: string,
  options?: { readonly filename?: string },
) => Promise<string>;

/** `ctx.media` for `message`: undefined unless it carries a file. */
export function inboundMediaOf(message: InboundMessage, gateway: MediaGateway): MessageMedia | undefined {
  switch (message.type) {
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker': {
      const { id, mimeType, caption, filename, voice } = message.media;
      return {
        kind: message.type,
        mimeType,
        caption,
        filename,
        voice,
        download: async (options) => {
          const downloaded = await gateway.download(id, options);
          // Graph has answered a look-up without mime_type: the webhook's own declaration is the next best.
          return downloaded.mimeType === '' && mimeType ? { ...downloaded, mimeType } : downloaded;
        },
      };
    }
    default:
      return undefined;
  }
}

/** `ctx.uploadMedia` for a reply to `waId`: the recipient lets the gateway keep simulated users' files local. */
export function mediaUploaderFor(waId: string, gateway: MediaGateway): MediaUploader {
  return (data, mimeType, options) => {
    const uploadOptions: MediaUploadOptions = { ...options, recipient: waId };
    return gateway.upload(data, mimeType, uploadOptions);
  };
}
