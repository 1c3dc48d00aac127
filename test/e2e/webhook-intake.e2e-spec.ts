import { createHmac } from 'node:crypto';
import { webhookExamples } from '../../src/testing/webhook-examples.js';
import { startTestApp, type TestApp } from '../helpers/create-test-app.js';
import { inboundWebhook, newMessageId, postWebhook } from '../helpers/signed-webhook.js';
import { waitFor } from '../../src/testing/wait-for.js';
import { GraphApiMock } from '../../src/testing/mocks/graph-api.mock-server.js';

const SECRET = 'e2e-app-secret';
const VERIFY_TOKEN = 'e2e-verify-token';
const ACCESS_TOKEN = 'e2e-access-token';

/** What each wire message type becomes once mapped (an independent statement of the mapping). */
function expectedType(message: Record<string, unknown>): string {
  const type = String(message.type);
  if (type === 'interactive') {
    const kind = (message.interactive as { type: string }).type;
    return kind === 'nfm_reply' ? 'flow_reply' : 'interactive';
  }
  const modelled = [
    'text',
    'image',
    'audio',
    'video',
    'document',
    'sticker',
    'location',
    'contacts',
    'button',
    'reaction',
    'order',
    'system',
  ];
  return modelled.includes(type) ? type : 'unsupported';
}

