import { Logger } from '@nestjs/common';
import { LocalRecordingTransport } from '../whatsapp/local-recording-transport.adapter.js';
import { SimulatedMediaStore } from '../whatsapp/simulated-media-store.adapter.js';
import { buildButtons, buildMarkRead, buildText } from '../whatsapp/outbound-message.builders.js';
import { loadWhatsAppConfig } from '../whatsapp/whatsapp.config.js';
import { PageAssets } from './page-assets.js';
import { loadSimulatorConfig } from './simulator.config.js';
import { SimulatorContext } from './simulator-context.js';
import { SimulatorHub } from './simulator-hub.service.js';
import type { SimulatorWebhookClient } from './simulator-webhook.client.js';
import { newMessageId, SimulatorService } from './simulator.service.js';

/** Stands in for the HTTP post to /webhook: records the bytes and answers like the webhook would. */
function fakeWebhook(answer: { status?: number; error?: string } = { status: 200 }) {
  const posted: string[] = [];
  const client = {
    signs: false,
    post: async (raw: string) => (posted.push(raw), answer),
  } as unknown as SimulatorWebhookClient;
  return { client, posted };
}

function setUp(answer?: { status?: number; error?: string }, media = new SimulatedMediaStore()) {
  const graph = new LocalRecordingTransport();
  const context = new SimulatorContext(
    loadWhatsAppConfig({}),
    { appSecret: undefined, verifyToken: undefined, localMode: true },
    loadSimulatorConfig({}),
  );
  const hub = new SimulatorHub(graph, context);
  hub.onModuleInit();
  const webhook = fakeWebhook(answer);
  const assets = new PageAssets();
  return {
    graph,
    hub,
    posted: webhook.posted,
    assets,
    media,
    service: new SimulatorService(hub, webhook.client, graph, media, assets, context),
  };
}

const messageOf = (raw: string) =>
  (JSON.parse(raw) as { entry: { changes: { value: { messages: Record<string, unknown>[] } }[] }[] }).entry[0]
    .changes[0].value.messages[0];

describe('SimulatorService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('posts the exact webhook JSON it records, and marks the message delivered', async () => {
    const { service, posted, hub } = setUp();
    const entry = await service.send({ waId: '15550100001', content: { type: 'text', text: 'hi' } });
    expect(posted).toEqual([entry.webhook.raw]);
    expect(entry).toMatchObject({ kind: 'user', status: 'delivered', webhook: { status: 200, signed: false } });
    expect(messageOf(posted[0])).toMatchObject({
      from: '15550100001',
      id: entry.id,
      type: 'text',
      text: { body: 'hi' },
    });
    expect(hub.entries('15550100001')).toEqual([entry]);
  });

  it("routes the bot's answers for a new user to the simulated Graph before the webhook is posted", async () => {
    const { service, graph } = setUp();
    const entry = await service.send({ waId: '447700900123', name: 'Grace', content: { type: 'text', text: 'hi' } });
    expect(graph.isSimulated(buildText('447700900123', 'x'))).toBe(true);
    expect(graph.isSimulated(buildMarkRead(entry.id))).toBe(true);
  });

  it("replies to the bot's latest message when the page does not say which", async () => {
    const { service, graph, posted } = setUp();
    const sent = await graph.post(buildButtons('15550100001', { body: 'Pick', buttons: [{ id: 'a', title: 'A' }] }));
    await service.send({ waId: '15550100001', content: { type: 'button_reply', id: 'a', title: 'A' } });
    expect(messageOf(posted[0])).toMatchObject({
      context: { from: '15550783881', id: sent.messages?.[0]?.id },
      interactive: { type: 'button_reply', button_reply: { id: 'a', title: 'A' } },
    });
  });

  it('describes a sample picture as Meta describes media, with an id the simulated store serves', async () => {
    const { service, posted, assets, media } = setUp();
    const sample = assets.samples[0];
    await service.send({ waId: '15550100001', content: { type: 'image', sample: sample.file, caption: 'Look' } });
    const image = messageOf(posted[0]).image as { id: string };
    expect(image).toEqual({
      caption: 'Look',
      mime_type: 'image/png',
      sha256: sample.sha256,
      id: expect.stringMatching(/^\d{16}$/),
    });
    const downloaded = await media.download(image.id);
    expect(downloaded.data.equals(assets.get(sample.file)?.body ?? Buffer.alloc(0))).toBe(true);
    expect(downloaded).toMatchObject({ mimeType: 'image/png', fileSize: sample.data.length });
    // The webhook carries base64, the download hex, of the same SHA-256.
    expect(Buffer.from(downloaded.sha256, 'hex').toString('base64')).toBe(sample.sha256);
  });

  it('stores the sample again on each send, so a photo outlives newer media in the bounded store', async () => {
    const media = new SimulatedMediaStore({ maxItems: 1 });
    const { service, posted, assets } = setUp(undefined, media);
    const sample = assets.samples[0];
    await service.send({ waId: '15550100001', content: { type: 'image', sample: sample.file } });
    await media.upload(Buffer.from('newer media pushes the photo out'), 'text/plain');
    await service.send({ waId: '15550100001', content: { type: 'image', sample: sample.file } });
    const id = (messageOf(posted[1]).image as { id: string }).id;
    await expect(media.download(id)).resolves.toMatchObject({ fileSize: sample.data.length });
  });

  it('marks the message failed when the webhook refuses it or cannot be reached', async () => {
    expect(
      (await setUp({ status: 401 }).service.send({ waId: '15550100001', content: { type: 'text', text: 'x' } })).status,
    ).toBe('failed');
    const unreachable = await setUp({ error: 'ECONNREFUSED' }).service.send({
      waId: '15550100001',
      content: { type: 'text', text: 'x' },
    });
    expect(unreachable).toMatchObject({ status: 'failed', webhook: { error: 'ECONNREFUSED' } });
  });
});

describe('newMessageId', () => {
  it('looks like a Meta wamid and never repeats', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newMessageId('15550100001')));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^wamid\.HBgL[A-Za-z0-9+/]+=*$/);
  });
});
