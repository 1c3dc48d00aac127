import type { GraphMediaClient } from './graph-media.client.js';
import {
  downloadedMedia,
  MediaGateway,
  type DownloadedMedia,
  type MediaDownloadOptions,
  type MediaUploadOptions,
} from './media-gateway.port.js';

/** Graph insists on a file name in the multipart upload; users never see this one. */
const DEFAULT_UPLOAD_FILENAME = 'media';

/**
 * Media through the Graph API (`GraphMediaClient`): a download is a look-up then a GET of the short-lived URL with
 * the token, redirects checked hop by hop, the size capped up front and while streaming, and the sha256 checked.
 */
export class GraphMediaGateway extends MediaGateway {
  constructor(
    private readonly client: GraphMediaClient,
    private readonly maxDownloadBytes: number,
  ) {
    super();
  }

  override async download(mediaId: string, options: MediaDownloadOptions = {}): Promise<DownloadedMedia> {
    const { info, data } = await this.client.downloadMedia(mediaId, {
      maxBytes: options.maxBytes ?? this.maxDownloadBytes,
    });
    return downloadedMedia(data, info.mimeType);
  }

  override async upload(data: Buffer, mimeType: string, options: MediaUploadOptions = {}): Promise<string> {
    const { id } = await this.client.uploadMedia(data, {
      mimeType,
      filename: options.filename ?? DEFAULT_UPLOAD_FILENAME,
    });
    return id;
  }
}
