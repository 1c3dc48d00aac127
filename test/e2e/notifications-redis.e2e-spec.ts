import { BotCluster, type Instance } from '../helpers/bot-cluster.js';
import { API_STORE_UNAVAILABLE } from '../../src/common/errors/error-messages.js';
import { describeWithRedis, redisServerInstalled } from '../../src/testing/redis-test.js';
import { E2E_SECRETS } from '../helpers/e2e-bot.js';
import { useOutageApp } from '../helpers/redis-outage.js';
import { postWebhook, statusWebhook } from '../helpers/signed-webhook.js';
import { waitFor } from '../../src/testing/wait-for.js';

const API_TOKEN = 'e2e-cluster-api-token-0123456789abcdef';
const TEMPLATE = { name: 'order_update', language: 'en_US', components: [] };
const describeRedis = await describeWithRedis();
const describeOutage = redisServerInstalled() || process.env.CI ? describeRedis : describe.skip;

async function api(
  baseUrl: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}${path}`, {
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
    const sent = await api(b.url, '/api/notifications', request);
    expect(sent).toMatchObject({ status: 202, json: { channel: 'text', status: 'accepted' } });
    await user.waitForMessages(2);
    expect(user.texts()[1]).toBe('Your order shipped');

    // The same key on the other instance answers the same id and sends nothing.
    expect(await api(a.url, '/api/notifications', request)).toMatchObject({ status: 202, json: { id: sent.json.id } });

    const record = await waitFor(
      async () => {
        const found = await api(a.url, `/api/notifications/${String(sent.json.id)}`);
        return typeof found.json.messageId === 'string' && found.json;
      },
      { description: 'the message id on the record' },
    );
    // The status webhook arrives on the other instance than the one that sent.
    const webhook = statusWebhook(String(record.messageId), user.waId, 'delivered');
    expect((await postWebhook(a.url, webhook, { secret: E2E_SECRETS.WP_APP_SECRET })).status).toBe(200);
    await waitFor(
      async () => (await api(b.url, `/api/notifications/${String(sent.json.id)}`)).json.status === 'delivered',
      {
        description: 'the delivered status, read on B',
      },
    );
    expect(user.messages()).toHaveLength(2);
  });
});

describeOutage('Notifications API while Redis is down (e2e, private redis-server)', () => {
  const outage = useOutageApp({ API_TOKEN });
  const request = { to: '15550309999', text: 'Your order shipped', idempotencyKey: 'outage-1' };

  it('answers 503 UNAVAILABLE, sends nothing, and works again once Redis is back', async () => {
    const { server } = outage();
    const consent = await api(server.url, '/api/users/15550309999/consent');
    expect(consent.status).toBe(200);
    await outage().stopRedis();

    const refused = await api(server.url, '/api/notifications', request);
    expect(refused).toEqual({
      status: 503,
      json: { error: { code: 'UNAVAILABLE', message: API_STORE_UNAVAILABLE() } },
    });
    expect((await api(server.url, '/api/users/15550309999/consent')).status).toBe(503);
    expect((await api(server.url, '/api/notifications/ntf_0123456789abcdef0123456789abcdef')).status).toBe(503);

    await outage().startRedis();
    // Nothing was recorded under the key while Redis was down: the retry is a first send, accepted once.
    const retried = await waitFor(
      async () => {
        const answer = await api(server.url, '/api/notifications', { ...request, template: TEMPLATE });
        return answer.status === 202 ? answer : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 200, description: 'the notifications API back' },
    );
    expect(retried.json).toMatchObject({ channel: 'template', status: 'accepted' });
  }, 30_000);
});
