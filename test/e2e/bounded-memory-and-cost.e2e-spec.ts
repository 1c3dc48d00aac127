import { MEMORY_STORE_FULL } from '../../src/common/errors/error-messages.js';
import { AI_CHAT_TEXT } from '../../src/flows/ai-chat/ai-chat.texts.js';
import { REGISTER_TEXT } from '../../src/flows/register/register.texts.js';
import { startE2eBot, type E2eBot, type E2eUser } from '../helpers/e2e-bot.js';

let nextUser = 0;
const freshWaId = () => `1555777${String(++nextUser).padStart(4, '0')}`;

/** In-process mode: no REDIS_URL, and no Airtable key, so both memory adapters are in use. */
const MEMORY_MODE = { AIRTABLE_API_KEY: '', SESSION_MAX_ENTRIES: '2' };

describe('Bounded memory (e2e, in-process, SESSION_MAX_ENTRIES=2)', () => {
  let bot: E2eBot;

  // One app for the block: its memory stores fill up across the tests.
  beforeAll(async () => {
    bot = await startE2eBot(MEMORY_MODE);
  });
  afterAll(async () => {
    await bot?.stop();
  });

  async function register(user: E2eUser, name: string): Promise<void> {
    await user.say('hi');
    await user.waitForMessages(1);
    await user.tap('menu:register', 'Register');
    await user.waitForMessages(2);
    await user.say(name);
    await user.waitForMessages(3);
    await user.say(`${user.waId}@example.org`);
    await user.waitForMessages(4);
    await user.say('London');
    await user.waitForMessages(5);
    await user.tap('register:confirm', 'Confirm');
    const texts = await user.waitForMessages(6);
    expect(texts[5]).toBe(REGISTER_TEXT.welcome(name.split(' ')[0]));
  }

  it('forgets the least recently used conversation beyond the bound, warning once', async () => {
    const [ada, bob, cy] = [bot.user(freshWaId()), bot.user(freshWaId()), bot.user(freshWaId())];
    await ada.say('hi');
    await ada.waitForMessages(1);
    await ada.tap('menu:register', 'Register');
    expect((await ada.waitForMessages(2))[1]).toBe(REGISTER_TEXT.askName);
    for (const other of [bob, cy]) {
      await other.say('hi');
      await other.waitForMessages(1);
    }

    // Ada's registration step was evicted by the third user: her answer no longer reaches the name step, and she
    // is greeted with the menu as a newcomer would be.
    await ada.say('Ada Lovelace');
    const texts = await ada.waitForMessages(3);
    expect(texts[2]).not.toBe(REGISTER_TEXT.askEmail('Ada'));
    expect(texts[2]).toBe(texts[0]);
    expect(bot.server.logsWith(MEMORY_STORE_FULL('conversations', 2))).toHaveLength(1);
  });

  it('forgets the least recently used registration beyond the bound, warning once', async () => {
    const [ada, bob, cy] = [bot.user(freshWaId()), bot.user(freshWaId()), bot.user(freshWaId())];
    await register(ada, 'Ada Lovelace');
    await register(bob, 'Bob Marley');
    await register(cy, 'Cy Twombly');

    // Cy is still registered; Ada, the least recently used, was forgotten and may register again.
    await cy.say('Register');
    expect((await cy.waitForMessages(7))[6]).toBe(REGISTER_TEXT.alreadyRegistered);
    await ada.say('Register');
    expect((await ada.waitForMessages(7))[6]).toBe(REGISTER_TEXT.askName);
    expect(bot.server.logsWith(MEMORY_STORE_FULL('registrations', 2))).toHaveLength(1);
  });
});

describe('Bounded AI cost (e2e, OpenAI mock)', () => {
  let bot: E2eBot;

  afterEach(async () => {
    await bot?.stop();
  });

  async function askAi(question: string): Promise<string[]> {
    const user = bot.user(freshWaId());
    await user.say('hi');
    await user.waitForMessages(1);
    await user.tap('menu:ai-chat', 'AI chat');
    await user.waitForMessages(2);
    await user.say(question);
    return (await user.waitForMessages(3)).slice(2);
  }

  it('sends max_completion_tokens=500 by default, and OPENAI_MAX_COMPLETION_TOKENS when set', async () => {
    bot = await startE2eBot();
    await askAi('Hello?');
    expect(bot.openai.completionTokenLimits()).toEqual([500]);
    await bot.stop();

    bot = await startE2eBot({ OPENAI_MAX_COMPLETION_TOKENS: '64' });
    await askAi('Hello again?');
    expect(bot.openai.completionTokenLimits()).toEqual([64]);
  });

  it('cuts a question over 4096 characters for the model and says so in the answer', async () => {
    bot = await startE2eBot();
    bot.openai.respondWith(() => 'A short answer.');
    const question = `${'a'.repeat(4096)}${'b'.repeat(2000)}`;

    const replies = await askAi(question);

    expect(bot.openai.requests()[0].at(-1)).toEqual({ role: 'user', content: 'a'.repeat(4096) });
    expect(replies).toEqual([`A short answer.\n\n${AI_CHAT_TEXT.questionCut}`]);
  });
});
