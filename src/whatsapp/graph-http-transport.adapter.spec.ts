import { Logger, type LoggerService } from '@nestjs/common';
import { Agent } from 'undici';
import { Metrics } from '../metrics/metrics.js';
import { GraphApiMock } from '../testing/mocks/graph-api.mock-server.js';
import { GraphApiError, GraphNetworkError } from './graph-api.error.js';
import { GraphHttpTransport } from './graph-http-transport.adapter.js';
import { WhatsAppClient } from './whatsapp.client.js';
import { loadWhatsAppConfig } from './whatsapp.config.js';

const TOKEN = 'test-token-EAAG0000000000000000000000000000000000';
const PHONE_ID = '106540352242922';
const USER = '15551234567';

/** Captures what the adapter logs, to check fields and that nothing secret is in them. */
class CapturingLogger implements LoggerService {
  readonly entries: { level: string; args: unknown[] }[] = [];
  log = (...args: unknown[]) => this.entries.push({ level: 'log', args });
  warn = (...args: unknown[]) => this.entries.push({ level: 'warn', args });
  error = (...args: unknown[]) => this.entries.push({ level: 'error', args });
  debug = (...args: unknown[]) => this.entries.push({ level: 'debug', args });
  verbose = (...args: unknown[]) => this.entries.push({ level: 'verbose', args });
  fields(level: string): Record<string, unknown>[] {
    return this.entries.filter((e) => e.level === level).map((e) => e.args[0] as Record<string, unknown>);
  }
}

