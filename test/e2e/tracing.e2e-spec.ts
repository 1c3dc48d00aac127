import { maskPhone } from '../../src/common/logging/mask-phone.js';
import { freePort } from '../../src/testing/free-port.js';
import { AirtableMock } from '../../src/testing/mocks/airtable.mock-server.js';
import { GraphApiMock } from '../../src/testing/mocks/graph-api.mock-server.js';
import { OpenAiMock } from '../../src/testing/mocks/openai.mock-server.js';
import { describeWithRedis } from '../../src/testing/redis-test.js';
import { waitFor } from '../../src/testing/wait-for.js';
import { BotCluster } from '../helpers/bot-cluster.js';
import { E2E_SECRETS } from '../helpers/e2e-bot.js';
import { OtlpReceiver, traceTree, type ReceivedSpan } from '../helpers/otlp-receiver.js';
import { inboundWebhook, newMessageId, postWebhook } from '../helpers/signed-webhook.js';
import { spawnApp, waitUntilHealthy, type SpawnedApp } from '../helpers/spawn-app.js';

const PHONE_ID = '106540352242922';
/** What the user types: it must appear in no span attribute, no resource attribute, no event. */
const SECRET_TEXT = 'My card number is 4111 1111 1111 1111, says Ada Lovelace';

/** Spans are exported in batches; a short delay keeps the test quick. */
const OTEL_ENV = { OTEL_BSP_SCHEDULE_DELAY: '100' };

/** One `node dist/main.js` without Redis, wired to real Graph, Airtable and OpenAI mocks on loopback. */
class SingleBot {
  private constructor(
    readonly app: SpawnedApp,
    readonly graph: GraphApiMock,
    private readonly airtable: AirtableMock,
    private readonly openai: OpenAiMock,
  ) {}

  static async start(env: Record<string, string>): Promise<SingleBot> {
    const graph = await new GraphApiMock({ accessToken: E2E_SECRETS.WP_ACCESS_TOKEN, phoneNumberId: PHONE_ID }).start();
    const airtable = await new AirtableMock({ apiKey: E2E_SECRETS.AIRTABLE_API_KEY }).start();
    const openai = await new OpenAiMock({ apiKey: E2E_SECRETS.OPENAI_API_KEY }).start();
    const app = spawnApp(
      {
        ...E2E_SECRETS,
        NODE_ENV: 'test',
        WP_PHONE_ID: PHONE_ID,
        GRAPH_API_URL: graph.url,
        GRAPH_RETRY_BASE_DELAY_MS: '50',
        AIRTABLE_BASE_ID: airtable.baseId,
        AIRTABLE_ENDPOINT_URL: airtable.endpointUrl,
        OPENAI_BASE_URL: openai.baseURL,
        OPENAI_MAX_RETRIES: '0',
        ...env,
      },
      undefined,
      await freePort(),
    );
    const bot = new SingleBot(app, graph, airtable, openai);
    try {
      await waitUntilHealthy(app);
    } catch (error) {
      await bot.stop();
      throw new Error(`the app did not start: ${app.output().stderr}`, { cause: error });
    }
    return bot;
  }

  get url(): string {
    return `http://127.0.0.1:${this.app.port}`;
  }

  post(body: unknown): Promise<number> {
    return postWebhook(this.url, body, { secret: E2E_SECRETS.WP_APP_SECRET }).then((response) => response.status);
  }

  /** SIGTERM: the app drains, flushes its spans and exits. */
  async stop(): Promise<void> {
    if (this.app.child.exitCode === null && this.app.child.signalCode === null) {
      this.app.child.kill('SIGTERM');
      await this.app.exited;
    }
    await Promise.all([this.graph.stop(), this.airtable.stop(), this.openai.stop()]);
  }
}

/** The spans of the trace that `messageId`'s process span belongs to, once they include `count` spans. */
async function traceOf(receiver: OtlpReceiver, messageId: string, count: number): Promise<ReceivedSpan[]> {
  return waitFor(
    () => {
      const spans = receiver.spans();
      const process = spans.find(
        (span) => span.name === 'whatsapp.message.process' && span.attributes['messaging.message.id'] === messageId,
      );
      const trace = process ? spans.filter((span) => span.traceId === process.traceId) : [];
      return trace.length >= count ? trace : undefined;
    },
    { timeoutMs: 15_000, intervalMs: 50, description: `${count} spans of the trace of ${messageId}` },
  );
}

