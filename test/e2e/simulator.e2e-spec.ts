import {
  SIMULATOR_BESIDE_REAL_GRAPH_WARNING,
  SIMULATOR_CROSS_ORIGIN,
  SIMULATOR_INVALID_REQUEST,
  SIMULATOR_JSON_ONLY,
  SIMULATOR_TOO_MANY_STREAMS,
  SIMULATOR_UNKNOWN_USER,
} from '../../src/common/errors/error-messages.js';
import { MAX_SUBSCRIBERS } from '../../src/simulator/simulator-hub.service.js';
import { USER_REF_PROBLEM } from '../../src/simulator/simulator-request.parser.js';
import { GraphApiError } from '../../src/whatsapp/graph-api.error.js';
import { MessageTransport } from '../../src/whatsapp/message-transport.port.js';
import { WhatsAppClient } from '../../src/whatsapp/whatsapp.client.js';
import { startTestApp, type TestApp } from '../helpers/create-test-app.js';
import { inboundWebhook, postWebhook } from '../helpers/signed-webhook.js';
import { freePort } from '../../src/testing/free-port.js';
import { spawnApp, waitForStdout, waitUntilHealthy, type SpawnedApp } from '../helpers/spawn-app.js';
import { waitFor } from '../../src/testing/wait-for.js';
import { GraphApiMock } from '../../src/testing/mocks/graph-api.mock-server.js';
import { OpenAiMock } from '../../src/testing/mocks/openai.mock-server.js';
import { entryOf, EventStreamClient, postJson, type StreamedEntry } from './simulator-helpers.js';

const ADA = '15550100001';
const ALAN = '15550100002';
const PHONE_ID = '106540352242922';
/** Nothing listens there: an app with a token must never reach a real Graph during these tests. */
const NO_GRAPH = 'http://127.0.0.1:9';
/** SIMULATOR=on in production needs SIMULATOR_TOKEN, and then every simulator request carries it. */
const SIMULATOR_TOKEN = 'e2e-simulator-token-0123456789abcdef';
const WITH_TOKEN = { authorization: `Bearer ${SIMULATOR_TOKEN}` } as const;

/** Every route the simulator has, as the method and path a client would use. */
const SIMULATOR_ROUTES: ReadonlyArray<readonly ['GET' | 'POST', string]> = [
  ['GET', '/simulator'],
  ['GET', '/simulator/assets/simulator.js'],
  ['GET', '/simulator/assets/sample-sunset.png'],
  ['GET', '/simulator/api/state'],
  ['GET', '/simulator/api/conversations'],
  ['GET', `/simulator/api/conversations/${ADA}`],
  ['GET', '/simulator/api/events'],
  ['POST', '/simulator/api/messages'],
  ['POST', '/simulator/api/users'],
  ['POST', `/simulator/api/users/${ADA}/time-travel`],
  ['POST', `/simulator/api/users/${ADA}/notifications`],
];

