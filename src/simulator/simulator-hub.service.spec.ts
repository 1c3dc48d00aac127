import { Logger } from '@nestjs/common';
import { LocalRecordingTransport } from '../whatsapp/local-recording-transport.adapter.js';
import { buildButtons, buildMarkRead, buildText } from '../whatsapp/outbound-message.builders.js';
import { loadWhatsAppConfig } from '../whatsapp/whatsapp.config.js';
import { loadSimulatorConfig } from './simulator.config.js';
import { SimulatorContext } from './simulator-context.js';
import { MAX_ENTRIES_PER_USER, SimulatorHub, type Subscriber } from './simulator-hub.service.js';
import type { SimulatorEvent } from './simulator.types.js';

const ADA = '15550100001';
const ALAN = '15550100002';
const webhook = { raw: '{}', signed: false };

function setUp() {
  const graph = new LocalRecordingTransport();
  const context = new SimulatorContext(
    loadWhatsAppConfig({}),
    { appSecret: undefined, verifyToken: undefined, localMode: true },
    loadSimulatorConfig({}),
  );
  const hub = new SimulatorHub(graph, context);
  hub.onModuleInit();
  return { graph, hub };
}

function listen(hub: SimulatorHub, waId?: string) {
  const events: SimulatorEvent[] = [];
  let closed = false;
  const subscriber: Subscriber = { waId, send: (event) => events.push(event), close: () => (closed = true) };
  const unsubscribe = hub.subscribe(subscriber);
  return { events, unsubscribe, isClosed: () => closed };
}

