import { startTestApp, type TestApp } from '../helpers/create-test-app.js';
import {
  deleteKeysWithPrefix,
  describeWithRedis,
  REDIS_TEST_URL,
  testRedis,
  uniquePrefix,
} from '../../src/testing/redis-test.js';
import { inboundWebhook, newMessageId, postWebhook } from '../helpers/signed-webhook.js';
import { waitFor } from '../../src/testing/wait-for.js';
import { GraphApiMock } from '../../src/testing/mocks/graph-api.mock-server.js';

const SECRET = 'ids-app-secret';
const ACCESS_TOKEN = 'ids-access-token';
const PHONE_ID = '106540352242922';

/** Message ids equal to BullMQ's own key names under `bull:inbound:` (and an integer): a raw job id would clobber them. */
const QUEUE_KEY_NAMES = [
  'wait',
  'active',
  'meta',
  'id',
  'events',
  'paused',
  'completed',
  'failed',
  'delayed',
  'priority',
  'marker',
  'stalled-check',
  'limiter',
  'de',
  'pc',
  '1',
];

const describeRedis = await describeWithRedis();

describeRedis("Message ids cannot touch the queue's keys (e2e, Redis mode)", () => {
  const prefix = uniquePrefix('message-ids');
  const redis = testRedis();
  let graph: GraphApiMock;
  let server: TestApp;

  beforeAll(async () => {
    graph = await new GraphApiMock({ accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_ID }).start();
    server = await startTestApp({
      WP_APP_SECRET: SECRET,
      WP_ACCESS_TOKEN: ACCESS_TOKEN,
      WP_PHONE_ID: PHONE_ID,
      GRAPH_API_URL: graph.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_PREFIX: prefix,
    });
  });
  afterAll(async () => {
    await server.close();
    await graph.stop();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  it.each(QUEUE_KEY_NAMES.map((id, index) => [id, `1555020${String(index).padStart(4, '0')}`]))(
    'answers a message whose id is "%s", then the next message too, and the queue stays healthy',
    async (id, waId) => {
      expect(
        (await postWebhook(server.url, inboundWebhook({ from: waId, id, text: 'hi' }), { secret: SECRET })).status,
      ).toBe(200);
      await waitFor(() => graph.messagesTo(waId).length === 1, {
        timeoutMs: 10_000,
        description: `the answer to "${id}"`,
      });
      expect(graph.readReceipts().some((receipt) => receipt.message_id === id)).toBe(true);

      expect(
        (
          await postWebhook(server.url, inboundWebhook({ from: waId, id: newMessageId(), text: 'menu' }), {
            secret: SECRET,
          })
        ).status,
      ).toBe(200);
      await waitFor(() => graph.messagesTo(waId).length === 2, {
        timeoutMs: 10_000,
        description: 'the answer to the next message',
      });

      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ redis: 'up' });
      // BullMQ's own keys kept their types: `wait` and friends were not turned into job hashes.
      const waitType = await redis.type(`${prefix}bull:inbound:wait`);
      expect(['none', 'list']).toContain(waitType);
      expect(['none', 'hash']).toContain(await redis.type(`${prefix}bull:inbound:meta`));
    },
  );

  it('answers a redelivered odd id exactly once', async () => {
    const waId = '15550209999';
    const body = inboundWebhook({ from: waId, id: 'completed:1', text: 'hi' });
    expect((await postWebhook(server.url, body, { secret: SECRET })).status).toBe(200);
    expect((await postWebhook(server.url, body, { secret: SECRET })).status).toBe(200);
    await waitFor(() => graph.messagesTo(waId).length === 1, { timeoutMs: 10_000, description: 'the answer' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(graph.messagesTo(waId)).toHaveLength(1);
  });
});
