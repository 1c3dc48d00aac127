import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { webhookExamples } from '../testing/webhook-examples.js';
import type { InboundEvent, InboundMessage, InboundStatus } from '../whatsapp/inbound-message.js';
import { WebhookPayloadDto } from './dto/webhook-payload.dto.js';
import { mapWebhookPayload, type MappedWebhook, type SkippedUpdate } from './inbound-event.mapper.js';

// ---- builders for payloads the spec has no example of (shapes from Meta's webhook reference) -------------------

const PHONE_NUMBER_ID = '106540352242922';
const SHEENA_WA_ID = '16505551234';
/** What Meta's examples share: Sheena Nelson writes to business number 106540352242922. */
const FROM_SHEENA = { from: SHEENA_WA_ID, profileName: 'Sheena Nelson', phoneNumberId: PHONE_NUMBER_ID } as const;
const SHEENA_CONTACT = { profile: { name: 'Sheena Nelson' }, wa_id: SHEENA_WA_ID };

type Json = Record<string, unknown>;

function webhook(...changes: Json[]): Json {
  return { object: 'whatsapp_business_account', entry: [{ id: '419561257915477', changes }] };
}

function change(value: Json, field = 'messages', phoneNumberId = PHONE_NUMBER_ID): Json {
  const metadata = { display_phone_number: '15550783881', phone_number_id: phoneNumberId };
  return { field, value: { messaging_product: 'whatsapp', metadata, ...value } };
}

function incoming(id: string, type: string, content: Json): Json {
  return { from: SHEENA_WA_ID, id, timestamp: '1750000000', type, ...content };
}

function mapMessages(...messages: unknown[]): MappedWebhook {
  return mapWebhookPayload(webhook(change({ contacts: [SHEENA_CONTACT], messages })));
}

function messageEvent(message: InboundMessage): InboundEvent {
  return { kind: 'message', message };
}

function statusEvent(status: InboundStatus): InboundEvent {
  return { kind: 'status', status };
}

/** The only message a mapping produced; fails the test when there is not exactly one. */
function onlyMessage(result: MappedWebhook): InboundMessage {
  expect(result.skipped).toEqual([]);
  expect(result.events).toHaveLength(1);
  const [event] = result.events;
  if (event?.kind !== 'message') throw new Error(`expected a message event, got ${event?.kind}`);
  return event.message;
}

/** A short fingerprint per event, to compare batches in order. */
function fingerprint(event: InboundEvent): string {
  switch (event.kind) {
    case 'message': {
      const { id, type, profileName, phoneNumberId } = event.message;
      return `message ${id} ${type} ${profileName ?? '-'} @${phoneNumberId}`;
    }
    case 'status':
      return `status ${event.status.id} ${event.status.status} @${event.status.phoneNumberId}`;
    case 'error':
      return `error ${event.errors.map((error) => error.code).join(',')} @${event.phoneNumberId}`;
  }
}

// ---- every example of Meta's spec ---------------------------------------------------------------------------

/**
 * What each example of Meta's spec must map to, by example name. Explicit on purpose: an example added to or
 * changed in the spec fails here until someone states what it should produce.
 */
