import { TransportRouter } from './transport-router.js';
import { Logger } from '@nestjs/common';
import { GraphApiError } from './graph-api.error.js';
import { LocalRecordingTransport, type RecordedSend } from './local-recording-transport.adapter.js';
import { MessageTransport, type GraphMessagesRequest, type GraphMessagesResponse } from './message-transport.port.js';
import { buildMarkRead, buildTemplate, buildText } from './outbound-message.builders.js';

const USER = '15551234567';

/** A transport that records what reached it, standing in for Graph over HTTP. */
class FakeGraph extends MessageTransport {
  readonly bodies: GraphMessagesRequest[] = [];
  override async post(body: GraphMessagesRequest): Promise<GraphMessagesResponse> {
    this.bodies.push(body);
    return { messaging_product: 'whatsapp', messages: [{ id: 'wamid.REAL' }] };
  }
}

describe('LocalRecordingTransport (the simulated Graph)', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('answers a message like Graph and records it as valid, with the answer', async () => {
    const transport = new LocalRecordingTransport();
    const body = buildText(USER, 'Hello');

    const response = await transport.post(body);

    expect(response).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: USER, wa_id: USER }],
      messages: [{ id: expect.stringMatching(/^wamid\.LOCAL\./) }],
    });
    expect(transport.sent).toEqual([
      {
        body,
        messageId: response.messages?.[0]?.id,
        valid: true,
        errors: [],
        status: 200,
        response,
        at: expect.any(Date),
      },
    ]);
  });

  it('answers read receipts with success and records them too', async () => {
    const transport = new LocalRecordingTransport();
    await expect(transport.post(buildMarkRead('wamid.X', { typing: true }))).resolves.toEqual({ success: true });
    expect(transport.sent[0]).toMatchObject({
      valid: true,
      messageId: undefined,
      status: 200,
      response: { success: true },
    });
  });

  it('refuses an invalid body as Graph would: a GraphApiError (400, code 100) naming the schema errors, recorded too', async () => {
    const transport = new LocalRecordingTransport();
    const body = {
      messaging_product: 'whatsapp',
      to: USER,
      type: 'text',
      text: { body: 'no recipient_type' },
    } as const;

    const error = await transport.post(body).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({
      status: 400,
      graphCode: 100,
      type: 'OAuthException',
      graphMessage: '(#100) Invalid parameter',
    });
    expect((error as GraphApiError).details).toContain('recipient_type');
    const [send] = transport.sent;
    expect(send).toMatchObject({ valid: false, status: 400, messageId: undefined });
    expect(send?.errors.join('\n')).toContain('recipient_type');
    expect(send?.response).toEqual({
      error: {
        message: '(#100) Invalid parameter',
        type: 'OAuthException',
        code: 100,
        error_data: { messaging_product: 'whatsapp', details: expect.stringContaining('recipient_type') },
        fbtrace_id: expect.any(String),
      },
    });
  });

  it('with the window enforced, refuses free-form messages to a closed window with 131047; templates and receipts pass', async () => {
    const transport = new LocalRecordingTransport();
    const asked: string[] = [];
    transport.enforceWindow(async (to) => {
      asked.push(to);
      return to !== USER;
    });

    const error = await transport.post(buildText(USER, 'Your order shipped')).catch((caught: unknown) => caught);
    const template = await transport.post(buildTemplate(USER, { name: 'order_update', languageCode: 'en_US' }));
    const receipt = await transport.post(buildMarkRead('wamid.SIM1'));
    const open = await transport.post(buildText('15550100001', 'inside the window'));

    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({ status: 400, graphCode: 131047, graphMessage: '(#131047) Re-engagement message' });
    expect((error as GraphApiError).details).toContain('more than 24 hours');
    // The body itself was fine: only the window refused it, and no message id was given.
    expect(transport.sent[0]).toMatchObject({ valid: true, status: 400, messageId: undefined });
    expect(template.messages?.[0]?.id).toMatch(/^wamid\.LOCAL\./);
    expect(receipt).toEqual({ success: true });
    expect(open.messages?.[0]?.id).toMatch(/^wamid\.LOCAL\./);
    // Templates and receipts never ask: the window does not apply to them.
    expect(asked).toEqual([USER, '15550100001']);
  });

  it('keeps only the last N bodies', async () => {
    const transport = new LocalRecordingTransport(3);
    for (let i = 1; i <= 5; i++) await transport.post(buildText(USER, `m${i}`));
    expect(transport.sent.map((send) => (send.body.text as { body: string }).body)).toEqual(['m3', 'm4', 'm5']);
  });

  it('tells listeners about each send until they unsubscribe, and survives a failing listener', async () => {
    const transport = new LocalRecordingTransport();
    const seen: RecordedSend[] = [];
    transport.onSend(() => {
      throw new Error('socket closed');
    });
    const unsubscribe = transport.onSend((send) => seen.push(send));

    await transport.post(buildText(USER, 'one'));
    unsubscribe();
    await transport.post(buildText(USER, 'two'));

    expect(seen.map((send) => send.body.text)).toEqual([{ body: 'one' }]);
    expect(transport.sent).toHaveLength(2);
  });

  it('tells listeners about refused bodies before it throws', async () => {
    const transport = new LocalRecordingTransport();
    const seen: RecordedSend[] = [];
    transport.onSend((send) => seen.push(send));
    await expect(transport.post({ messaging_product: 'whatsapp', to: USER, type: 'nope' })).rejects.toBeInstanceOf(
      GraphApiError,
    );
    expect(seen).toEqual([expect.objectContaining({ valid: false, status: 400 })]);
  });

  it('claims messages to registered users and receipts for registered messages, nothing else', () => {
    const transport = new LocalRecordingTransport();
    transport.registerSimulatedUser('15550100001');
    transport.registerSimulatedMessage('wamid.SIM1');

    expect(transport.isSimulated(buildText('15550100001', 'hi'))).toBe(true);
    expect(transport.isSimulated(buildText(USER, 'hi'))).toBe(false);
    expect(transport.isSimulated(buildMarkRead('wamid.SIM1'))).toBe(true);
    expect(transport.isSimulated(buildMarkRead('wamid.REAL'))).toBe(false);
    expect(transport.isSimulatedUser('15550100001')).toBe(true);
    expect(transport.isSimulatedUser(USER)).toBe(false);
  });
});

describe('TransportRouter with the simulated Graph as a diversion', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('sends simulated users to the simulated Graph and everyone else to the real transport', async () => {
    const real = new FakeGraph();
    const simulated = new LocalRecordingTransport();
    simulated.registerSimulatedUser('15550100001');
    simulated.registerSimulatedMessage('wamid.SIM1');
    const router = new TransportRouter(real);
    router.divert({ claims: (body) => simulated.isSimulated(body), transport: simulated });

    const toSimulated = await router.post(buildText('15550100001', 'to the page'));
    await router.post(buildMarkRead('wamid.SIM1'));
    const toReal = await router.post(buildText(USER, 'to Meta'));
    await router.post(buildMarkRead('wamid.REAL'));

    expect(toSimulated.messages?.[0]?.id).toMatch(/^wamid\.LOCAL\./);
    expect(toReal.messages?.[0]?.id).toBe('wamid.REAL');
    expect(simulated.sent.map((send) => send.body)).toEqual([
      buildText('15550100001', 'to the page'),
      buildMarkRead('wamid.SIM1'),
    ]);
    expect(real.bodies).toEqual([buildText(USER, 'to Meta'), buildMarkRead('wamid.REAL')]);
  });
});
