import { jest } from '@jest/globals';
import { ConversationStore } from '../../state/conversation-store.port.js';
import { MainMenuModule } from '../main-menu/main-menu.module.js';
import { createTestChat, type TestChat } from '../testing/test-chat.js';
import { ConversationFlow } from './conversation-flow.js';
import { Flow } from './flow.decorator.js';
import type { FlowTimeouts } from './step-timeout.js';
import { StepTimeouts } from './step-timeouts.service.js';
import { defineTexts } from './texts.js';

const QUIZ_TEXTS = defineTexts({
  en: { ask: 'Capital of France?', nudge: 'Take your time.', closed: 'Quiz closed.', right: 'Right!' },
  es: { ask: '¿Capital de Francia?', nudge: 'Tómate tu tiempo.', closed: 'Cuestionario cerrado.', right: '¡Bien!' },
});

/** Two nudges a minute apart at the question, closed after five minutes; the `result` step waits for ever. */
@Flow({ id: 'quiz', title: 'Quiz' })
class QuizFlow extends ConversationFlow<Record<string, never>, typeof QUIZ_TEXTS> {
  readonly texts = QUIZ_TEXTS;
  readonly steps = this.define({
    start: (ctx) => ctx.goTo('question'),
    question: {
      ask: (ctx) => ctx.reply.text(ctx.t('ask')),
      answer: async (ctx) => {
        if (ctx.text === 'Paris') {
          await ctx.reply.text(ctx.t('right'));
          ctx.goTo('result');
        }
      },
    },
    result: (ctx) => ctx.leave(),
  });
  override readonly timeouts: FlowTimeouts<'question', typeof QUIZ_TEXTS> = {
    question: {
      remindAfter: { minutes: 1 },
      reminder: 'nudge',
      maxReminders: 2,
      expireAfter: { minutes: 5 },
      expiry: 'closed',
    },
  };
}

const MINUTE = 60_000;

describe('StepTimeouts', () => {
  let chat: TestChat;
  beforeEach(async () => {
    // Booting needs real timers; the conversation runs on fake ones.
    chat = await createTestChat({ flows: [MainMenuModule, QuizFlow] });
    jest.useFakeTimers();
    await chat.send('Quiz');
    chat.expectText('Capital of France?', { exact: true });
  });
  afterEach(async () => {
    jest.useRealTimers();
    await chat.close();
  });

  it('sends maxReminders reminders remindAfter apart, then the expiry, and nothing after', async () => {
    await chat.advance(MINUTE);
    expect(chat.texts).toEqual(['Take your time.']);
    await chat.advance(MINUTE);
    expect(chat.texts).toEqual(['Take your time.']);
    await chat.advance(2 * MINUTE);
    chat.expectNoReply();
    await chat.advance(MINUTE);
    expect(chat.texts).toEqual(['Quiz closed.']);
    await chat.advance(60 * MINUTE);
    chat.expectNoReply();
  });

  it('schedules nothing for a step without a timeout', async () => {
    await chat.send('Paris');
    await chat.advance(60 * MINUTE);
    chat.expectNoReply();
    expect((await chat.conversation())?.step).toBe('result');
  });

  it('restarts the silence on a reaction, which is no answer', async () => {
    await chat.advance(MINUTE / 2);
    await chat.sendMessage({ type: 'reaction', reaction: { messageId: 'wamid.any', emoji: '👍' } });
    await chat.advance(MINUTE / 2);
    chat.expectNoReply();
    await chat.advance(MINUTE / 2);
    expect(chat.texts).toEqual(['Take your time.']);
  });

  it('ignores a timer whose version the state no longer has', async () => {
    const state = await chat.conversation();
    const stale = { user: chat.waId, flowId: 'quiz', step: 'question', version: (state?.version ?? 0) - 1 };
    await chat.advance(0); // only what the stale timers send counts from here
    await chat.get<StepTimeouts>(StepTimeouts).fire({ ...stale, event: { kind: 'expire' } });
    await chat.get<StepTimeouts>(StepTimeouts).fire({ ...stale, event: { kind: 'remind', number: 1 } });
    chat.expectNoReply();
    expect(await chat.conversation()).toEqual(state);
  });

  it('drops a timer that fires while a message of the user is being handled', async () => {
    const timeouts = chat.get<StepTimeouts>(StepTimeouts);
    const state = await chat.conversation();
    const store = chat.get<ConversationStore>(ConversationStore);
    const due = { user: chat.waId, flowId: 'quiz', step: 'question', version: state?.version ?? 0 };
    let fired: Promise<void> | undefined;
    // The expiry becomes due just as the answer is read: it belongs to the state the answer replaces.
    const read = store.read.bind(store);
    jest.spyOn(store, 'read').mockImplementationOnce(async (user) => {
      fired = timeouts.fire({ ...due, event: { kind: 'expire' } });
      return read(user);
    });
    await chat.send('Paris');
    await fired;
    expect(chat.texts).toEqual(['Right!']);
    expect((await chat.conversation())?.step).toBe('result');
  });
});
