// A minimal flow without texts of its own, kept here so it is compiled and tested with the rest.
import { MainMenuModule } from '../../../src/flows/main-menu/main-menu.module.js';
import { createTestChat, type TestChat } from '../../../src/flows/testing/test-chat.js';
import { FeedbackFlow } from './feedback.flow.js';

describe('FeedbackFlow', () => {
  let chat: TestChat;
  beforeEach(async () => {
    chat = await createTestChat({ flows: [MainMenuModule, FeedbackFlow] });
  });
  afterEach(() => chat.close());

  it('appears in the main menu and collects a rating and a comment', async () => {
    await chat.send('hi');
    chat.expectButtons(['Feedback']);
    await chat.tap('Feedback');
    chat.expectButtons(['👍 Good', '👎 Bad']);
    await chat.tap('👍 Good');
    chat.expectText(/anything you would like to add/i);
    await chat.send('Fast answers!');
    chat.expectText('Got it: "Fast answers!" (good)');
    expect(await chat.conversation()).toBeUndefined();
  });

  it('stays on the rating step until a button is tapped', async () => {
    await chat.send('Feedback');
    await chat.send('great');
    chat.expectText('Please tap one of the buttons.');
    expect((await chat.conversation())?.step).toBe('rating');
  });
});
