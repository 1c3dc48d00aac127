import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { HttpService } from '@nestjs/axios';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { isAxiosError, type AxiosResponse } from 'axios';
import { AppError } from '../common/errors/app.error.js';
import {
  GRAPH_MEDIA_CHECKSUM_MISMATCH,
  GRAPH_MEDIA_REDIRECT_UNTRUSTED,
  GRAPH_MEDIA_REDIRECT_WITHOUT_LOCATION,
  GRAPH_MEDIA_TOO_LARGE,
  GRAPH_MEDIA_TOO_MANY_REDIRECTS,
  GRAPH_MEDIA_URL_UNTRUSTED,
} from '../common/errors/error-messages.js';
import { Metrics } from '../metrics/metrics.js';
import {
  GraphApiError,
  GraphNetworkError,
  GraphNotConfiguredError,
  MediaChecksumError,
  MediaTooLargeError,
  MediaUrlUntrustedError,
} from './graph-api.error.js';
import {
  callGraph,
  countingRetries,
  graphAttempt,
  logGraphAttempts,
  observeGraphCall,
  type GraphCall,
} from './graph-request.js';
import { MAX_MEDIA_BYTES } from './media-gateway.port.js';
import { withRetry } from './retry/with-retry.js';
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

export interface DownloadMediaOptions {
  /** Refuse media larger than this many bytes (default `MAX_MEDIA_BYTES`): checked up front and while reading. */
  readonly maxBytes?: number;
}

