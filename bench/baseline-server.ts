/**
 * The baseline: the least a webhook bot must do, on raw `node:http`. HMAC-SHA256 over the raw body, constant
 * time comparison, `JSON.parse`, 200, then one text reply per message to the Graph sink, each user's replies
 * in order (a promise chain per wa_id). No validation, no framework, no logging, no read receipt.
 *
 * With BENCH_READ_RECEIPT=1 it also marks each message read before replying, as the product must (every inbound
 * message is marked read): the least any implementation of the product can cost, a reference row in the table.
 *
 * Env: PORT (0 → any), BENCH_APP_SECRET, BENCH_GRAPH_URL (`http://127.0.0.1:PORT`), BENCH_PHONE_ID, BENCH_READ_RECEIPT.
 * Prints {"listening":PORT} once it listens.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const appSecret = requireEnv('BENCH_APP_SECRET');
const graphUrl = new URL(`${requireEnv('BENCH_GRAPH_URL')}/v23.0/${requireEnv('BENCH_PHONE_ID')}/messages`);
const agent = new Agent({ keepAlive: true });
const tails = new Map<string, Promise<void>>();
const sendsReadReceipt = process.env.BENCH_READ_RECEIPT === '1';

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

function isSigned(raw: Buffer, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string' || header.length !== 71) return false; // 'sha256=' + 64 hex
  const expected = Buffer.from(`sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`);
  return timingSafeEqual(expected, Buffer.from(header));
}

function postReply(to: string, messageId: string): Promise<void> {
  return postToGraph(
    JSON.stringify({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to,
      type: 'text',
      text: { body: `echo ${messageId}` },
    }),
  );
}

function postReadReceipt(messageId: string): Promise<void> {
  return postToGraph(JSON.stringify({ messaging_product: 'whatsapp', status: 'read', message_id: messageId }));
}

function postToGraph(body: string): Promise<void> {
  return new Promise((resolve) => {
    const req = request(
      graphUrl,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: 'Bearer bench',
        },
      },
      (res) => {
        res.resume();
        res.on('end', resolve);
      },
    );
    // A lost reply shows up in the bench's loss count; the chain must go on regardless.
    req.on('error', (error) => {
      if (process.env.BENCH_DEBUG) process.stderr.write(`graph call failed: ${error.message}\n`);
      resolve();
    });
    req.end(body);
  });
}

/** Queues the reply behind the same user's earlier ones; drops the chain once idle. */
function replyInOrder(to: string, messageId: string): void {
  const current = (tails.get(to) ?? Promise.resolve()).then(async () => {
    if (sendsReadReceipt) await postReadReceipt(messageId);
    await postReply(to, messageId);
  });
  tails.set(to, current);
  void current.then(() => {
    if (tails.get(to) === current) tails.delete(to);
  });
}

interface WebhookMessage {
  readonly from?: unknown;
  readonly id?: unknown;
}

function replyToAll(payload: unknown): void {
  const entries = (payload as { entry?: { changes?: { value?: { messages?: WebhookMessage[] } }[] }[] }).entry ?? [];
  for (const entry of entries) {
    for (const change of entry.changes ?? []) {
      for (const message of change.value?.messages ?? []) {
        if (typeof message.from === 'string' && typeof message.id === 'string') replyInOrder(message.from, message.id);
      }
    }
  }
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200).end('ok');
    return;
  }
  if (req.method !== 'POST' || req.url !== '/webhook') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    if (!isSigned(raw, req.headers['x-hub-signature-256'])) {
      res.writeHead(401).end();
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"received"}');
    replyToAll(payload);
  });
}

const server = createServer(handle);
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ listening: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
