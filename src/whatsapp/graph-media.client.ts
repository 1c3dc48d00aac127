import { createHash } from 'node:crypto';
import { HttpService } from '@nestjs/axios';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { GRAPH_MEDIA_CHECKSUM_MISMATCH, GRAPH_MEDIA_URL_UNTRUSTED } from '../common/errors/error-messages.js';
import { GraphNotConfiguredError, MediaChecksumError, MediaUrlUntrustedError } from './graph-api.error.js';
import { callGraph, logGraphAttempts, type GraphCall } from './graph-request.js';
import { whatsappConfig, type WhatsAppConfig } from './whatsapp.config.js';

/** What Graph knows about an uploaded or received media object. `url` is valid for about five minutes. */
export interface MediaInfo {
  readonly id: string;
  readonly url: string;
  readonly mimeType: string;
  readonly sha256: string;
  readonly fileSize: number;
}

export interface UploadMediaOptions {
  /** e.g. `image/jpeg`, `application/pdf`: WhatsApp checks it against its supported types. */
  readonly mimeType: string;
  readonly filename: string;
}

/** The largest media WhatsApp carries (documents, 100 MB): a bound on what a download may buffer. */
export const MAX_MEDIA_BYTES = 100 * 1024 * 1024;
/** Uploads and downloads move megabytes: they get at least this long per attempt, whatever GRAPH_TIMEOUT_MS says. */
export const MEDIA_TRANSFER_TIMEOUT_MS = 60_000;

/** Hosts Meta serves media from (`lookaside.fbsbx.com` today). The token goes nowhere else. */
const META_MEDIA_HOST_SUFFIXES = ['fbsbx.com', 'facebook.com', 'fbcdn.net', 'whatsapp.net'];

/**
 * Whether the bearer token may be sent to `url`: the configured Graph origin (the mock in tests), or https on a
 * Meta media host. A media URL is data from outside; without this check a crafted one would receive our token.
 */
export function isTrustedMediaUrl(url: string, graphApiUrl: string): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.origin === new URL(graphApiUrl).origin) return true;
  if (target.protocol !== 'https:') return false;
  return META_MEDIA_HOST_SUFFIXES.some((suffix) => target.hostname === suffix || target.hostname.endsWith(`.${suffix}`));
}

/**
 * The Graph media endpoints: upload (`POST /{phone-number-id}/media`, multipart), look up
 * (`GET /{media-id}`), download (`GET <url>` with the token) and delete (`DELETE /{media-id}`).
 * Look-ups, downloads and deletes are idempotent and retry like message sends; uploads do not retry, since a
 * repeated upload creates a second media object. Errors are `GraphApiError` / `GraphNetworkError`.
 */
@Injectable()
export class GraphMediaClient {
  private readonly logger = new Logger(GraphMediaClient.name);

  constructor(
    private readonly http: HttpService,
    @Inject(whatsappConfig.KEY) private readonly config: WhatsAppConfig,
  ) {}

  /** Uploads a file for later sends by id (media ids last 30 days). Resolves to the new media id. */
  async uploadMedia(file: Uint8Array | Blob, options: UploadMediaOptions): Promise<{ id: string }> {
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', options.mimeType);
    const blob = file instanceof Blob ? file : new Blob([file], { type: options.mimeType });
    form.append('file', blob, options.filename);
    // No Content-Type header: axios sets multipart/form-data with the boundary from the FormData.
    const response = await this.call<{ id: string }>('Media upload', {
      method: 'POST',
      url: `${this.graphBase()}/${encodeURIComponent(this.phoneNumberId())}/media`,
      data: form,
      timeoutMs: Math.max(this.config.timeoutMs, MEDIA_TRANSFER_TIMEOUT_MS),
      retry: false,
    });
    return { id: response.id };
  }

  /** Looks up a media id (from an upload or an inbound message): its short-lived download URL and metadata. */
  async getMediaInfo(mediaId: string): Promise<MediaInfo> {
    const data = await this.call<Record<string, unknown>>('Media lookup', {
      method: 'GET',
      url: this.mediaUrl(mediaId),
      retry: true,
    });
    return {
      id: String(data.id ?? mediaId),
      url: String(data.url ?? ''),
      mimeType: String(data.mime_type ?? ''),
      sha256: String(data.sha256 ?? ''),
      // Graph has sent file_size both as a number and as a string.
      fileSize: Number(data.file_size ?? 0),
    };
  }

  /** Downloads a URL returned by `getMediaInfo` (with the token, which Meta requires). */
  async downloadMediaUrl(url: string): Promise<Buffer> {
    if (!isTrustedMediaUrl(url, this.config.graphApiUrl)) {
      throw new MediaUrlUntrustedError(GRAPH_MEDIA_URL_UNTRUSTED(safeHost(url)));
    }
    const data = await this.call<ArrayBuffer | Buffer>('Media download', {
      method: 'GET',
      url,
      responseType: 'arraybuffer',
      maxRedirects: 5,
      maxContentLength: MAX_MEDIA_BYTES,
      timeoutMs: Math.max(this.config.timeoutMs, MEDIA_TRANSFER_TIMEOUT_MS),
      retry: true,
    });
    return Buffer.isBuffer(data) ? data : Buffer.from(data);
  }

  /** Looks a media id up and downloads it, checking the bytes against the sha256 Graph reported. */
  async downloadMedia(mediaId: string): Promise<{ readonly info: MediaInfo; readonly data: Buffer }> {
    const info = await this.getMediaInfo(mediaId);
    const data = await this.downloadMediaUrl(info.url);
    if (info.sha256 !== '' && !matchesSha256(data, info.sha256)) {
      throw new MediaChecksumError(GRAPH_MEDIA_CHECKSUM_MISMATCH(mediaId));
    }
    return { info, data };
  }

  async deleteMedia(mediaId: string): Promise<void> {
    await this.call<unknown>('Media delete', { method: 'DELETE', url: this.mediaUrl(mediaId), retry: true });
  }

  private call<T>(operation: string, call: GraphCall): Promise<T> {
    const token = this.config.accessToken;
    if (!token) throw new GraphNotConfiguredError(operation);
    return callGraph<T>(this.http, this.config, token, call, logGraphAttempts(this.logger, { operation }));
  }

  private graphBase(): string {
    return `${this.config.graphApiUrl}/${this.config.apiVersion}`;
  }

  private phoneNumberId(): string {
    if (!this.config.phoneNumberId) throw new GraphNotConfiguredError('Media upload');
    return this.config.phoneNumberId;
  }

  /** `phone_number_id` makes Graph refuse media that belongs to another number of the business. */
  private mediaUrl(mediaId: string): string {
    const query = this.config.phoneNumberId ? `?phone_number_id=${encodeURIComponent(this.config.phoneNumberId)}` : '';
    return `${this.graphBase()}/${encodeURIComponent(mediaId)}${query}`;
  }
}

/** Graph reports the hash in hex on lookups and in base64 in webhooks: accept either. */
function matchesSha256(data: Buffer, expected: string): boolean {
  const digest = createHash('sha256').update(data).digest();
  return expected === digest.toString('hex') || expected === digest.toString('base64');
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid URL';
  }
}
