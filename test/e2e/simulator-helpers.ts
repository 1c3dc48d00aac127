import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { waitFor } from '../../src/testing/wait-for.js';

/** One server-sent event as the simulator streams it: the event name and its parsed JSON data. */
export interface StreamedEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/**
 * A client for the simulator's event stream (`GET /simulator/api/events`): collects every event, parsed, and
 * waits for one with a bounded timeout. Uses node:http so the test owns the socket and can close it.
 */
export class EventStreamClient {
  readonly events: StreamedEvent[] = [];
  private buffer = '';
  private ended = false;

  private constructor(
    private readonly req: ClientRequest,
    readonly response: IncomingMessage,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.receive(chunk));
    response.on('end', () => (this.ended = true));
    response.on('close', () => (this.ended = true));
  }

  /** Opens the stream at `url` and resolves once the response headers arrived. */
  static open(url: string, timeoutMs = 5000): Promise<EventStreamClient> {
    return new Promise((resolve, reject) => {
      const req = request(url, { headers: { accept: 'text/event-stream' } }, (response) =>
        resolve(new EventStreamClient(req, response)),
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end();
    });
  }

  get status(): number | undefined {
    return this.response.statusCode;
  }

  /** Whether the server ended the stream. */
  get isEnded(): boolean {
    return this.ended;
  }

  /** Waits for the first event (from the start of the stream) that matches; resolves with it. */
  next(match: (event: StreamedEvent) => boolean, description: string, timeoutMs = 10_000): Promise<StreamedEvent> {
    return waitFor(() => this.events.find(match), { timeoutMs, intervalMs: 10, description });
  }

  close(): void {
    this.req.destroy();
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice('event: '.length);
      const data = lines.find((line) => line.startsWith('data: '))?.slice('data: '.length);
      if (event && data) this.events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
    }
  }
}

/** The entry of an `entry` event. */
export type StreamedEntry = Record<string, unknown> & {
  kind: string;
  waId: string;
  graph?: {
    body: Record<string, unknown>;
    valid: boolean;
    errors: string[];
    status: number;
    response: Record<string, unknown>;
  };
};

export const entryOf = (event: StreamedEvent) => event.data.entry as StreamedEntry;

/** POSTs JSON to the simulator API; resolves with the status and the parsed answer. */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** What `rawRequest` got back: the status, the headers and the body (empty for an event stream, which never ends). */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/**
 * One request over node:http, which (unlike fetch) lets a test send any `Host` header, as a DNS-rebinding page
 * would make the browser send. An event stream is closed as soon as its headers arrive.
 */
export function rawRequest(
  url: string,
  {
    method = 'GET',
    headers = {},
    body,
  }: { method?: 'GET' | 'POST' | 'HEAD'; headers?: Record<string, string>; body?: string } = {},
  timeoutMs = 5000,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (response) => {
      const answer = { status: response.statusCode ?? 0, headers: response.headers };
      if (String(response.headers['content-type']).startsWith('text/event-stream')) {
        req.destroy();
        resolve({ ...answer, body: '' });
        return;
      }
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ ...answer, body: text }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
