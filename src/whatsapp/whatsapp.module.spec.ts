import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { GraphApiMock } from '../../test/mocks/graph-api.mock-server.js';
import { RateLimitedTransport } from './rate-limit/rate-limited-transport.adapter.js';
import { GraphMediaClient } from './graph-media.client.js';
import { LocalRecordingTransport } from './local-recording-transport.adapter.js';
import { MessageTransport } from './message-transport.port.js';
import { WhatsAppClient } from './whatsapp.client.js';
import { loadWhatsAppConfig, whatsappConfig } from './whatsapp.config.js';
import { WhatsAppModule } from './whatsapp.module.js';

/** Compiles WhatsAppModule with the given environment, without touching process.env. */
async function compileWith(env: Record<string, string>) {
  return Test.createTestingModule({ imports: [WhatsAppModule] })
    .overrideProvider(whatsappConfig.KEY)
    .useValue(loadWhatsAppConfig(env))
    .compile();
}

describe('WhatsAppModule', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('records locally when no access token is set', async () => {
    const moduleRef = await compileWith({});
    expect(moduleRef.get(MessageTransport)).toBeInstanceOf(LocalRecordingTransport);
    expect(moduleRef.get(GraphMediaClient)).toBeInstanceOf(GraphMediaClient);
    await moduleRef.close();
  });

  it('sends through Graph when a token is set, end to end against the mock', async () => {
    const graph = await new GraphApiMock({ accessToken: 'token', phoneNumberId: '123' }).start();
    try {
      const moduleRef = await compileWith({ WP_ACCESS_TOKEN: 'token', WP_PHONE_ID: '123', GRAPH_API_URL: graph.url });
      expect(moduleRef.get(MessageTransport)).toBeInstanceOf(RateLimitedTransport);

      const sent = await moduleRef.get(WhatsAppClient).sendText('15551234567', 'Hello from the module');

      expect(graph.messagesTo('15551234567')).toHaveLength(1);
      expect(sent.messageId).toBe(graph.messageCalls()[0]?.messageId);
      await moduleRef.close();
    } finally {
      await graph.stop();
    }
  });
});