/** The spans called `name`, in the order they started. */
const only = (spans: readonly ReceivedSpan[], name: string) =>
  spans
    .filter((span) => span.name === name)
    .sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1));

/** The one connected trace of a text message answered by the main menu, checked span by span. */
function expectOneConnectedTrace(trace: readonly ReceivedSpan[], waId: string, messageId: string): void {
  const [webhook] = only(trace, 'whatsapp.webhook');
  const [process] = only(trace, 'whatsapp.message.process');
  const steps = only(trace, 'whatsapp.flow.step');
  const graphRequests = only(trace, 'whatsapp.graph.request');
  expect(only(trace, 'whatsapp.webhook')).toHaveLength(1);
  expect(only(trace, 'whatsapp.message.process')).toHaveLength(1);
  expect(new Set(trace.map((span) => span.traceId)).size).toBe(1);

  expect(webhook.parentSpanId).toBeUndefined();
  expect(webhook.attributes).toMatchObject({ 'http.response.status_code': 200 });
  expect(process.parentSpanId).toBe(webhook.spanId);
  expect(process.attributes).toEqual({
    'messaging.message.id': messageId,
    'whatsapp.message.type': 'text',
    'whatsapp.user': maskPhone(waId),
  });
  // The menu's start moves the user to `choose`, whose ask sends the menu, in the same message.
  expect(steps.map((step) => step.attributes)).toEqual([
    { flow: 'main-menu', step: 'start' },
    { flow: 'main-menu', step: 'choose' },
  ]);
  for (const step of steps) expect(step.parentSpanId).toBe(process.spanId);

  // The read receipt is sent by the processor, the menu by the step.
  const receipt = graphRequests.find((span) => span.attributes.kind === 'read_receipt');
  expect(receipt?.parentSpanId).toBe(process.spanId);
  const replies = graphRequests.filter((span) => span.attributes.kind !== 'read_receipt');
  expect(replies.length).toBeGreaterThanOrEqual(1);
  const stepIds = new Set(steps.map((step) => step.spanId));
  for (const reply of replies) {
    expect(stepIds.has(reply.parentSpanId ?? '')).toBe(true);
    expect(reply.attributes).toMatchObject({ 'http.response.status_code': 200 });
  }
}

/** No span carries the message text or the full phone number: not in attributes, names, events or resources. */
function expectNoPersonalData(receiver: OtlpReceiver, waId: string): void {
  const exported = receiver.rawText();
  expect(exported.length).toBeGreaterThan(0);
  // Fragments that cannot occur by chance: a bare '4111' can sit inside a timestamp or an id.
  for (const fragment of ['4111 1111', 'Ada Lovelace', 'card number']) expect(exported).not.toContain(fragment);
  expect(exported).not.toContain(waId);
}

