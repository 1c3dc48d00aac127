import type { aiConfig } from './ai.config.js';
import { AiNotConfiguredError } from './chat-model.error.js';
import { ChatModel, type ChatMessage } from './chat-model.port.js';
import { HistoryChatAssistant } from './history-chat-assistant.adapter.js';
import { NotConfiguredChatModel } from './not-configured-chat-model.adapter.js';

/** Answers with the length of the request, and records it. */
class RecordingModel extends ChatModel {
  readonly requests: ChatMessage[][] = [];
  async complete(messages: ChatMessage[]): Promise<string> {
    this.requests.push(messages);
    return `answer ${this.requests.length}`;
  }
}

const config = (maxTurns: number) =>
  ({ systemPrompt: 'Be brief.', history: { maxTurns, maxChars: 10_000 } }) as ReturnType<typeof aiConfig>;

describe('HistoryChatAssistant', () => {
  it('sends the system prompt, the history and the question, and returns the history to keep', async () => {
    const model = new RecordingModel();
    const assistant = new HistoryChatAssistant(model, config(10));
    const first = await assistant.answer([], 'one?');
    const second = await assistant.answer(first.history, 'two?');
    expect(model.requests[1]).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'one?' },
      { role: 'assistant', content: 'answer 1' },
      { role: 'user', content: 'two?' },
    ]);
    expect(second).toEqual({
      answer: 'answer 2',
      history: [
        { role: 'user', content: 'one?' },
        { role: 'assistant', content: 'answer 1' },
        { role: 'user', content: 'two?' },
        { role: 'assistant', content: 'answer 2' },
      ],
    });
  });

  it('keeps the returned history within the bounds', async () => {
    const assistant = new HistoryChatAssistant(new RecordingModel(), config(1));
    const first = await assistant.answer([], 'one?');
    const second = await assistant.answer(first.history, 'two?');
    expect(second.history.map((message) => message.content)).toEqual(['two?', 'answer 2']);
  });

  it('is configured exactly when its model is', async () => {
    expect(new HistoryChatAssistant(new RecordingModel(), config(1)).isConfigured).toBe(true);
    const off = new HistoryChatAssistant(new NotConfiguredChatModel(), config(1));
    expect(off.isConfigured).toBe(false);
    await expect(off.answer([], 'hi')).rejects.toBeInstanceOf(AiNotConfiguredError);
  });
});
