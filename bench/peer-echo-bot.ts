/**
 * The peer row: whatsapp-api-js's documented echo bot (its README's `on.message` with `reply(new Text(…), true)`,
 * served by its node:http middleware, `handle_post`, which checks the signature), on the same load and the same
 * Graph sink as the other targets. Two departures, both for the bench: the package's only Graph origin,
 * https://graph.facebook.com, is rewritten to the sink through its documented `ponyfill.fetch`; and the README's
 * `markAsRead` is left out, since the issue measures the product against an echo bot that sends no read receipt.
 * The reply quotes the message (`context.message_id`), which is how the sink matches it.
 *
 * Env: PORT (0 → any), BENCH_APP_SECRET, BENCH_GRAPH_URL (`http://127.0.0.1:PORT`).
 * Prints {"listening":PORT} once it listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Text } from 'whatsapp-api-js/messages';
import { WhatsAppAPI } from 'whatsapp-api-js/middleware/node-http';
import { NodeNext } from 'whatsapp-api-js/setup/node';

const GRAPH_ORIGIN = 'https://graph.facebook.com';
const sinkOrigin = requireEnv('BENCH_GRAPH_URL');

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const toSink: typeof fetch = (input, init) =>
  fetch(typeof input === 'string' ? input.replace(GRAPH_ORIGIN, sinkOrigin) : input, init);

const Whatsapp = new WhatsAppAPI(
  NodeNext({
    token: 'bench-access-token',
    appSecret: requireEnv('BENCH_APP_SECRET'),
    // Pinned, as the package asks in production (it warns otherwise); the sink accepts any version.
    v: 'v23.0',
    ponyfill: { fetch: toSink },
  }),
);

// As in the README, the webhook is answered once the reply is sent (handle_post awaits this handler, then 200).
Whatsapp.on.message = async ({ message, name, reply }) => {
  if (message.type === 'text') await reply(new Text(`*${name}* said:\n\n${message.text.body}`), true);
};

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/webhook') {
    void Whatsapp.handle_post(req).then((status) => {
      res.statusCode = status;
      res.end();
    });
    return;
  }
  res.statusCode = req.method === 'GET' && req.url === '/health' ? 200 : 404;
  res.end();
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ listening: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