const EXPECTED_BY_EXAMPLE: Record<string, { events: InboundEvent[]; skipped?: SkippedUpdate[] }> = {
  'Text Message': {
    events: [
      messageEvent({
        ...FROM_SHEENA,
        id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
        timestamp: 1749416383,
        type: 'text',
        text: 'Does it come in another color?',
      }),
    ],
  },
  'Text Message with Context (Product Inquiry)': {
    events: [
      messageEvent({
        ...FROM_SHEENA,
        id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTA2NTUwRkNEMDdFQjJCRUU0NQA=',
        timestamp: 1750016800,
        type: 'text',
        text: 'Is this still available?',
        context: { from: '15550783881', messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGA9wcm9kdWN0X2lucXVpcnkA' },
      }),
    ],
  },
  'Text Message from Click to WhatsApp Ad': {
    events: [
      messageEvent({
        ...FROM_SHEENA,
        id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUQ0N0VFMDA2MTQ0RkJFNkNDNAA=',
        timestamp: 1750275992,
        type: 'text',
        text: 'Hello! Can I get more info on this?',
        referral: {
          source_url: 'https://fb.me/3cr4Wqqkv',
          source_id: '120226305854810726',
          source_type: 'ad',
          body: 'Summer Succulents are here!',
          headline: 'Chat with us',
          media_type: 'image',
          image_url: 'https://scontent.xx.fbcdn.net/v/t45.1...',
          ctwa_clid:
            'Aff-n8ZTODiE79d22KtAwQKj9e_mIEOOj27vDVwFjN80dp4_0NiNhEgpGo0AHemvuSoifXaytfTzcchptiErTKCqTrJ5nW1h7IHYeYymGb5K5J5iTROpBhWAGaIAeUzHL50',
          welcome_message: { text: 'Hi there! Let us know how we can help!' },
        },
      }),
    ],
  },
  'Reaction Message': {
    events: [
      messageEvent({
        ...FROM_SHEENA,
        id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
        timestamp: 1749419544,
        type: 'reaction',
        reaction: { messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0RTJEOTc2ODVERUY5RDlGNkYA', emoji: '👍' },
      }),
    ],
  },
  'Image Message': {
    events: [
      messageEvent({
        ...FROM_SHEENA,
        id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
        timestamp: 1744344496,
        type: 'image',
        media: {
          id: '1003383421387256',
          mimeType: 'image/jpeg',
          sha256: 'SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=',
          caption: 'Taj Mahal',
        },
      }),
    ],
  },
  'Location Message': {
    events: [
      messageEvent({
        ...FROM_SHEENA,
        id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTU2MjZEMDBGRkE3MENEMDE0RQA=',
        timestamp: 1744344496,
        type: 'location',
        location: {
          latitude: 37.44221496582,
          longitude: -122.16165924072,
          name: 'Philz Coffee',
          address: '101 Forest Ave, Palo Alto, CA 94301',
          url: 'https://philzcoffee.com/',
        },
      }),
    ],
  },
  'Contact Sharing Message': {
    events: [
      messageEvent({
        ...FROM_SHEENA,
        id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
        timestamp: 1744344496,
        type: 'contacts',
        contacts: [
          {
            name: { first_name: 'Lucía', last_name: 'Gómez', formatted_name: 'Lucía Gómez' },
            org: { company: 'Google' },
            phones: [{ phone: '+1 (983) 555-2319', wa_id: '19835552319', type: 'MOBILE' }],
          },
        ],
      }),
    ],
  },
  'Unsupported Message': {
    events: [
      messageEvent({
        ...FROM_SHEENA,
        id: 'wamid.HBgLMTQyMDU1NTA3NDkVAgASGBI5N0MwRjg0RTVBNUI1RDA2OTkA',
        timestamp: 1750090702,
        type: 'unsupported',
        originalType: 'unsupported',
        errors: [
          {
            code: 131051,
            title: 'Message type unknown',
            message: 'Message type unknown',
            details: 'Message type is currently not supported.',
          },
        ],
      }),
    ],
  },
  'Button Message': {
    events: [
      messageEvent({
        ...FROM_SHEENA,
        id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUU0M0MxQzQzMUJCMTMwNUZFOQA=',
        timestamp: 1750091045,
        type: 'button',
        payload: 'Unsubscribe',
        text: 'Unsubscribe',
        context: { from: '15550783881', messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJFNjk2OTMwNEZCQjhGMzUyQUYA' },
      }),
    ],
  },
  'Interactive List Reply Message': {
    events: [
      messageEvent({
        ...FROM_SHEENA,
        id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUJDQ0NDM0FEODY4ODkzOTc5RgA=',
        timestamp: 1749854575,
        type: 'interactive',
        reply: {
          kind: 'list_reply',
          id: 'priority_express',
          title: 'Priority Mail Express',
          description: 'Next Day to 2 Days',
        },
        context: { from: '15550783881', messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJGMzEyNzhENTZDMzNGODlDRDgA' },
      }),
    ],
  },
  'Interactive Button Reply Message': {
    events: [
      messageEvent({
        ...FROM_SHEENA,
        id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTZBQzg0MzQ4QjRCM0NGNkVGOAA=',
        timestamp: 1750025136,
        type: 'interactive',
        reply: { kind: 'button_reply', id: 'cancel-button', title: 'Cancel' },
        context: { from: '15550783881', messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MEM2RUJFNkI0RENGQTVDRjUA' },
      }),
    ],
  },
  'Order Message': {
    events: [
      messageEvent({
        ...FROM_SHEENA,
        id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTEyQjFGNzI1QTQxMjI5QTMyOQA=',
        timestamp: 1750096325,
        type: 'order',
        order: {
          catalog_id: '194836987003835',
          text: '',
          product_items: [
            { product_retailer_id: 'di9ozbzfi4', quantity: 2, item_price: 30, currency: 'USD' },
            { product_retailer_id: 'nqryix03ez', quantity: 1, item_price: 25, currency: 'USD' },
          ],
        },
      }),
    ],
  },
  // System messages come without `contacts`: no profile name.
  'System Message': {
    events: [
      messageEvent({
        from: SHEENA_WA_ID,
        phoneNumberId: PHONE_NUMBER_ID,
        id: 'wamid.HBgLMTk4MzU1NTE5NzQVAgASGAoxMTgyMDg2MjY3AA==',
        timestamp: 1750269342,
        type: 'system',
        system: {
          body: 'User Sheena Nelson changed from 16505551234 to 12195555358',
          kind: 'user_changed_number',
          newWaId: '12195555358',
        },
      }),
    ],
  },
  'Group Create Message': {
    events: [],
    skipped: [
      { path: 'entry[0].changes[0]', reason: 'field "group_lifecycle_update" is not handled (only "messages" is)' },
    ],
  },
  'Group Settings Update': {
    events: [],
    skipped: [
      { path: 'entry[0].changes[0]', reason: 'field "group_settings_update" is not handled (only "messages" is)' },
    ],
  },
  // The example says `group_participants_update`; the spec's enum says `group_participant_update`.
  'Group Remove Participants': {
    events: [],
    skipped: [
      { path: 'entry[0].changes[0]', reason: 'field "group_participants_update" is not handled (only "messages" is)' },
    ],
  },
};

describe('mapWebhookPayload', () => {
  describe("Meta's webhook examples (spec v23.0)", () => {
    const examples = webhookExamples();

    it('has an expectation for every example, and no expectation without an example', () => {
      expect(examples.map((example) => example.name)).toEqual(Object.keys(EXPECTED_BY_EXAMPLE));
    });

    it.each(examples.map((example) => [example.name, example.payload] as const))('maps "%s"', (name, payload) => {
      const expected = EXPECTED_BY_EXAMPLE[name];
      expect(mapWebhookPayload(payload)).toEqual({
        isWhatsAppPayload: true,
        events: expected?.events,
        skipped: expected?.skipped ?? [],
      });
    });

    it.each(examples.map((example) => [example.name, example.payload] as const))(
      '"%s" passes whole-body validation with WebhookPayloadDto',
      (_name, payload) => {
        const errors = validateSync(plainToInstance(WebhookPayloadDto, payload), { forbidUnknownValues: true });
        expect(errors).toEqual([]);
      },
    );

    it('does not modify the payload it maps', () => {
      for (const { payload } of examples) {
        const before = structuredClone(payload);
        mapWebhookPayload(payload);
        expect(payload).toEqual(before);
      }
    });
  });

  describe('WebhookPayloadDto (whole-body validation)', () => {
    it('rejects a whole batch for one bad message, which is why the webhook maps item by item', () => {
      const good = incoming('wamid.OK', 'text', { text: { body: 'ok' } });
      const textless = incoming('wamid.TEXTLESS', 'text', {});
      const body = webhook(change({ contacts: [SHEENA_CONTACT], messages: [good, null, textless] }));

      const errors = validateSync(plainToInstance(WebhookPayloadDto, body), { forbidUnknownValues: true });

      expect(errors.map((error) => error.property)).toEqual(['entry']);
      expect(mapWebhookPayload(body).events.map(fingerprint)).toEqual([
        `message wamid.OK text Sheena Nelson @${PHONE_NUMBER_ID}`,
      ]);
    });
  });

  it('maps a plain text (the hand-checked route) to the same event as the DTO route', () => {
    const plain = incoming('wamid.P', 'text', { text: { body: 'Hello' } });
    // An unknown field sends the same message down the DTO route, which ignores unknown fields.
    expect(mapMessages(plain).events).toEqual(mapMessages({ ...plain, unknown_field: true }).events);
    expect(onlyMessage(mapMessages(plain))).toMatchObject({
      type: 'text',
      text: 'Hello',
      profileName: 'Sheena Nelson',
    });
  });

  describe('message types the spec has no example of', () => {
    it.each<[string, Json, Partial<InboundMessage>]>([
      [
        'voice note',
        { type: 'audio', audio: { id: '2001', mime_type: 'audio/ogg; codecs=opus', sha256: 'c2hh', voice: true } },
        { type: 'audio', media: { id: '2001', mimeType: 'audio/ogg; codecs=opus', sha256: 'c2hh', voice: true } },
      ],
      [
        'audio file',
        { type: 'audio', audio: { id: '2002', mime_type: 'audio/mpeg', sha256: 'c2hh', voice: false } },
        { type: 'audio', media: { id: '2002', mimeType: 'audio/mpeg', sha256: 'c2hh', voice: false } },
      ],
      [
        'video',
        { type: 'video', video: { id: '2003', mime_type: 'video/mp4', sha256: 'c2hh', caption: 'My vacation video' } },
        { type: 'video', media: { id: '2003', mimeType: 'video/mp4', sha256: 'c2hh', caption: 'My vacation video' } },
      ],
      [
        'document',
        {
          type: 'document',
          document: { id: '2004', mime_type: 'application/pdf', sha256: 'c2hh', filename: 'receipt.pdf' },
        },
        {
          type: 'document',
          media: { id: '2004', mimeType: 'application/pdf', sha256: 'c2hh', filename: 'receipt.pdf' },
        },
      ],
      [
        'sticker',
        { type: 'sticker', sticker: { id: '2005', mime_type: 'image/webp', sha256: 'c2hh', animated: true } },
        { type: 'sticker', media: { id: '2005', mimeType: 'image/webp', sha256: 'c2hh', animated: true } },
      ],
      [
        'submitted WhatsApp Flow (nfm_reply)',
        {
          type: 'interactive',
          interactive: {
            type: 'nfm_reply',
            nfm_reply: { response_json: '{"flow_token":"T1","city":"London"}', body: 'Sent', name: 'flow' },
          },
        },
        { type: 'flow_reply', responseJson: '{"flow_token":"T1","city":"London"}', body: 'Sent', name: 'flow' },
      ],
      [
        'interactive reply of a kind we do not model',
        {
          type: 'interactive',
          interactive: { type: 'call_permission_reply', call_permission_reply: { response: 'accept' } },
        },
        { type: 'unsupported', originalType: 'interactive.call_permission_reply' },
      ],
      ['type we do not model', { type: 'request_welcome' }, { type: 'unsupported', originalType: 'request_welcome' }],
      [
        "Meta's `unknown` type",
        {
          type: 'unknown',
          errors: [{ code: 131051, title: 'Message type unknown', error_data: { details: 'Not supported.' } }],
        },
        {
          type: 'unsupported',
          originalType: 'unknown',
          errors: [{ code: 131051, title: 'Message type unknown', details: 'Not supported.' }],
        },
      ],
      [
        'reply to a message',
        { type: 'text', text: { body: 'yes' }, context: { from: '15550783881', id: 'wamid.ORIGINAL' } },
        { type: 'text', text: 'yes', context: { from: '15550783881', messageId: 'wamid.ORIGINAL' } },
      ],
      [
        'forwarded',
        { type: 'text', text: { body: 'fwd' }, context: { forwarded: true } },
        { type: 'text', text: 'fwd', context: { forwarded: true } },
      ],
      [
        'frequently forwarded',
        {
          type: 'image',
          image: { id: '2006', mime_type: 'image/jpeg', sha256: 'c2hh' },
          context: { frequently_forwarded: true },
        },
        {
          type: 'image',
          media: { id: '2006', mimeType: 'image/jpeg', sha256: 'c2hh' },
          context: { frequentlyForwarded: true },
        },
      ],
      [
        'system message with the older `new_wa_id` name',
        { type: 'system', system: { body: 'changed', type: 'user_changed_number', new_wa_id: '12195555358' } },
        { type: 'system', system: { body: 'changed', kind: 'user_changed_number', newWaId: '12195555358' } },
      ],
    ])('%s', (_case, content, expected) => {
      const message = onlyMessage(mapMessages(incoming('wamid.CASE', String(content.type), content)));
      expect(message).toEqual({ ...FROM_SHEENA, id: 'wamid.CASE', timestamp: 1750000000, ...expected });
    });

    it.each([
      ['empty', { message_id: 'wamid.REACTED', emoji: '' }],
      ['missing', { message_id: 'wamid.REACTED' }],
    ])('reads a reaction with an %s emoji as its removal', (_case, reaction) => {
      const message = onlyMessage(mapMessages(incoming('wamid.R', 'reaction', { reaction })));
      if (message.type !== 'reaction') throw new Error(`expected a reaction, got ${message.type}`);
      expect(message.reaction.messageId).toBe('wamid.REACTED');
      expect(message.reaction.emoji).toBeUndefined();
    });

    it('keeps fields Meta adds (tolerated, not rejected)', () => {
      const message = onlyMessage(
        mapMessages({
          ...incoming('wamid.NEW', 'text', { text: { body: 'hi', new_flag: true } }),
          brand_new_field: { x: 1 },
        }),
      );
      expect(message).toMatchObject({ id: 'wamid.NEW', type: 'text', text: 'hi' });
    });
  });

  describe('statuses', () => {
    const statuses = [
      {
        id: 'wamid.OUT1',
        status: 'sent',
        timestamp: '1750263773',
        recipient_id: SHEENA_WA_ID,
        conversation: { id: 'CONVERSATION_1', expiration_timestamp: '1750350180', origin: { type: 'utility' } },
        pricing: { billable: true, pricing_model: 'PMP', category: 'utility', type: 'regular' },
      },
      { id: 'wamid.OUT1', status: 'delivered', timestamp: '1750263774', recipient_id: SHEENA_WA_ID },
      { id: 'wamid.OUT1', status: 'read', timestamp: '1750263780', recipient_id: SHEENA_WA_ID },
      {
        id: 'wamid.OUT2',
        status: 'failed',
        timestamp: '1750263790',
        recipient_id: SHEENA_WA_ID,
        errors: [
          {
            code: 131049,
            title: 'This message was not delivered to maintain healthy ecosystem engagement.',
            message: 'This message was not delivered to maintain healthy ecosystem engagement.',
            error_data: {
              details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
            },
            href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
          },
        ],
      },
    ];

    it('maps sent, delivered, read and failed with conversation, pricing and errors', () => {
      expect(mapWebhookPayload(webhook(change({ statuses })))).toEqual({
        isWhatsAppPayload: true,
        skipped: [],
        events: [
          statusEvent({
            id: 'wamid.OUT1',
            status: 'sent',
            recipientId: SHEENA_WA_ID,
            timestamp: 1750263773,
            phoneNumberId: PHONE_NUMBER_ID,
            conversation: { id: 'CONVERSATION_1', expiresAt: 1750350180, originType: 'utility' },
            pricing: { billable: true, pricingModel: 'PMP', category: 'utility', type: 'regular' },
          }),
          statusEvent({
            id: 'wamid.OUT1',
            status: 'delivered',
            recipientId: SHEENA_WA_ID,
            timestamp: 1750263774,
            phoneNumberId: PHONE_NUMBER_ID,
          }),
          statusEvent({
            id: 'wamid.OUT1',
            status: 'read',
            recipientId: SHEENA_WA_ID,
            timestamp: 1750263780,
            phoneNumberId: PHONE_NUMBER_ID,
          }),
          statusEvent({
            id: 'wamid.OUT2',
            status: 'failed',
            recipientId: SHEENA_WA_ID,
            timestamp: 1750263790,
            phoneNumberId: PHONE_NUMBER_ID,
            errors: [
              {
                code: 131049,
                title: 'This message was not delivered to maintain healthy ecosystem engagement.',
                message: 'This message was not delivered to maintain healthy ecosystem engagement.',
                details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
              },
            ],
          }),
        ],
      });
    });

    it('skips a status without an id and keeps the others', () => {
      const broken = { status: 'read', timestamp: '1750263780', recipient_id: SHEENA_WA_ID };
      const result = mapWebhookPayload(webhook(change({ statuses: [statuses[0], broken, statuses[3]] })));
      expect(result.events.map(fingerprint)).toEqual([
        `status wamid.OUT1 sent @${PHONE_NUMBER_ID}`,
        `status wamid.OUT2 failed @${PHONE_NUMBER_ID}`,
      ]);
      expect(result.skipped).toEqual([
        { path: 'entry[0].changes[0].value.statuses[1]', reason: 'invalid status: id (isNotEmpty)' },
      ]);
    });
  });

  describe('change-level errors', () => {
    it('become one error event per change, with every error of it', () => {
      const errors = [
        {
          code: 131000,
          title: 'Something went wrong',
          message: 'Something went wrong',
          error_data: { details: 'Retry later.' },
        },
        { code: 368, title: 'Temporarily blocked for policies violations' },
      ];
      expect(mapWebhookPayload(webhook(change({ errors })))).toEqual({
        isWhatsAppPayload: true,
        skipped: [],
        events: [
          {
            kind: 'error',
            phoneNumberId: PHONE_NUMBER_ID,
            errors: [
              { code: 131000, title: 'Something went wrong', message: 'Something went wrong', details: 'Retry later.' },
              { code: 368, title: 'Temporarily blocked for policies violations' },
            ],
          },
        ],
      });
    });

    it('skips an error without a numeric code and keeps the rest', () => {
      const result = mapWebhookPayload(webhook(change({ errors: [{ code: '131000' }, { code: 131026 }] })));
      expect(result.events).toEqual([{ kind: 'error', phoneNumberId: PHONE_NUMBER_ID, errors: [{ code: 131026 }] }]);
      expect(result.skipped).toEqual([
        { path: 'entry[0].changes[0].value.errors[0]', reason: 'invalid error: code (isInt)' },
      ]);
    });
  });

  describe('senders', () => {
    it('gives each message of a change the name of its own contact (wa_id = from)', () => {
      const contacts = [SHEENA_CONTACT, { profile: { name: 'Ada Lovelace' }, wa_id: '447700900123' }];
      const messages = [
        { ...incoming('wamid.A', 'text', { text: { body: 'a' } }), from: '447700900123' },
        incoming('wamid.B', 'text', { text: { body: 'b' } }),
        { ...incoming('wamid.C', 'text', { text: { body: 'c' } }), from: '15550001111' },
      ];
      const result = mapWebhookPayload(webhook(change({ contacts, messages })));
      expect(result.events.map(fingerprint)).toEqual([
        `message wamid.A text Ada Lovelace @${PHONE_NUMBER_ID}`,
        `message wamid.B text Sheena Nelson @${PHONE_NUMBER_ID}`,
        `message wamid.C text - @${PHONE_NUMBER_ID}`,
      ]);
    });

    it('maps a username-only sender (no phone number) by business-scoped user id', () => {
      const contacts = [{ profile: { name: 'Ada', username: '@ada.l' }, user_id: 'US.13491208655302741918' }];
      const message = {
        from_user_id: 'US.13491208655302741918',
        id: 'wamid.U',
        timestamp: '1750000000',
        type: 'text',
        text: { body: 'hi' },
      };
      const result = mapWebhookPayload(webhook(change({ contacts, messages: [message] })));
      const mapped = onlyMessage(result);
      expect(mapped).toEqual({
        id: 'wamid.U',
        fromUserId: 'US.13491208655302741918',
        profileName: 'Ada',
        username: '@ada.l',
        phoneNumberId: PHONE_NUMBER_ID,
        timestamp: 1750000000,
        type: 'text',
        text: 'hi',
      });
      expect(mapped.from).toBeUndefined();
    });

    it('fills in the phone number and user id from the contact when the message carries only one of them', () => {
      const contacts = [{ profile: { name: 'Sheena Nelson' }, wa_id: SHEENA_WA_ID, user_id: 'US.42' }];
      const byPhone = incoming('wamid.P', 'text', { text: { body: 'p' } });
      const byUserId = {
        from_user_id: 'US.42',
        id: 'wamid.Q',
        timestamp: '1750000000',
        type: 'text',
        text: { body: 'q' },
      };
      const result = mapWebhookPayload(webhook(change({ contacts, messages: [byPhone, byUserId] })));
      expect(result.events).toEqual([
        messageEvent({
          ...FROM_SHEENA,
          fromUserId: 'US.42',
          id: 'wamid.P',
          timestamp: 1750000000,
          type: 'text',
          text: 'p',
        }),
        messageEvent({
          ...FROM_SHEENA,
          fromUserId: 'US.42',
          id: 'wamid.Q',
          timestamp: 1750000000,
          type: 'text',
          text: 'q',
        }),
      ]);
    });

    it('skips a message with neither `from` nor `from_user_id`', () => {
      const result = mapMessages({ id: 'wamid.NOBODY', timestamp: '1750000000', type: 'text', text: { body: 'who?' } });
      expect(result.events).toEqual([]);
      expect(result.skipped).toEqual([
        { path: 'entry[0].changes[0].value.messages[0]', reason: 'invalid message: from (isNotEmpty)' },
      ]);
    });
  });

  describe('batches', () => {
    it('maps every message, status and error of every change of every entry, in body order', () => {
      const secondNumber = '200000000000001';
      const body = {
        object: 'whatsapp_business_account',
        entry: [
          {
            id: 'WABA_1',
            changes: [
              change({
                contacts: [SHEENA_CONTACT, { profile: { name: 'Ada Lovelace' }, wa_id: '447700900123' }],
                messages: [
                  incoming('wamid.M1', 'text', { text: { body: 'one' } }),
                  { ...incoming('wamid.M2', 'button', { button: { payload: 'P', text: 'T' } }), from: '447700900123' },
                  incoming('wamid.M3', 'reaction', { reaction: { message_id: 'wamid.M0', emoji: '❤️' } }),
                ],
              }),
              change({
                statuses: [
                  { id: 'wamid.S1', status: 'delivered', timestamp: '1750000001', recipient_id: SHEENA_WA_ID },
                  { id: 'wamid.S2', status: 'read', timestamp: '1750000002', recipient_id: SHEENA_WA_ID },
                ],
              }),
              change({ groups: [] }, 'group_lifecycle_update'),
            ],
          },
          {
            id: 'WABA_2',
            changes: [
              change(
                {
                  contacts: [SHEENA_CONTACT],
                  messages: [
                    incoming('wamid.M4', 'image', { image: { id: '9', mime_type: 'image/png', sha256: 'c2hh' } }),
                  ],
                  errors: [{ code: 131047, title: 'Re-engagement message' }],
                },
                'messages',
                secondNumber,
              ),
            ],
          },
        ],
      };

      const result = mapWebhookPayload(body);

      expect(result.events.map(fingerprint)).toEqual([
        `message wamid.M1 text Sheena Nelson @${PHONE_NUMBER_ID}`,
        `message wamid.M2 button Ada Lovelace @${PHONE_NUMBER_ID}`,
        `message wamid.M3 reaction Sheena Nelson @${PHONE_NUMBER_ID}`,
        `status wamid.S1 delivered @${PHONE_NUMBER_ID}`,
        `status wamid.S2 read @${PHONE_NUMBER_ID}`,
        `message wamid.M4 image Sheena Nelson @${secondNumber}`,
        `error 131047 @${secondNumber}`,
      ]);
      expect(result.skipped).toEqual([
        { path: 'entry[0].changes[2]', reason: 'field "group_lifecycle_update" is not handled (only "messages" is)' },
      ]);
    });

    it('skips malformed messages and keeps their siblings', () => {
      const result = mapMessages(
        incoming('wamid.GOOD1', 'text', { text: { body: 'first' } }),
        { ...incoming('wamid.NO_ID', 'text', { text: { body: 'x' } }), id: undefined },
        incoming('wamid.BAD_BODY', 'text', { text: { body: 42 } }),
        incoming('wamid.TEXT_ARRAY', 'text', { text: [{ body: 'x' }] }),
        'junk',
        null,
        incoming('wamid.NO_MEDIA_ID', 'image', { image: { mime_type: 'image/jpeg' } }),
        incoming('wamid.NO_LIST_REPLY', 'interactive', { interactive: { type: 'list_reply' } }),
        incoming('wamid.GOOD2', 'location', { location: { latitude: 1.5, longitude: -2.25 } }),
      );

      expect(result.events.map(fingerprint)).toEqual([
        `message wamid.GOOD1 text Sheena Nelson @${PHONE_NUMBER_ID}`,
        `message wamid.GOOD2 location Sheena Nelson @${PHONE_NUMBER_ID}`,
      ]);
      const path = (index: number) => `entry[0].changes[0].value.messages[${index}]`;
      expect(result.skipped).toEqual([
        { path: path(1), reason: 'invalid message: id (matches)' },
        { path: path(2), reason: 'invalid message: text.body (isString)' },
        { path: path(3), reason: 'invalid message: text (isInstance)' },
        { path: path(4), reason: 'message is not an object' },
        { path: path(5), reason: 'message is not an object' },
        { path: path(6), reason: 'invalid message: image.id (isNotEmpty)' },
        { path: path(7), reason: 'invalid message: interactive.list_reply (isInstance)' },
      ]);
    });

    it('never puts message content in a skip reason', () => {
      const secret = 'my card number is 4111 1111 1111 1111';
      const result = mapMessages(
        { ...incoming('wamid.S', 'text', { text: { body: secret } }), timestamp: 'yesterday' },
        incoming('wamid.T', 'image', { image: { id: 7, caption: secret } }),
      );
      expect(result.events).toEqual([]);
      expect(result.skipped.map((skipped) => skipped.reason)).toEqual([
        'invalid message: timestamp (isNumberString)',
        'invalid message: image.id (isString)',
      ]);
      expect(JSON.stringify(result.skipped)).not.toContain('4111');
    });

    it('contains a message nested too deeply for class-transformer to the message itself', () => {
      let deep: Json = { end: true };
      for (let depth = 0; depth < 100_000; depth++) deep = { nested: deep };
      const result = mapMessages(
        incoming('wamid.DEEP', 'text', { text: { body: 'x' }, referral: deep }),
        incoming('wamid.AFTER', 'text', { text: { body: 'still here' } }),
      );
      expect(result.events.map(fingerprint)).toEqual([`message wamid.AFTER text Sheena Nelson @${PHONE_NUMBER_ID}`]);
      expect(result.skipped).toEqual([
        {
          path: 'entry[0].changes[0].value.messages[0]',
          reason: 'an item of messages could not be mapped (nested too deeply?)',
        },
      ]);
    });
  });

  describe('what is not a WhatsApp message update', () => {
    it.each(['page', 'instagram', 'WHATSAPP_BUSINESS_ACCOUNT', undefined])('ignores object %s', (object) => {
      const messages = [incoming('wamid.X', 'text', { text: { body: 'x' } })];
      const payload = { ...webhook(change({ contacts: [SHEENA_CONTACT], messages })), object };
      expect(mapWebhookPayload(payload)).toEqual({ isWhatsAppPayload: false, events: [], skipped: [] });
    });

    it('skips a change without a phone_number_id, and only that change', () => {
      const good = change({
        contacts: [SHEENA_CONTACT],
        messages: [incoming('wamid.OK', 'text', { text: { body: 'ok' } })],
      });
      const lost = incoming('wamid.LOST', 'text', { text: { body: 'x' } });
      const noNumber = { field: 'messages', value: { messaging_product: 'whatsapp', metadata: {}, messages: [lost] } };
      const result = mapWebhookPayload(webhook(noNumber, good));
      expect(result.events.map(fingerprint)).toEqual([`message wamid.OK text Sheena Nelson @${PHONE_NUMBER_ID}`]);
      expect(result.skipped).toEqual([
        {
          path: 'entry[0].changes[0].value.metadata',
          reason: 'metadata.phone_number_id is missing: the receiving business number is unknown',
        },
      ]);
    });
  });

  describe('message ids', () => {
    it.each([
      ['empty', ''],
      ['257 characters', 'a'.repeat(257)],
      ['a newline', 'wamid.a\nb'],
      ['a DEL character', 'wamid.\u007f'],
      ['non-ASCII', 'wamid.ü'],
      ['a number', 7],
    ])('skips a message whose id is %s, keeping the rest of the batch', (_case, id) => {
      const result = mapMessages(incoming('wamid.OK', 'text', { text: { body: 'a' } }), {
        ...incoming('x', 'text', { text: { body: 'b' } }),
        id,
      });
      expect(result.events.map((event) => event.kind === 'message' && event.message.id)).toEqual(['wamid.OK']);
      expect(result.skipped).toEqual([
        {
          path: 'entry[0].changes[0].value.messages[1]',
          reason: expect.stringMatching(/^invalid message: id \((matches|isString)\)$/),
        },
      ]);
    });

    it.each(['wait', '1', ' ', '~'.repeat(256), 'wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQUI='])(
      'accepts the printable ASCII id %j',
      (id) => {
        expect(onlyMessage(mapMessages(incoming(id, 'text', { text: { body: 'a' } }))).id).toBe(id);
      },
    );
  });

  describe('garbage', () => {
    const WABA = 'whatsapp_business_account';
    const metadata = { phone_number_id: PHONE_NUMBER_ID };

    it.each<[string, unknown, boolean]>([
      ['null', null, false],
      ['undefined', undefined, false],
      ['a number', 42, false],
      ['a string', 'whatsapp_business_account', false],
      ['an array', [{ object: WABA }], false],
      ['an empty object', {}, false],
      ['no entry', { object: WABA }, true],
      ['entry: null', { object: WABA, entry: null }, true],
      ['entry: a string', { object: WABA, entry: 'entry' }, true],
      ['entry: an object', { object: WABA, entry: { changes: [] } }, true],
      [
        'junk entries',
        { object: WABA, entry: [null, 1, 'x', [], {}, { changes: null }, { changes: 'x' }, { changes: {} }] },
        true,
      ],
      [
        'junk changes',
        {
          object: WABA,
          entry: [
            {
              changes: [
                null,
                'change',
                [],
                {},
                { field: 'messages' },
                { field: 'messages', value: null },
                { field: 'messages', value: [] },
                { field: 'messages', value: { metadata: 'x' } },
                { field: 'messages', value: { metadata: { phone_number_id: 5 } } },
                { field: 'messages', value: { metadata } },
                { field: { nested: true }, value: {} },
                { field: 'x'.repeat(10_000), value: {} },
              ],
            },
          ],
        },
        true,
      ],
      [
        'junk arrays in a value',
        {
          object: WABA,
          entry: [
            {
              changes: [
                { field: 'messages', value: { metadata, contacts: 'x', messages: 'x', statuses: {}, errors: 5 } },
              ],
            },
          ],
        },
        true,
      ],
      [
        'junk items in a value',
        {
          object: WABA,
          entry: [
            {
              changes: [
                {
                  field: 'messages',
                  value: {
                    metadata,
                    contacts: [null, 'x', { profile: 'x', wa_id: 5 }, { profile: { name: {} }, wa_id: SHEENA_WA_ID }],
                    messages: [
                      ...[null, 1, 'x', [], {}, { type: {} }],
                      { id: 'm', from: 'f', timestamp: 1750000000, type: 'text', text: { body: 'x' } },
                    ],
                    statuses: [
                      ...[null, [], {}, { id: 's', status: 5, timestamp: '1' }],
                      { id: 's', status: 'read', timestamp: '1', errors: [[{ code: 1 }]] },
                    ],
                    errors: [null, [], {}, { code: 1.5 }, { code: 1, error_data: 'x' }],
                  },
                },
              ],
            },
          ],
        },
        true,
      ],
    ])('maps %s to no event, without throwing', (_case, body, isWhatsAppPayload) => {
      const result = mapWebhookPayload(body);
      expect(result.events).toEqual([]);
      expect(result.isWhatsAppPayload).toBe(isWhatsAppPayload);
      // Junk inside a WhatsApp payload is reported; a body that is not one has nothing to report.
      expect(result.skipped.length > 0).toBe(isWhatsAppPayload);
    });

    it('ignores `__proto__` and `constructor` keys, without polluting any prototype', () => {
      const body: unknown = JSON.parse(
        `{"object":"${WABA}","entry":[{"__proto__":{"changes":[]},"constructor":1,"changes":[{"field":"messages","value":{` +
          `"metadata":{"phone_number_id":"${PHONE_NUMBER_ID}"},"messages":[` +
          `{"__proto__":{"id":"wamid.INHERITED"},"from":"${SHEENA_WA_ID}","timestamp":"1","type":"text","text":{"body":"x"}},` +
          `{"__proto__":{"polluted":true},"constructor":{"name":"x"},"hasOwnProperty":1,"id":"wamid.OWN",` +
          `"from":"${SHEENA_WA_ID}","timestamp":"1","type":"text","text":{"body":"y","__proto__":null}}]}}]}]}`,
      );
      const result = mapWebhookPayload(body);
      expect(result.events).toEqual([
        messageEvent({
          from: SHEENA_WA_ID,
          phoneNumberId: PHONE_NUMBER_ID,
          id: 'wamid.OWN',
          timestamp: 1,
          type: 'text',
          text: 'y',
        }),
      ]);
      expect(result.skipped).toEqual([
        { path: 'entry[0].changes[0].value.messages[0]', reason: 'invalid message: id (matches)' },
      ]);
      expect(({} as Json).polluted).toBeUndefined();
    });

    it('skips every junk item it meets, and reports where', () => {
      const result = mapWebhookPayload({
        object: WABA,
        entry: [
          null,
          { changes: [null, { field: 'messages', value: { metadata, messages: [null, {}], statuses: 'x' } }] },
        ],
      });
      expect(result).toEqual({
        isWhatsAppPayload: true,
        events: [],
        skipped: [
          { path: 'entry[0]', reason: 'entry is not an object' },
          { path: 'entry[1].changes[0]', reason: 'change is not an object' },
          { path: 'entry[1].changes[1].value.messages[0]', reason: 'message is not an object' },
          {
            path: 'entry[1].changes[1].value.messages[1]',
            reason: 'invalid message: id (matches); from (isNotEmpty); timestamp (isNumberString)',
          },
          { path: 'entry[1].changes[1].value.statuses', reason: 'statuses is not an array' },
        ],
      });
    });

    it('maps the one good message of a huge array of junk', () => {
      const junk: unknown[] = [];
      for (let index = 0; index < 10_000; index++) {
        junk.push([null, index, `junk ${index}`, [], {}, { type: 'text' }, { id: index }][index % 7]);
      }
      junk.push(incoming('wamid.NEEDLE', 'text', { text: { body: 'found' } }));

      const result = mapMessages(...junk);

      expect(result.events.map(fingerprint)).toEqual([`message wamid.NEEDLE text Sheena Nelson @${PHONE_NUMBER_ID}`]);
      expect(result.skipped).toHaveLength(10_000);
    });

    it('never throws on random JSON in place of any part of a valid payload (seeded fuzz)', () => {
      const random = seededRandom(20250601);
      const template = webhook(
        change({
          contacts: [SHEENA_CONTACT],
          messages: [
            incoming('wamid.F1', 'text', { text: { body: 'x' } }),
            incoming('wamid.F2', 'interactive', {
              interactive: { type: 'button_reply', button_reply: { id: 'b', title: 'B' } },
            }),
          ],
          statuses: [{ id: 'wamid.F3', status: 'read', timestamp: '1', pricing: { category: 'utility' } }],
          errors: [{ code: 1, error_data: { details: 'd' } }],
        }),
      );
      for (let round = 0; round < 500; round++) {
        const body = structuredClone(template);
        replaceRandomNode(body, randomJson(random, 3), random);
        expect(() => mapWebhookPayload(body)).not.toThrow();
      }
    });
  });
});

// ---- fuzz helpers ----------------------------------------------------------------------------------------------

/** mulberry32: a tiny deterministic generator, so a failing fuzz round can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomJson(random: () => number, depth: number): unknown {
  const pick = Math.floor(random() * (depth > 0 ? 8 : 6));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return Math.floor(random() * 2 ** 40) - 2 ** 39;
    case 3:
      return random() * 1e6;
    case 4:
      return ['', 'text', 'messages', '1750000000', 'wamid.X', '__proto__'][Math.floor(random() * 6)];
    case 5:
      return {};
    case 6:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(random, depth - 1));
    default: {
      const keys = ['id', 'from', 'type', 'text', 'body', 'timestamp', 'messages', 'errors', 'code', 'value', 'x'];
      const node: Json = {};
      for (let index = Math.floor(random() * 4); index > 0; index--) {
        node[keys[Math.floor(random() * keys.length)] ?? 'x'] = randomJson(random, depth - 1);
      }
      return node;
    }
  }
}

/** Replaces one node, chosen at random among all the nodes of `root` (objects and arrays included). */
function replaceRandomNode(root: Json, replacement: unknown, random: () => number): void {
  const slots: { parent: Json | unknown[]; key: string | number }[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach((child, index) => {
        slots.push({ parent: node, key: index });
        visit(child);
      });
    } else if (typeof node === 'object' && node !== null) {
      const record = node as Json;
      for (const key of Object.keys(record)) {
        slots.push({ parent: record, key });
        visit(record[key]);
      }
    }
  };
  visit(root);
  const slot = slots[Math.floor(random() * slots.length)];
  if (!slot) return;
  if (Array.isArray(slot.parent)) slot.parent[Number(slot.key)] = replacement;
  else slot.parent[String(slot.key)] = replacement;
}