async function call(url: string, method: 'GET' | 'POST', body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

const sendAs = (
  server: TestApp,
  waId: string,
  content: Record<string, unknown>,
  headers: Record<string, string> = {},
) => postJson(`${server.url}/simulator/api/messages`, { waId, ...content }, headers);

const byKind = (entries: StreamedEntry[], kind: string) => entries.filter((entry) => entry.kind === kind);

async function conversation(
  server: TestApp,
  waId: string,
  headers: Record<string, string> = {},
): Promise<StreamedEntry[]> {
  const response = await call(`${server.url}/simulator/api/conversations/${waId}`, 'GET', undefined, headers);
  return (JSON.parse(response.text) as { entries: StreamedEntry[] }).entries;
}

describe('Simulator endpoints (e2e)', () => {
  describe.each<[string, Record<string, string>]>([
    ['in production', { NODE_ENV: 'production' }],
    [
      'in production with a token',
      { NODE_ENV: 'production', WP_ACCESS_TOKEN: 'token', WP_PHONE_ID: PHONE_ID, GRAPH_API_URL: NO_GRAPH },
    ],
    ['with a real WP_ACCESS_TOKEN', { WP_ACCESS_TOKEN: 'token', WP_PHONE_ID: PHONE_ID, GRAPH_API_URL: NO_GRAPH }],
    ['with SIMULATOR=off', { SIMULATOR: 'off' }],
  ])('%s', (_, env) => {
    let server: TestApp;
    beforeAll(async () => {
      server = await startTestApp(env);
    });
    afterAll(() => server.close());

    it.each(SIMULATOR_ROUTES)('answers %s %s with 404, exactly like an unknown route', async (method, path) => {
      const answer = await call(
        `${server.url}${path}`,
        method,
        method === 'POST' ? { waId: ADA, type: 'text', text: 'hi' } : undefined,
      );
      const unknown = await call(`${server.url}/no-such-route${path}`, method, method === 'POST' ? {} : undefined);
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.text)).toEqual({
        message: `Cannot ${method} ${path}`,
        error: 'Not Found',
        statusCode: 404,
      });
      expect(answer.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
      expect(JSON.parse(answer.text)).toEqual({ ...JSON.parse(unknown.text), message: `Cannot ${method} ${path}` });
    });
  });

  describe('with SIMULATOR=on beside a real token (production)', () => {
    let graph: GraphApiMock;
    let server: TestApp;
    beforeAll(async () => {
      graph = await new GraphApiMock({ accessToken: 'token', phoneNumberId: PHONE_ID }).start();
      server = await startTestApp({
        NODE_ENV: 'production',
        SIMULATOR: 'on',
        SIMULATOR_TOKEN,
        WP_ACCESS_TOKEN: 'token',
        WP_PHONE_ID: PHONE_ID,
        WP_APP_SECRET: 'app-secret',
        WP_VERIFY_TOKEN: 'verify',
        GRAPH_API_URL: graph.url,
        GRAPH_RETRY_BASE_DELAY_MS: '0',
      });
    });
    afterAll(async () => {
      await server.close();
      await graph.stop();
    });

    it('serves the page and says it was forced on, with fictional numbers only', async () => {
      expect((await call(`${server.url}/simulator`, 'GET', undefined, WITH_TOKEN)).status).toBe(200);
      const state = JSON.parse(
        (await call(`${server.url}/simulator/api/state`, 'GET', undefined, WITH_TOKEN)).text,
      ) as Record<string, unknown>;
      expect(state).toMatchObject({ mode: 'forced-on', fictionalNumbersOnly: true, webhook: { signed: true } });
    });

    it('answers simulated users through the simulated Graph and real users through Graph', async () => {
      const sent = await sendAs(server, ADA, { type: 'text', text: 'hi' }, WITH_TOKEN);
      expect(sent.status).toBe(200);
      expect(sent.json.entry).toMatchObject({ webhook: { status: 200, signed: true } });
      await waitFor(async () => byKind(await conversation(server, ADA, WITH_TOKEN), 'bot').length > 0, {
        timeoutMs: 5000,
        description: 'the simulated reply',
      });

      const real = await postWebhook(server.url, inboundWebhook({ from: '447700900123', text: 'hi' }), {
        secret: 'app-secret',
      });
      expect(real.status).toBe(200);
      await waitFor(() => graph.messagesTo('447700900123').length > 0, {
        timeoutMs: 5000,
        description: 'the real reply at the Graph mock',
      });
      expect(graph.messagesTo(ADA)).toEqual([]);
      expect(graph.server.requests.filter((request) => JSON.stringify(request.json ?? '').includes(ADA))).toEqual([]);
    });

    it('answers a username-only user through the simulated Graph too, and takes no BSUID it did not make', async () => {
      const created = await postJson(
        `${server.url}/simulator/api/users`,
        { name: 'Ada Codes', username: 'ada.codes' },
        WITH_TOKEN,
      );
      const { waId: bsuid } = created.json.user as { waId: string };
      expect((await sendAs(server, bsuid, { type: 'text', text: 'hi' }, WITH_TOKEN)).status).toBe(200);
      await waitFor(async () => byKind(await conversation(server, bsuid, WITH_TOKEN), 'bot').length > 0, {
        timeoutMs: 5000,
        description: 'the simulated reply to the username-only user',
      });
      expect(graph.server.requests.filter((request) => JSON.stringify(request.json ?? '').includes(bsuid))).toEqual([]);

      // A BSUID the simulator did not make may be a real user's: their replies must not stay here.
      const foreign = await sendAs(server, 'US.13491208655302741918', { type: 'text', text: 'hi' }, WITH_TOKEN);
      expect([foreign.status, foreign.json.message]).toEqual([
        400,
        SIMULATOR_INVALID_REQUEST(['waId: a BSUID of a username-only user created with POST /simulator/api/users']),
      ]);
    });

    it("refuses to simulate a number outside the fictional range, so no real user's replies can be taken over", async () => {
      const refused = await sendAs(server, '447700900123', { type: 'text', text: 'hi' }, WITH_TOKEN);
      expect(refused.status).toBe(400);
      expect(refused.json.message).toBe(
        SIMULATOR_INVALID_REQUEST(['waId: a fictional number 1555xxxxxxx while a real WP_ACCESS_TOKEN is configured']),
      );
    });
  });

  describe('in local mode', () => {
    let server: TestApp;
    let openai: OpenAiMock;
    beforeAll(async () => {
      openai = await new OpenAiMock().start();
      server = await startTestApp({
        OPENAI_API_KEY: openai.apiKey,
        OPENAI_BASE_URL: openai.baseURL,
        OPENAI_MAX_RETRIES: '0',
      });
    });
    afterAll(async () => {
      await server.close();
      await openai.stop();
    });

    it('serves the page as static same-origin files: no CDN, no separate dev server', async () => {
      const page = await call(`${server.url}/simulator`, 'GET');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      const references = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
      expect(references.length).toBeGreaterThanOrEqual(3);
      for (const reference of references) expect(reference).toMatch(/^\/simulator\/assets\/[\w.-]+$/);
      for (const [file, type] of [
        ['simulator.js', 'text/javascript; charset=utf-8'],
        ['simulator.css', 'text/css; charset=utf-8'],
        ['icon.svg', 'image/svg+xml'],
        ['sample-sunset.png', 'image/png'],
      ]) {
        const asset = await call(`${server.url}/simulator/assets/${file}`, 'GET');
        expect([file, asset.status, asset.headers.get('content-type')]).toEqual([file, 200, type]);
        // Nothing is fetched from elsewhere: no remote stylesheets, fonts, scripts or imports.
        expect(asset.text).not.toMatch(/@import|url\(\s*['"]?https?:|\bimport\s[^;]*from\s*['"]https?:/);
      }
      expect((await call(`${server.url}/simulator/assets/..%2Fsimulator.controller.ts`, 'GET')).status).toBe(404);
    });

    it('has accessible labels on its controls and a phone viewport', async () => {
      const { text } = await call(`${server.url}/simulator`, 'GET');
      expect(text).toContain('name="viewport" content="width=device-width');
      for (const label of [
        'Type a message',
        'Send',
        'Simulated user',
        'Attach',
        'Send a photo',
        'Send a location',
        'Show inspector',
        'Add a simulated user',
      ]) {
        expect(text).toContain(`aria-label="${label}"`);
      }
    });

    it("streams the bot's answer live after a simulated user message", async () => {
      const stream = await EventStreamClient.open(`${server.url}/simulator/api/events`);
      try {
        expect(stream.status).toBe(200);
        expect(stream.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
        await stream.next((event) => event.event === 'ready', 'the ready event');

        const sent = await sendAs(server, ADA, { type: 'text', text: 'hi' });
        expect(sent.status).toBe(200);

        const menu = entryOf(
          await stream.next(
            (event) => event.event === 'entry' && entryOf(event).kind === 'bot' && entryOf(event).waId === ADA,
            'the bot menu',
          ),
        );
        expect(menu.graph?.body).toMatchObject({
          to: ADA,
          type: 'interactive',
          interactive: { type: 'button', body: { text: 'Hi Ada Lovelace! 👋 What would you like to do?' } },
        });
        const read = await stream.next(
          (event) => event.event === 'entry' && entryOf(event).kind === 'user' && entryOf(event).status === 'read',
          'the message marked read',
        );
        expect(entryOf(read).id).toBe((sent.json.entry as { id: string }).id);
      } finally {
        stream.close();
      }
    });

    it('shows the exact webhook JSON and every Graph body with its schema verdict', async () => {
      const sent = await sendAs(server, ALAN, { type: 'text', text: 'hello' });
      const id = (sent.json.entry as { id: string }).id;
      const entries = await waitFor(
        async () => {
          const all = await conversation(server, ALAN);
          return byKind(all, 'bot').length > 0 && byKind(all, 'receipt').length > 0 ? all : undefined;
        },
        { timeoutMs: 5000, description: "Alan's exchange" },
      );

      const [user] = byKind(entries, 'user');
      expect(user).toMatchObject({ id, status: 'read', webhook: { status: 200, signed: false } });
      expect(JSON.parse((user.webhook as { raw: string }).raw)).toEqual({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: expect.any(String),
            changes: [
              {
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_ID },
                  contacts: [{ profile: { name: 'Alan Turing' }, wa_id: ALAN }],
                  messages: [
                    {
                      from: ALAN,
                      id,
                      timestamp: expect.stringMatching(/^\d+$/),
                      type: 'text',
                      text: { body: 'hello' },
                    },
                  ],
                },
                field: 'messages',
              },
            ],
          },
        ],
      });
      const [receipt] = byKind(entries, 'receipt');
      expect(receipt.graph).toEqual({
        method: 'POST',
        path: `/v23.0/${PHONE_ID}/messages`,
        body: { messaging_product: 'whatsapp', status: 'read', message_id: id },
        valid: true,
        errors: [],
        status: 200,
        response: { success: true },
      });
      const [bot] = byKind(entries, 'bot');
      expect(bot).toMatchObject({
        trigger: id,
        graph: { valid: true, errors: [], status: 200, body: { to: ALAN, recipient_type: 'individual' } },
      });
      expect(bot.graph?.response).toEqual({
        messaging_product: 'whatsapp',
        contacts: [{ input: ALAN, wa_id: ALAN }],
        messages: [{ id: bot.id }],
      });
      expect(bot.id).toMatch(/^wamid\./);
    });

    it('chats as a username-only user: 2026 webhooks, replies by recipient, the window kept by BSUID', async () => {
      const created = await postJson(`${server.url}/simulator/api/users`, {
        name: 'Ada Codes',
        username: '@ada.codes',
      });
      expect(created.status).toBe(201);
      const user = created.json.user as { waId: string; name: string; username: string };
      expect(user).toEqual({ waId: expect.stringMatching(/^US\.\d{20}$/), name: 'Ada Codes', username: 'ada.codes' });
      const bsuid = user.waId;
      const state = JSON.parse((await call(`${server.url}/simulator/api/state`, 'GET')).text) as { users: unknown[] };
      expect(state.users).toContainEqual(user);

      const sent = await sendAs(server, bsuid, { type: 'text', text: 'hi' });
      expect(sent.status).toBe(200);
      const id = (sent.json.entry as { id: string }).id;
      const entries = await waitFor(
        async () => {
          const all = await conversation(server, bsuid);
          return byKind(all, 'bot').length > 0 && byKind(all, 'user')[0]?.status === 'read' ? all : undefined;
        },
        { timeoutMs: 5000, description: "the bot's answer to the username-only user" },
      );

      const [userEntry] = byKind(entries, 'user');
      expect(userEntry).toMatchObject({ waId: bsuid, id, webhook: { status: 200 } });
      const raw = (userEntry.webhook as { raw: string }).raw;
      const { value } = (JSON.parse(raw) as { entry: { changes: { value: Record<string, unknown> }[] }[] }).entry[0]
        .changes[0];
      expect(value.contacts).toEqual([{ profile: { name: 'Ada Codes', username: 'ada.codes' }, user_id: bsuid }]);
      expect(value.messages).toEqual([
        { from_user_id: bsuid, id, timestamp: expect.stringMatching(/^\d+$/), type: 'text', text: { body: 'hi' } },
      ]);
      // Meta withholds the phone number of a username-only user: no `from`, no `wa_id`, anywhere.
      expect(raw).not.toMatch(/"from"|"wa_id"/);

      const [bot] = byKind(entries, 'bot');
      expect(bot.graph).toMatchObject({
        valid: true,
        errors: [],
        status: 200,
        body: {
          recipient: bsuid,
          type: 'interactive',
          interactive: { body: { text: 'Hi Ada Codes! 👋 What would you like to do?' } },
        },
        response: { contacts: [{ input: bsuid, user_id: bsuid }], messages: [{ id: bot.id }] },
      });
      expect(bot.graph?.body).not.toHaveProperty('to');

      // The 24-hour window is the BSUID's: time travel closes it, and Graph then refuses free-form messages.
      const travel = await postJson(`${server.url}/simulator/api/users/${bsuid}/time-travel`, {});
      expect([travel.status, (travel.json.entry as { text: string }).text]).toEqual([
        200,
        '⏩ Time travel: 25 h later. The 24-hour window is closed.',
      ]);
      await expect(server.app.get(WhatsAppClient).sendText(bsuid, 'Still there?')).rejects.toMatchObject({
        status: 400,
        graphCode: 131047,
      });
    });

    it('takes BSUIDs as well as wa_ids in its URLs and bodies, and refuses junk or unknown ones with a clear answer', async () => {
      const unknownUserId = 'US.11111111111111111111';
      const notMade = await sendAs(server, unknownUserId, { type: 'text', text: 'hi' });
      expect([notMade.status, notMade.json.message]).toEqual([
        400,
        SIMULATOR_INVALID_REQUEST(['waId: a BSUID of a username-only user created with POST /simulator/api/users']),
      ]);
      const unknown = await postJson(`${server.url}/simulator/api/users/${unknownUserId}/time-travel`, {});
      expect([unknown.status, unknown.json.message]).toEqual([404, SIMULATOR_UNKNOWN_USER(unknownUserId)]);
      for (const junk of ['us.123', 'US.12-34', 'US.', 'hello']) {
        const travel = await postJson(`${server.url}/simulator/api/users/${junk}/time-travel`, {});
        expect([junk, travel.status, travel.json.message]).toEqual([
          junk,
          400,
          SIMULATOR_INVALID_REQUEST([USER_REF_PROBLEM]),
        ]);
      }
      const stream = await call(`${server.url}/simulator/api/events?waId=hello`, 'GET');
      expect([stream.status, JSON.parse(stream.text).message]).toEqual([
        400,
        SIMULATOR_INVALID_REQUEST([USER_REF_PROBLEM]),
      ]);
      const badUsername = await postJson(`${server.url}/simulator/api/users`, { name: 'Ada', username: 'Ada Codes!' });
      expect(badUsername.status).toBe(400);
      expect(badUsername.json.message).toContain('username: 3 to 35 lowercase letters');
      const both = await postJson(`${server.url}/simulator/api/users`, {
        name: 'Ada',
        username: 'ada.codes',
        waId: '15550100042',
      });
      expect([both.status, both.json.message]).toEqual([
        400,
        SIMULATOR_INVALID_REQUEST(['waId: leave it out for a username-only user (no phone number)']),
      ]);
    });

    it("reports a body that fails Meta's spec as invalid, refused like Graph would refuse it", async () => {
      const stream = await EventStreamClient.open(`${server.url}/simulator/api/events?waId=${ADA}`);
      try {
        await stream.next((event) => event.event === 'ready', 'the ready event');
        const bad = {
          messaging_product: 'whatsapp',
          to: ADA,
          type: 'text',
          text: { body: 'no recipient_type', bold: true },
        } as const;

        const error = await server.app
          .get(MessageTransport)
          .post(bad)
          .catch((caught: unknown) => caught);

        expect(error).toBeInstanceOf(GraphApiError);
        expect(error).toMatchObject({ status: 400, graphCode: 100 });
        const refused = entryOf(
          await stream.next(
            (event) => event.event === 'entry' && entryOf(event).graph?.valid === false,
            'the refused body',
          ),
        );
        expect(refused.graph).toMatchObject({
          body: bad,
          valid: false,
          status: 400,
          response: { error: { code: 100, message: '(#100) Invalid parameter' } },
        });
        expect(refused.graph?.errors.join('\n')).toContain('recipient_type');
        expect(refused.graph?.errors.join('\n')).toContain('bold');
      } finally {
        stream.close();
      }
    });

    it('shows the typing indicator while the AI answers (mock OpenAI)', async () => {
      const grace = (await postJson(`${server.url}/simulator/api/users`, { name: 'Grace Hopper' })).json.user as {
        waId: string;
      };
      expect(grace.waId).toMatch(/^1555\d{7}$/);
      const stream = await EventStreamClient.open(`${server.url}/simulator/api/events?waId=${grace.waId}`);
      try {
        await sendAs(server, grace.waId, { type: 'text', text: 'AI chat' });
        await stream.next(
          (event) =>
            event.event === 'entry' && JSON.stringify(entryOf(event).graph?.body ?? '').includes('AI assistant'),
          'the AI intro',
        );
        openai.delayWith(() => 300);
        await sendAs(server, grace.waId, { type: 'text', text: 'What is a compiler?' });
        const typing = await stream.next((event) => event.event === 'typing', 'the typing indicator');
        expect(typing.data).toMatchObject({ waId: grace.waId, until: expect.any(String) });
        await stream.next(
          (event) =>
            event.event === 'entry' &&
            JSON.stringify(entryOf(event).graph?.body ?? '').includes('Echo: What is a compiler?'),
          'the AI answer',
        );
      } finally {
        openai.delayWith(() => 0);
        stream.close();
      }
    });

    it('travels in time to close the window: a text notification is then refused (422), a template goes out, free-form gets 131047', async () => {
      const template = { name: 'order_update', language: 'en_US', components: [] };
      await sendAs(server, ALAN, { type: 'text', text: 'hi' });
      await waitFor(async () => byKind(await conversation(server, ALAN), 'bot').length > 0 || undefined, {
        timeoutMs: 10_000,
        description: "the bot's answer to Alan",
      });
      const url = (action: string) => `${server.url}/simulator/api/users/${ALAN}/${action}`;

      const inside = await postJson(url('notifications'), { text: 'Your order shipped', template });
      expect([inside.status, inside.json.receipt]).toEqual([
        202,
        { id: expect.stringMatching(/^ntf_/), channel: 'text', status: 'accepted' },
      ]);

      const travel = await postJson(url('time-travel'), { hours: 25 });
      expect(travel.status).toBe(200);
      expect(travel.json.entry).toMatchObject({ kind: 'note', waId: ALAN, text: expect.stringContaining('closed') });

      const textOnly = await postJson(url('notifications'), { text: 'Your order shipped' });
      expect([textOnly.status, (textOnly.json.error as { code: string }).code]).toEqual([422, 'OUTSIDE_WINDOW']);
      const outside = await postJson(url('notifications'), { text: 'Your order shipped', template });
      expect([outside.status, (outside.json.receipt as { channel: string }).channel]).toEqual([202, 'template']);
      const freeForm = await server.app
        .get(WhatsAppClient)
        .sendText(ALAN, 'Are you still there?')
        .catch((caught: unknown) => caught);
      expect(freeForm).toMatchObject({ status: 400, graphCode: 131047 });

      const sent = byKind(await conversation(server, ALAN), 'bot').map((entry) => [
        entry.graph?.body.type,
        entry.graph?.status,
      ]);
      // The text notification, the template, then the refused free-form message, in that order.
      expect(sent.slice(-3)).toEqual([
        ['text', 200],
        ['template', 200],
        ['text', 400],
      ]);
      const notes = byKind(await conversation(server, ALAN), 'note').map((entry) => entry.text);
      expect(notes).toEqual([
        expect.stringMatching(/^🔔 Notification ntf_\w+ sent as text\.$/),
        '⏩ Time travel: 25 h later. The 24-hour window is closed.',
        expect.stringMatching(/^🔔 Notification ntf_\w+ sent as template\.$/),
      ]);

      // A user message reopens the window: the bot's own answer to it goes through again.
      await sendAs(server, ALAN, { type: 'text', text: 'menu' });
      await waitFor(async () => (await conversation(server, ALAN)).at(-1)?.graph?.status === 200 || undefined, {
        timeoutMs: 10_000,
        description: 'the menu sent after the window reopened',
      });
      await expect(server.app.get(WhatsAppClient).sendText(ALAN, 'Welcome back')).resolves.toBeDefined();
    });

    it('refuses a bad time travel or notification with 400 naming the field, an unknown user with 404', async () => {
      const travel = await postJson(`${server.url}/simulator/api/users/${ADA}/time-travel`, { hours: 0 });
      expect([travel.status, travel.json.message]).toEqual([
        400,
        SIMULATOR_INVALID_REQUEST(['hours: a whole number from 1 to 720']),
      ]);
      const notify = await postJson(`${server.url}/simulator/api/users/${ADA}/notifications`, {
        text: 'x'.repeat(4097),
        category: 'spam',
      });
      expect(notify.status).toBe(400);
      expect(JSON.stringify(notify.json)).toContain('text');
      expect(JSON.stringify(notify.json)).toContain('category');
      const unknown = await postJson(`${server.url}/simulator/api/users/19999999999/time-travel`, {});
      expect([unknown.status, unknown.json.message]).toEqual([404, SIMULATOR_UNKNOWN_USER('19999999999')]);
      const form = await fetch(`${server.url}/simulator/api/users/${ADA}/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ text: 'hi' }),
      });
      expect(form.status).toBe(415);
    });

    it('answers a bad request with 400 naming every problem, a post from elsewhere with 415/403, an unknown user with 404', async () => {
      const bad = await postJson(`${server.url}/simulator/api/messages`, { waId: 'x', type: 'text' });
      expect(bad.status).toBe(400);
      expect(bad.json.message).toBe(
        SIMULATOR_INVALID_REQUEST([USER_REF_PROBLEM, 'text: non-blank string of at most 4096 characters']),
      );
      // Only the page itself may post: JSON only (so browsers preflight cross-site posts) and no foreign Origin.
      const form = await fetch(`${server.url}/simulator/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ waId: ADA, type: 'text', text: 'hi' }),
      });
      expect([form.status, ((await form.json()) as { message: string }).message]).toEqual([415, SIMULATOR_JSON_ONLY()]);
      const foreign = await fetch(`${server.url}/simulator/api/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
        body: JSON.stringify({ name: 'Mallory' }),
      });
      expect([foreign.status, ((await foreign.json()) as { message: string }).message]).toEqual([
        403,
        SIMULATOR_CROSS_ORIGIN(),
      ]);
      const own = await fetch(`${server.url}/simulator/api/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({ name: 'Katherine Johnson' }),
      });
      expect(own.status).toBe(201);

      const unknown = await call(`${server.url}/simulator/api/conversations/19999999999`, 'GET');
      expect(unknown.status).toBe(404);
      expect(JSON.parse(unknown.text).message).toBe(SIMULATOR_UNKNOWN_USER('19999999999'));
    });
  });

  describe('with WP_APP_SECRET set', () => {
    let server: TestApp;
    beforeAll(async () => {
      server = await startTestApp({ WP_APP_SECRET: 'simulator-secret' });
    });
    afterAll(() => server.close());

    it('signs each webhook like Meta, so it passes the real signature check', async () => {
      const sent = await sendAs(server, ADA, { type: 'text', text: 'hi' });
      expect(sent.json.entry).toMatchObject({
        status: expect.stringMatching(/^(delivered|read)$/),
        webhook: { status: 200, signed: true },
      });
      // The same JSON without a signature is refused: the 200 above came from a valid signature.
      const raw = (sent.json.entry as { webhook: { raw: string } }).webhook.raw;
      expect((await postWebhook(server.url, raw)).status).toBe(401);
    });
  });

  it('bounds its event streams and frees them when clients leave', async () => {
    const server = await startTestApp({});
    const streams: EventStreamClient[] = [];
    try {
      for (let i = 0; i < MAX_SUBSCRIBERS; i++)
        streams.push(await EventStreamClient.open(`${server.url}/simulator/api/events`));
      expect(streams.every((stream) => stream.status === 200)).toBe(true);
      const refused = await call(`${server.url}/simulator/api/events`, 'GET');
      expect([refused.status, JSON.parse(refused.text).message]).toEqual([
        503,
        SIMULATOR_TOO_MANY_STREAMS(MAX_SUBSCRIBERS),
      ]);

      for (const stream of streams.splice(0)) stream.close();
      const reopened = await waitFor(
        async () => {
          const stream = await EventStreamClient.open(`${server.url}/simulator/api/events`);
          if (stream.status === 200) return stream;
          stream.close();
          return undefined;
        },
        { timeoutMs: 5000, intervalMs: 50, description: 'a free stream slot' },
      );
      streams.push(reopened);
    } finally {
      for (const stream of streams) stream.close();
      await server.close();
    }
  });

  it('closes its event streams on shutdown, so app.close() is not held up', async () => {
    const server = await startTestApp({});
    const stream = await EventStreamClient.open(`${server.url}/simulator/api/events`);
    await stream.next((event) => event.event === 'ready', 'the ready event');
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(3000);
    await waitFor(() => stream.isEnded, { timeoutMs: 2000, description: 'the stream to end' });
  });
});

