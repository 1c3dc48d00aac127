import { createHash } from 'node:crypto';

/** The largest media WhatsApp carries (documents, 100 MB): no download may buffer more. */
export const MAX_MEDIA_BYTES = 100 * 1024 * 1024;

/** Downloaded media: the bytes and what they are. `sha256` (hex) and `fileSize` are of the bytes returned. */
export interface DownloadedMedia {
  readonly data: Buffer;
  /** As the sender's WhatsApp reported it, e.g. `image/jpeg` or `audio/ogg; codecs=opus`. */
  readonly mimeType: string;
  readonly sha256: string;
  readonly fileSize: number;
}

export interface MediaDownloadOptions {
  /** Refuse media larger than this many bytes; default MEDIA_MAX_DOWNLOAD_BYTES (16 MB). */
  readonly maxBytes?: number;
}

export interface MediaUploadOptions {
  /** The name Graph keeps with the file (default `media`); a document's name shown to users is set when sending. */
  readonly filename?: string;
  /**
   * The wa_id the media is for, when known: lets a router keep a dev tool's users (the simulator beside a real
   * token) off the real Graph. Never sent anywhere.
   */
  readonly recipient?: string;
}

/**
 * Media of WhatsApp messages: downloads what users send (by the media id of an inbound message) and uploads
 * files for `reply.media(kind, { id })`. Graph in production, an in-memory store in local mode; picked at boot by
 * WhatsAppModule. Failures are `GraphApiError` (an unknown id: 400, code 100), `GraphNetworkError` or
 * `MediaTooLargeError`, whichever adapter answers.
 */
export abstract class MediaGateway {
  /** The bytes of `mediaId`, refused with `MediaTooLargeError` beyond `maxBytes` (never buffered past it). */
  abstract download(mediaId: string, options?: MediaDownloadOptions): Promise<DownloadedMedia>;
  /** Stores `data` for later sends and resolves to its media id (Graph keeps uploads for 30 days). */
  abstract upload(data: Buffer, mimeType: string, options?: MediaUploadOptions): Promise<string>;
}

/** Describes downloaded bytes the same way whichever adapter fetched them: sha256 in hex, size counted. */
export function downloadedMedia(data: Buffer, mimeType: string): DownloadedMedia {
  return { data, mimeType, sha256: createHash('sha256').update(data).digest('hex'), fileSize: data.length };
}
