import { Module } from '@nestjs/common';
import { ChatModel } from '../../ai/chat-model.port.js';
import { RegistrationStore } from '../../airtable/registration-store.port.js';
import { MemoryRegistrationStore } from '../../airtable/memory-registration-store.adapter.js';
import { AiChatModule } from '../ai-chat/ai-chat.module.js';
import { Flow, type FlowContext } from '../core/index.js';
import { RegisterModule } from '../register/register.module.js';
import { ScopedEnv } from '../../testing/scoped-env.js';
import { createTestChat, type TestChat } from '../testing/test-chat.js';
import { MainMenuModule } from './main-menu.module.js';
import { MAIN_MENU_TEXT, MAIN_MENU_TEXTS } from './main-menu.texts.js';

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

  it('has a plain footer that names the menu and language commands, without WhatsApp formatting', async () => {
    await chat.send('hi');
    const footer = (chat.replies[0].interactive as { footer?: { text: string } }).footer?.text;
    expect(footer).toBe(MAIN_MENU_TEXT.footer);
    expect(footer).toMatch(/\bmenu\b.*\blanguage\b/);
    // WhatsApp formats bodies, not footers: *menu* would show its asterisks.
    for (const catalog of Object.values(MAIN_MENU_TEXTS)) expect(catalog.footer).not.toMatch(/[*_~`]/);
  });

  it('greets, offers the flows and takes typed titles in Spanish', async () => {
    const ana = chat.as('15550004444', 'Ana', { language: 'es' });
    await ana.send('hola');
    ana.expectText('¡Hola, Ana! 👋 ¿Qué te gustaría hacer?', { exact: true });
    ana.expectButtons(['Registrarse', 'Chat con IA']);
    await ana.send('registrarse');
    expect((await ana.conversation())?.flowId).toBe('register');
  });

  it('does not answer reactions', async () => {
    await chat.send('hi');
    await chat.sendMessage({ type: 'reaction', reaction: { messageId: 'wamid.x', emoji: '👍' } });
    chat.expectNoReply();
  });
});

@Flow({ id: 'a', title: 'Option A' })
class FlowA {
  readonly steps = {
    start: async (ctx: FlowContext) => {
      await ctx.reply.text('A started');
    },
  };
}
@Flow({ id: 'b', title: 'Option B' })
class FlowB extends FlowA {}
@Flow({ id: 'c', title: 'Option C' })
class FlowC extends FlowA {}
@Flow({ id: 'd', title: 'Option D', description: 'the fourth' })
class FlowD extends FlowA {}
@Module({ providers: [FlowA, FlowB, FlowC, FlowD] })
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

describe('MainMenuFlow without OPENAI_API_KEY', () => {
  const env = new ScopedEnv(['OPENAI_API_KEY']);
  beforeEach(() => env.clear());
  afterEach(() => env.restore());

  it('leaves the AI chat out of the menu, and typing its title shows the menu', async () => {
    // No ChatModel override: AiModule picks its not-configured adapter, as in a deployment without a key.
    const chat = await createTestChat({
      flows: [MainMenuModule, RegisterModule, AiChatModule],
      provide: [[RegistrationStore, new MemoryRegistrationStore()]],
    });
    try {
      await chat.send('hi');
      chat.expectButtons(['Register']);
      await chat.send('AI chat');
      chat.expectButtons(['Register']);
      expect((await chat.conversation())?.flowId).toBe('main-menu');
    } finally {
      await chat.close();
    }
  });
});
