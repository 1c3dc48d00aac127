import { jest } from '@jest/globals';
import { ChatModel } from '../../ai/chat-model.port.js';
import { MemoryRegistrationStore } from '../../airtable/memory-registration-store.adapter.js';
import type { Registration } from '../../airtable/registration.js';
import { RegistrationStoreError } from '../../airtable/registration-store.error.js';
import { RegistrationStore } from '../../airtable/registration-store.port.js';
import { AiChatModule } from '../ai-chat/ai-chat.module.js';
import { CORE_TEXT } from '../core/core.texts.js';
import { MainMenuModule } from '../main-menu/main-menu.module.js';
import { createTestChat, type TestChat } from '../testing/test-chat.js';
import { WindowService } from '../../window/window.service.js';
import { RegisterModule } from './register.module.js';
import { REGISTER_TEXT, REGISTER_TEXTS } from './register.texts.js';

/** A registration store whose next calls fail as an unreachable Airtable would. */
class FlakyRegistrationStore extends MemoryRegistrationStore {
  failures = { lookup: 0, create: 0 };

  override async findByPhone(phone: string): Promise<Registration | undefined> {
    if (this.failures.lookup > 0 && this.failures.lookup--) throw new RegistrationStoreError('lookup', 'http', 503);
    return super.findByPhone(phone);
  }

  override async create(registration: Registration): Promise<void> {
    if (this.failures.create > 0 && this.failures.create--) throw new RegistrationStoreError('create', 'http', 503);
    return super.create(registration);
  }
}

class UnusedChatModel extends ChatModel {
  async complete(): Promise<string> {
    throw new Error('not used by these tests');
  }
}

