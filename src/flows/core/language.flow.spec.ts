import { jest } from '@jest/globals';
import { MemoryRegistrationStore } from '../../airtable/memory-registration-store.adapter.js';
import { RegistrationStore } from '../../airtable/registration-store.port.js';
import { MAIN_MENU_TEXTS } from '../main-menu/main-menu.texts.js';
import { MainMenuModule } from '../main-menu/main-menu.module.js';
import { RegisterModule } from '../register/register.module.js';
import { REGISTER_TEXTS } from '../register/register.texts.js';
import { createTestChat, type TestChat, type TestChatOptions } from '../testing/test-chat.js';
import { CORE_TEXTS } from './core.texts.js';
import { languageConfig } from './language.config.js';

const flows = [MainMenuModule, RegisterModule];
const provide = [[RegistrationStore, new MemoryRegistrationStore()]] as const;

describe('the language command', () => {
  let chat: TestChat;
  beforeEach(async () => {
    chat = await createTestChat({ flows, provide });
  });
  afterEach(() => chat.close());

  it('lists the catalogs, each in its own language', async () => {
    await chat.send('language');
    chat.expectText(CORE_TEXTS.en.chooseLanguage, { exact: true });
    chat.expectButtons(['English', 'Español']);
  });

  it('stores a tapped choice with the user and confirms in the new language', async () => {
    await chat.send('language');
    await chat.tap('Español');
    chat.expectText(CORE_TEXTS.es.languageSet('Español'), { exact: true });
    expect(await chat.preferences()).toEqual({ language: 'es' });
    await chat.send('hola');
    chat.expectText(MAIN_MENU_TEXTS.es.greeting('Ada'), { exact: true });
  });

  it.each(['Español', 'espanol', ' ES '])('takes a typed choice ("%s")', async (typed) => {
    await chat.send('idioma');
    await chat.send(typed);
    expect(await chat.preferences()).toEqual({ language: 'es' });
  });

  it('shows the choices again on anything else, and changes nothing', async () => {
    await chat.send('language');
    await chat.send('Klingon');
    chat.expectButtons(['English', 'Español']);
    expect(await chat.preferences()).toBeUndefined();
  });

  it('works inside any flow, like menu and cancel', async () => {
    await chat.send('Register');
    await chat.send('Ada Lovelace');
    expect((await chat.conversation())?.step).toBe('email');
    await chat.send('Language');
    chat.expectButtons(['English', 'Español']);
    await chat.tap('Español');
    await chat.send('Registrarse');
    chat.expectText(REGISTER_TEXTS.es.askName, { exact: true });
  });

  it('keeps the choice after the conversation has expired', async () => {
    // Only Date is faked, before boot, so the memory conversation store reads the fake clock.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'] });
    const ana = await createTestChat({ flows, provide, waId: '15550006666', profileName: 'Ana' });
    try {
      await ana.send('language');
      await ana.tap('Español');
      await ana.send('Registrarse');
      // Past SESSION_TTL_SECONDS (24 h by default): the half-done registration is forgotten, the language is not.
      jest.setSystemTime(Date.now() + 25 * 3600 * 1000);
      expect(await ana.conversation()).toBeUndefined();
      await ana.send('hola');
      ana.expectText(MAIN_MENU_TEXTS.es.greeting('Ana'), { exact: true });
    } finally {
      await ana.close();
      jest.useRealTimers();
    }
  });
});

describe('DEFAULT_LANGUAGE', () => {
  const boot = (defaultLanguage: 'en' | 'es', options: Partial<TestChatOptions> = {}) =>
    createTestChat({ flows, provide: [...provide, [languageConfig.KEY, { defaultLanguage }]], ...options });

  it('is the language of users who never chose one', async () => {
    const chat = await boot('es');
    try {
      await chat.send('hola');
      chat.expectText(MAIN_MENU_TEXTS.es.greeting('Ada'), { exact: true });
    } finally {
      await chat.close();
    }
  });

  it("gives way to the user's own choice", async () => {
    const chat = await boot('es', { language: 'en' });
    try {
      await chat.send('hi');
      chat.expectText(MAIN_MENU_TEXTS.en.greeting('Ada'), { exact: true });
    } finally {
      await chat.close();
    }
  });
});
