import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { GraphApiMock } from '../testing/mocks/graph-api.mock-server.js';
import { MediaTooLargeError } from './graph-api.error.js';
import { GraphMediaClient } from './graph-media.client.js';
import { LocalRecordingTransport } from './local-recording-transport.adapter.js';
import { MediaGateway } from './media-gateway.port.js';
import { MediaRouter } from './media-router.js';
import { MessageTransport } from './message-transport.port.js';
import { SimulatedMediaStore } from './simulated-media-store.adapter.js';
import { TransportRouter } from './transport-router.js';
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
    await moduleRef.get(WhatsAppClient).sendText('15551234567', 'Hello locally');
    const recorder = moduleRef.get(LocalRecordingTransport);
    expect(recorder).toBeInstanceOf(LocalRecordingTransport);
    expect(recorder.sent.map((send) => send.body.to)).toEqual(['15551234567']);
    expect(moduleRef.get(GraphMediaClient)).toBeInstanceOf(GraphMediaClient);
    await moduleRef.close();
  });

  it('sends through Graph when a token is set, end to end against the mock', async () => {
    const graph = await new GraphApiMock({ accessToken: 'token', phoneNumberId: '123' }).start();
    try {
      const moduleRef = await compileWith({ WP_ACCESS_TOKEN: 'token', WP_PHONE_ID: '123', GRAPH_API_URL: graph.url });
      expect(moduleRef.get(LocalRecordingTransport)).toBeNull();
      expect(moduleRef.get(MessageTransport)).toBe(moduleRef.get(TransportRouter));

      const sent = await moduleRef.get(WhatsAppClient).sendText('15551234567', 'Hello from the module');

      expect(graph.messagesTo('15551234567')).toHaveLength(1);
      expect(sent.messageId).toBe(graph.messageCalls()[0]?.messageId);

      // A diversion registered at boot (as the simulator does) takes the bodies it claims; the rest still go to Graph.
      const diverted = new LocalRecordingTransport();
      moduleRef.get(TransportRouter).divert({ claims: (body) => body.to === '15550000001', transport: diverted });
      await moduleRef.get(WhatsAppClient).sendText('15550000001', 'to the diversion');
      await moduleRef.get(WhatsAppClient).sendText('15551234567', 'to Graph again');
      expect(diverted.sent.map((send) => send.body.to)).toEqual(['15550000001']);
      expect(graph.messagesTo('15551234567')).toHaveLength(2);
      expect(graph.messagesTo('15550000001')).toHaveLength(0);
      await moduleRef.close();
    } finally {
      await graph.stop();
    }
  });

  it('keeps media in the simulated store when no access token is set, capped by MEDIA_MAX_DOWNLOAD_BYTES', async () => {
    const moduleRef = await compileWith({ MEDIA_MAX_DOWNLOAD_BYTES: '8' });
    const gateway = moduleRef.get(MediaGateway);
    const store = moduleRef.get(SimulatedMediaStore);
    expect(gateway).toBe(moduleRef.get(MediaRouter));
    expect(store).toBeInstanceOf(SimulatedMediaStore);

    const id = await gateway.upload(Buffer.from('12345678'), 'text/plain');
    expect(store.has(id)).toBe(true);
    await expect(gateway.download(id)).resolves.toMatchObject({ fileSize: 8 });
    const tooLarge = store.put(Buffer.from('123456789'), 'text/plain');
    await expect(gateway.download(tooLarge)).rejects.toBeInstanceOf(MediaTooLargeError);
    await moduleRef.close();
  });

  it('moves media through Graph when a token is set, except what a diversion claims', async () => {
    const graph = await new GraphApiMock({ accessToken: 'token', phoneNumberId: '123' }).start();
    try {
      const moduleRef = await compileWith({
        WP_ACCESS_TOKEN: 'token',
        WP_PHONE_ID: '123',
        GRAPH_API_URL: graph.url,
        MEDIA_MAX_DOWNLOAD_BYTES: '8',
      });
      expect(moduleRef.get(SimulatedMediaStore)).toBeNull();
      const gateway = moduleRef.get(MediaGateway);

      const real = graph.addMedia(Buffer.from('from Meta'), 'image/jpeg');
      await expect(gateway.download(real, { maxBytes: 9 })).resolves.toMatchObject({ mimeType: 'image/jpeg' });
      await expect(gateway.download(real)).rejects.toBeInstanceOf(MediaTooLargeError);
      const uploaded = await gateway.upload(Buffer.from('to Meta'), 'text/plain', { recipient: '15551234567' });
      expect(graph.media(uploaded)?.data.toString()).toBe('to Meta');

      // As the simulator does beside a real token: its media ids and its users' uploads stay in its store.
      const simulated = new SimulatedMediaStore();
      const sample = simulated.put(Buffer.from('sample'), 'image/png');
      moduleRef.get(MediaRouter).divert({
        claimsMedia: (mediaId) => simulated.has(mediaId),
        claimsRecipient: (waId) => waId === '15550000001',
        gateway: simulated,
      });
      graph.reset();
      await expect(gateway.download(sample)).resolves.toMatchObject({ mimeType: 'image/png' });
      const kept = await gateway.upload(Buffer.from('for a simulated user'), 'text/plain', {
        recipient: '15550000001',
      });
      expect(simulated.has(kept)).toBe(true);
      expect(graph.server.requests).toEqual([]);
      await moduleRef.close();
    } finally {
      await graph.stop();
    }
  });
});
