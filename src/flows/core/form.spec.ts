import { Module } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { MainMenuModule } from '../main-menu/main-menu.module.js';
import { createTestChat, type TestChat } from '../testing/test-chat.js';
import { ConversationFlow } from './conversation-flow.js';
import { CORE_TEXTS } from './core.texts.js';
import { Flow } from './flow.decorator.js';
import { defineTexts } from './texts.js';

const TEXTS = defineTexts({
  en: {
    askName: 'Your name?',
    askAge: (name: string) => `How old are you, ${name}?`,
    badAge: (problem: string) => (problem === 'young' ? 'Too young.' : 'A number, please.'),
    askEmail: 'Your email?',
    badEmail: 'Not an email.',
    stop: 'Too many tries.',
  },
  es: {
    askName: '¿Tu nombre?',
    askAge: (name: string) => `¿Cuántos años tienes, ${name}?`,
    badAge: (problem: string) => (problem === 'young' ? 'Demasiado joven.' : 'Un número, por favor.'),
    askEmail: '¿Tu correo?',
    badEmail: 'No es un correo.',
    stop: 'Demasiados intentos.',
  },
});

interface SignUp {
  name?: string;
  age?: number;
  email?: string;
}

@Flow({ id: 'signup', title: 'Sign up' })
class SignUpFlow extends ConversationFlow<SignUp, typeof TEXTS> {
  readonly texts = TEXTS;
  readonly steps = this.define(
    {
      start: (ctx) => ctx.goTo('name'),
      done: {
        ask: (ctx) => ctx.leave(`Saved ${JSON.stringify(ctx.state)}`),
        answer: async () => undefined,
      },
    },
    this.form(
      {
        // No validate: any non-empty answer; no reask: the prompt again; the form's limit applies.
        name: { prompt: 'askName' },
        age: {
          prompt: (ctx) => ctx.t('askAge', ctx.state.name ?? ''),
          validate: (answer) => (!/^\d+$/.test(answer) ? 'nan' : Number(answer) < 18 ? 'young' : true),
          parse: Number,
          reask: 'badAge',
        },
        email: { prompt: 'askEmail', validate: isEmail, reask: 'badEmail', maxAttempts: 2, giveUp: 'stop' },
      },
      { next: 'done', maxAttempts: 3 },
    ),
  );
}

@Module({ providers: [SignUpFlow] })
class SignUpModule {}

describe('ConversationFlow.form', () => {
  let chat: TestChat;
  beforeEach(async () => {
    chat = await createTestChat({ flows: [MainMenuModule, SignUpModule] });
    await chat.send('Sign up');
  });
  afterEach(() => chat.close());

  it('asks each field in order, stores the answers (trimmed, parsed) and goes to the next step', async () => {
    expect(chat.texts).toEqual(['Your name?']);
    expect((await chat.conversation())?.step).toBe('name');
    await chat.send('  Ada   Lovelace ');
    chat.expectText('How old are you, Ada Lovelace?', { exact: true });
    await chat.send('36');
    chat.expectText('Your email?', { exact: true });
    await chat.send('ada@example.org');
    chat.expectText('Saved {"name":"Ada Lovelace","age":36,"email":"ada@example.org"}', { exact: true });
  });

  it('re-asks with the text for the problem the validator named, and stays on the field', async () => {
    await chat.send('Ada');
    await chat.send('old');
    expect(chat.texts).toEqual(['A number, please.']);
    await chat.send('12');
    expect(chat.texts).toEqual(['Too young.']);
    expect(await chat.state('signup')).toEqual({ name: 'Ada' });
    expect((await chat.conversation())?.step).toBe('age');
  });

  it('sends the prompt again when a field has no re-ask, and refuses an empty answer', async () => {
    await chat.send('   ');
    expect(chat.texts).toEqual(['Your name?']);
    expect((await chat.conversation())?.step).toBe('name');
  });

  it("gives up after the field's maxAttempts refused answers, with its text, and ends the flow", async () => {
    await chat.send('Ada');
    await chat.send('36');
    await chat.send('not an email');
    chat.expectText('Not an email.', { exact: true });
    await chat.send('still not');
    expect(chat.texts).toEqual(['Too many tries.']);
    expect(await chat.conversation()).toBeUndefined();
  });

  it("falls back to the form's maxAttempts, and to the core's give-up text", async () => {
    await chat.send('Ada');
    for (const answer of ['x', 'y']) await chat.send(answer);
    expect((await chat.conversation())?.attempts).toBe(2);
    await chat.send('z');
    expect(chat.texts).toEqual([CORE_TEXTS.en.gaveUp]);
    expect(await chat.conversation()).toBeUndefined();
  });

  it("asks, re-asks and gives up in the user's language", async () => {
    const ana = chat.as('15550007777', 'Ana', { language: 'es' });
    await ana.send('Sign up');
    ana.expectText('¿Tu nombre?', { exact: true });
    await ana.send('Ana');
    await ana.send('doce');
    ana.expectText('Un número, por favor.', { exact: true });
    await ana.send('x');
    await ana.send('y');
    ana.expectText(CORE_TEXTS.es.gaveUp, { exact: true });
  });
});
