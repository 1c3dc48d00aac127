/**
 * The bench's stand-in for the Graph API, in its own process: accepts every `POST …/messages`, records when it
 * arrived and for whom, and answers like Graph. Deliberately not the spec-validating test mock: its Ajv check
 * would cost more than the servers under test and make the sink the bottleneck.
 *
 * Usage: node graph-sink.js (listens on 127.0.0.1, a free port, printed as {"listening":PORT}).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SINK_COUNT_PATH, SINK_DRAIN_PATH, type SinkCount, type SinkEvent } from './bench-protocol.js';

const events: SinkEvent[] = [];
let messages = 0;
let receipts = 0;
let sent = 0;
/** TCP connections opened to the sink: shows whether a client reuses them (keep-alive) or opens one per call. */
let connections = 0;

/** What Graph answers to a read receipt. */
const RECEIPT_ANSWER = '{"success":true}';

function answerJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The id a message quotes (`context.message_id`), else its text, else '' (see SinkEvent). */
function messageDetail(fields: Record<string, unknown>): string {
  const quoted = (fields.context as { message_id?: unknown } | undefined)?.message_id;
  if (typeof quoted === 'string') return quoted;
  const text = (fields.text as { body?: unknown } | undefined)?.body;
  return typeof text === 'string' ? text : '';
}

function record(body: unknown, atMs: number, res: ServerResponse): void {
  if (typeof body !== 'object' || body === null)
    return answerJson(res, 400, '{"error":{"code":100,"message":"bad body"}}');
  const fields = body as Record<string, unknown>;
  if (typeof fields.to === 'string') {
    events.push([1, atMs, fields.to, messageDetail(fields)]);
    messages++;
    const id = `wamid.SINK${++sent}`;
    return answerJson(
      res,
      200,
      `{"messaging_product":"whatsapp","contacts":[{"input":"${fields.to}","wa_id":"${fields.to}"}],"messages":[{"id":"${id}"}]}`,
    );
  }
  if (fields.status === 'read' && typeof fields.message_id === 'string') {
    events.push([0, atMs, '', fields.message_id]);
    receipts++;
    return answerJson(res, 200, RECEIPT_ANSWER);
  }
  answerJson(res, 400, '{"error":{"code":100,"message":"neither a message nor a read receipt"}}');
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/';
  if (req.method === 'GET' && url.startsWith(SINK_COUNT_PATH)) {
    // ?to=PREFIX counts only messages to those wa_ids (one target's users).
    const prefix = new URL(url, 'http://sink').searchParams.get('to');
    const matching =
      prefix === null
        ? messages
        : events.reduce((n, event) => (event[0] === 1 && event[2].startsWith(prefix) ? n + 1 : n), 0);
    const count: SinkCount = { messages: matching, receipts, connections };
    return answerJson(res, 200, JSON.stringify(count));
  }
  if (req.method === 'POST' && url === SINK_DRAIN_PATH) {
    const drained = JSON.stringify(events);
    events.length = 0;
    messages = 0;
    receipts = 0;
    connections = 0;
    return answerJson(res, 200, drained);
  }
  if (req.method === 'GET' && url === '/health') return answerJson(res, 200, '{"status":"ok"}');
  if (req.method !== 'POST' || !url.endsWith('/messages'))
    return answerJson(res, 404, '{"error":{"code":100,"message":"no route"}}');
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    // Arrival is stamped once the body is in, as Graph would accept it then.
    const atMs = Date.now();
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return answerJson(res, 400, '{"error":{"code":100,"message":"invalid JSON"}}');
    }
    record(body, atMs, res);
  });
}

const server = createServer(handle);
server.keepAliveTimeout = 60_000;
server.on('connection', () => connections++);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ listening: (server.address() as AddressInfo).port })}\n`);
});
// Nothing to flush: the orchestrator has drained the events it needs.
process.on('SIGTERM', () => process.exit(0));