/** Uploads and downloads move megabytes: they get at least this long per attempt, whatever GRAPH_TIMEOUT_MS says. */
export const MEDIA_TRANSFER_TIMEOUT_MS = 60_000;
/** Redirects one download follows at most (Meta's media URLs answer directly today). */
export const MAX_MEDIA_REDIRECTS = 5;
/** An error answer is read only this far: enough for Graph's `{ error }` object, never a large body. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** A media download redirected too often, or without saying where to. */
export class MediaRedirectError extends AppError {
  readonly code = 'GRAPH.MEDIA_REDIRECT_REFUSED';
}

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
  return META_MEDIA_HOST_SUFFIXES.some(
    (suffix) => target.hostname === suffix || target.hostname.endsWith(`.${suffix}`),
  );
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
  private readonly metrics: Metrics;

  constructor(
    private readonly http: HttpService,
    @Inject(whatsappConfig.KEY) private readonly config: WhatsAppConfig,
    @Optional() metrics?: Metrics,
  ) {
    this.metrics = metrics ?? new Metrics();
  }

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
      kind: 'media_upload',
    });
    return { id: response.id };
  }

  /** Looks up a media id (from an upload or an inbound message): its short-lived download URL and metadata. */
  async getMediaInfo(mediaId: string): Promise<MediaInfo> {
    // The first half of every download: counted as one.
    const data = await this.call<Record<string, unknown>>('Media lookup', {
      method: 'GET',
      url: this.mediaUrl(mediaId),
      retry: true,
      kind: 'media_download',
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

  /**
   * Downloads a URL returned by `getMediaInfo` (with the token, which Meta requires). Redirects are followed by hand,
   * each hop checked against the same hosts as `url` before it is requested, and the body is counted against
   * `maxBytes` while it streams in: it is never buffered whole before the check.
   */
  async downloadMediaUrl(url: string, options: DownloadMediaOptions = {}): Promise<Buffer> {
    if (!isTrustedMediaUrl(url, this.config.graphApiUrl)) {
      throw new MediaUrlUntrustedError(GRAPH_MEDIA_URL_UNTRUSTED(safeHost(url)));
    }
    const token = this.config.accessToken;
    if (!token) throw new GraphNotConfiguredError('Media download');
    const maxBytes = options.maxBytes ?? MAX_MEDIA_BYTES;
    const observed = this.metrics.graph('media_download');
    return observeGraphCall(observed, () =>
      withRetry(
        () => graphAttempt('media_download', observed, () => this.downloadOnce(url, token, maxBytes)),
        { maxAttempts: this.config.maxAttempts, baseDelayMs: this.config.retryBaseDelayMs },
        countingRetries(observed, logGraphAttempts(this.logger, { operation: 'Media download' })),
      ),
    );
  }

  /**
   * Looks a media id up and downloads it, checking the bytes against the sha256 Graph reported. Media whose
   * reported size is over `maxBytes` is refused after the look-up, without a download request.
   */
  async downloadMedia(
    mediaId: string,
    options: DownloadMediaOptions = {},
  ): Promise<{ readonly info: MediaInfo; readonly data: Buffer }> {
    const info = await this.getMediaInfo(mediaId);
    const maxBytes = options.maxBytes ?? MAX_MEDIA_BYTES;
    // Graph says how large the file is: one over the cap is refused before a byte of it is requested.
    if (info.fileSize > maxBytes) throw new MediaTooLargeError(GRAPH_MEDIA_TOO_LARGE(maxBytes));
    const data = await this.downloadMediaUrl(info.url, { maxBytes });
    if (info.sha256 !== '' && !matchesSha256(data, info.sha256)) {
      throw new MediaChecksumError(GRAPH_MEDIA_CHECKSUM_MISMATCH(mediaId));
    }
    return { info, data };
  }

  async deleteMedia(mediaId: string): Promise<void> {
    await this.call<unknown>('Media delete', {
      method: 'DELETE',
      url: this.mediaUrl(mediaId),
      retry: true,
      kind: 'media_delete',
    });
  }

  /**
   * One download attempt: every hop and the body share one deadline, so a body that trickles in is cut off too.
   * Resolves to the last hop's status and the bytes.
   */
  private async downloadOnce(
    url: string,
    token: string,
    maxBytes: number,
  ): Promise<{ readonly status: number; readonly value: Buffer }> {
    const timeoutMs = Math.max(this.config.timeoutMs, MEDIA_TRANSFER_TIMEOUT_MS);
    const signal = AbortSignal.timeout(timeoutMs);
    let current = url;
    for (let redirects = 0; ; redirects++) {
      const response = await this.requestHop(current, token, timeoutMs, signal);
      if (!REDIRECT_STATUSES.has(response.status)) {
        const length = declaredLength(response.headers['content-length']);
        return { status: response.status, value: await readCapped(response.data, maxBytes, length, signal) };
      }
      response.data.destroy();
      current = this.nextHop(current, response, redirects);
    }
  }

  /**
   * Where a redirect leads, resolved against the URL that answered it. Checked before it is requested, with the
   * same rule as the first URL: the token goes to no other host, and a redirect elsewhere is refused, not followed.
   */
  private nextHop(current: string, response: AxiosResponse<Readable>, redirects: number): string {
    if (redirects >= MAX_MEDIA_REDIRECTS)
      throw new MediaRedirectError(GRAPH_MEDIA_TOO_MANY_REDIRECTS(MAX_MEDIA_REDIRECTS));
    const location: unknown = response.headers.location;
    if (typeof location !== 'string' || location === '') {
      throw new MediaRedirectError(GRAPH_MEDIA_REDIRECT_WITHOUT_LOCATION(response.status));
    }
    let next: string;
    try {
      next = new URL(location, current).href;
    } catch {
      throw new MediaUrlUntrustedError(GRAPH_MEDIA_REDIRECT_UNTRUSTED('an invalid URL'));
    }
    if (!isTrustedMediaUrl(next, this.config.graphApiUrl)) {
      throw new MediaUrlUntrustedError(GRAPH_MEDIA_REDIRECT_UNTRUSTED(safeHost(next)));
    }
    this.logger.debug({ host: safeHost(next), redirects: redirects + 1 }, 'media download redirected');
    return next;
  }

  /** One GET of a download: a 2xx or a redirect resolves with the body unread; anything else is a Graph error. */
  private async requestHop(
    url: string,
    token: string,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<AxiosResponse<Readable>> {
    try {
      return await this.http.axiosRef.request<Readable>({
        method: 'GET',
        url,
        responseType: 'stream',
        // Followed by hand (downloadOnce): follow-redirects would send the token on without our host check.
        maxRedirects: 0,
        timeout: timeoutMs,
        signal,
        headers: { Authorization: `Bearer ${token}` },
        validateStatus: (status) => (status >= 200 && status < 300) || REDIRECT_STATUSES.has(status),
      });
    } catch (error) {
      if (!isAxiosError(error)) throw error;
      // Graph's `{ error }` object is in the body, which a stream response has not read yet.
      if (error.response) error.response.data = await readErrorBody(error.response.data);
      // Never let the axios error escape: its `config` carries the Authorization header.
      throw GraphApiError.from(error);
    }
  }

  private call<T>(operation: string, call: GraphCall): Promise<T> {
    const token = this.config.accessToken;
    if (!token) throw new GraphNotConfiguredError(operation);
    return callGraph<T>(
      this.http,
      this.config,
      token,
      call,
      logGraphAttempts(this.logger, { operation }),
      this.metrics,
    );
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

/**
 * Reads a body, refusing it once it passes `maxBytes`: a declared Content-Length over the cap before any byte is read,
 * a body without one (chunked) the moment the count passes the cap. Destroying the stream closes the connection, so
 * the sender is stopped too. A connection that breaks mid-body is a `GraphNetworkError`, retried like one.
 */
async function readCapped(
  body: Readable,
  maxBytes: number,
  declaredBytes: number | undefined,
  signal: AbortSignal,
): Promise<Buffer> {
  if (declaredBytes !== undefined && declaredBytes > maxBytes) {
    body.destroy();
    throw new MediaTooLargeError(GRAPH_MEDIA_TOO_LARGE(maxBytes));
  }
  const onAbort = () => body.destroy(new GraphNetworkError('ETIMEDOUT'));
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body) {
      const bytes = asBuffer(chunk);
      total += bytes.length;
      if (total > maxBytes) throw new MediaTooLargeError(GRAPH_MEDIA_TOO_LARGE(maxBytes));
      chunks.push(bytes);
    }
  } catch (error) {
    body.destroy();
    if (error instanceof AppError) throw error;
    throw new GraphNetworkError(errorCode(error) ?? 'media body interrupted');
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return Buffer.concat(chunks, total);
}

/** The first bytes of an error answer (for Graph's `{ error }` object); the rest is dropped with the connection. */
async function readErrorBody(data: unknown): Promise<unknown> {
  if (!isReadable(data)) return data;
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of data) {
      const bytes = asBuffer(chunk);
      chunks.push(bytes);
      total += bytes.length;
      if (total >= MAX_ERROR_BODY_BYTES) break;
    }
  } catch {
    // A broken error body still leaves the status to report.
  } finally {
    data.destroy();
  }
  return Buffer.concat(chunks, total).subarray(0, MAX_ERROR_BODY_BYTES);
}

function asBuffer(chunk: unknown): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
}

function isReadable(value: unknown): value is Readable {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Readable).destroy === 'function' &&
    Symbol.asyncIterator in value
  );
}

function declaredLength(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  return typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : undefined;
}

function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid URL';
  }
}