describe('GraphHttpTransport against the Graph mock', () => {
  let graph: GraphApiMock;
  let pool: Agent;
  let transport: GraphHttpTransport;
  let client: WhatsAppClient;
  let logs: CapturingLogger;

  beforeAll(async () => {
    graph = await new GraphApiMock({ accessToken: TOKEN, phoneNumberId: PHONE_ID }).start();
    pool = new Agent();
  });
  afterAll(async () => {
    await pool.close();
    await graph.stop();
    Logger.overrideLogger(false);
  });

  beforeEach(() => {
    graph.reset();
    logs = new CapturingLogger();
    Logger.overrideLogger(logs);
    const config = loadWhatsAppConfig({
      WP_ACCESS_TOKEN: TOKEN,
      WP_PHONE_ID: PHONE_ID,
      GRAPH_API_URL: `${graph.url}/`,
      GRAPH_TIMEOUT_MS: '500',
      // Small waits keep the suite fast; the Retry-After floor is still exercised at full length.
      GRAPH_RETRY_BASE_DELAY_MS: '20',
    });
    transport = new GraphHttpTransport(config, pool);
    client = new WhatsAppClient(transport);
  });

  afterEach(() => {
    // Whatever a test sent, the mock found it valid against Meta's spec.
    expect(graph.invalidBodies()).toEqual([]);
    // And no log line carries the token or a full phone number.
    const logged = JSON.stringify(logs.entries);
    expect(logged).not.toContain(TOKEN);
    expect(logged).not.toContain(USER);
  });

  it('posts to {GRAPH_API_URL}/{version}/{phone id}/messages with the bearer token and JSON', async () => {
    const sent = await client.sendText(USER, 'Hello');

    const [request] = graph.server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(`/v23.0/${PHONE_ID}/messages`);
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['content-type']).toMatch(/^application\/json/);
    expect(graph.messagesTo(USER)).toEqual([
      { messaging_product: 'whatsapp', recipient_type: 'individual', to: USER, type: 'text', text: { body: 'Hello' } },
    ]);
    expect(sent.messageId).toBe(graph.messageCalls()[0]?.messageId);
    expect(sent.messageId).toMatch(/^wamid\.MOCK/);
  });

  it('sends every message type in a shape the spec accepts', async () => {
    const ids = await Promise.all([
      client.sendText(USER, 'Hi', { previewUrl: true, replyTo: 'wamid.IN' }),
      client.sendButtons(USER, {
        body: 'Pick',
        buttons: [
          { id: 'a', title: 'A' },
          { id: 'b', title: 'B' },
        ],
        header: 'H',
        footer: 'F',
      }),
      client.sendList(USER, {
        body: 'Choose',
        buttonLabel: 'Open',
        sections: [{ rows: [{ id: 'r', title: 'Row', description: 'd' }] }],
      }),
      client.sendCtaUrl(USER, { body: 'Book', displayText: 'Open', url: 'https://example.org' }),
      client.sendLocationRequest(USER, 'Where are you?'),
      client.sendMedia(USER, { kind: 'document', id: '123', caption: 'c', filename: 'a.pdf' }),
      client.sendLocation(USER, { latitude: 1, longitude: 2, name: 'Here' }),
      client.sendContacts(USER, [{ name: { formattedName: 'Ada' }, phones: [{ phone: '+441234' }] }]),
      client.sendReaction(USER, 'wamid.IN', '👍'),
      client.sendTemplate(USER, { name: 'hello_world', languageCode: 'en_US' }),
    ]);
    expect(new Set(ids.map((sent) => sent.messageId)).size).toBe(10);
    expect(graph.messagesTo(USER)).toHaveLength(10);
  });

  it('marks as read with a typing indicator', async () => {
    await client.markRead('wamid.IN', { typing: true });
    expect(graph.readReceipts()).toEqual([
      { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN', typing_indicator: { type: 'text' } },
    ]);
    expect(graph.messages()).toEqual([]);
  });

  it('waits for Retry-After after a 429, then succeeds on the second attempt', async () => {
    graph.failNext(1, { status: 429, graphCode: 130429, retryAfterSeconds: 1 });

    await client.sendText(USER, 'Throttled');

    expect(graph.server.requests).toHaveLength(2);
    expect(graph.messages()).toHaveLength(1);
    expect(logs.fields('warn')).toEqual([
      expect.objectContaining({
        kind: 'text',
        to: '*******4567',
        attempt: 1,
        willRetry: true,
        graphCode: 130429,
        status: 429,
        retryAfterSeconds: 1,
      }),
    ]);
    expect(logs.fields('warn')[0]?.delayMs).toBeGreaterThanOrEqual(1000);
  });

  it('retries the throughput error 130429 that Graph sends with HTTP 400', async () => {
    graph.failNext(1, { status: 400, graphCode: 130429 });
    await client.sendText(USER, 'Again');
    expect(graph.server.requests).toHaveLength(2);
    expect(graph.messages()).toHaveLength(1);
  });

  it('survives a 500 then a dropped connection: three requests, delivered exactly once', async () => {
    graph.failNext(1, { status: 500 }).failNext(1, { drop: true });

    const sent = await client.sendText(USER, 'Persistent');

    expect(graph.server.requests).toHaveLength(3);
    expect(graph.messageCalls().map((call) => call.status)).toEqual([500, undefined, 200]);
    expect(graph.messages()).toHaveLength(1);
    expect(sent.messageId).toBe(graph.messageCalls()[2]?.messageId);
  });

  it('makes one attempt on 131026 and rejects with a GraphApiError carrying the code', async () => {
    graph.failNext(1, { status: 400, graphCode: 131026 });

    const failure = await client.sendText(USER, 'Undeliverable').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(GraphApiError);
    expect(failure).toMatchObject({ status: 400, graphCode: 131026, code: 'GRAPH.REQUEST_FAILED' });
    expect(graph.server.requests).toHaveLength(1);
    expect(logs.fields('error')).toEqual([
      expect.objectContaining({ attempt: 1, willRetry: false, graphCode: 131026 }),
    ]);
  });

  it('rejects a wrong token with code 190 after one attempt', async () => {
    const config = loadWhatsAppConfig({ WP_ACCESS_TOKEN: 'wrong', WP_PHONE_ID: PHONE_ID, GRAPH_API_URL: graph.url });
    const wrongToken = new WhatsAppClient(new GraphHttpTransport(config, pool));
    await expect(wrongToken.sendText(USER, 'x')).rejects.toMatchObject({ status: 401, graphCode: 190 });
    expect(graph.server.requests).toHaveLength(1);
  });

  it('bounds each attempt with the timeout; a slow Graph that did process the send gets duplicates', async () => {
    const config = loadWhatsAppConfig({
      WP_ACCESS_TOKEN: TOKEN,
      WP_PHONE_ID: PHONE_ID,
      GRAPH_API_URL: graph.url,
      GRAPH_TIMEOUT_MS: '100',
      GRAPH_RETRY_BASE_DELAY_MS: '0',
    });
    const impatient = new WhatsAppClient(new GraphHttpTransport(config, pool));
    // undici checks its timeouts on a half-second tick (cheaper than a timer per call), so the answers come later still.
    graph.slowNext(3, 1500);

    const failure = await impatient.sendText(USER, 'Slow').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(GraphNetworkError);
    expect(failure).toMatchObject({ reason: 'ECONNABORTED' });
    expect(graph.server.requests).toHaveLength(3);
    // Graph has no idempotency key: each timed-out attempt was still a delivered message. Hence small budgets.
    expect(graph.messages()).toHaveLength(3);
  });

  it('gets 400 with code 100 from the mock for a body the spec rejects, after one attempt', async () => {
    const invalid = {
      messaging_product: 'whatsapp' as const,
      to: USER,
      type: 'text',
      text: { body: 'no recipient_type' },
    };

    await expect(transport.post(invalid)).rejects.toMatchObject({ status: 400, graphCode: 100 });

    expect(graph.server.requests).toHaveLength(1);
    expect(graph.invalidBodies().map((call) => call.body)).toEqual([invalid]);
    expect(graph.invalidBodies()[0]?.validation.errors.join('\n')).toContain('recipient_type');
    expect(graph.messages()).toEqual([]);
    graph.reset(); // this test sent an invalid body on purpose; the afterEach check is for the others
  });

  it('gets an unknown-object error for another phone-number id', async () => {
    const config = loadWhatsAppConfig({ WP_ACCESS_TOKEN: TOKEN, WP_PHONE_ID: '999', GRAPH_API_URL: graph.url });
    const otherNumber = new WhatsAppClient(new GraphHttpTransport(config, pool));
    await expect(otherNumber.sendText(USER, 'x')).rejects.toMatchObject({ status: 400, graphCode: 100, subcode: 33 });
  });

  it('rejects with a GraphNetworkError, not an HTTP library error, when Graph is unreachable', async () => {
    const config = loadWhatsAppConfig({
      WP_ACCESS_TOKEN: TOKEN,
      WP_PHONE_ID: PHONE_ID,
      GRAPH_API_URL: 'http://127.0.0.1:9',
      GRAPH_MAX_ATTEMPTS: '1',
    });
    const unreachable = new GraphHttpTransport(config, pool);
    const failure = await unreachable
      .post({ messaging_product: 'whatsapp', to: USER, type: 'text' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphNetworkError);
    expect(failure).toMatchObject({ reason: 'ECONNREFUSED' });
  });

  it.each`
    case                  | graphApiUrl             | slow     | result
    ${'a slow Graph'}     | ${undefined}            | ${true}  | ${'timeout'}
    ${'a refused socket'} | ${'http://127.0.0.1:9'} | ${false} | ${'network'}
  `(
    'counts every attempt, the retry and the final result of $case as $result',
    async ({ graphApiUrl, slow, result }: { graphApiUrl?: string; slow: boolean; result: string }) => {
      const metrics = new Metrics();
      const config = loadWhatsAppConfig({
        WP_ACCESS_TOKEN: TOKEN,
        WP_PHONE_ID: PHONE_ID,
        GRAPH_API_URL: graphApiUrl ?? graph.url,
        GRAPH_TIMEOUT_MS: '100',
        GRAPH_MAX_ATTEMPTS: '2',
        GRAPH_RETRY_BASE_DELAY_MS: '0',
      });
      if (slow) graph.slowNext(2, 1500);

      await expect(
        new WhatsAppClient(new GraphHttpTransport(config, pool, metrics)).sendText(USER, 'x'),
      ).rejects.toBeInstanceOf(GraphNetworkError);

      const scrape = await metrics.scrape();
      expect(scrape).toContain(`whatsapp_outbound_requests_total{kind="text",result="${result}"} 1`);
      expect(scrape).toContain('whatsapp_graph_retries_total{kind="text"} 1');
      expect(scrape).toContain('whatsapp_graph_request_duration_seconds_count{kind="text"} 2');
    },
  );
});
