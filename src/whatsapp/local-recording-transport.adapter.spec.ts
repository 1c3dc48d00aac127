import { Logger } from '@nestjs/common';
import { LocalRecordingTransport, type RecordedSend } from './local-recording-transport.adapter.js';
import { buildMarkRead, buildText } from './outbound-message.builders.js';

const USER = '15551234567';

describe('LocalRecordingTransport', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('answers a message like Graph and records it as valid', async () => {
    const transport = new LocalRecordingTransport();
    const body = buildText(USER, 'Hello');

    const response = await transport.post(body);

    expect(response).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: USER, wa_id: USER }],
      messages: [{ id: expect.stringMatching(/^wamid\.LOCAL\./) }],
    });
    expect(transport.sent).toEqual([{ body, messageId: response.messages?.[0]?.id, valid: true, errors: [], at: expect.any(Date) }]);
  });

  it('answers read receipts with success and records them too', async () => {
    const transport = new LocalRecordingTransport();
    await expect(transport.post(buildMarkRead('wamid.X', { typing: true }))).resolves.toEqual({ success: true });
    expect(transport.sent[0]).toMatchObject({ valid: true, messageId: undefined });
  });

  it('records an invalid body with the spec errors instead of refusing it', async () => {
    const transport = new LocalRecordingTransport();
    await transport.post({ messaging_product: 'whatsapp', to: USER, type: 'text', text: { body: 'no recipient_type' } });
    expect(transport.sent[0]?.valid).toBe(false);
    expect(transport.sent[0]?.errors.join('\n')).toContain('recipient_type');
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
});