describe('RegisterFlow', () => {
  let chat: TestChat;
  let registrations: FlakyRegistrationStore;

  beforeEach(async () => {
    registrations = new FlakyRegistrationStore();
    chat = await createTestChat({
      flows: [MainMenuModule, RegisterModule, AiChatModule],
      provide: [
        [RegistrationStore, registrations],
        [ChatModel, new UnusedChatModel()],
      ],
    });
  });
  afterEach(() => chat.close());

  async function answerUpToSummary(name = 'Ada Lovelace', email = 'ada@example.org', city = 'London') {
    await chat.send('hi');
    await chat.tap('Register');
    await chat.send(name);
    await chat.send(email);
    await chat.send(city);
  }

  describe('happy path', () => {
    it('asks name, email and city one at a time, then shows a summary with Confirm', async () => {
      await chat.send('hi');
      await chat.tap('Register');
      chat.expectText(REGISTER_TEXT.askName);
      await chat.send('Ada Lovelace');
      chat.expectText(/email/i);
      expect(chat.replies).toHaveLength(1);
      await chat.send('ada@example.org');
      chat.expectText(/city/i);
      await chat.send('London');
      chat.expectButtons(['Confirm', 'Edit', 'Cancel']);
      const summary = chat.expectText(/check your details/);
      expect(summary).toContain('Ada Lovelace');
      expect(summary).toContain('ada@example.org');
      expect(summary).toContain('London');
    });

    it('stores exactly one record on Confirm and welcomes by first name', async () => {
      await answerUpToSummary();
      await chat.tap('Confirm');
      chat.expectText(/Welcome, Ada!/);
      expect(registrations.all()).toEqual([
        { name: 'Ada Lovelace', email: 'ada@example.org', city: 'London', phone: chat.waId },
      ]);
      expect(await chat.conversation()).toBeUndefined();
    });

    it('accepts a typed "confirm" as well as the button', async () => {
      await answerUpToSummary();
      await chat.send('CONFIRM');
      expect(registrations.all()).toHaveLength(1);
    });

    it('stores names in non-Latin scripts as typed', async () => {
      await answerUpToSummary('Владимир Набоков', 'vn@example.org', 'Санкт-Петербург');
      await chat.tap('Confirm');
      chat.expectText('Welcome, Владимир!');
      expect(registrations.all()[0]).toMatchObject({ name: 'Владимир Набоков', city: 'Санкт-Петербург' });
    });

    it('starts over from the name on Edit', async () => {
      await answerUpToSummary();
      await chat.tap('Edit');
      chat.expectText(REGISTER_TEXT.askName);
      await chat.send('Grace Hopper');
      await chat.send('grace@example.org');
      await chat.send('New York');
      await chat.tap('Confirm');
      expect(registrations.all()).toEqual([
        { name: 'Grace Hopper', email: 'grace@example.org', city: 'New York', phone: chat.waId },
      ]);
    });
  });

  describe('validation', () => {
    it.each`
      bad                | problem
      ${'A'}             | ${'tooShort'}
      ${'a'.repeat(101)} | ${'tooLong'}
      ${'R2D2'}          | ${'badCharacters'}
      ${'😀😀😀'}        | ${'badCharacters'}
      ${'   '}           | ${'empty'}
    `('re-prompts on the name "$bad" and stays on that step', async ({ bad, problem }) => {
      await chat.send('hi');
      await chat.tap('Register');
      await chat.send(bad);
      chat.expectText(REGISTER_TEXT.badName(problem));
      expect((await chat.conversation())?.step).toBe('name');
      await chat.send('Ada Lovelace');
      chat.expectText(/email/i);
    });

    it('re-prompts on a bad email and keeps the name', async () => {
      await chat.send('hi');
      await chat.tap('Register');
      await chat.send('Ada Lovelace');
      await chat.send('ada(at)example');
      chat.expectText(REGISTER_TEXT.badEmail);
      expect(await chat.state('register')).toEqual({ name: 'Ada Lovelace' });
      expect((await chat.conversation())?.step).toBe('email');
    });

    it.each(['X', 'x'.repeat(61)])('re-prompts on the city "%s"', async (city) => {
      await chat.send('hi');
      await chat.tap('Register');
      await chat.send('Ada Lovelace');
      await chat.send('ada@example.org');
      await chat.send(city);
      chat.expectText(/city/i);
      expect((await chat.conversation())?.step).toBe('city');
    });

    describe('answers that would become spreadsheet formulas', () => {
      it.each(['=HYPERLINK("http://evil.test","Ada")', '+Ada Lovelace', '-Ada', '@Ada'])(
        're-asks the name "%s"',
        async (name) => {
          await chat.send('hi');
          await chat.tap('Register');
          await chat.send(name);
          expect(chat.texts).toEqual([REGISTER_TEXT.formulaStart]);
          expect((await chat.conversation())?.step).toBe('name');
          expect(await chat.state('register')).toEqual({});
        },
      );

      it.each(['+ada@example.org', '-ada@example.org', '=1@example.org'])('re-asks the email "%s"', async (email) => {
        await chat.send('hi');
        await chat.tap('Register');
        await chat.send('Ada Lovelace');
        await chat.send(email);
        expect(chat.texts).toEqual([REGISTER_TEXT.formulaStart]);
        expect(await chat.state('register')).toEqual({ name: 'Ada Lovelace' });
        expect((await chat.conversation())?.step).toBe('email');
      });

      it.each(['=cmd|"/C calc"!A0', '+London', '-London', '@SUM(1+1)'])(
        're-asks the city "%s", and nothing is stored',
        async (city) => {
          await chat.send('hi');
          await chat.tap('Register');
          await chat.send('Ada Lovelace');
          await chat.send('ada@example.org');
          await chat.send(city);
          expect(chat.texts).toEqual([REGISTER_TEXT.formulaStart]);
          expect((await chat.conversation())?.step).toBe('city');
          await chat.send('London');
          await chat.tap('Confirm');
          expect(registrations.all()).toEqual([
            { name: 'Ada Lovelace', email: 'ada@example.org', city: 'London', phone: chat.waId },
          ]);
        },
      );

      it('says which characters are refused and why', () => {
        expect(REGISTER_TEXT.formulaStart).toMatch(/=, \+, - or @/);
        expect(REGISTER_TEXT.badName('formulaStart')).toBe(REGISTER_TEXT.formulaStart);
        expect(REGISTER_TEXT.badCity('formulaStart')).toBe(REGISTER_TEXT.formulaStart);
      });
    });

    it('asks again for text when a photo arrives instead of a name', async () => {
      await chat.send('hi');
      await chat.tap('Register');
      await chat.sendImage();
      chat.expectText(CORE_TEXT.askForText);
      expect((await chat.conversation())?.step).toBe('name');
    });

    it('asks again for text when a location arrives instead of a city', async () => {
      await chat.send('hi');
      await chat.tap('Register');
      await chat.send('Ada Lovelace');
      await chat.send('ada@example.org');
      await chat.sendMessage({ type: 'location', location: { latitude: 51.5, longitude: -0.12 } });
      chat.expectText(CORE_TEXT.askForText);
      expect((await chat.conversation())?.step).toBe('city');
    });

    it('shows the summary again on anything but a choice at the confirm step', async () => {
      await answerUpToSummary();
      await chat.send('maybe');
      chat.expectText(REGISTER_TEXT.confirmHint);
      chat.expectButtons(['Confirm', 'Edit', 'Cancel']);
      expect(registrations.all()).toEqual([]);
    });
  });

  describe('cancel', () => {
    it.each(['name', 'email', 'city', 'confirm'])(
      'at the %s step acknowledges, stores nothing and clears the session',
      async (step) => {
        await chat.send('hi');
        await chat.tap('Register');
        const answers = ['Ada Lovelace', 'ada@example.org', 'London'];
        for (const answer of answers.slice(0, ['name', 'email', 'city', 'confirm'].indexOf(step)))
          await chat.send(answer);
        expect((await chat.conversation())?.step).toBe(step);
        if (step === 'confirm') await chat.tap('Cancel');
        else await chat.send(' Cancel ');
        chat.expectText(CORE_TEXT.cancelled);
        expect(registrations.all()).toEqual([]);
        expect(await chat.conversation()).toBeUndefined();
      },
    );
  });

  describe('duplicates', () => {
    it('tells an already registered number at the start, with the word "already"', async () => {
      await registrations.create({ name: 'Ada Lovelace', email: 'ada@example.org', city: 'London', phone: chat.waId });
      await chat.send('hi');
      await chat.tap('Register');
      chat.expectText(/already/);
      expect(registrations.all()).toHaveLength(1);
      expect(await chat.conversation()).toBeUndefined();
    });

    it('tells it at confirm when the record appeared meanwhile, and creates no second record', async () => {
      await answerUpToSummary();
      await registrations.create({ name: 'Other', email: 'other@example.org', city: 'Paris', phone: chat.waId });
      await chat.tap('Confirm');
      chat.expectText(/already/);
      expect(registrations.all()).toEqual([
        { name: 'Other', email: 'other@example.org', city: 'Paris', phone: chat.waId },
      ]);
    });
  });

  describe('store failures', () => {
    it('apologises when saving fails, keeps the answers, and a second Confirm saves', async () => {
      await answerUpToSummary();
      registrations.failures.create = 1;
      await chat.tap('Confirm');
      chat.expectText(REGISTER_TEXT.saveFailed);
      expect(registrations.all()).toEqual([]);
      expect(await chat.state('register')).toEqual({ name: 'Ada Lovelace', email: 'ada@example.org', city: 'London' });
      await chat.tap('Confirm');
      chat.expectText(/Welcome, Ada!/);
      expect(registrations.all()).toHaveLength(1);
    });

    it('apologises when the lookup fails at the start, and the next try works', async () => {
      await chat.send('hi');
      registrations.failures.lookup = 1;
      await chat.tap('Register');
      chat.expectText(CORE_TEXT.apology);
      await chat.tap('Register');
      chat.expectText(REGISTER_TEXT.askName);
    });
  });

  describe('silence', () => {
    const MINUTE = 60_000;
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    async function registerUpToEmail() {
      await chat.send('hi');
      await chat.tap('Register');
      await chat.send('Ada Lovelace');
    }

    it('reminds once after 10 minutes, cancels after an hour, then sends nothing more', async () => {
      await registerUpToEmail();
      await chat.advance(10 * MINUTE - 1);
      chat.expectNoReply();
      await chat.advance(1);
      expect(chat.texts).toEqual([
        'Still there? We were in the middle of your registration. Reply to continue, or send *cancel*.',
      ]);
      await chat.advance(49 * MINUTE);
      chat.expectNoReply();
      await chat.advance(MINUTE);
      expect(chat.texts).toEqual([
        'Your registration was cancelled after a long silence. Nothing was saved. Send *menu* to start again.',
      ]);
      expect(await chat.conversation()).toBeUndefined();
      await chat.advance(24 * 60 * MINUTE);
      chat.expectNoReply();
      await chat.send('Ada Lovelace');
      chat.expectButtons(['Register', 'AI chat']);
      expect(registrations.all()).toEqual([]);
    });

    it('sends neither to a user who answers in between: each answer starts the silence again', async () => {
      await registerUpToEmail();
      await chat.advance(9 * MINUTE);
      await chat.send('ada@example.org');
      await chat.advance(9 * MINUTE);
      await chat.send('London');
      await chat.advance(9 * MINUTE);
      chat.expectNoReply();
      await chat.tap('Confirm');
      chat.expectText(/Welcome, Ada!/);
      await chat.advance(24 * 60 * MINUTE);
      chat.expectNoReply();
      expect(registrations.all()).toHaveLength(1);
    });

    it('reminds again after an answer that was refused, counted from that answer', async () => {
      await registerUpToEmail();
      await chat.advance(5 * MINUTE);
      await chat.send('not an email');
      await chat.advance(5 * MINUTE);
      chat.expectNoReply();
      await chat.advance(5 * MINUTE);
      chat.expectText(REGISTER_TEXT.stillThere, { exact: true });
      expect((await chat.conversation())?.step).toBe('email');
    });

    it.each(['cancel', 'menu'])('sends nothing after the user left with "%s"', async (command) => {
      await registerUpToEmail();
      await chat.send(command);
      await chat.advance(2 * 60 * MINUTE);
      chat.expectNoReply();
    });

    it('skips the reminder and the expiry text outside the 24-hour window, but still ends the flow', async () => {
      await registerUpToEmail();
      await chat.get<WindowService>(WindowService).rewind(chat.waId, 24 * 60 * MINUTE);
      await chat.advance(2 * 60 * MINUTE);
      chat.expectNoReply();
      expect(await chat.conversation()).toBeUndefined();
    });

    it("reminds in the user's language", async () => {
      const ana = chat.as('15550002222', 'Ana', { language: 'es' });
      await ana.send('hola');
      await ana.tap('Registrarse');
      await ana.advance(10 * MINUTE);
      expect(ana.texts).toEqual([REGISTER_TEXTS.es.stillThere]);
      expect(ana.texts[0]).toMatch(/^¿Sigues ahí\?/);
    });
  });

  it('keeps twenty users apart, each with their own data', async () => {
    const users = Array.from({ length: 20 }, (_, i) => chat.as(`1555000${String(i).padStart(4, '0')}`, `User ${i}`));
    await Promise.all(
      users.map(async (user, i) => {
        await user.send('Register');
        await user.send(`User Number ${String.fromCharCode(65 + i)}`);
        await user.send(`user${i}@example.org`);
        await user.send(`City ${String.fromCharCode(65 + i)}`);
        await user.tap('Confirm');
      }),
    );
    const stored = registrations.all().sort((a, b) => a.phone.localeCompare(b.phone));
    expect(stored).toEqual(
      users.map((user, i) => ({
        name: `User Number ${String.fromCharCode(65 + i)}`,
        email: `user${i}@example.org`,
        city: `City ${String.fromCharCode(65 + i)}`,
        phone: user.waId,
      })),
    );
  });
});
