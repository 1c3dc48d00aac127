import { FeedbackModule } from '../../../test/examples/feedback/feedback.module.js';
import { MainMenuModule } from '../main-menu/main-menu.module.js';
import { createTestChat, type TestChat } from './test-chat.js';

describe('TestChat (the flow test harness)', () => {
  let chat: TestChat;
  beforeEach(async () => {
    chat = await createTestChat({ flows: [MainMenuModule, FeedbackModule] });
  });
  afterEach(() => chat.close());

  it('expects buttons among the replies to the last message only, not an earlier turn', async () => {
    await chat.send('Feedback');
    chat.expectButtons(['👍 Good', '👎 Bad']);
    await chat.send('great'); // answered with text only
    expect(() => chat.expectButtons(['👍 Good', '👎 Bad'])).toThrow('Expected buttons');
  });

  it('still lets the user tap a button of an earlier message', async () => {
    await chat.send('Feedback');
    await chat.send('great');
    await chat.tap('👍 Good');
    chat.expectText(/anything you would like to add/i);
  });

  it('fails expectText and expectNoReply with the replies it saw', async () => {
    await chat.send('Feedback');
    expect(() => chat.expectText('not in any reply')).toThrow(/No reply matched .*How was your experience/);
    expect(() => chat.expectNoReply()).toThrow('Expected no reply');
  });
});
