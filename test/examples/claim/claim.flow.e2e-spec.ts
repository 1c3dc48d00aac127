// The README's "Add your own flow" example: a form of three fields, a media step and two languages.
import { createHash } from 'node:crypto';
import { MainMenuModule } from '../../../src/flows/main-menu/main-menu.module.js';
import { createTestChat, type TestChat } from '../../../src/flows/testing/test-chat.js';
import { ClaimFlow } from './claim.flow.js';
import { CLAIM_TEXTS } from './claim.texts.js';

const receipt = Buffer.from('%PDF-1.4 receipt of order A-12345');
const reference = createHash('sha256').update(receipt).digest('hex').slice(0, 8);

describe('ClaimFlow', () => {
  let chat: TestChat;
  beforeEach(async () => {
    chat = await createTestChat({ flows: [MainMenuModule, ClaimFlow] });
  });
  afterEach(() => chat.close());

  it('takes name, email and order number, then the receipt, and files the claim', async () => {
    await chat.send('hi');
    await chat.tap('Claim');
    chat.expectText(CLAIM_TEXTS.en.askName, { exact: true });
    await chat.send('Ada Lovelace');
    await chat.send('ada@example.org');
    await chat.send('A-12345');
    chat.expectText(CLAIM_TEXTS.en.askReceipt, { exact: true });
    await chat.sendDocument({ data: receipt, mimeType: 'application/pdf' });
    chat.expectText(CLAIM_TEXTS.en.done('A-12345', reference), { exact: true });
    expect(await chat.conversation()).toBeUndefined();
  });

  it('re-asks a bad email and a bad order number, and asks for the receipt again on text', async () => {
    await chat.send('Claim');
    await chat.send('Ada Lovelace');
    await chat.send('ada(at)example');
    chat.expectText(CLAIM_TEXTS.en.badEmail, { exact: true });
    await chat.send('ada@example.org');
    await chat.send('12345');
    chat.expectText(CLAIM_TEXTS.en.badOrder, { exact: true });
    await chat.send('A-12345');
    await chat.send('I lost it');
    chat.expectText(CLAIM_TEXTS.en.askReceipt, { exact: true });
    await chat.sendImage({ data: receipt });
    chat.expectText(/Claim A-12345 is filed/);
  });

  it('gives up after three refused answers', async () => {
    await chat.send('Claim');
    await chat.send('Ada Lovelace');
    for (const bad of ['a', 'b', 'c']) await chat.send(bad);
    chat.expectText(CLAIM_TEXTS.en.gaveUp, { exact: true });
    expect(await chat.conversation()).toBeUndefined();
  });

  it('runs in Spanish', async () => {
    const ana = chat.as('15550008888', 'Ana', { language: 'es' });
    await ana.send('hola');
    await ana.tap('Reclamar');
    ana.expectText(CLAIM_TEXTS.es.askName, { exact: true });
    await ana.send('Ana García');
    await ana.send('ana@example.org');
    await ana.send('B-54321');
    ana.expectText(CLAIM_TEXTS.es.askReceipt, { exact: true });
    await ana.sendImage({ data: receipt });
    ana.expectText(CLAIM_TEXTS.es.done('B-54321', reference), { exact: true });
  });
});