describe('Webhook intake (e2e)', () => {
  let graph: GraphApiMock;
  let server: TestApp;

  beforeAll(async () => {
    graph = await new GraphApiMock({ accessToken: ACCESS_TOKEN }).start();
    server = await startTestApp({
      WP_APP_SECRET: SECRET,
      WP_VERIFY_TOKEN: VERIFY_TOKEN,
      WP_ACCESS_TOKEN: ACCESS_TOKEN,
      WP_PHONE_ID: '106540352242922',
      GRAPH_API_URL: graph.url,
      // Meta's examples all come from one wa_id, answered within seconds: more than Meta's pair rate allows. This
      // suite checks intake; the pair limit has its own specs (src/whatsapp/rate-limit).
      RATE_LIMIT_PAIR_BURST: '45',
      RATE_LIMIT_PAIR_INTERVAL_MS: '1',
    });
  });
  afterAll(async () => {
    await server.close();
    await graph.stop();
  });

  describe('GET /webhook handshake', () => {
    const handshake = (query: string) => fetch(`${server.url}/webhook?${query}`);

    it('answers 200 with exactly the challenge as text/plain for the right token', async () => {
      const response = await handshake(`hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toBe('1158201444');
    });

    it.each([
      ['a wrong token', `hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=CHALLENGE-X`],
      ['no token', `hub.mode=subscribe&hub.challenge=CHALLENGE-X`],
      ['a wrong mode', `hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=CHALLENGE-X`],
    ])('answers 403 for %s, without echoing the challenge', async (_case, query) => {
      const response = await handshake(query);
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain('CHALLENGE-X');
    });
  });

  describe('POST /webhook signature', () => {
    const body = () => JSON.stringify(inboundWebhook({ from: '15550001000', text: 'hi' }));

    it.each`
      case                              | signature
      ${'missing'}                      | ${undefined}
      ${'without sha256= prefix'}       | ${'0'.repeat(64)}
      ${'of the wrong length'}          | ${`sha256=${'a'.repeat(63)}`}
      ${'not hex'}                      | ${`sha256=${'g'.repeat(64)}`}
      ${'computed with another secret'} | ${'other'}
    `('answers 401 when the signature is $case, and processes nothing', async ({ signature }) => {
      const raw = body();
      const header =
        signature === 'other' ? `sha256=${createHmac('sha256', 'other').update(raw).digest('hex')}` : signature;
      const before = graph.messageCalls().length;
      const response = await postWebhook(server.url, raw, { signature: header ?? undefined });
      expect(response.status).toBe(401);
      // Give a wrongly accepted message time to reach Graph before checking nothing did.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(graph.messageCalls().length).toBe(before);
    });

    it('answers 401 for a signature over re-serialized JSON instead of the raw bytes', async () => {
      const raw = `{"object":"whatsapp_business_account","entry":[],"note":"caf\\u00e9 \\/ slash"}`;
      const reserialized = JSON.stringify(JSON.parse(raw));
      expect(reserialized).not.toBe(raw);
      const signature = `sha256=${createHmac('sha256', SECRET).update(reserialized).digest('hex')}`;
      expect((await postWebhook(server.url, raw, { signature })).status).toBe(401);
    });

    it('accepts a valid signature over raw bytes with \\u and \\/ escapes, and processes the message', async () => {
      const id = newMessageId();
      const raw = JSON.stringify(inboundWebhook({ from: '15550001001', id, text: 'X' })).replace(
        '"body":"X"',
        '"body":"caf\\u00e9 \\/ \\ud83d\\ude00"',
      );
      const response = await postWebhook(server.url, raw, { secret: SECRET });
      expect(response.status).toBe(200);
      await waitFor(() => graph.readReceipts().some((receipt) => receipt.message_id === id), {
        description: 'read receipt',
      });
    });
  });

  describe('POST /webhook bad bodies', () => {
    it('answers 400 for malformed JSON', async () => {
      const response = await postWebhook(server.url, '{"object": "whatsapp_business_account",', { secret: SECRET });
      expect(response.status).toBe(400);
      expect(response.text).toContain('not valid JSON');
    });

    it.each(['[]', '"text"', '42', 'null', 'true'])('answers 400 for JSON that is not an object: %s', async (raw) => {
      expect((await postWebhook(server.url, raw, { secret: SECRET })).status).toBe(400);
    });

    it('answers 400 for an empty body', async () => {
      expect((await postWebhook(server.url, '', { secret: SECRET })).status).toBe(400);
    });

    it('answers 413 for a body over 3 MB', async () => {
      const raw = JSON.stringify({ object: 'whatsapp_business_account', padding: 'x'.repeat(3 * 1024 * 1024) });
      expect((await postWebhook(server.url, raw, { secret: SECRET })).status).toBe(413);
    });

    it('accepts a body just under 3 MB', async () => {
      const raw = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [],
        padding: 'x'.repeat(3 * 1024 * 1024 - 200),
      });
      expect((await postWebhook(server.url, raw, { secret: SECRET })).status).toBe(200);
    });

    it.each([
      [
        'unknown fields everywhere',
        {
          object: 'whatsapp_business_account',
          extra: 1,
          entry: [{ id: '1', changes: [{ field: 'messages', value: { surprise: true } }] }],
        },
      ],
      ['entry of the wrong type', { object: 'whatsapp_business_account', entry: 'nope' }],
      [
        'messages with garbage',
        {
          object: 'whatsapp_business_account',
          entry: [
            {
              id: '1',
              changes: [
                {
                  field: 'messages',
                  value: {
                    messaging_product: 'whatsapp',
                    metadata: { phone_number_id: '1' },
                    messages: [null, 7, { type: {} }],
                  },
                },
              ],
            },
          ],
        },
      ],
      ['an unknown message type', inboundWebhook({ from: '15550001002', text: 'x' })],
      ['another object', { object: 'page', entry: [] }],
    ])('answers 200 for a signed payload with %s', async (_case, payload) => {
      if (_case === 'an unknown message type') {
        const messages = (payload as { entry: { changes: { value: { messages: Record<string, unknown>[] } }[] }[] })
          .entry[0].changes[0].value.messages;
        messages[0].type = 'hologram';
      }
      expect((await postWebhook(server.url, payload, { secret: SECRET })).status).toBe(200);
    });
  });

  describe("Meta's webhook examples", () => {
    const examples = webhookExamples();

    it.each(examples.map((example) => [example.name, example.payload] as const))(
      '"%s" gets 200 and each of its messages is handed over with the right type',
      async (_name, payload) => {
        const messages = (
          payload.entry as { changes: { field: string; value: { messages?: Record<string, unknown>[] } }[] }[]
        )
          .flatMap((entry) => entry.changes)
          .filter((change) => change.field === 'messages')
          .flatMap((change) => change.value.messages ?? []);
        // The examples reuse message ids; make each unique so dedupe does not hide a second delivery.
        for (const message of messages) message.id = newMessageId();
        const response = await postWebhook(server.url, payload, { secret: SECRET });
        expect(response.status).toBe(200);
        for (const message of messages) {
          const received = await waitFor(
            () => server.logsWith('message received').find((record) => record.messageId === message.id),
            { description: `processing of ${String(message.id)}` },
          );
          expect(received.type).toBe(expectedType(message));
        }
      },
    );
  });

  it('handles every entry, change and message of a batch', async () => {
    const froms = ['15550002001', '15550002002', '15550002003', '15550002004'];
    const ids = froms.map(() => newMessageId());
    const payload = {
      object: 'whatsapp_business_account',
      entry: [0, 1].map((entryIndex) => ({
        id: `entry-${entryIndex}`,
        changes: [0, 1].map((changeIndex) => {
          const index = entryIndex * 2 + changeIndex;
          return {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
              contacts: [{ profile: { name: `User ${index}` }, wa_id: froms[index] }],
              messages: [
                { from: froms[index], id: ids[index], timestamp: '1700000000', type: 'text', text: { body: 'hi' } },
              ],
            },
          };
        }),
      })),
    };
    expect((await postWebhook(server.url, payload, { secret: SECRET })).status).toBe(200);
    await waitFor(() => froms.every((from) => graph.messagesTo(from).length === 1), {
      description: 'a menu for each user',
    });
    expect(graph.readReceipts().filter((receipt) => ids.includes(String(receipt.message_id)))).toHaveLength(4);
  });

  it('answers a username-only sender (2026 shape) with `recipient` instead of `to`', async () => {
    const id = newMessageId();
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
                contacts: [{ profile: { name: 'Anon', username: 'anon' }, user_id: 'US.13491208655302741918' }],
                messages: [
                  {
                    from_user_id: 'US.13491208655302741918',
                    id,
                    timestamp: '1700000000',
                    type: 'text',
                    text: { body: 'hi' },
                  },
                ],
              },
            },
          ],
        },
      ],
    };
    expect((await postWebhook(server.url, payload, { secret: SECRET })).status).toBe(200);
    await waitFor(() => graph.messagesTo('US.13491208655302741918').length === 1, { description: 'the menu' });
    const [menu] = graph.messagesTo('US.13491208655302741918');
    expect(menu).toMatchObject({ recipient: 'US.13491208655302741918', type: 'interactive' });
    expect(menu).not.toHaveProperty('to');
    expect(graph.readReceipts().some((receipt) => receipt.message_id === id)).toBe(true);
  });

  it('acknowledges statuses (sent, delivered, read, failed) without answering', async () => {
    const statuses = ['sent', 'delivered', 'read', 'failed'].map((status) => ({
      id: newMessageId(),
      status,
      timestamp: '1700000000',
      recipient_id: '15550003000',
      ...(status === 'failed' ? { errors: [{ code: 131047, title: 'Re-engagement message' }] } : {}),
      ...(status === 'sent'
        ? {
            conversation: { id: 'c1', origin: { type: 'service' } },
            pricing: { billable: true, pricing_model: 'PMP', category: 'service' },
          }
        : {}),
    }));
    const before = graph.messageCalls().length;
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '1', phone_number_id: '106540352242922' },
                statuses,
              },
            },
          ],
        },
      ],
    };
    expect((await postWebhook(server.url, payload, { secret: SECRET })).status).toBe(200);
    await waitFor(() =>
      server.logsWith('message delivery failed').some((record) => record.messageId === statuses[3].id),
    );
    expect(graph.messageCalls().length).toBe(before);
  });

  it('acknowledges well under 2 s even when Graph is slow', async () => {
    graph.slowNext(3, 3000, 'messages');
    const started = Date.now();
    const response = await postWebhook(server.url, inboundWebhook({ from: '15550004000', text: 'hi' }), {
      secret: SECRET,
    });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports health', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', uptimeSeconds: expect.any(Number) });
  });
});
