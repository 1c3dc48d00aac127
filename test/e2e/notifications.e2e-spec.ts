import { NOTIFICATION_OPTED_OUT, NOTIFICATION_OUTSIDE_WINDOW } from '../../src/common/errors/error-messages.js';
import { CONSENT_TEXT } from '../../src/consent/consent.texts.js';
import { waitFor } from '../../src/testing/wait-for.js';
import { startTestApp } from '../helpers/create-test-app.js';
import { E2E_SECRETS, startE2eBot, type E2eBot } from '../helpers/e2e-bot.js';
import { postWebhook, statusWebhook } from '../helpers/signed-webhook.js';

const API_TOKEN = 'e2e-api-token-0123456789abcdef-0123456789';

let nextUser = 0;
const freshWaId = () => `1555${String(Math.floor(Math.random() * 900) + 100)}${String(++nextUser).padStart(4, '0')}`;

interface Answer {
  readonly status: number;
  readonly json: Record<string, unknown> & { error?: { code?: string; message?: string; fields?: unknown } };
}

async function api(url: string, path: string, init: { method?: string; body?: unknown; token?: string | null } = {}) {
  const token = init.token === undefined ? API_TOKEN : init.token;
  const response = await fetch(`${url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : {}) as Answer['json'] };
}

const TEMPLATE = { name: 'order_update', language: 'en_US', components: [] };

describe('Notifications API (e2e, in-process)', () => {
  let bot: E2eBot;
  const post = (body: unknown, token?: string | null) =>
    api(bot.server.url, '/api/notifications', { body, ...(token !== undefined ? { token } : {}) });
  const get = (id: string) => api(bot.server.url, `/api/notifications/${id}`);
  const sendStatus = (messageId: string, to: string, status: string, error?: { code: number; title: string }) =>
    postWebhook(bot.server.url, statusWebhook(messageId, to, status, error), { secret: E2E_SECRETS.WP_APP_SECRET });

  beforeAll(async () => {
    bot = await startE2eBot({ API_TOKEN });
  });
  afterAll(async () => {
    await bot?.stop();
  });
  afterEach(() => {
    expect(bot.graph.invalidBodies()).toEqual([]);
  });

  /** A user who just wrote (the reply to "hi" is awaited, so the window is recorded). */
  async function userInWindow() {
    const user = bot.user(freshWaId());
    await user.say('hi');
    await user.waitForMessages(1);
    return user;
  }

  it('finds the user behind a BSUID that came with their wa_id: the window is theirs, the text goes to the number', async () => {
    const waId = freshWaId();
    const userId = `US.1349120865530${waId}`;
    const user = bot.user(waId);
    expect(await bot.post({ from: waId, userId, text: 'hi' })).toBe(200);
    await user.waitForMessages(1);
    const answer = await post({ to: userId, text: 'Your order shipped' });
    expect(answer.json).toMatchObject({ channel: 'text', status: 'accepted' });
    expect(user.messages().at(-1)).toMatchObject({ to: waId, text: { body: 'Your order shipped' } });
  });

  it('sends the text inside the window', async () => {
    const user = await userInWindow();
    const answer = await post({ to: user.waId, text: 'Your order shipped', template: TEMPLATE });
    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({ id: expect.stringMatching(/^ntf_/), channel: 'text', status: 'accepted' });
    const last = user.messages().at(-1) as Record<string, unknown>;
    expect(last).toMatchObject({ type: 'text', text: { body: 'Your order shipped' } });
    const record = await get(answer.json.id as string);
    expect(record.status).toBe(200);
    expect(record.json).toMatchObject({
      id: answer.json.id,
      to: `*******${user.waId.slice(-4)}`,
      channel: 'text',
      status: 'accepted',
      messageId: expect.stringMatching(/^wamid\./),
      attempts: [{ channel: 'text', messageId: expect.stringMatching(/^wamid\./) }],
    });
  });

  it('sends the template, components as given, to a user who never wrote', async () => {
    const to = freshWaId();
    const components = [{ type: 'body', parameters: [{ type: 'text', text: '42' }] }];
    const answer = await post({ to, text: 'Your order shipped', template: { ...TEMPLATE, components } });
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({ channel: 'template', status: 'accepted' });
    expect(bot.graph.messagesTo(to)).toEqual([
      expect.objectContaining({
        type: 'template',
        template: { name: 'order_update', language: { policy: 'deterministic', code: 'en_US' }, components },
      }),
    ]);
  });

  it('answers 422 OUTSIDE_WINDOW without a template outside the window, sending nothing', async () => {
    const to = freshWaId();
    const answer = await post({ to, text: 'Your order shipped' });
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({ error: { code: 'OUTSIDE_WINDOW', message: NOTIFICATION_OUTSIDE_WINDOW() } });
    expect(bot.graph.messagesTo(to)).toEqual([]);
  });

  it('falls back to the template once when Graph refuses the text with 131047, recording both attempts', async () => {
    const user = await userInWindow();
    const before = user.messages().length;
    bot.graph.failNext(1, { status: 400, graphCode: 131047, message: 'Re-engagement message' }, 'message');
    const answer = await post({ to: user.waId, text: 'Your order shipped', template: TEMPLATE });
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({ channel: 'template', status: 'accepted' });
    expect(
      user
        .messages()
        .slice(before)
        .map((message) => message.type),
    ).toEqual(['template']);
    const record = await get(answer.json.id as string);
    expect(record.json).toMatchObject({
      channel: 'template',
      status: 'accepted',
      attempts: [
        { channel: 'text', error: { code: 131047, title: 'Re-engagement message' } },
        { channel: 'template', messageId: expect.stringMatching(/^wamid\./) },
      ],
    });
  });

  it('refuses marketing to a user who sent STOP with 409, and still sends utility', async () => {
    const user = await userInWindow();
    await user.say('STOP');
    const [, optedOut] = await user.waitForMessages(2);
    expect(optedOut).toBe(CONSENT_TEXT.optedOut('START'));
    await user.say('stop');
    expect((await user.waitForMessages(3))[2]).toBe(CONSENT_TEXT.alreadyOptedOut('START'));
    const consent = await api(bot.server.url, `/api/users/${user.waId}/consent`);
    expect(consent.json).toEqual({ marketing: 'opted_out', updatedAt: expect.any(String) });

    const marketing = await post({ to: user.waId, text: 'Sale!', category: 'marketing' });
    expect(marketing.status).toBe(409);
    expect(marketing.json).toEqual({ error: { code: 'OPTED_OUT', message: NOTIFICATION_OPTED_OUT() } });
    expect(user.messages()).toHaveLength(3);
    const utility = await post({ to: user.waId, text: 'Your order shipped', category: 'utility' });
    expect(utility.status).toBe(202);
    expect(user.messages()).toHaveLength(4);

    await user.say('Start');
    expect((await user.waitForMessages(5))[4]).toBe(CONSENT_TEXT.optedIn('STOP'));
    expect((await post({ to: user.waId, text: 'Sale!', category: 'marketing' })).status).toBe(202);
  });

  it('answers the first id for a repeated idempotency key and sends once', async () => {
    const to = freshWaId();
    const body = { to, template: TEMPLATE, idempotencyKey: `order-${to}-shipped` };
    const first = await post(body);
    const second = await post(body);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.json.id).toBe(first.json.id);
    expect(bot.graph.messagesTo(to)).toHaveLength(1);
  });

  it('moves the status forward with the webhooks, never back, and keeps the code of a failure', async () => {
    const to = freshWaId();
    const answer = await post({ to, template: TEMPLATE });
    const id = answer.json.id as string;
    const messageId = (await get(id)).json.messageId as string;
    const statusOf = async () => (await get(id)).json.status;
    await sendStatus(messageId, to, 'delivered');
    await waitFor(async () => (await statusOf()) === 'delivered', { description: 'delivered' });
    await sendStatus(messageId, to, 'read');
    await waitFor(async () => (await statusOf()) === 'read', { description: 'read' });
    await sendStatus(messageId, to, 'delivered');
    await sendStatus(messageId, to, 'sent');
    // A later status for another notification is processed after these (same mock, same queue order per user).
    const other = await post({ to, template: TEMPLATE });
    const otherMessageId = (await get(other.json.id as string)).json.messageId as string;
    await sendStatus(otherMessageId, to, 'failed', { code: 131026, title: 'Message undeliverable' });
    await waitFor(async () => (await get(other.json.id as string)).json.status === 'failed', { description: 'failed' });
    expect(await statusOf()).toBe('read');
    expect((await get(other.json.id as string)).json).toMatchObject({
      status: 'failed',
      error: { code: 131026, title: 'Message undeliverable' },
    });
  });

  it('answers 401 without or with a wrong token, and 404 for an unknown id', async () => {
    expect((await post({ to: freshWaId(), template: TEMPLATE }, null)).status).toBe(401);
    const wrong = await post({ to: freshWaId(), template: TEMPLATE }, 'wrong-token-wrong-token-wrong-token');
    expect(wrong.status).toBe(401);
    expect(wrong.json.error?.code).toBe('UNAUTHORIZED');
    expect((await api(bot.server.url, '/api/notifications/ntf_x', { token: null })).status).toBe(401);
    const unknown = await get('ntf_unknown');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error?.code).toBe('NOT_FOUND');
  });

  it.each`
    field               | body
    ${'to'}             | ${{ to: '+1 555', text: 'hi' }}
    ${'text'}           | ${{ to: '15551234567' }}
    ${'text'}           | ${{ to: '15551234567', text: 'x'.repeat(4097) }}
    ${'template.name'}  | ${{ to: '15551234567', template: { name: 'Order-Update', language: 'en_US' } }}
    ${'template.name'}  | ${{ to: '15551234567', template: { name: 'a'.repeat(513), language: 'en_US' } }}
    ${'category'}       | ${{ to: '15551234567', text: 'hi', category: 'promo' }}
    ${'idempotencyKey'} | ${{ to: '15551234567', text: 'hi', idempotencyKey: 'k'.repeat(201) }}
  `('answers 400 naming $field', async ({ field, body }: { field: string; body: unknown }) => {
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(answer.json.error?.code).toBe('INVALID_REQUEST');
    expect(answer.json.error?.fields).toEqual([{ field, message: expect.any(String) }]);
    expect(answer.json.error?.message).toContain(field);
  });

  it('lists every bad field at once', async () => {
    const answer = await post({ to: 'x', text: 'x'.repeat(4097), category: 'promo' });
    expect((answer.json.error?.fields as { field: string }[]).map((problem) => problem.field)).toEqual([
      'to',
      'text',
      'category',
    ]);
  });
});

describe('Notifications API without API_TOKEN (e2e)', () => {
  it('answers 404 under /api', async () => {
    const server = await startTestApp({});
    try {
      const answer = await api(server.url, '/api/notifications', { body: { to: '15551234567', text: 'hi' } });
      expect(answer.status).toBe(404);
      expect((await api(server.url, '/api/users/15551234567/consent')).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('refuses to boot with an API_TOKEN under 32 characters', async () => {
    await expect(startTestApp({ API_TOKEN: 'short' })).rejects.toThrow(/API_TOKEN/);
  });
});
