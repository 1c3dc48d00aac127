import { jest } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { MAX_BODY_DEPTH } from '../../src/webhook/webhook-body.js';
import { startTestApp, type TestApp } from '../helpers/create-test-app.js';
import { inboundWebhook, newMessageId, postWebhook } from '../helpers/signed-webhook.js';
import { waitFor } from '../../src/testing/wait-for.js';
import { GraphApiMock } from '../../src/testing/mocks/graph-api.mock-server.js';

const SECRET = 'fail-closed-app-secret';
const ACCESS_TOKEN = 'fail-closed-access-token';
const PHONE_ID = '106540352242922';

/** Lets a wrongly accepted message reach Graph before a test checks that nothing did. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

/** Warn lines of the refusal log, parsed. */
const refusals = (server: TestApp) =>
  server.logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((record) => record.context === 'WebhookIntake' && record.level === 40);

describe('Fail-closed intake, with a real token and NODE_ENV unset (e2e)', () => {
  let graph: GraphApiMock;
  let server: TestApp;

  beforeAll(async () => {
    graph = await new GraphApiMock({ accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_ID }).start();
    server = await startTestApp({
      NODE_ENV: undefined,
      WP_APP_SECRET: SECRET,
      WP_ACCESS_TOKEN: ACCESS_TOKEN,
      WP_PHONE_ID: PHONE_ID,
      GRAPH_API_URL: graph.url,
    });
  });
  afterAll(async () => {
    await server.close();
    await graph.stop();
  });

  describe('content type', () => {
    it.each([
      ['text/plain', 'text/plain'],
      ['a form', 'application/x-www-form-urlencoded'],
      ['multipart', 'multipart/form-data; boundary=x'],
      ['a JSON look-alike', 'application/jsonp'],
      ['JSON under another type', 'text/json'],
    ])('answers 415 to %s, signed or not, and sends nothing', async (_case, contentType) => {
      const raw = JSON.stringify(inboundWebhook({ from: '15550100001', text: 'hi' }));
      const before = graph.messageCalls().length;
      expect((await postWebhook(server.url, raw, { contentType })).status).toBe(415);
      expect((await postWebhook(server.url, raw, { contentType, secret: SECRET })).status).toBe(415);
      await settle();
      expect(graph.messageCalls().length).toBe(before);
    });

    it('answers 415 to a body without a content type', async () => {
      const response = await fetch(`${server.url}/webhook`, { method: 'POST', body: new Blob(['{}']) });
      expect(response.status).toBe(415);
    });

    it('accepts application/json with a charset parameter', async () => {
      const id = newMessageId();
      const raw = JSON.stringify(inboundWebhook({ from: '15550100002', id, text: 'hi' }));
      expect(
        (await postWebhook(server.url, raw, { secret: SECRET, contentType: 'application/json; charset=utf-8' })).status,
      ).toBe(200);
      await waitFor(() => graph.messagesTo('15550100002').length === 1, { description: 'the answer' });
    });
  });

  describe('signatures', () => {
    it('refuses an unsigned webhook with 401 although NODE_ENV is unset, and sends nothing to the number in it', async () => {
      const before = graph.messageCalls().length;
      const response = await postWebhook(server.url, inboundWebhook({ from: '15550100003', text: 'hi' }));
      expect(response.status).toBe(401);
      await settle();
      expect(graph.messageCalls().length).toBe(before);
      expect(graph.messagesTo('15550100003')).toEqual([]);
    });

    it('logs each refusal once at warn with its reason and request id, never the body or the header, and a flood adds no line', async () => {
      const body = JSON.stringify(inboundWebhook({ from: '15550100004', text: 'SECRET-BODY-TEXT' }));
      const wrong = `sha256=${createHmac('sha256', 'other').update(body).digest('hex')}`;
      const refuse = {
        'missing signature': () => postWebhook(server.url, body),
        'bad signature format': () => postWebhook(server.url, body, { signature: 'sha256=not-hex' }),
        'signature mismatch': () => postWebhook(server.url, body, { signature: wrong }),
        'malformed JSON': () => postWebhook(server.url, '{"object":', { secret: SECRET }),
        'body not an object': () => postWebhook(server.url, '[]', { secret: SECRET }),
        'unsupported content type': () => postWebhook(server.url, body, { secret: SECRET, contentType: 'text/plain' }),
        'body too large': () => postWebhook(server.url, 'x'.repeat(3 * 1024 * 1024 + 1), { secret: SECRET }),
      } as const;
      const expectedStatus = {
        'malformed JSON': 400,
        'body not an object': 400,
        'unsupported content type': 415,
        'body too large': 413,
      } as Record<string, number>;

      for (const [reason, post] of Object.entries(refuse)) {
        expect([reason, (await post()).status]).toEqual([reason, expectedStatus[reason] ?? 401]);
        const lines = await waitFor(
          () => {
            const found = refusals(server).filter((record) => record.reason === reason);
            return found.length > 0 && found;
          },
          { description: `a refusal line for ${reason}` },
        );
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatchObject({ reason, requestId: expect.any(String) });
      }

      // A flood within the 10 s window: counted, not written.
      for (let i = 0; i < 40; i += 1) await refuse['signature mismatch']();
      for (let i = 0; i < 40; i += 1) await refuse['missing signature']();
      await settle();
      for (const reason of Object.keys(refuse)) {
        expect([reason, refusals(server).filter((record) => record.reason === reason)]).toEqual([
          reason,
          [expect.anything()],
        ]);
      }
      const logged = server.logLines.join('\n');
      expect(logged).not.toContain('SECRET-BODY-TEXT');
      expect(logged).not.toContain(wrong.slice(7));
      expect(logged).not.toContain('not-hex');
    });

    it('checks the signature before parsing: an unsigned 3 MB body is never parsed', async () => {
      const raw = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [],
        padding: 'x'.repeat(3 * 1024 * 1024 - 100),
      });
      const parse = jest.spyOn(JSON, 'parse');
      try {
        expect((await postWebhook(server.url, raw)).status).toBe(401);
        expect((await postWebhook(server.url, raw, { signature: `sha256=${'0'.repeat(64)}` })).status).toBe(401);
        expect(parse.mock.calls.filter(([text]) => typeof text === 'string' && text.length > 1_000_000)).toEqual([]);
        // The same body, signed, is parsed once and accepted.
        expect((await postWebhook(server.url, raw, { secret: SECRET })).status).toBe(200);
        expect(parse.mock.calls.filter(([text]) => typeof text === 'string' && text.length > 1_000_000)).toHaveLength(
          1,
        );
      } finally {
        parse.mockRestore();
      }
    });
  });

  describe('no input value can make a 5xx', () => {
    const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

    it.each([
      ['object', () => `{"object":${deep(10_000)}}`],
      ['entry', () => `{"object":"whatsapp_business_account","entry":${deep(10_000)}}`],
      [
        'a message text',
        () =>
          JSON.stringify(inboundWebhook({ from: '15550100005', text: 'x' })).replace(
            '"body":"x"',
            `"body":${deep(5000)}`,
          ),
      ],
      ['the top level', () => deep(100_000)],
    ])('answers 400 to a signed body nested thousands of levels deep in %s, and keeps serving', async (_case, make) => {
      const response = await postWebhook(server.url, make(), { secret: SECRET });
      expect(response.status).toBe(400);
      expect(response.text).toContain(`more than ${MAX_BODY_DEPTH} levels`);
      const id = newMessageId();
      expect(
        (await postWebhook(server.url, inboundWebhook({ from: '15550100006', id, text: 'hi' }), { secret: SECRET }))
          .status,
      ).toBe(200);
      await waitFor(() => graph.readReceipts().some((receipt) => receipt.message_id === id), {
        description: 'the next message',
      });
    });

    it('logs a long foreign object name cut to 200 characters', async () => {
      const response = await postWebhook(server.url, { object: 'p'.repeat(100_000), entry: [] }, { secret: SECRET });
      expect(response.status).toBe(200);
      const line = await waitFor(() => server.logsWith('webhook for another object ignored').at(-1));
      expect(String(line.object).length).toBeLessThanOrEqual(201);
    });
  });

  describe('message ids', () => {
    it.each([
      ['empty', ''],
      ['257 characters', 'w'.repeat(257)],
      ['a newline', 'wamid.a\nb'],
      ['non-ASCII', 'wamid.é'],
      ['a control character', 'wamid.\u0000'],
      ['a number', 42],
    ])('skips and logs a message whose id is %s, and answers the rest of the batch', async (_case, badId) => {
      const goodId = newMessageId();
      const payload = inboundWebhook(
        { from: '15550100007', text: 'bad' },
        { from: '15550100008', id: goodId, text: 'good' },
      );
      const messages = (payload.entry as { changes: { value: { messages: Record<string, unknown>[] } }[] }[])[0]
        .changes[0].value.messages;
      messages[0].id = badId;
      const before = server.logsWith('webhook item not handled').length;
      expect((await postWebhook(server.url, payload, { secret: SECRET })).status).toBe(200);
      await waitFor(() => graph.readReceipts().some((receipt) => receipt.message_id === goodId), {
        description: 'the good message',
      });
      const skipped = server.logsWith('webhook item not handled').slice(before);
      expect(skipped).toEqual([
        expect.objectContaining({
          level: 40,
          path: 'entry[0].changes[0].value.messages[0]',
          reason: expect.stringContaining('id'),
        }),
      ]);
      expect(graph.readReceipts().some((receipt) => receipt.message_id === badId)).toBe(false);
    });

    it('accepts 256 printable ASCII characters', async () => {
      const id = `wamid.${'~ '.repeat(125)}`;
      expect(id).toHaveLength(256);
      expect(
        (await postWebhook(server.url, inboundWebhook({ from: '15550100009', id, text: 'hi' }), { secret: SECRET }))
          .status,
      ).toBe(200);
      await waitFor(() => graph.readReceipts().some((receipt) => receipt.message_id === id), {
        description: 'read receipt',
      });
    });
  });
});

describe('Local mode intake (e2e)', () => {
  it('is not local mode with a token: unsigned webhooks get 401 even without a secret (behind the boot check)', async () => {
    const server = await startTestApp({
      NODE_ENV: undefined,
      WP_ACCESS_TOKEN: ACCESS_TOKEN,
      WP_PHONE_ID: PHONE_ID,
      GRAPH_API_URL: 'http://127.0.0.1:9',
    });
    try {
      expect((await postWebhook(server.url, inboundWebhook({ from: '15550100011', text: 'hi' }))).status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('accepts an unsigned webhook from loopback when there is no token and no secret', async () => {
    const server = await startTestApp({});
    try {
      const response = await postWebhook(server.url, inboundWebhook({ from: '15550100010', text: 'hi' }));
      expect(response.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