describe('Tracing (e2e, node dist/main.js and a loopback OTLP/HTTP collector)', () => {
  let receiver: OtlpReceiver;
  beforeEach(async () => {
    receiver = await OtlpReceiver.start();
  });
  afterEach(async () => {
    await receiver.stop();
  });

  describe('one process, OTEL_EXPORTER_OTLP_PROTOCOL=http/json', () => {
    let bot: SingleBot;
    beforeEach(async () => {
      bot = await SingleBot.start({
        ...OTEL_ENV,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      });
    });
    afterEach(async () => {
      await bot?.stop();
    });

    it('exports one connected trace per message: webhook → process → flow step → graph request', async () => {
      const waId = '15550001001';
      const id = newMessageId();
      expect(await bot.post(inboundWebhook({ from: waId, id, text: SECRET_TEXT }))).toBe(200);
      await waitFor(() => bot.graph.messagesTo(waId).length >= 1, { timeoutMs: 10_000 });
      const trace = await traceOf(receiver, id, 6);

      expectOneConnectedTrace(trace, waId, id);
      expect(traceTree(trace, only(trace, 'whatsapp.webhook')[0])).toBe(
        [
          'whatsapp.webhook',
          '  whatsapp.message.process',
          '    whatsapp.graph.request',
          '    whatsapp.flow.step',
          '    whatsapp.flow.step',
          '      whatsapp.graph.request',
        ].join('\n'),
      );
      expect(new Set(trace.map((span) => span.service))).toEqual(new Set(['whatsapp-bot']));
      expectNoPersonalData(receiver, waId);
    });

    it('makes the webhook span the parent of each message of a batch', async () => {
      const [first, second] = [newMessageId(), newMessageId()];
      const body = inboundWebhook(
        { from: '15550001002', id: first, text: 'hi' },
        { from: '15550001003', id: second, text: 'hi' },
      );
      expect(await bot.post(body)).toBe(200);
      const [one, two] = [await traceOf(receiver, first, 6), await traceOf(receiver, second, 6)];
      const webhook = only(one, 'whatsapp.webhook')[0];
      expect(only(two, 'whatsapp.webhook')).toEqual([webhook]);
      const processes = only(one, 'whatsapp.message.process');
      expect(processes.map((span) => span.attributes['messaging.message.id']).sort()).toEqual([first, second].sort());
      for (const process of processes) expect(process.parentSpanId).toBe(webhook.spanId);
    });

    it('marks a failed Graph request with its status and Graph error code', async () => {
      const waId = '15550001004';
      const id = newMessageId();
      // The menu's reply fails for good: 131047 (re-engagement window) is not retried.
      bot.graph.failNext(1, { status: 400, graphCode: 131047 }, 'message');
      expect(await bot.post(inboundWebhook({ from: waId, id, text: 'hi' }))).toBe(200);
      const trace = await traceOf(receiver, id, 6);
      const failed = only(trace, 'whatsapp.graph.request').find((span) => span.attributes['whatsapp.graph.error_code']);
      expect(failed?.attributes).toMatchObject({
        'http.response.status_code': 400,
        'whatsapp.graph.error_code': 131047,
        'error.type': 'GRAPH.REQUEST_FAILED',
      });
    });
  });

  it('exports OTLP/HTTP protobuf to /v1/traces by default', async () => {
    const bot = await SingleBot.start({ ...OTEL_ENV, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });
    try {
      expect(await bot.post(inboundWebhook({ from: '15550001005', text: 'hi' }))).toBe(200);
      const [request] = await waitFor(() => (receiver.exports().length > 0 ? receiver.exports() : undefined), {
        timeoutMs: 10_000,
        description: 'a trace export',
      });
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/v1/traces');
      expect(request.headers['content-type']).toBe('application/x-protobuf');
      expect(request.body.length).toBeGreaterThan(0);
    } finally {
      await bot.stop();
    }
  });

  it('sends nothing without an OTLP endpoint', async () => {
    const bot = await SingleBot.start({ ...OTEL_ENV, OTEL_SERVICE_NAME: 'whatsapp-bot' });
    try {
      const waId = '15550001006';
      expect(await bot.post(inboundWebhook({ from: waId, text: 'hi' }))).toBe(200);
      await waitFor(() => bot.graph.messagesTo(waId).length >= 1, { timeoutMs: 10_000 });
    } finally {
      await bot.stop();
    }
    // Stopped: anything buffered would have been flushed at exit.
    expect(receiver.exports()).toHaveLength(0);
  });
});

const describeRedis = await describeWithRedis();

describeRedis('Tracing across the Redis queue (e2e, web and worker processes)', () => {
  let receiver: OtlpReceiver;
  let cluster: BotCluster;
  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    cluster = await BotCluster.start({
      env: { ...OTEL_ENV, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
    });
  });
  afterAll(async () => {
    await cluster?.stop();
    await receiver?.stop();
  });

  it("continues the webhook's trace in the worker: the job carries the traceparent", async () => {
    const web = await cluster.spawn('web', { ROLE: 'web', OTEL_SERVICE_NAME: 'whatsapp-bot-web' });
    await cluster.spawn('worker', { ROLE: 'worker', OTEL_SERVICE_NAME: 'whatsapp-bot-worker' });
    const user = cluster.user('15550001007', 'Ada');
    const id = newMessageId();
    expect(await user.say(web, SECRET_TEXT, id)).toBe(200);
    await user.waitForMessages(1);
    const trace = await traceOf(receiver, id, 6);

    expectOneConnectedTrace(trace, user.waId, id);
    const serviceOf = (name: string) => new Set(only(trace, name).map((span) => span.service));
    expect(serviceOf('whatsapp.webhook')).toEqual(new Set(['whatsapp-bot-web']));
    for (const name of ['whatsapp.message.process', 'whatsapp.flow.step', 'whatsapp.graph.request'])
      expect(serviceOf(name)).toEqual(new Set(['whatsapp-bot-worker']));
    expectNoPersonalData(receiver, user.waId);
  }, 40_000);
});
