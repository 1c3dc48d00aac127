import { BotCluster, type Instance } from '../helpers/bot-cluster.js';
import { describeWithRedis } from '../../src/testing/redis-test.js';
import { E2E_SECRETS } from '../helpers/e2e-bot.js';
import { postWebhook } from '../helpers/signed-webhook.js';
import { waitFor } from '../../src/testing/wait-for.js';

const API_TOKEN = 'e2e-cluster-api-token-0123456789abcdef';
const describeRedis = await describeWithRedis();

async function api(
  via: Instance,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${via.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${API_TOKEN}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

function statusWebhook(messageId: string, to: string, status: string) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '419561257915477',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
              statuses: [{ id: messageId, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: to }],
            },
          },
        ],
      },
    ],
  };
}

describeRedis('Notifications across instances (e2e, Redis mode)', () => {
  let cluster: BotCluster;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    cluster = await BotCluster.start({ env: { API_TOKEN } });
    [a, b] = await Promise.all([cluster.spawn('a'), cluster.spawn('b')]);
  }, 60_000);
  afterAll(() => cluster.stop());

  it('shares the window, the notification, its idempotency key and its statuses between instances', async () => {
    const user = cluster.user('15550301234');
    // The user writes through A: B sees the open window.
    expect(await user.say(a, 'hi')).toBe(200);
    await user.waitForMessages(1);

    const request = { to: user.waId, text: 'Your order shipped', idempotencyKey: 'order-7-shipped' };
    const sent = await api(b, '/api/notifications', request);
    expect(sent).toMatchObject({ status: 202, json: { channel: 'text', status: 'accepted' } });
    await user.waitForMessages(2);
    expect(user.texts()[1]).toBe('Your order shipped');

    // The same key on the other instance answers the same id and sends nothing.
    expect(await api(a, '/api/notifications', request)).toMatchObject({ status: 202, json: { id: sent.json.id } });

    const record = await waitFor(
      async () => {
        const found = await api(a, `/api/notifications/${String(sent.json.id)}`);
        return typeof found.json.messageId === 'string' && found.json;
      },
      { description: 'the message id on the record' },
    );
    // The status webhook arrives on the other instance than the one that sent.
    const webhook = statusWebhook(String(record.messageId), user.waId, 'delivered');
    expect((await postWebhook(a.url, webhook, { secret: E2E_SECRETS.WP_APP_SECRET })).status).toBe(200);
    await waitFor(
      async () => (await api(b, `/api/notifications/${String(sent.json.id)}`)).json.status === 'delivered',
      {
        description: 'the delivered status, read on B',
      },
    );
    expect(user.messages()).toHaveLength(2);
  });
});