describe('Simulator boot line and shutdown (process e2e)', () => {
  let app: SpawnedApp | undefined;
  afterEach(() => {
    // Only the process this test started, by its handle.
    if (app && app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
  });

  it('prints the simulator URL in local mode and exits 0 on SIGTERM with a page connected', async () => {
    const port = await freePort();
    app = spawnApp({}, undefined, port);
    await waitUntilHealthy(app);
    await waitForStdout(app, `simulator: http://localhost:${port}/simulator`);
    const stream = await EventStreamClient.open(`http://127.0.0.1:${port}/simulator/api/events`);
    await stream.next((event) => event.event === 'ready', 'the ready event');
    const started = Date.now();
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    stream.close();
  });

  it('prints the URL and a warning when SIMULATOR=on turns it on in production', async () => {
    const port = await freePort();
    const env = {
      NODE_ENV: 'production',
      SIMULATOR: 'on',
      SIMULATOR_TOKEN,
      WP_ACCESS_TOKEN: 't',
      WP_PHONE_ID: PHONE_ID,
      WP_APP_SECRET: 's',
      WP_VERIFY_TOKEN: 'v',
      GRAPH_API_URL: NO_GRAPH,
    };
    app = spawnApp(env, undefined, port);
    await waitUntilHealthy(app);
    await waitForStdout(app, `simulator: http://localhost:${port}/simulator`);
    expect(app.output().stdout).toContain(SIMULATOR_BESIDE_REAL_GRAPH_WARNING());
    expect((await call(`http://127.0.0.1:${port}/simulator`, 'GET', undefined, WITH_TOKEN)).status).toBe(200);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });

  it.each<[string, Record<string, string>, string]>([
    [
      'a token is configured',
      // A token needs its app secret, or the boot stops before any simulator line.
      { WP_ACCESS_TOKEN: 'token', WP_APP_SECRET: 's', WP_PHONE_ID: PHONE_ID, GRAPH_API_URL: NO_GRAPH },
      'simulator off: WP_ACCESS_TOKEN is configured',
    ],
    [
      'in production',
      {
        NODE_ENV: 'production',
        WP_ACCESS_TOKEN: 't',
        WP_PHONE_ID: PHONE_ID,
        WP_APP_SECRET: 's',
        WP_VERIFY_TOKEN: 'v',
        GRAPH_API_URL: NO_GRAPH,
      },
      'simulator off: NODE_ENV=production (set SIMULATOR=on to enable it)',
    ],
  ])('says the simulator is off and how to turn it on when %s', async (_, env, line) => {
    const port = await freePort();
    app = spawnApp(env, undefined, port);
    await waitUntilHealthy(app);
    await waitForStdout(app, line);
    expect(app.output().stdout).toContain('set SIMULATOR=on to enable it');
    expect((await call(`http://127.0.0.1:${port}/simulator`, 'GET')).status).toBe(404);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });
});
