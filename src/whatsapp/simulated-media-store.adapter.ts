import { createHash } from 'node:crypto';
import {
  SIMULATED_MEDIA_TOO_LARGE,
  SIMULATED_MEDIA_UNKNOWN,
  GRAPH_MEDIA_TOO_LARGE,
} from '../common/errors/error-messages.js';
import { GraphApiError, MediaTooLargeError } from './graph-api.error.js';
import {
  downloadedMedia,
  MediaGateway,
  type DownloadedMedia,
  type MediaDownloadOptions,
} from './media-gateway.port.js';
import { DEFAULT_MEDIA_MAX_DOWNLOAD_BYTES } from './whatsapp.config.js';

/** A file the store holds. */
export interface StoredMedia {
  readonly data: Buffer;
  readonly mimeType: string;
}

export interface SimulatedMediaStoreOptions {
  /** Default cap of one download (MEDIA_MAX_DOWNLOAD_BYTES). */
  readonly maxDownloadBytes?: number;
  /** Most bytes held at once; the least recently stored files go first. */
  readonly capacityBytes?: number;
  /** Most files held at once. */
  readonly maxItems?: number;
}

/** Enough for a simulator session's photos and the bot's uploads, bounded so a long run cannot grow. */
export const SIMULATED_MEDIA_CAPACITY_BYTES = 64 * 1024 * 1024;
export const SIMULATED_MEDIA_MAX_ITEMS = 200;

/**
 * The simulated Graph's media (local mode, and the simulator's users beside a real token): a bounded in-memory
 * store. `put` (what the simulator does with its sample photos) and `upload` (what flows do) both return a media id
 * that `download` serves, so `ctx.media.download()` and `reply.media(kind, { id })` work with nothing leaving the
 * process. Ids are derived from the bytes, as digit strings like Meta's: storing a file again costs nothing. An
 * unknown id fails as Graph fails it (400, code 100, subcode 33), so a flow's error handling runs as in production.
 */
export class SimulatedMediaStore extends MediaGateway {
  /** In storage order, oldest first: Map iteration order is insertion order. */
  private readonly items = new Map<string, StoredMedia>();
  private storedBytes = 0;
  private readonly maxDownloadBytes: number;
  private readonly capacityBytes: number;
  private readonly maxItems: number;

  constructor(options: SimulatedMediaStoreOptions = {}) {
    super();
    this.maxDownloadBytes = options.maxDownloadBytes ?? DEFAULT_MEDIA_MAX_DOWNLOAD_BYTES;
    this.capacityBytes = options.capacityBytes ?? SIMULATED_MEDIA_CAPACITY_BYTES;
    this.maxItems = options.maxItems ?? SIMULATED_MEDIA_MAX_ITEMS;
  }

  /** Stores a copy of `data` and returns its media id; the same bytes always get the same id. */
  put(data: Uint8Array, mimeType: string): string {
    if (data.length > this.capacityBytes) throw new MediaTooLargeError(SIMULATED_MEDIA_TOO_LARGE(this.capacityBytes));
    const id = simulatedMediaId(data);
    const existing = this.items.get(id);
    this.remove(id);
    // A copy: the caller may reuse its buffer, and what a download returns must be what was stored.
    const stored = existing?.mimeType === mimeType ? existing : { data: Buffer.from(data), mimeType };
    this.items.set(id, stored);
    this.storedBytes += stored.data.length;
    for (const [oldest] of this.items) {
      if (this.storedBytes <= this.capacityBytes && this.items.size <= this.maxItems) break;
      this.remove(oldest);
    }
    return id;
  }

  has(mediaId: string): boolean {
    return this.items.has(mediaId);
  }

  /** What the store holds under `mediaId` (the simulator page shows it), or undefined. */
  get(mediaId: string): StoredMedia | undefined {
    return this.items.get(mediaId);
  }

  override async download(mediaId: string, options: MediaDownloadOptions = {}): Promise<DownloadedMedia> {
    const stored = this.items.get(mediaId);
    if (!stored) throw unknownMedia();
    const maxBytes = options.maxBytes ?? this.maxDownloadBytes;
    if (stored.data.length > maxBytes) throw new MediaTooLargeError(GRAPH_MEDIA_TOO_LARGE(maxBytes));
    return downloadedMedia(Buffer.from(stored.data), stored.mimeType);
  }

  override async upload(data: Buffer, mimeType: string): Promise<string> {
    return this.put(data, mimeType);
  }

  private remove(mediaId: string): void {
    const stored = this.items.get(mediaId);
    if (!stored) return;
    this.items.delete(mediaId);
    this.storedBytes -= stored.data.length;
  }
}

/** 16 digits from the bytes' SHA-256: shaped like Meta's numeric media ids, stable across restarts. */
export function simulatedMediaId(data: Uint8Array): string {
  const digest = createHash('sha256').update(data).digest();
  return String(BigInt(`0x${digest.subarray(0, 8).toString('hex')}`) % 10n ** 16n).padStart(16, '1');
}

/** What Graph answers for an id it does not know (or that this token cannot see). */
function unknownMedia(): GraphApiError {
  return new GraphApiError({
    status: 400,
    graphCode: 100,
    subcode: 33,
    type: 'GraphMethodException',
    graphMessage: SIMULATED_MEDIA_UNKNOWN(),
  });
}
