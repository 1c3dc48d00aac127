import type { IncomingHttpHeaders } from 'node:http';

/** One request as the mock saw it. `json` is the parsed body when it was JSON. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly json: unknown;
  readonly receivedAt: number;
  /** The HTTP status answered, once answered; stays undefined when the connection was dropped. */
  status?: number;
}
