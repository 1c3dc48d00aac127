// An end-to-end test of a running bot, as a team's CI runs it (see docs/testing.md and whatsapp-bot-ci.yml):
// the service and the Graph mock (`npm run mock:graph`) run as their own processes; this file plays Meta. It
// posts signed webhooks to the service and reads what the service sent to Graph from the mock's
// `GET /__mock/requests`. Plain Node (node:test, fetch, node:crypto): copy it into your repository and run
//
//   BOT_URL=http://127.0.0.1:5000 MOCK_GRAPH_URL=http://127.0.0.1:5005 WP_APP_SECRET=... \
//     node --test docs/examples/whatsapp-bot.e2e.test.mjs
/* global fetch -- built into Node 18 and later */
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import process from 'node:process';
import { beforeEach, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { URLSearchParams } from 'node:url';

const BOT_URL = process.env.BOT_URL ?? 'http://127.0.0.1:5000';
const MOCK_GRAPH_URL = process.env.MOCK_GRAPH_URL ?? 'http://127.0.0.1:5005';
const APP_SECRET = process.env.WP_APP_SECRET;
const PHONE_ID = process.env.WP_PHONE_ID ?? '106540352242922';
assert.ok(APP_SECRET, 'Set WP_APP_SECRET to the value the service runs with: webhooks are signed with it.');

/** A user id of this run, so that the test reads only the replies to its own messages. */
const newUser = () =>
  `1555${Math.floor(Math.random() * 1e7)
    .toString()
    .padStart(7, '0')}`;

/** A webhook as Meta sends it for one text message, signed over the exact bytes posted. */
async function sendText(from, text) {
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '419561257915477',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_ID },
              contacts: [{ profile: { name: 'CI User' }, wa_id: from }],
              messages: [
                {
                  from,
                  id: `wamid.CI${randomUUID().replaceAll('-', '')}`,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: 'text',
                  text: { body: text },
                },
              ],
            },
          },
        ],
      },
    ],
  });
  const signature = `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;
  const response = await fetch(`${BOT_URL}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
    body,
  });
  assert.equal(response.status, 200, `the service refused the webhook: ${await response.text()}`);
}

/** What the service sent to `/messages` for `to`, as the Graph mock lists it (oldest first). */
async function graphRequestsTo(to) {
  const query = new URLSearchParams({ method: 'POST', path: '/messages', to });
  const response = await fetch(`${MOCK_GRAPH_URL}/__mock/requests?${query}`);
  assert.equal(response.status, 200);
  return response.json();
}

/** Polls until `count` requests to `to` have been answered, for at most 10 s. */
async function waitForGraphRequests(to, count) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const requests = (await graphRequestsTo(to)).filter((request) => request.status !== null);
    if (requests.length >= count) return requests;
    if (Date.now() > deadline)
      assert.fail(`expected ${count} answered Graph requests to ${to}, got ${requests.length}`);
    await sleep(50);
  }
}

async function control(path, body) {
  const response = await fetch(`${MOCK_GRAPH_URL}/__mock/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `POST /__mock/${path} answered ${response.status}: ${await response.text()}`);
}

beforeEach(() => control('reset'));

test('the bot answers a text message with a reply that Graph accepts', async () => {
  const user = newUser();
  await sendText(user, 'hi');

  const [reply] = await waitForGraphRequests(user, 1);
  // The mock validates every body against Meta's OpenAPI spec: 200 means the reply is a valid message.
  assert.equal(reply.status, 200);
  assert.equal(reply.body.messaging_product, 'whatsapp');
  assert.ok(['text', 'interactive'].includes(reply.body.type), `unexpected reply type ${reply.body.type}`);
  assert.equal(reply.headers.authorization, 'Bearer [redacted]');
});

test('the bot sends the reply again when Graph throttles it once', async () => {
  const user = newUser();
  await control('failures', { match: { path: '/messages', to: user }, status: 429, code: 130429, times: 1 });
  await sendText(user, 'hi');

  const [throttled, retried] = await waitForGraphRequests(user, 2);
  assert.equal(throttled.status, 429);
  assert.equal(retried.status, 200);
  assert.deepEqual(retried.body, throttled.body);
});