describe('SimulatorHub', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('starts with two users, and gives new users the next free fictional number', () => {
    const { hub } = setUp();
    expect(hub.users()).toEqual([
      { waId: ADA, name: 'Ada Lovelace' },
      { waId: ALAN, name: 'Alan Turing' },
    ]);
    expect(hub.createUser('Grace Hopper')).toEqual({ waId: '15550100003', name: 'Grace Hopper' });
    expect(hub.createUser('Someone', '447700900123')).toEqual({ waId: '447700900123', name: 'Someone' });
    expect(hub.ensureUser('447700900123', 'Other name').name).toBe('Someone');
  });

  it('gives a username-only user a new BSUID, answers them locally, and records replies sent with recipient', async () => {
    const { hub, graph } = setUp();
    const ada = hub.createUsernameOnlyUser('Ada Codes', 'ada.codes');
    expect(ada).toEqual({ waId: expect.stringMatching(/^US\.\d{20}$/), name: 'Ada Codes', username: 'ada.codes' });
    expect(hub.createUsernameOnlyUser('Someone else', 'ada.codes')).toBe(ada);
    expect(hub.createUsernameOnlyUser('Ada Two', 'ada.two').waId).not.toBe(ada.waId);
    expect(graph.isSimulatedUser(ada.waId)).toBe(true);

    hub.addUserMessage(ada.waId, 'wamid.U1', { type: 'text', text: 'hi' }, webhook);
    await graph.post(buildText(ada.waId, 'Hello!'));

    const [, bot] = hub.entries(ada.waId) ?? [];
    expect(bot).toMatchObject({
      kind: 'bot',
      trigger: 'wamid.U1',
      graph: { body: { recipient: ada.waId }, valid: true, status: 200 },
    });
    expect(bot?.kind === 'bot' && bot.graph.body.to).toBeUndefined();
  });

  it('names a BSUID it never met by the BSUID, not as a phone number', async () => {
    const { hub, graph } = setUp();
    graph.registerSimulatedUser('US.99999999999999999999');
    await graph.post(buildText('US.99999999999999999999', 'Hello!'));
    expect(hub.user('US.99999999999999999999')).toEqual({
      waId: 'US.99999999999999999999',
      name: 'US.99999999999999999999',
    });
  });

  it('records a user message, marks it read on the receipt and tells streams that the bot is typing', async () => {
    const { hub, graph } = setUp();
    const { events } = listen(hub);
    hub.addUserMessage(ADA, 'wamid.U1', { type: 'text', text: 'hi' }, webhook);
    hub.settleUserMessage('wamid.U1', { status: 200 });
    graph.registerSimulatedMessage('wamid.U1');

    await graph.post(buildMarkRead('wamid.U1', { typing: true }));

    const entries = hub.entries(ADA) ?? [];
    expect(entries.map((entry) => entry.kind)).toEqual(['user', 'receipt']);
    expect(entries[0]).toMatchObject({ status: 'read', webhook: { status: 200 } });
    expect(entries[1]).toMatchObject({
      trigger: 'wamid.U1',
      typing: true,
      graph: { valid: true, status: 200, response: { success: true } },
    });
    expect(events.map((event) => event.type)).toEqual(['entry', 'entry', 'entry', 'entry', 'typing']);
  });

  it('keeps a read message read when its webhook answer arrives after the receipt', async () => {
    const { hub, graph } = setUp();
    hub.addUserMessage(ADA, 'wamid.U1', { type: 'text', text: 'hi' }, webhook);
    await graph.post(buildMarkRead('wamid.U1'));
    expect(hub.settleUserMessage('wamid.U1', { status: 200 })?.status).toBe('read');
    hub.addUserMessage(ADA, 'wamid.U2', { type: 'text', text: 'hi' }, webhook);
    expect(hub.settleUserMessage('wamid.U2', { status: 401 })?.status).toBe('failed');
  });

  it("attributes the bot's messages to their user and to the message they answer, refused ones included", async () => {
    const { hub, graph } = setUp();
    hub.addUserMessage(ADA, 'wamid.U1', { type: 'text', text: 'hi' }, webhook);
    const sent = await graph.post(buildButtons(ADA, { body: 'Pick', buttons: [{ id: 'a', title: 'A' }] }));
    await graph
      .post({ messaging_product: 'whatsapp', to: ADA, type: 'text', text: { body: 'no recipient_type' } })
      .catch(() => undefined);

    const [, bot, refused] = hub.entries(ADA) ?? [];
    expect(bot).toMatchObject({
      kind: 'bot',
      id: sent.messages?.[0]?.id,
      trigger: 'wamid.U1',
      graph: { valid: true, path: '/v23.0/106540352242922/messages' },
    });
    expect(refused).toMatchObject({ kind: 'bot', id: undefined, graph: { valid: false, status: 400 } });
    expect(hub.latestBotMessageId(ADA)).toBe(sent.messages?.[0]?.id);
  });

  it('gives a conversation to a wa_id the bot answers without the page (a curl to /webhook), ignores unknown receipts', async () => {
    const { hub, graph } = setUp();
    await graph.post(buildMarkRead('wamid.UNKNOWN'));
    await graph.post(buildText('15551234567', 'Hello'));
    expect(hub.user('15551234567')).toEqual({ waId: '15551234567', name: '+15551234567' });
    expect(hub.allEntries().map((entry) => entry.kind)).toEqual(['bot']);
  });

  it("streams only the chosen user's events to a filtered stream, new users to every stream", async () => {
    const { hub, graph } = setUp();
    const adaOnly = listen(hub, ADA);
    await graph.post(buildText(ALAN, 'to Alan'));
    await graph.post(buildText(ADA, 'to Ada'));
    hub.createUser('Grace');
    expect(adaOnly.events.map((event) => event.type)).toEqual(['entry', 'user']);
  });

  it('drops a stream that fails and ends every stream on shutdown', async () => {
    const { hub, graph } = setUp();
    hub.subscribe({
      send: () => {
        throw new Error('socket closed');
      },
      close: () => undefined,
    });
    const healthy = listen(hub);
    await graph.post(buildText(ADA, 'one'));
    await graph.post(buildText(ADA, 'two'));
    expect(healthy.events).toHaveLength(2);

    hub.onModuleDestroy();
    expect(healthy.isClosed()).toBe(true);
    expect(hub.canSubscribe()).toBe(false);
    // The simulated Graph still answers; the hub no longer listens.
    await graph.post(buildText(ADA, 'three'));
    expect(hub.entries(ADA)).toHaveLength(2);
  });

  it('keeps a bounded log per user', async () => {
    const { hub, graph } = setUp();
    for (let i = 0; i < MAX_ENTRIES_PER_USER + 5; i++) await graph.post(buildText(ADA, `m${i}`));
    const entries = hub.entries(ADA) ?? [];
    expect(entries).toHaveLength(MAX_ENTRIES_PER_USER);
    expect(entries[0]).toMatchObject({ graph: { body: { text: { body: 'm5' } } } });
  });
});
