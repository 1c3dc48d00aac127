import { Injectable, Module } from '@nestjs/common';
import { ConversationStore } from '../../state/conversation-store.port.js';
import { MainMenuModule } from '../main-menu/main-menu.module.js';
import { createTestChat, type TestChat } from '../testing/test-chat.js';
import { CORE_TEXT } from './core.texts.js';
import type { FlowSteps } from './conversation-flow.js';
import type { FlowContext } from './flow-context.js';
import { Flow } from './flow.decorator.js';
import { FlowsCoreModule } from './flows-core.module.js';

type Step = 'count' | 'explode' | 'wander';
interface CounterState {
  count?: number;
}

/** A flow that counts messages, and fails on demand after changing its state. */
@Injectable()
@Flow({ id: 'counter', title: 'Counter' })
class CounterFlow {
  async start(ctx: FlowContext<Step, CounterState>): Promise<void> {
    ctx.state.count = 0;
    await ctx.reply.text('counting');
    ctx.goTo('count');
  }

  readonly steps: FlowSteps<Step, CounterState> = {
    count: async (ctx) => {
      if (ctx.text === 'boom') {
        ctx.state.count = 999; // must not be saved: the step throws below
        throw new Error('boom');
      }
      if (ctx.text === 'bad step') return ctx.goTo('nowhere' as Step);
      if (ctx.text === 'done') return ctx.leave('bye');
      if (ctx.text === 'echo') return ctx.enter('echo');
      ctx.state.count = (ctx.state.count ?? 0) + 1;
      await ctx.reply.text(`count ${ctx.state.count}`);
    },
    explode: async () => undefined,
    wander: async () => undefined,
  };
}

/** A one-shot flow: it answers and chooses no step, so it ends by itself. */
@Injectable()
@Flow({ id: 'echo' })
class EchoFlow {
  readonly steps = {};
  async start(ctx: FlowContext): Promise<void> {
    await ctx.reply.text(`echo: ${ctx.text}`);
  }
}

@Module({ imports: [FlowsCoreModule], providers: [CounterFlow, EchoFlow] })
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
    chat.expectText('count 2');
    expect(await chat.state('counter')).toEqual({ count: 2 });
  });

  it('apologises when a step throws, keeps the previous state, and handles the next message', async () => {
    await chat.send('one');
    await chat.send('boom');
    chat.expectText(CORE_TEXT.apology);
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
});
