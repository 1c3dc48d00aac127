import { startE2eBot, type E2eBot, type E2eUser } from '../helpers/e2e-bot.js';
import { batchedWebhook, newMessageId, postWebhook } from '../helpers/signed-webhook.js';
import { E2E_SECRETS } from '../helpers/e2e-bot.js';
import { waitFor } from '../../src/testing/wait-for.js';

let nextUser = 0;
/** A fresh wa_id per test, so tests never share a conversation. */
const freshWaId = (prefix: string) => `${prefix}${String(++nextUser).padStart(4, '0')}`;
const NUMBER_MOVED = 'user changed number: their state moved';
const USER_ID_MOVED = 'user changed user id: their state moved';
/** A fresh business-scoped user id (BSUID) per test, shaped like Meta's (`US.` and digits). */
const freshUserId = () => `US.1349120865530${String(Date.now() % 100_000).padStart(5, '0')}${++nextUser}`;

/**
 * The conversation suite: the real app with real mock servers for Graph, Airtable and OpenAI, driven only by
 * signed webhooks. `env` selects the mode (in-process by default; the Redis suite runs it again with REDIS_URL).
 */
export function describeConversationSuite(mode: string, env: () => Record<string, string> = () => ({})): void {
  describe(`Conversations (e2e, ${mode})`, () => {
    let bot: E2eBot;
    const prefix = `1555${String(Math.floor(Math.random() * 900) + 100)}`;

    beforeAll(async () => {
      bot = await startE2eBot(env());
    });
    afterAll(async () => {
      await bot?.stop();
    });

    async function register(user: E2eUser, name: string, email: string, city: string): Promise<void> {
      expect(await user.say('hi')).toBe(200);
      await user.waitForMessages(1);
      await user.tap('menu:register', 'Register');
      await user.waitForMessages(2);
      await user.say(name);
      await user.waitForMessages(3);
      await user.say(email);
      await user.waitForMessages(4);
      await user.say(city);
      await user.waitForMessages(5);
      await user.tap('register:confirm', 'Confirm');
      await user.waitForMessages(6);
    }

    it('registers a user end to end, storing exactly one Airtable record', async () => {
      const user = bot.user(freshWaId(prefix), 'Ada');
      await register(user, 'Ada Lovelace', 'ada@example.org', 'London');
      const texts = user.texts();
      expect(texts[0]).toContain('Hi Ada!');
      expect(texts[1]).toMatch(/full name/i);
      expect(texts[4]).toContain('ada@example.org');
      expect(texts[5]).toContain('Welcome, Ada!');
      expect(
        bot.airtable
          .records()
          .filter((record) => record.fields.Phone === user.waId)
          .map((r) => r.fields),
      ).toEqual([{ Name: 'Ada Lovelace', Email: 'ada@example.org', City: 'London', Phone: user.waId }]);
      // Every inbound message was marked read with the exact read-receipt body.
      const receipts = bot.graph.readReceipts();
      expect(receipts.length).toBeGreaterThanOrEqual(6);
      expect(Object.keys(receipts[0]).sort()).toEqual(['message_id', 'messaging_product', 'status']);
    });

    it('tells an already registered user so, without a second record', async () => {
      const user = bot.user(freshWaId(prefix), 'Grace');
      bot.airtable.seed({ Name: 'Grace Hopper', Email: 'grace@example.org', City: 'NYC', Phone: user.waId });
      await user.say('Register');
      const [reply] = await user.waitForMessages(1);
      expect(reply).toContain('already');
      expect(bot.airtable.records().filter((record) => record.fields.Phone === user.waId)).toHaveLength(1);
    });

    it('stores 20 concurrent registrations, each with its own data', async () => {
      const users = Array.from({ length: 20 }, (_, i) => ({ user: bot.user(freshWaId(prefix), `User ${i}`), i }));
      const letter = (i: number) => String.fromCharCode(65 + i);
      await Promise.all(
        users.map(({ user, i }) =>
          register(user, `Person ${letter(i)}`, `person${i}@example.org`, `Town ${letter(i)}`),
        ),
      );
      for (const { user, i } of users) {
        const records = bot.airtable.records().filter((record) => record.fields.Phone === user.waId);
        expect(records.map((record) => record.fields)).toEqual([
          { Name: `Person ${letter(i)}`, Email: `person${i}@example.org`, City: `Town ${letter(i)}`, Phone: user.waId },
        ]);
        expect(user.texts()[5]).toContain(`Welcome, Person!`);
      }
    });

    it('chats with the AI, carrying the history to the second request', async () => {
      const user = bot.user(freshWaId(prefix));
      await user.say('hi');
      await user.waitForMessages(1);
      await user.tap('menu:ai-chat', 'AI chat');
      await user.waitForMessages(2);
      const before = bot.openai.requests().length;
      await user.say('What is 2+2?');
      await user.waitForMessages(3);
      await user.say('And times 3?');
      const texts = await user.waitForMessages(4);
      expect(texts.slice(2)).toEqual(['Echo: What is 2+2?', 'Echo: And times 3?']);
      const second = bot.openai.requests()[before + 1];
      expect(second.map((m) => [m.role, m.content])).toEqual([
        ['system', expect.any(String)],
        ['user', 'What is 2+2?'],
        ['assistant', 'Echo: What is 2+2?'],
        ['user', 'And times 3?'],
      ]);
      // The typing indicator rode on a read receipt while the AI worked.
      expect(bot.graph.readReceipts().some((receipt) => receipt.typing_indicator !== undefined)).toBe(true);
    });

    it('apologises when OpenAI fails, then answers the next question normally', async () => {
      const user = bot.user(freshWaId(prefix));
      await user.say('AI chat');
      await user.waitForMessages(1);
      bot.openai.failNext(1, 500);
      await user.say('first try');
      const [, apology] = await user.waitForMessages(2);
      expect(apology).toMatch(/could not answer/);
      await user.say('second try');
      const texts = await user.waitForMessages(3);
      expect(texts[2]).toBe('Echo: second try');
    });

    it('answers one message id posted three times exactly once', async () => {
      const user = bot.user(freshWaId(prefix));
      const id = newMessageId();
      const statuses = await Promise.all([user.say('hi', id), user.say('hi', id), user.say('hi', id)]);
      expect(statuses).toEqual([200, 200, 200]);
      await user.waitForMessages(1);
      // Redeliveries are processed (and dropped) right behind the first: allow them time to misbehave.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(user.messages()).toHaveLength(1);
      expect(bot.graph.readReceipts().filter((receipt) => receipt.message_id === id)).toHaveLength(1);
    });

    it('answers five quick questions in order although the first is slowest', async () => {
      const user = bot.user(freshWaId(prefix));
      await user.say('AI chat');
      await user.waitForMessages(1);
      bot.openai.delayWith((messages) => (messages.at(-1)?.content === 'question 1' ? 1500 : 0));
      try {
        for (let i = 1; i <= 5; i++) expect(await user.say(`question ${i}`)).toBe(200);
        const texts = await user.waitForMessages(6, 15_000);
        expect(texts.slice(1)).toEqual([1, 2, 3, 4, 5].map((i) => `Echo: question ${i}`));
      } finally {
        bot.openai.delayWith(() => 0);
      }
    });

    it('does not let a slow user delay another', async () => {
      const slow = bot.user(freshWaId(prefix));
      const fast = bot.user(freshWaId(prefix));
      await slow.say('AI chat');
      await slow.waitForMessages(1);
      bot.openai.delayWith((messages) => (messages.at(-1)?.content === 'slow question' ? 2500 : 0));
      try {
        await slow.say('slow question');
        await fast.say('hi');
        await fast.waitForMessages(1);
        // The other user got the menu while the slow answer was still pending.
        expect(slow.messages()).toHaveLength(1);
        await slow.waitForMessages(2);
      } finally {
        bot.openai.delayWith(() => 0);
      }
    });

    it('answers all three users of one batched POST', async () => {
      const users = [bot.user(freshWaId(prefix)), bot.user(freshWaId(prefix)), bot.user(freshWaId(prefix))];
      const body = batchedWebhook([
        [
          { from: users[0].waId, text: 'hi' },
          { from: users[1].waId, text: 'hi' },
        ],
        [{ from: users[2].waId, text: 'hi' }],
      ]);
      expect((await postWebhook(bot.server.url, body, { secret: E2E_SECRETS.WP_APP_SECRET })).status).toBe(200);
      for (const user of users) await user.waitForMessages(1);
    });

    it('cancels a registration midway, storing nothing', async () => {
      const user = bot.user(freshWaId(prefix));
      await user.say('Register');
      await user.waitForMessages(1);
      await user.say('Ada Lovelace');
      await user.waitForMessages(2);
      await user.say('CANCEL');
      const texts = await user.waitForMessages(3);
      expect(texts[2]).toMatch(/Cancelled/);
      expect(bot.airtable.records().filter((record) => record.fields.Phone === user.waId)).toEqual([]);
    });

    it('answers a username-only user (2026 shape) through registration and AI chat, always with `recipient`', async () => {
      const user = bot.usernameUser(freshUserId(), 'ada.codes', 'Ada');
      await register(user, 'Ada Lovelace', 'ada@example.org', 'London');
      expect(user.texts()[0]).toContain('Hi Ada!');
      expect(user.texts()[5]).toContain('Welcome, Ada!');
      // The BSUID takes the phone number's place in the registration.
      const records = bot.airtable.records().filter((record) => record.fields.Phone === user.waId);
      expect(records.map((record) => record.fields)).toEqual([
        { Name: 'Ada Lovelace', Email: 'ada@example.org', City: 'London', Phone: user.waId },
      ]);
      // A second registration is refused, as for a phone number.
      await user.say('Register');
      expect((await user.waitForMessages(7))[6]).toContain('already');

      await user.say('AI chat');
      await user.waitForMessages(8);
      await user.say('What is 2+2?');
      expect((await user.waitForMessages(9))[8]).toBe('Echo: What is 2+2?');
      for (const body of user.messages()) {
        expect(body.recipient).toBe(user.waId);
        expect(body).not.toHaveProperty('to');
      }
    });

    it('keys a user who showed both ids by their wa_id when a later message carries only the BSUID', async () => {
      const waId = freshWaId(prefix);
      const userId = freshUserId();
      const user = bot.user(waId, 'Ada');
      expect(await bot.post({ from: waId, userId, name: 'Ada', text: 'Register' })).toBe(200);
      await user.waitForMessages(1);
      expect(await bot.post({ userId, name: 'Ada', text: 'Ada Lovelace' })).toBe(200);
      expect((await user.waitForMessages(2))[1]).toMatch(/email/i);
      expect(bot.graph.messagesTo(userId)).toEqual([]);
    });

    it.each([
      ['user_changed_number', (to: string) => ({ wa_id: to, type: 'user_changed_number' })],
      ['customer_changed_number', (to: string) => ({ new_wa_id: to, type: 'customer_changed_number' })],
    ])('moves a registration in progress to the new number on %s, silently', async (_kind, system) => {
      const before = bot.user(freshWaId(prefix), 'Ada');
      const after = bot.user(freshWaId(prefix), 'Ada');
      await before.say('Register');
      await before.waitForMessages(1);
      await before.say('Ada Lovelace');
      await before.waitForMessages(2);
      const notice = { ...system(after.waId), body: `User Ada changed from ${before.waId} to ${after.waId}` };
      const moves = bot.server.logsWith(NUMBER_MOVED).length;
      expect(await bot.post({ from: before.waId, name: 'Ada', system: notice })).toBe(200);
      // Meta sends the notice before the user writes from the new number; the test waits for the move likewise.
      await waitFor(() => bot.server.logsWith(NUMBER_MOVED).length > moves, { description: 'the number change' });
      await after.say('ada@example.org');
      await after.waitForMessages(1);
      expect(after.texts()[0]).toMatch(/which \*city\*/);
      expect(before.texts()).toHaveLength(2);
    });

    it('moves a username-only user to their new user id on user_changed_user_id', async () => {
      const before = bot.usernameUser(freshUserId(), 'ada.codes', 'Ada');
      const after = bot.usernameUser(freshUserId(), 'ada.codes', 'Ada');
      await before.say('Register');
      await before.waitForMessages(1);
      const moves = bot.server.logsWith(USER_ID_MOVED).length;
      const notice = {
        type: 'user_changed_user_id',
        previous_user_id: before.waId,
        user_id: after.waId,
        body: 'Ada changed',
      };
      expect(await bot.post({ userId: after.waId, name: 'Ada', system: notice })).toBe(200);
      await waitFor(() => bot.server.logsWith(USER_ID_MOVED).length > moves, { description: 'the user id change' });
      await after.say('Ada Lovelace');
      await after.waitForMessages(1);
      expect(after.texts()[0]).toMatch(/email/i);
      expect(before.texts()).toHaveLength(1);
    });

    it("sent only bodies that are valid against Meta's spec, and logged no secret or full phone number", async () => {
      await waitFor(() => bot.graph.messages().length > 0);
      expect(bot.graph.invalidBodies()).toEqual([]);
      expect(bot.server.logLines.length).toBeGreaterThan(100);
      const logs = bot.server.logLines.join('\n');
      for (const secret of Object.values(E2E_SECRETS)) expect(logs).not.toContain(secret);
      expect(logs).not.toMatch(new RegExp(`${prefix}\\d{4}`));
    });
  });
}
