import { Module } from '@nestjs/common';
import { ConversationStore } from '../../state/conversation-store.port.js';
import { MainMenuModule } from '../main-menu/main-menu.module.js';
import { createTestChat, type TestChat } from '../testing/test-chat.js';
import { ConversationFlow } from './conversation-flow.js';
import { CORE_TEXT, CORE_TEXTS } from './core.texts.js';
import type { FlowContext } from './flow-context.js';
import { Flow } from './flow.decorator.js';
import { NO_TEXTS } from './texts.js';

interface CounterState {
  count?: number;
  receipt?: string;
}

/** A flow that counts messages, fails on demand after changing its state, and has asking and media steps. */
@Flow({ id: 'counter', title: 'Counter' })
class CounterFlow extends ConversationFlow<CounterState> {
  readonly texts = NO_TEXTS;
  readonly steps = this.define({
    start: async (ctx) => {
      ctx.state.count = 0;
      await ctx.reply.text('counting');
      ctx.goTo('count');
    },
    count: async (ctx) => {
      if (ctx.text === 'boom') {
        ctx.state.count = 999; // must not be saved: the step throws below
        throw new Error('boom');
      }
      if (ctx.text === 'bad step') return ctx.goTo('nowhere' as never);
      if (ctx.text === 'done') return ctx.leave('bye');
      if (ctx.text === 'echo') return ctx.enter('echo');
      if (ctx.text === 'ask') return ctx.goTo('question');
      if (ctx.text === 'loop') return ctx.goTo('loop');
      if (ctx.text === 'receipt') return ctx.goTo('receipt');
      ctx.state.count = (ctx.state.count ?? 0) + 1;
      await ctx.reply.text(`count ${ctx.state.count}`);
    },
    question: {
      ask: (ctx) => ctx.reply.text('What is your question?'),
      answer: async (ctx) => {
        if (ctx.text !== 'fine') return ctx.reply.text(`attempt ${ctx.attempt} refused`);
        await ctx.reply.text(`accepted at attempt ${ctx.attempt}`);
        ctx.goTo('count');
      },
    },
    // An ask that moves on at once, for ever: the dispatcher must stop it.
    loop: { ask: (ctx) => ctx.goTo('loop'), answer: async () => undefined },
    receipt: {
      accepts: ['image', 'document'],
      ask: (ctx) => ctx.reply.text('Send the receipt'),
      answer: async (ctx) => {
        if (!ctx.media) return ctx.reply.text('That is not a file');
        const file = await ctx.media.download();
        ctx.state.receipt = file.sha256;
        await ctx.leave(`${ctx.media.kind} of ${file.fileSize} bytes (${file.mimeType})`);
      },
    },
  });
}

/** A one-shot flow: it answers and chooses no step, so it ends by itself. */
@Flow({ id: 'echo' })
class EchoFlow {
  readonly steps = {
    start: async (ctx: FlowContext) => {
      await ctx.reply.text(`echo: ${ctx.text}`);
    },
  };
}

@Module({ providers: [CounterFlow, EchoFlow] })
class TestFlowsModule {}

