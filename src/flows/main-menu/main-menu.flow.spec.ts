import { Injectable, Module } from '@nestjs/common';
import { ChatModel } from '../../ai/chat-model.port.js';
import { RegistrationStore } from '../../airtable/registration-store.port.js';
import { MemoryRegistrationStore } from '../../airtable/memory-registration-store.adapter.js';
import { AiChatModule } from '../ai-chat/ai-chat.module.js';
import { Flow, FlowsCoreModule, type ConversationFlow, type FlowContext } from '../core/index.js';
import { RegisterModule } from '../register/register.module.js';
import { createTestChat, type TestChat } from '../testing/test-chat.js';
import { MainMenuModule } from './main-menu.module.js';

class SilentChatModel extends ChatModel {
  async complete(): Promise<string> {
    return 'ok';
  }
}
const ports = [
  [RegistrationStore, new MemoryRegistrationStore()],
  [ChatModel, new SilentChatModel()],
] as const;

describe('MainMenuFlow', () => {
  let chat: TestChat;
  beforeEach(async () => {
    chat = await createTestChat({ flows: [MainMenuModule, RegisterModule, AiChatModule], provide: ports });
  });
  afterEach(() => chat.close());

  it('greets by profile name and offers Register and AI chat as buttons', async () => {
    await chat.send('hi');
    chat.expectButtons(['Register', 'AI chat']);
    chat.expectText('Hi Ada!');
  });

  it('greets without a name when the profile name is unknown', async () => {
    const anonymous = chat.as('15550002222');
    await anonymous.send('hello');
    anonymous.expectText(/^Hi! /);
  });

  it('starts a flow when its button is tapped', async () => {
    await chat.send('hi');
    await chat.tap('Register');
    chat.expectText(/full name/i);
    expect((await chat.conversation())?.flowId).toBe('register');
  });

  it.each(['AI chat', 'ai chat', '  Ask AI ', 'register'])('starts a flow when "%s" is typed', async (typed) => {
    await chat.send('hi');
    await chat.send(typed);
    expect((await chat.conversation())?.flowId).toBe(
      typed.trim().toLowerCase() === 'register' ? 'register' : 'ai-chat',
    );
  });

  it('goes straight to a flow when the first message names it', async () => {
    await chat.send('Register');
    chat.expectText(/full name/i);
  });

  it('shows the menu again on an unknown choice', async () => {
    await chat.send('hi');
    await chat.send('what?');
    chat.expectButtons(['Register', 'AI chat']);
  });

  it('asks politely for text when the user sends a photo', async () => {
    await chat.send('hi');
    await chat.sendImage();
    chat.expectText(/only read text/i);
  });

  it('does not answer reactions', async () => {
    await chat.send('hi');
    await chat.sendMessage({ type: 'reaction', reaction: { messageId: 'wamid.x', emoji: '👍' } });
    chat.expectNoReply();
  });
});

@Injectable()
@Flow({ id: 'a', title: 'Option A' })
class FlowA implements ConversationFlow {
  readonly steps = {};
  async start(ctx: FlowContext): Promise<void> {
    await ctx.reply.text('A started');
  }
}
@Injectable()
@Flow({ id: 'b', title: 'Option B' })
class FlowB extends FlowA {}
@Injectable()
@Flow({ id: 'c', title: 'Option C' })
class FlowC extends FlowA {}
@Injectable()
@Flow({ id: 'd', title: 'Option D', description: 'the fourth' })
class FlowD extends FlowA {}
@Module({ imports: [FlowsCoreModule], providers: [FlowA, FlowB, FlowC, FlowD] })
class FourFlowsModule {}

describe('MainMenuFlow with more than three options', () => {
  it('offers them as a list, and a tapped row starts its flow', async () => {
    const chat = await createTestChat({ flows: [MainMenuModule, FourFlowsModule] });
    try {
      await chat.send('hi');
      chat.expectList(['Option A', 'Option B', 'Option C', 'Option D']);
      await chat.tap('Option D');
      chat.expectText('A started');
    } finally {
      await chat.close();
    }
  });
});
