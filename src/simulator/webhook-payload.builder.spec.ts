import { mapWebhookPayload } from '../webhook/inbound-event.mapper.js';
import { buildInboundWebhook, type InboundMessageObject } from './webhook-payload.builder.js';

const business = { wabaId: '419561257915477', phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881' };
const user = { waId: '15550100001', name: 'Ada Lovelace' };
const build = (message: InboundMessageObject) =>
  buildInboundWebhook({ business, user, messageId: 'wamid.SIM1', timestamp: 1750000000, message });

describe('buildInboundWebhook', () => {
  it('is key for key the shape of Meta\'s "Text Message" example', () => {
    expect(build({ type: 'text', text: { body: 'hi' } })).toEqual({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '419561257915477',
          changes: [
            {
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
                contacts: [{ profile: { name: 'Ada Lovelace' }, wa_id: '15550100001' }],
                messages: [
                  {
                    from: '15550100001',
                    id: 'wamid.SIM1',
                    timestamp: '1750000000',
                    type: 'text',
                    text: { body: 'hi' },
                  },
                ],
              },
              field: 'messages',
            },
          ],
        },
      ],
    });
  });

  it('puts the context first on replies, as Meta does', () => {
    const payload = build({
      type: 'interactive',
      context: { from: '15550783881', id: 'wamid.BOT' },
      interactive: { type: 'button_reply', button_reply: { id: 'register:confirm', title: 'Confirm' } },
    });
    const message = (payload as { entry: { changes: { value: { messages: Record<string, unknown>[] } }[] }[] }).entry[0]
      .changes[0].value.messages[0];
    expect(Object.keys(message)).toEqual(['context', 'from', 'id', 'timestamp', 'type', 'interactive']);
  });

  it.each<[string, InboundMessageObject, Record<string, unknown>]>([
    ['text', { type: 'text', text: { body: 'hi' } }, { type: 'text', text: 'hi' }],
    [
      'a button reply',
      {
        type: 'interactive',
        context: { from: '15550783881', id: 'wamid.BOT' },
        interactive: { type: 'button_reply', button_reply: { id: 'b1', title: 'Yes' } },
      },
      {
        type: 'interactive',
        reply: { kind: 'button_reply', id: 'b1', title: 'Yes' },
        context: { messageId: 'wamid.BOT', from: '15550783881' },
      },
    ],
    [
      'a list reply',
      {
        type: 'interactive',
        interactive: { type: 'list_reply', list_reply: { id: 'r1', title: 'Row', description: 'More' } },
      },
      { type: 'interactive', reply: { kind: 'list_reply', id: 'r1', title: 'Row', description: 'More' } },
    ],
    [
      'a location',
      { type: 'location', location: { latitude: 48.85837, longitude: 2.294481, name: 'Eiffel Tower' } },
      { type: 'location', location: { latitude: 48.85837, longitude: 2.294481, name: 'Eiffel Tower' } },
    ],
    [
      'an image',
      { type: 'image', image: { caption: 'Sunset', mime_type: 'image/png', sha256: 'abc=', id: '1234' } },
      { type: 'image', media: { id: '1234', mimeType: 'image/png', sha256: 'abc=', caption: 'Sunset' } },
    ],
    [
      'a reaction',
      { type: 'reaction', reaction: { message_id: 'wamid.BOT', emoji: '👍' } },
      { type: 'reaction', reaction: { messageId: 'wamid.BOT', emoji: '👍' } },
    ],
    [
      'a removed reaction',
      { type: 'reaction', reaction: { message_id: 'wamid.BOT' } },
      { type: 'reaction', reaction: { messageId: 'wamid.BOT' } },
    ],
  ])('maps %s through the real webhook mapper to the expected message', (_, message, expected) => {
    const { events, skipped } = mapWebhookPayload(build(message));
    expect(skipped).toEqual([]);
    expect(events).toEqual([
      {
        kind: 'message',
        message: expect.objectContaining({
          id: 'wamid.SIM1',
          from: '15550100001',
          profileName: 'Ada Lovelace',
          timestamp: 1750000000,
          ...expected,
        }),
      },
    ]);
  });

  describe('for a username-only user', () => {
    const usernameOnly = { waId: 'US.13491208655302741918', name: 'Ada Codes', username: 'ada.codes' };
    const payload = buildInboundWebhook({
      business,
      user: usernameOnly,
      messageId: 'wamid.SIM2',
      timestamp: 1750000000,
      message: { type: 'text', text: { body: 'hi' } },
    });

    it('has the 2026 shape: the BSUID as from_user_id and user_id, the username, no phone number', () => {
      const { value } = (payload as { entry: { changes: { value: Record<string, unknown> }[] }[] }).entry[0].changes[0];
      expect(value.contacts).toEqual([
        { profile: { name: 'Ada Codes', username: 'ada.codes' }, user_id: 'US.13491208655302741918' },
      ]);
      expect(value.messages).toEqual([
        {
          from_user_id: 'US.13491208655302741918',
          id: 'wamid.SIM2',
          timestamp: '1750000000',
          type: 'text',
          text: { body: 'hi' },
        },
      ]);
    });

    it('maps through the real webhook mapper to a sender known by BSUID and username', () => {
      const { events, skipped } = mapWebhookPayload(payload);
      expect(skipped).toEqual([]);
      expect(events).toEqual([
        {
          kind: 'message',
          message: expect.objectContaining({
            from: undefined,
            fromUserId: 'US.13491208655302741918',
            username: 'ada.codes',
            profileName: 'Ada Codes',
            type: 'text',
            text: 'hi',
          }),
        },
      ]);
    });
  });
});
