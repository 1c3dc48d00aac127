import { MainMenuModule } from '../../../src/flows/main-menu/main-menu.module.js';
import { createTestChat, type TestChat } from '../../../src/flows/testing/test-chat.js';
import { FileInfoFlow } from './file-info.flow.js';

describe('FileInfoFlow (the README example)', () => {
  let chat: TestChat;
  beforeEach(async () => {
    chat = await createTestChat({ flows: [MainMenuModule, FileInfoFlow] });
  });
  afterEach(() => chat.close());

  it('answers a photo with its type and size', async () => {
    await chat.send('hi');
    await chat.tap('File info');
    chat.expectText('Send me a photo or a document.', { exact: true });
    await chat.sendImage({ data: Buffer.alloc(2048, 1) });
    chat.expectText('Got your image: image/jpeg, 2048 bytes.', { exact: true });
  });

  it('answers a document, and asks again for text', async () => {
    await chat.send('File info');
    await chat.send('here it comes');
    chat.expectText('Please send a photo or a document.', { exact: true });
    await chat.sendDocument({ data: Buffer.from('%PDF-1.4 hello'), mimeType: 'application/pdf' });
    chat.expectText('Got your document: application/pdf, 14 bytes.', { exact: true });
  });
});
