import {
  MediaGateway,
  type DownloadedMedia,
  type MediaDownloadOptions,
  type MediaUploadOptions,
} from './media-gateway.port.js';

/** A gateway that takes the media ids and upload recipients it claims, instead of the default one. */
export interface MediaDiversion {
  /** Whether `mediaId` is one of this gateway's (downloads). */
  claimsMedia(mediaId: string): boolean;
  /** Whether uploads for `recipient` (a wa_id) belong here. */
  claimsRecipient(recipient: string): boolean;
  readonly gateway: MediaGateway;
}

/**
 * The `MediaGateway` every consumer gets: the adapter chosen at boot, unless a diversion registered at boot claims
 * the media id (downloads) or the recipient (uploads). The media twin of `TransportRouter`: the simulator beside a
 * real token serves its users' media from its own store, without this module knowing about the simulator.
 */
export class MediaRouter extends MediaGateway {
  private readonly diversions: MediaDiversion[] = [];

  constructor(private readonly fallback: MediaGateway) {
    super();
  }

  divert(diversion: MediaDiversion): void {
    this.diversions.push(diversion);
  }

  override download(mediaId: string, options?: MediaDownloadOptions): Promise<DownloadedMedia> {
    const diversion = this.diversions.find((candidate) => candidate.claimsMedia(mediaId));
    return (diversion?.gateway ?? this.fallback).download(mediaId, options);
  }

  override upload(data: Buffer, mimeType: string, options?: MediaUploadOptions): Promise<string> {
    const recipient = options?.recipient;
    // Without a recipient nothing says whose upload it is: it goes where the boot chose.
    const diversion =
      recipient === undefined ? undefined : this.diversions.find((candidate) => candidate.claimsRecipient(recipient));
    return (diversion?.gateway ?? this.fallback).upload(data, mimeType, options);
  }
}
