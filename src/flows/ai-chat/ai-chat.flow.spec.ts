import { AiNotConfiguredError, ChatModelError } from '../../ai/chat-model.error.js';
import { ChatModel, type ChatMessage } from '../../ai/chat-model.port.js';
import { MemoryRegistrationStore } from '../../airtable/memory-registration-store.adapter.js';
import { RegistrationStore } from '../../airtable/registration-store.port.js';
import { MainMenuModule } from '../main-menu/main-menu.module.js';
import { RegisterModule } from '../register/register.module.js';
import { createTestChat, type TestChat } from '../testing/test-chat.js';
import { AiChatModule } from './ai-chat.module.js';
import { AI_CHAT_TEXT } from './ai-chat.texts.js';

/** A chat model that records each request and answers from a script (or fails when told to). */
class ScriptedChatModel extends ChatModel {
  readonly requests: ChatMessage[][] = [];
  failNext: Error | undefined;
  answer: (question: string) => string = (question) => `Answer to: ${question}`;

  async complete(messages: ChatMessage[]): Promise<string> {
    this.requests.push(messages);
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
    return this.answer(messages.at(-1)?.content ?? '');
  }
}

describe('AiChatFlow', () => {
  let chat: TestChat;
  let model: ScriptedChatModel;

  beforeEach(async () => {
    model = new ScriptedChatModel();
    chat = await createTestChat({
      flows: [MainMenuModule, RegisterModule, AiChatModule],
      provide: [
        [ChatModel, model],
        [RegistrationStore, new MemoryRegistrationStore()],
      ],
    });
    await chat.send('hi');
    await chat.tap('AI chat');
  });
  afterEach(() => chat.close());

  it('starts with a short intro', () => {
    chat.expectText(AI_CHAT_TEXT.intro);
  });

  it('answers with the completion, after showing typing', async () => {
    await chat.send('What is WhatsApp?');
    chat.expectText('Answer to: What is WhatsApp?');
    expect(chat.readReceipts).toEqual([
      expect.objectContaining({ status: 'read', typing_indicator: { type: 'text' } }),
    ]);
  });

  it('sends the system prompt, the history, then the question', async () => {
    await chat.send('first question');
    await chat.send('second question');
    expect(model.requests).toHaveLength(2);
    const [system, ...rest] = model.requests[1];
    expect(system.role).toBe('system');
    expect(system.content.length).toBeGreaterThan(0);
    expect(rest).toEqual([
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'Answer to: first question' },
      { role: 'user', content: 'second question' },
    ]);
  });

  it('splits an answer over 4096 characters into several messages', async () => {
    model.answer = () => `${'word '.repeat(700).trim()}\n\n${'more '.repeat(700).trim()}`;
    await chat.send('tell me a lot');
    // 7,000 characters in two paragraphs: two messages, cut between the paragraphs.
    expect(chat.texts).toEqual(['word '.repeat(700).trim(), 'more '.repeat(700).trim()]);
  });

  describe('a question longer than 4096 characters', () => {
    const long = `${'q'.repeat(4096)}${'x'.repeat(1000)}`;

    it('reaches the model cut to its first 4096 characters', async () => {
      await chat.send(long);
      expect(model.requests[0].at(-1)).toEqual({ role: 'user', content: 'q'.repeat(4096) });
    });

    it('gets an answer with a note saying it was cut', async () => {
      model.answer = () => 'Short answer.';
      await chat.send(long);
      expect(chat.texts).toEqual([`Short answer.\n\n${AI_CHAT_TEXT.questionCut}`]);
      expect(AI_CHAT_TEXT.questionCut).toBe('(Your message was cut to its first 4096 characters.)');
    });

    it('is kept cut in the history, without the note', async () => {
      model.answer = () => 'Short answer.';
      await chat.send(long);
      await chat.send('and then?');
      expect(model.requests[1].slice(1)).toEqual([
        { role: 'user', content: 'q'.repeat(4096) },
        { role: 'assistant', content: 'Short answer.' },
        { role: 'user', content: 'and then?' },
      ]);
    });

    it('adds no note to a question of exactly 4096 characters', async () => {
      model.answer = () => 'Short answer.';
      await chat.send('q'.repeat(4096));
      expect(chat.texts).toEqual(['Short answer.']);
      expect(model.requests[0].at(-1)?.content).toHaveLength(4096);
    });
  });

  it('apologises when the model fails, and answers the next question normally', async () => {
    model.failNext = new ChatModelError('timeout');
    await chat.send('will this fail?');
    chat.expectText(AI_CHAT_TEXT.failed);
    await chat.send('and now?');
    chat.expectText('Answer to: and now?');
    // The failed question is not part of the history.
    expect(model.requests[1].slice(1)).toEqual([{ role: 'user', content: 'and now?' }]);
  });

  it('says AI is not configured when there is no API key', async () => {
    model.failNext = new AiNotConfiguredError();
    await chat.send('hello?');
    chat.expectText(/AI is not configured/);
    expect((await chat.conversation())?.flowId).toBe('ai-chat');
  });

  it.each(['menu', 'EXIT', ' Menu '])('leaves the chat and shows the menu on "%s"', async (command) => {
    await chat.send('a question');
    await chat.send(command);
    chat.expectButtons(['Register', 'AI chat']);
    expect((await chat.conversation())?.flowId).toBe('main-menu');
    expect(await chat.state('ai-chat')).toBeUndefined();
  });

  it('asks for text when a sticker arrives', async () => {
    await chat.sendMessage({ type: 'sticker', media: { id: 'sticker-1', animated: false } });
    chat.expectText(/only read text/i);
    expect(model.requests).toHaveLength(0);
  });
});
