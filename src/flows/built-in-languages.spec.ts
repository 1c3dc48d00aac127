import { ChatModel } from '../ai/chat-model.port.js';
import { MemoryRegistrationStore } from '../airtable/memory-registration-store.adapter.js';
import { RegistrationStore } from '../airtable/registration-store.port.js';
import { AI_CHAT_TEXTS } from './ai-chat/ai-chat.texts.js';
import { CORE_TEXTS } from './core/core.texts.js';
import { FLOWS } from './flows.js';
import { REGISTER_TEXTS } from './register/register.texts.js';
import { createTestChat, type TestChat } from './testing/test-chat.js';

class EchoModel extends ChatModel {
  async complete(): Promise<string> {
    return 'ok';
  }
}

describe('the built-in flows in Spanish', () => {
  const es = REGISTER_TEXTS.es;
  let chat: TestChat;
  let registrations: MemoryRegistrationStore;
  beforeEach(async () => {
    registrations = new MemoryRegistrationStore();
    chat = await createTestChat({
      flows: FLOWS,
      provide: [
        [RegistrationStore, registrations],
        [ChatModel, new EchoModel()],
      ],
      profileName: 'Ana',
      language: 'es',
    });
  });
  afterEach(() => chat.close());

  it('register: asks, re-asks, summarises and welcomes in Spanish', async () => {
    await chat.send('hola');
    chat.expectButtons(['Registrarse', 'Chat con IA']);
    await chat.tap('Registrarse');
    expect(chat.texts).toEqual([es.askName]);
    await chat.send('R2D2');
    expect(chat.texts).toEqual([es.badName('badCharacters')]);
    await chat.send('Ana García');
    expect(chat.texts).toEqual([es.askEmail('Ana García')]);
    await chat.send('ana@example.org');
    await chat.sendImage();
    expect(chat.texts).toEqual([CORE_TEXTS.es.askForText]);
    await chat.send('Sevilla');
    chat.expectButtons(['Confirmar', 'Editar', 'Cancelar']);
    chat.expectText('*Ciudad:* Sevilla');
    await chat.send('confirmar');
    expect(chat.texts).toEqual([es.welcome('Ana García')]);
    expect(registrations.all()).toEqual([
      { name: 'Ana García', email: 'ana@example.org', city: 'Sevilla', phone: chat.waId },
    ]);
  });

  it('AI chat: introduces itself in Spanish', async () => {
    await chat.send('Chat con IA');
    expect(chat.texts).toEqual([AI_CHAT_TEXTS.es.intro]);
  });
});