describe('FlowDispatcher', () => {
  let chat: TestChat;
  beforeEach(async () => {
    chat = await createTestChat({ flows: [MainMenuModule, TestFlowsModule] });
    await chat.send('Counter');
  });
  afterEach(() => chat.close());

  it('routes each message to the active step and saves its state', async () => {
    await chat.send('one');
    await chat.send('two');
    chat.expectText('count 2', { exact: true });
    expect(await chat.state('counter')).toEqual({ count: 2 });
  });

  it('apologises when a step throws, keeps the previous state, and handles the next message', async () => {
    await chat.send('one');
    await chat.send('boom');
    chat.expectText(CORE_TEXT.apology, { exact: true });
    expect(await chat.state('counter')).toEqual({ count: 1 });
    await chat.send('two');
    chat.expectText('count 2');
  });

  it('apologises when a step goes to a step that does not exist', async () => {
    await chat.send('bad step');
    chat.expectText(CORE_TEXT.apology);
    expect((await chat.conversation())?.step).toBe('count');
  });

  it('ends the flow on leave and clears the session', async () => {
    await chat.send('done');
    chat.expectText('bye');
    expect(await chat.conversation()).toBeUndefined();
  });

  it('hands over to another flow on enter, which ends when it chooses no step', async () => {
    await chat.send('echo');
    chat.expectText('echo: echo');
    expect(await chat.conversation()).toBeUndefined();
  });

  it('says there is nothing to cancel outside a flow', async () => {
    await chat.send('cancel');
    chat.expectText(CORE_TEXT.cancelled);
    await chat.send('cancel');
    chat.expectText(CORE_TEXT.nothingToCancel);
  });

  it('falls back to the main menu when the stored flow no longer exists', async () => {
    await chat
      .get<ConversationStore>(ConversationStore)
      .write(chat.waId, { flowId: 'removed-flow', step: 'x', data: {} });
    await chat.send('hello');
    chat.expectButtons(['Counter']);
  });

  it('does not mix up two users', async () => {
    const other = chat.as('15550009999', 'Bob');
    await chat.send('one');
    await other.send('hi');
    other.expectButtons(['Counter']);
    await chat.send('two');
    chat.expectText('count 2');
    expect(await other.state('counter')).toBeUndefined();
  });

  describe('a step that asks', () => {
    it('asks its question in the message that moved the user there', async () => {
      await chat.send('ask');
      expect(chat.texts).toEqual(['What is your question?']);
      expect((await chat.conversation())?.step).toBe('question');
    });

    it('counts the answers that leave the user on the step, and starts again after moving on', async () => {
      await chat.send('ask');
      await chat.send('no');
      chat.expectText('attempt 1 refused', { exact: true });
      await chat.send('nope');
      chat.expectText('attempt 2 refused', { exact: true });
      expect((await chat.conversation())?.attempts).toBe(2);
      await chat.send('fine');
      chat.expectText('accepted at attempt 3', { exact: true });
      expect((await chat.conversation())?.attempts).toBeUndefined();
      await chat.send('ask');
      await chat.send('no');
      chat.expectText('attempt 1 refused', { exact: true });
    });

    it('apologises, and keeps the state, when asks keep moving the user on within one message', async () => {
      await chat.send('loop');
      chat.expectText(CORE_TEXT.apology, { exact: true });
      expect((await chat.conversation())?.step).toBe('count');
    });
  });

  describe('a step that accepts media', () => {
    it('gets ctx.media, whose download returns the bytes the user sent', async () => {
      await chat.send('receipt');
      const data = Buffer.from('%PDF-1.4 receipt');
      await chat.sendDocument({ data, mimeType: 'application/pdf' });
      chat.expectText(`document of ${data.length} bytes (application/pdf)`, { exact: true });
    });

    it('gets a photo too, and a text without media', async () => {
      await chat.send('receipt');
      await chat.send('here it is');
      chat.expectText('That is not a file');
      await chat.sendImage({ data: Buffer.from('jpeg bytes') });
      chat.expectText('image of 10 bytes (image/jpeg)');
    });

    it('is still asked for text when a step does not accept the type', async () => {
      await chat.sendImage();
      chat.expectText(CORE_TEXT.askForText, { exact: true });
      expect((await chat.conversation())?.step).toBe('count');
    });
  });

  describe("in the user's language", () => {
    it('apologises and asks for text in Spanish', async () => {
      const ana = chat.as('15550003333', 'Ana', { language: 'es' });
      await ana.send('Counter');
      await ana.send('boom');
      ana.expectText(CORE_TEXTS.es.apology, { exact: true });
      await ana.sendImage();
      ana.expectText(CORE_TEXTS.es.askForText, { exact: true });
      await ana.send('cancelar');
      ana.expectText(CORE_TEXTS.es.cancelled, { exact: true });
    });
  });
});
