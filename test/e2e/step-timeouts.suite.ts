import { startE2eBot, type E2eBot } from '../helpers/e2e-bot.js';

export const STILL_THERE =
  'Still there? We were in the middle of your registration. Reply to continue, or send *cancel*.';
export const EXPIRED =
  'Your registration was cancelled after a long silence. Nothing was saved. Send *menu* to start again.';

/** Short silences, so a test sees the reminder after 2 s and the expiry after 4 s. */
export const SHORT_SILENCES = { REGISTER_REMIND_AFTER_SECONDS: '2', REGISTER_EXPIRE_AFTER_SECONDS: '4' };

/** Resolves after `ms`: only to give a wrongly sent reminder time to show up before asserting it did not. */
export const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let nextUser = 0;
const runTag = String(Math.floor(Math.random() * 900) + 100);
/** A fresh wa_id per test, so tests never share a conversation. */
export const freshWaId = () => `1557${runTag}${String(++nextUser).padStart(4, '0')}`;

/** The registration's silences against the real app, in process or with Redis (`env`). */
export function describeStepTimeoutSuite(env: () => Record<string, string>): void {
  let bot: E2eBot;
  beforeAll(async () => {
    bot = await startE2eBot({ ...SHORT_SILENCES, ...env() });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('reminds a silent user once, then cancels the registration, then sends nothing more', async () => {
    const user = bot.user(freshWaId(), 'Ada');
    await user.say('hi');
    await user.waitForMessages(1);
    await user.tap('menu:register', 'Register');
    await user.waitForMessages(2);
    expect((await user.waitForMessages(3))[2]).toBe(STILL_THERE);
    expect((await user.waitForMessages(4))[3]).toBe(EXPIRED);
    await settle(2500);
    expect(user.texts()).toHaveLength(4);
    // The next message starts at the menu, not at the name step.
    await user.say('Ada Lovelace');
    const texts = await user.waitForMessages(5);
    expect(texts[4]).toBe(user.texts()[0]);
    expect(bot.airtable.records()).toEqual([]);
  }, 20_000);

  it('sends neither to a user who answers in between', async () => {
    const user = bot.user(freshWaId(), 'Ada');
    await user.say('hi');
    await user.waitForMessages(1);
    await user.tap('menu:register', 'Register');
    await user.waitForMessages(2);
    await settle(1000);
    await user.say('Ada Lovelace');
    await user.waitForMessages(3);
    await settle(1000);
    await user.say('ada@example.org');
    await user.waitForMessages(4);
    await user.say('London');
    await user.waitForMessages(5);
    await user.tap('register:confirm', 'Confirm');
    expect((await user.waitForMessages(6))[5]).toContain('Welcome, Ada!');
    await settle(5000);
    expect(user.texts()).not.toContain(STILL_THERE);
    expect(user.texts()).not.toContain(EXPIRED);
    expect(user.texts()).toHaveLength(6);
  }, 20_000);
}
