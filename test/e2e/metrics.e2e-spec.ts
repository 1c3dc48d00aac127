import type { Redis } from 'ioredis';
import { REDIS_CLIENT } from '../../src/redis/redis.tokens.js';
import { freePort } from '../../src/testing/free-port.js';
import {
  deleteKeysWithPrefix,
  describeWithRedis,
  REDIS_TEST_URL,
  testRedis,
  uniquePrefix,
} from '../../src/testing/redis-test.js';
import { waitFor } from '../../src/testing/wait-for.js';
import { startTestApp, type TestApp } from '../helpers/create-test-app.js';
import { E2E_SECRETS, startE2eBot, type E2eBot, type E2eUser } from '../helpers/e2e-bot.js';
import { parsePrometheusText, sumOf, valueOf, type Sample } from '../helpers/prometheus-text.js';
import { inboundWebhook, newMessageId, postWebhook, statusWebhook } from '../helpers/signed-webhook.js';

const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

async function scrape(url: string, token?: string): Promise<{ status: number; contentType: string; text: string }> {
  const response = await fetch(`${url}/metrics`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(5000),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

async function samplesOf(url: string): Promise<Sample[]> {
  const { status, text } = await scrape(url);
  expect(status).toBe(200);
  return parsePrometheusText(text);
}

/** The label values each of our labels may take (docs/observability.md); anything else is a leak or a bug. */
const ALLOWED_LABEL_VALUES: Record<string, RegExp> = {
  status: /^([1-5]\d\d|sent|delivered|read|played|failed|other)$/,
  code: /^(\d{1,9}|other)$/,
  type: /^(text|image|video|audio|document|sticker|location|contacts|interactive|flow_reply|button|reaction|order|system|unsupported|other)$/,
  kind: /^(text|interactive|media|template|reaction|location|contacts|read_receipt|typing|media_upload|media_download|media_delete|other|prompt|completion)$/,
  result: /^(ok|network|timeout|error|other|empty_response|connection|aborted|\d{1,9}|http_\d{3})$/,
  flow: /^[a-z][a-z0-9-]*$/,
  step: /^[a-z][A-Za-z0-9_]*$/,
  outcome: /^(ok|error)$/,
  state: /^(waiting|active|delayed|dead_lettered)$/,
  le: /^([0-9.]+|\+Inf)$/,
};

describe('Metrics (e2e)', () => {
  describe('after a full registration, an AI chat, a redelivery, refusals and Graph failures', () => {
    let bot: E2eBot;
    let samples: Sample[];
    let scrapeText: string;
    let contentType: string;
    const waId = '15550002001';
    const ids: string[] = [];
    const typed = ['Ada Lovelace', 'ada@example.org', 'London', 'What is 2+2?'];

    async function say(user: E2eUser, text: string, expected: number): Promise<void> {
      const id = newMessageId();
      ids.push(id);
      expect(await user.say(text, id)).toBe(200);
      await user.waitForMessages(expected);
    }

    beforeAll(async () => {
      bot = await startE2eBot();
      const user = bot.user(waId, 'Ada');
      await say(user, 'hi', 1);
      await user.tap('menu:register', 'Register');
      await user.waitForMessages(2);
      // One transient Graph failure on the way: retried, then accepted.
      bot.graph.failNext(1, { status: 503, graphCode: 131016 }, 'message');
      await say(user, typed[0], 3);
      await say(user, typed[1], 4);
      await say(user, typed[2], 5);
      await user.tap('register:confirm', 'Confirm');
      await user.waitForMessages(6);
      await say(user, 'AI chat', 7);
      await say(user, typed[3], 8);
      // A redelivery of the last message: acknowledged, ignored.
      expect(await user.say(typed[3], ids.at(-1))).toBe(200);
      // A send Graph refuses for good (outside the 24-hour window): not retried, counted by its code.
      bot.graph.failNext(1, { status: 400, graphCode: 131047 }, 'message');
      expect(await user.say('menu', newMessageId())).toBe(200);
      await waitFor(() => bot.graph.messageCalls().some((call) => call.status === 400), { timeoutMs: 5000 });
      // Meta reports the first reply delivered and read, and one send failed.
      const firstReply = bot.graph.messageCalls().find((call) => call.kind === 'message' && call.messageId);
      const replyId = String(firstReply?.messageId);
      for (const [status, error] of [
        ['delivered', undefined],
        ['read', undefined],
        ['failed', { code: 131026, title: 'Message undeliverable' }],
      ] as const)
        expect(
          (
            await postWebhook(bot.server.url, statusWebhook(replyId, waId, status, error), {
              secret: E2E_SECRETS.WP_APP_SECRET,
            })
          ).status,
        ).toBe(200);
      await waitFor(
        async () =>
          valueOf(await samplesOf(bot.server.url), 'whatsapp_message_statuses_total', { status: 'failed' }) === 1,
        { timeoutMs: 5000, description: 'the statuses counted' },
      );
      // Refusals: unsigned (401), not JSON (415), too large (413).
      const body = inboundWebhook({ from: waId, text: 'hi' });
      expect((await postWebhook(bot.server.url, body)).status).toBe(401);
      const secret = E2E_SECRETS.WP_APP_SECRET;
      expect((await postWebhook(bot.server.url, body, { secret, contentType: 'text/plain' })).status).toBe(415);
      expect((await postWebhook(bot.server.url, 'x'.repeat(3 * 1024 * 1024 + 1), { secret })).status).toBe(413);
      // Processing is done once the last message's time was observed (the failed send ends in an apology).
      await waitFor(
        async () =>
          // The typed messages, the two taps and `menu`.
          valueOf(await samplesOf(bot.server.url), 'whatsapp_message_processing_seconds_count') === ids.length + 3,
        { timeoutMs: 10_000, description: 'every message processed' },
      );
      const answer = await scrape(bot.server.url);
      scrapeText = answer.text;
      contentType = answer.contentType;
      samples = parsePrometheusText(scrapeText);
    }, 60_000);

    afterAll(async () => {
      await bot?.stop();
    });

    it('serves the Prometheus text format on GET /metrics of the main port', () => {
      expect(contentType).toBe(PROMETHEUS_CONTENT_TYPE);
      expect(scrapeText).toContain('# TYPE whatsapp_webhook_requests_total counter');
      expect(scrapeText).toContain('# TYPE whatsapp_graph_request_duration_seconds histogram');
      expect(scrapeText).toContain('# TYPE whatsapp_inbound_queue_messages gauge');
    });

    it.each`
      name                                               | labels
      ${'whatsapp_webhook_requests_total'}               | ${{ status: '200' }}
      ${'whatsapp_webhook_requests_total'}               | ${{ status: '401' }}
      ${'whatsapp_webhook_requests_total'}               | ${{ status: '413' }}
      ${'whatsapp_webhook_requests_total'}               | ${{ status: '415' }}
      ${'whatsapp_inbound_messages_total'}               | ${{ type: 'text' }}
      ${'whatsapp_inbound_messages_total'}               | ${{ type: 'interactive' }}
      ${'whatsapp_duplicate_messages_total'}             | ${{}}
      ${'whatsapp_outbound_requests_total'}              | ${{ kind: 'text', result: 'ok' }}
      ${'whatsapp_outbound_requests_total'}              | ${{ kind: 'interactive', result: 'ok' }}
      ${'whatsapp_outbound_requests_total'}              | ${{ kind: 'read_receipt', result: 'ok' }}
      ${'whatsapp_outbound_requests_total'}              | ${{ kind: 'typing', result: 'ok' }}
      ${'whatsapp_outbound_requests_total'}              | ${{ result: '131047' }}
      ${'whatsapp_graph_request_duration_seconds_count'} | ${{ kind: 'read_receipt' }}
      ${'whatsapp_graph_retries_total'}                  | ${{}}
      ${'whatsapp_message_processing_seconds_count'}     | ${{}}
      ${'whatsapp_flow_steps_total'}                     | ${{ flow: 'register', step: 'start', outcome: 'ok' }}
      ${'whatsapp_flow_steps_total'}                     | ${{ flow: 'main-menu', step: 'start', outcome: 'ok' }}
      ${'whatsapp_rate_limit_wait_seconds_count'}        | ${{}}
      ${'whatsapp_ai_requests_total'}                    | ${{ result: 'ok' }}
      ${'whatsapp_ai_tokens_total'}                      | ${{ kind: 'prompt' }}
      ${'whatsapp_ai_tokens_total'}                      | ${{ kind: 'completion' }}
      ${'whatsapp_message_statuses_total'}               | ${{ status: 'delivered' }}
      ${'whatsapp_message_statuses_total'}               | ${{ status: 'read' }}
      ${'whatsapp_message_delivery_failures_total'}      | ${{ code: '131026' }}
      ${'process_cpu_seconds_total'}                     | ${{}}
      ${'nodejs_eventloop_lag_seconds'}                  | ${{}}
      ${'nodejs_heap_size_used_bytes'}                   | ${{}}
    `('moved $name $labels', ({ name, labels }: { name: string; labels: Record<string, string> }) => {
      expect(valueOf(samples, name, labels)).toBeGreaterThan(0);
    });

    it('counts exactly what happened: the redelivery once, every answer, each retry', () => {
      expect(valueOf(samples, 'whatsapp_duplicate_messages_total')).toBe(1);
      expect(valueOf(samples, 'whatsapp_inbound_messages_total', { type: 'text' })).toBe(ids.length + 1);
      expect(valueOf(samples, 'whatsapp_inbound_messages_total', { type: 'interactive' })).toBe(2);
      // Every message, the tapped buttons and the redelivery, all 200; then one of each refusal.
      // ...and the three status webhooks.
      expect(valueOf(samples, 'whatsapp_webhook_requests_total', { status: '200' })).toBe(ids.length + 7);
      expect(sumOf(samples, 'whatsapp_graph_retries_total')).toBe(1);
      expect(valueOf(samples, 'whatsapp_inbound_queue_messages', { state: 'waiting' })).toBe(0);
    });

    it('has no label value that is a phone number, a message id or text: each is one of its fixed set', () => {
      const ours = samples.filter((sample) => sample.name.startsWith('whatsapp_'));
      const values = ours.flatMap((sample) => Object.entries(sample.labels));
      expect(values.length).toBeGreaterThan(50);
      for (const [label, value] of values) {
        expect({ label, value, allowed: ALLOWED_LABEL_VALUES[label]?.test(value) ?? false }).toEqual({
          label,
          value,
          allowed: true,
        });
      }
      const labelValues = values.map(([, value]) => value).join('\n');
      for (const secret of [
        waId.slice(-4),
        ...ids,
        ...typed.flatMap((text) => text.split(' ')).filter((word) => word.length >= 4),
      ])
        expect(labelValues).not.toContain(secret);
      for (const secret of [waId, ...ids, ...typed]) expect(scrapeText).not.toContain(secret);
      // Bounded: a handful of series per metric, however many users and messages there were.
      const seriesPerMetric = new Map<string, number>();
      for (const sample of ours) seriesPerMetric.set(sample.name, (seriesPerMetric.get(sample.name) ?? 0) + 1);
      for (const [name, count] of seriesPerMetric)
        expect({ name, count: Math.min(count, 200) }).toEqual({ name, count });
    });
  });

  describe('access', () => {
    let server: TestApp | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    it('requires Authorization: Bearer <METRICS_TOKEN> when it is set', async () => {
      server = await startTestApp({ METRICS_TOKEN: 'metrics-scrape-token-SECRET' });
      expect((await scrape(server.url)).status).toBe(401);
      expect((await scrape(server.url, 'wrong')).status).toBe(401);
      const allowed = await scrape(server.url, 'metrics-scrape-token-SECRET');
      expect(allowed.status).toBe(200);
      expect(allowed.text).toContain('whatsapp_webhook_requests_total');
    });

    it('serves the metrics only on METRICS_PORT when it is set: the main port answers 404', async () => {
      const metricsPort = await freePort();
      server = await startTestApp({
        HOST: '127.0.0.1',
        METRICS_PORT: String(metricsPort),
        METRICS_TOKEN: 'metrics-scrape-token-SECRET',
      });
      const metricsUrl = `http://127.0.0.1:${metricsPort}`;
      expect((await scrape(server.url, 'metrics-scrape-token-SECRET')).status).toBe(404);
      expect((await scrape(metricsUrl)).status).toBe(401);
      const allowed = await scrape(metricsUrl, 'metrics-scrape-token-SECRET');
      expect(allowed).toMatchObject({ status: 200, contentType: PROMETHEUS_CONTENT_TYPE });
      expect(allowed.text).toContain('process_cpu_seconds_total');
      expect((await fetch(`${metricsUrl}/health`)).status).toBe(404);
      await server.close();
      server = undefined;
      // Closed with the app: the port is free again.
      await expect(fetch(`${metricsUrl}/metrics`, { signal: AbortSignal.timeout(1000) })).rejects.toThrow();
    });

    it('refuses a METRICS_PORT equal to PORT, naming both', async () => {
      await expect(startTestApp({ PORT: '5000', METRICS_PORT: '5000' })).rejects.toThrow(
        'METRICS_PORT must differ from PORT (both are 5000)',
      );
    });
  });
});

const describeRedis = await describeWithRedis();

describeRedis('Metrics in Redis mode (e2e): each process its own, the queue read in one round trip', () => {
  const prefix = uniquePrefix('metrics-e2e');
  const redis = testRedis();
  let web: E2eBot;
  let worker: TestApp | undefined;
  const waId = '15550002002';

  beforeAll(async () => {
    // Intake only: the message waits in the queue until a worker starts.
    web = await startE2eBot({ REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix, ROLE: 'web' });
  });
  afterAll(async () => {
    await worker?.close();
    await web?.stop();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  it('stamps the queued message with its intake time and reports it waiting', async () => {
    const before = Date.now();
    expect(await web.user(waId).say('hi')).toBe(200);
    const entry = JSON.parse((await redis.lindex(`${prefix}inbox:${waId}`, 0)) ?? '{}') as { acceptedAt?: number };
    expect(entry.acceptedAt).toBeGreaterThanOrEqual(before);
    expect(entry.acceptedAt).toBeLessThanOrEqual(Date.now());
    const samples = await samplesOf(web.server.url);
    expect(valueOf(samples, 'whatsapp_inbound_messages_total', { type: 'text' })).toBe(1);
    for (const [state, count] of [
      ['waiting', 1],
      ['active', 0],
      ['delayed', 0],
      ['dead_lettered', 0],
    ] as const) {
      expect(valueOf(samples, 'whatsapp_inbound_queue_messages', { state })).toBe(count);
    }
  });

  it('reads the queue counts in one Redis round trip, cached across scrapes', async () => {
    const client = web.server.app.get<Redis>(REDIS_CLIENT);
    const clientPort = (client as unknown as { stream: { localPort: number } }).stream.localPort;
    // monitor() opens its own connection: the client it came from is closed right away, or it keeps jest alive.
    const source = testRedis();
    const monitor = await source.monitor();
    await source.quit();
    const commands: string[] = [];
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (source.endsWith(`:${clientPort}`)) commands.push(args[0].toLowerCase());
    });
    try {
      // Past the cache of the previous test's scrape, then three scrapes in a row.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      for (let i = 0; i < 3; i++) await samplesOf(web.server.url);
      await waitFor(() => commands.includes('exec'), { timeoutMs: 2000, description: 'the MULTI to be seen' });
      expect(commands).toEqual(['multi', 'llen', 'llen', 'zcard', 'zcard', 'zcard', 'exec']);
    } finally {
      monitor.disconnect();
    }
  });

  it('counts in the process that did the work: the worker processes, the web process took the message', async () => {
    worker = await startTestApp({
      ...E2E_SECRETS,
      WP_PHONE_ID: '106540352242922',
      GRAPH_API_URL: web.graph.url,
      AIRTABLE_BASE_ID: web.airtable.baseId,
      AIRTABLE_ENDPOINT_URL: web.airtable.endpointUrl,
      OPENAI_BASE_URL: web.openai.baseURL,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_PREFIX: prefix,
      ROLE: 'worker',
    });
    await waitFor(() => web.graph.messagesTo(waId).length >= 1, { timeoutMs: 10_000 });
    const [onWorker, onWeb] = await Promise.all([
      waitFor(
        async () => {
          const samples = await samplesOf(worker?.url ?? '');
          return valueOf(samples, 'whatsapp_message_processing_seconds_count') === 1 ? samples : undefined;
        },
        { timeoutMs: 5000 },
      ),
      samplesOf(web.server.url),
    ]);
    expect(valueOf(onWorker, 'whatsapp_outbound_requests_total', { kind: 'read_receipt', result: 'ok' })).toBe(1);
    expect(valueOf(onWorker, 'whatsapp_inbound_messages_total', { type: 'text' })).toBe(0);
    expect(valueOf(onWeb, 'whatsapp_inbound_messages_total', { type: 'text' })).toBe(1);
    expect(valueOf(onWeb, 'whatsapp_message_processing_seconds_count')).toBe(0);
  });
});
