import { GraphUnexpectedResponseError } from './graph-api.error.js';
import { MessageLimitError } from './message-limit.error.js';
import { MessageTransport, type GraphMessagesRequest, type GraphMessagesResponse } from './message-transport.port.js';
import { WhatsAppClient } from './whatsapp.client.js';

/** Records bodies and answers with a scripted response. */
class RecordingTransport extends MessageTransport {
  readonly bodies: GraphMessagesRequest[] = [];
  constructor(private readonly response: GraphMessagesResponse) {
    super();
  }
  override async post(body: GraphMessagesRequest): Promise<GraphMessagesResponse> {
    this.bodies.push(body);
    return this.response;
  }
}

const USER = '15551234567';

describe('WhatsAppClient', () => {
  it('resolves to the message id Graph returned', async () => {
    const transport = new RecordingTransport({ messaging_product: 'whatsapp', messages: [{ id: 'wamid.ABC' }] });
    await expect(new WhatsAppClient(transport).sendReaction(USER, 'wamid.IN', '')).resolves.toEqual({
      messageId: 'wamid.ABC',
    });
    expect(transport.bodies).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: USER,
        type: 'reaction',
        reaction: { message_id: 'wamid.IN', emoji: '' },
      },
    ]);
  });

  it('fails clearly when a 2xx answer carries no message id', async () => {
    const client = new WhatsAppClient(new RecordingTransport({ success: true }));
    await expect(client.sendText(USER, 'hi')).rejects.toBeInstanceOf(GraphUnexpectedResponseError);
  });

  it('checks limits before anything reaches the transport', async () => {
    const transport = new RecordingTransport({ messages: [{ id: 'wamid.ABC' }] });
    const client = new WhatsAppClient(transport);
    await expect(client.sendText(USER, 'x'.repeat(4097))).rejects.toBeInstanceOf(MessageLimitError);
    expect(transport.bodies).toEqual([]);
  });

  it('marks read through the transport', async () => {
    const transport = new RecordingTransport({ success: true });
    await new WhatsAppClient(transport).markRead('wamid.IN');
    expect(transport.bodies).toEqual([{ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN' }]);
  });
});
