import {
  MESSAGE_COUNT_OUT_OF_RANGE,
  MESSAGE_DUPLICATE,
  MESSAGE_FIELD_EMPTY,
  MESSAGE_TOO_LONG,
} from '../common/errors/error-messages.js';
import { MessageLimitError } from './message-limit.error.js';
import { validateMessageBody, validateReadReceiptBody } from './message-schema.js';
import {
  buildButtons,
  buildContacts,
  buildCtaUrl,
  buildList,
  buildLocation,
  buildLocationRequest,
  buildMarkRead,
  buildMedia,
  buildReaction,
  buildTemplate,
  buildText,
  characterCount,
} from './outbound-message.builders.js';
import type { ListRow, MediaMessage, ReplyButton } from './outbound-message.js';

const TO = '15551234567';
const WAMID = 'wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQUYzMjEzNDM2RTZGQ0MzMDJBRgA=';

/** A string of exactly `length` characters. Emoji-heavy on purpose: each is 2 UTF-16 units but 1 character. */
const chars = (length: number, unit = 'a') => unit.repeat(length);
const buttons = (count: number): ReplyButton[] =>
  Array.from({ length: count }, (_, i) => ({ id: `id-${i}`, title: `Title ${i}` }));
const rows = (count: number, prefix = 'r'): ListRow[] =>
  Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i}`, title: `Row ${i}` }));

/** Runs `build` and returns the MessageLimitError it threw (failing the test if it threw nothing else). */
function limitErrorOf(build: () => unknown): MessageLimitError {
  try {
    build();
  } catch (error) {
    if (error instanceof MessageLimitError) return error;
    throw error;
  }
  throw new Error('expected a MessageLimitError, but the builder returned normally');
}

describe('outbound message builders', () => {
  describe('every builder produces a body that validates against the spec Message schema', () => {
    const cases: [string, () => Record<string, unknown>][] = [
      ['text', () => buildText(TO, 'Hello')],
      [
        'text with preview and reply context',
        () => buildText(TO, 'See https://example.org', { previewUrl: true, replyTo: WAMID }),
      ],
      [
        'reply buttons',
        () =>
          buildButtons(TO, {
            body: 'Pick one',
            buttons: buttons(3),
            header: 'Header',
            footer: 'Footer',
            replyTo: WAMID,
          }),
      ],
      [
        'list with two sections',
        () =>
          buildList(TO, {
            body: 'Choose',
            buttonLabel: 'Options',
            header: 'Menu',
            footer: 'Bye',
            sections: [
              { title: 'First', rows: [{ id: 'a', title: 'A', description: 'The first' }] },
              { title: 'Second', rows: rows(9) },
            ],
          }),
      ],
      [
        'list with one untitled section',
        () => buildList(TO, { body: 'Choose', buttonLabel: 'Options', sections: [{ rows: rows(2) }] }),
      ],
      [
        'CTA URL button',
        () =>
          buildCtaUrl(TO, {
            body: 'Book now',
            displayText: 'See dates',
            url: 'https://example.org/book?x=1',
            header: 'Dates',
            footer: 'Thanks',
          }),
      ],
      ['location request', () => buildLocationRequest(TO, 'Where are you?')],
      ['image by id with caption', () => buildMedia(TO, { kind: 'image', id: '1234567890', caption: 'A photo' })],
      ['image by link', () => buildMedia(TO, { kind: 'image', link: 'https://example.org/a.jpg' })],
      ['audio by id', () => buildMedia(TO, { kind: 'audio', id: '1234567890' })],
      [
        'video by link with caption',
        () => buildMedia(TO, { kind: 'video', link: 'https://example.org/a.mp4', caption: 'Clip' }),
      ],
      [
        'document by id with caption and file name',
        () => buildMedia(TO, { kind: 'document', id: '1234567890', caption: 'Invoice', filename: 'invoice.pdf' }),
      ],
      [
        'document by link',
        () => buildMedia(TO, { kind: 'document', link: 'https://example.org/a.pdf', filename: 'a.pdf' }),
      ],
      ['sticker by id', () => buildMedia(TO, { kind: 'sticker', id: '1234567890' })],
      ['sticker by link', () => buildMedia(TO, { kind: 'sticker', link: 'https://example.org/a.webp' })],
      [
        'location',
        () => buildLocation(TO, { latitude: 37.4847, longitude: -122.1486, name: 'Meta HQ', address: '1 Hacker Way' }),
      ],
      [
        'contacts',
        () =>
          buildContacts(TO, [
            {
              name: { formattedName: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace' },
              phones: [{ phone: '+44 20 7946 0958', type: 'WORK', waId: '442079460958' }],
              emails: [{ email: 'ada@example.org', type: 'HOME' }],
              urls: [{ url: 'https://example.org', type: 'WORK' }],
              addresses: [{ street: '1 Main St', city: 'London', countryCode: 'gb', type: 'HOME' }],
              org: { company: 'Analytical Engines', title: 'Programmer' },
              birthday: '1815-12-10',
            },
          ]),
      ],
      ['reaction', () => buildReaction(TO, WAMID, '👍')],
      ['reaction removal', () => buildReaction(TO, WAMID, '')],
      ['template without components', () => buildTemplate(TO, { name: 'hello_world', languageCode: 'en_US' })],
      [
        'template with components (button index 0)',
        () =>
          buildTemplate(TO, {
            name: 'order_update',
            languageCode: 'en_US',
            components: [
              { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.org/h.jpg' } }] },
              { type: 'body', parameters: [{ type: 'text', text: 'Ada' }] },
              {
                type: 'button',
                subType: 'quick_reply',
                index: 0,
                parameters: [{ type: 'payload', payload: 'DETAILS' }],
              },
            ],
          }),
      ],
    ];

    it.each(cases)('%s', (_name, build) => {
      const body = build();
      expect(validateMessageBody(body)).toEqual({ valid: true, errors: [] });
      expect(body).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', to: TO });
    });
  });

  describe('wire shapes', () => {
    it('addresses a username-only user (a BSUID) with `recipient` and no `to`', () => {
      const body = buildText('US.13491208655302741918', 'Hi');
      expect(body).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        recipient: 'US.13491208655302741918',
        type: 'text',
        text: { body: 'Hi' },
      });
      expect(validateMessageBody(body)).toEqual({ valid: true, errors: [] });
    });

    it('builds a text body with preview_url and a reply context', () => {
      expect(buildText(TO, 'Hi', { previewUrl: false, replyTo: WAMID })).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: TO,
        type: 'text',
        context: { message_id: WAMID },
        text: { body: 'Hi', preview_url: false },
      });
    });

    it('builds reply buttons as interactive.action.buttons of type reply', () => {
      const body = buildButtons(TO, { body: 'Sure?', buttons: [{ id: 'yes', title: 'Yes' }] });
      expect(body.interactive).toEqual({
        type: 'button',
        body: { text: 'Sure?' },
        action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] },
      });
    });

    it('sends latitude and longitude as strings, as the v23.0 schema types them', () => {
      expect(buildLocation(TO, { latitude: 1.5, longitude: -2 }).location).toEqual({
        latitude: '1.5',
        longitude: '-2',
      });
    });

    it('sends the template language with the deterministic policy and button index as a string', () => {
      const body = buildTemplate(TO, {
        name: 't',
        languageCode: 'pt_BR',
        components: [{ type: 'button', subType: 'url', index: 1, parameters: [{ type: 'text', text: 'x' }] }],
      });
      expect(body.template).toEqual({
        name: 't',
        language: { policy: 'deterministic', code: 'pt_BR' },
        components: [{ type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'x' }] }],
      });
    });

    it('builds a read receipt with exactly messaging_product, status and message_id', () => {
      const body = buildMarkRead(WAMID);
      expect(body).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: WAMID });
      expect(validateReadReceiptBody(body).valid).toBe(true);
    });

    it('adds typing_indicator { type: "text" } when typing is asked for', () => {
      const body = buildMarkRead(WAMID, { typing: true });
      expect(body).toEqual({
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: WAMID,
        typing_indicator: { type: 'text' },
      });
      expect(validateReadReceiptBody(body).valid).toBe(true);
    });
  });

  describe('limits at the boundary', () => {
    interface LimitCase {
      readonly limit: string;
      readonly max: number;
      readonly build: (text: string) => Record<string, unknown>;
    }
    const limitCases: LimitCase[] = [
      { limit: 'text.body', max: 4096, build: (s) => buildText(TO, s) },
      { limit: 'interactive.body', max: 1024, build: (s) => buildButtons(TO, { body: s, buttons: buttons(1) }) },
      { limit: 'interactive.body', max: 1024, build: (s) => buildLocationRequest(TO, s) },
      {
        limit: 'interactive.header',
        max: 60,
        build: (s) => buildButtons(TO, { body: 'b', header: s, buttons: buttons(1) }),
      },
      {
        limit: 'interactive.footer',
        max: 60,
        build: (s) => buildList(TO, { body: 'b', footer: s, buttonLabel: 'L', sections: [{ rows: rows(1) }] }),
      },
      {
        limit: 'button.title',
        max: 20,
        build: (s) => buildButtons(TO, { body: 'b', buttons: [{ id: 'x', title: s }] }),
      },
      { limit: 'button.id', max: 256, build: (s) => buildButtons(TO, { body: 'b', buttons: [{ id: s, title: 't' }] }) },
      {
        limit: 'list.button',
        max: 20,
        build: (s) => buildList(TO, { body: 'b', buttonLabel: s, sections: [{ rows: rows(1) }] }),
      },
      {
        limit: 'row.id',
        max: 200,
        build: (s) => buildList(TO, { body: 'b', buttonLabel: 'L', sections: [{ rows: [{ id: s, title: 't' }] }] }),
      },
      {
        limit: 'row.title',
        max: 24,
        build: (s) => buildList(TO, { body: 'b', buttonLabel: 'L', sections: [{ rows: [{ id: 'x', title: s }] }] }),
      },
      {
        limit: 'row.description',
        max: 72,
        build: (s) =>
          buildList(TO, {
            body: 'b',
            buttonLabel: 'L',
            sections: [{ rows: [{ id: 'x', title: 't', description: s }] }],
          }),
      },
      {
        limit: 'section.title',
        max: 24,
        build: (s) => buildList(TO, { body: 'b', buttonLabel: 'L', sections: [{ title: s, rows: rows(1) }] }),
      },
      { limit: 'caption', max: 1024, build: (s) => buildMedia(TO, { kind: 'image', id: '1', caption: s }) },
      {
        limit: 'caption',
        max: 1024,
        build: (s) => buildMedia(TO, { kind: 'document', link: 'https://example.org/a.pdf', caption: s }),
      },
      {
        limit: 'cta.display_text',
        max: 20,
        build: (s) => buildCtaUrl(TO, { body: 'b', displayText: s, url: 'https://example.org' }),
      },
    ];

    it.each(limitCases)('$limit: $max characters pass and validate', ({ max, build }) => {
      expect(validateMessageBody(build(chars(max))).valid).toBe(true);
    });

    it.each(limitCases)('$limit: $max + 1 characters throw with limit "$limit"', ({ limit, max, build }) => {
      const error = limitErrorOf(() => build(chars(max + 1)));
      expect(error.limit).toBe(limit);
      expect(error.code).toBe('WHATSAPP.LIMIT_EXCEEDED');
      expect(error.message).toBe(MESSAGE_TOO_LONG(limit, max, max + 1));
    });

    it('counts characters as code points: 20 emoji fit a button title although their string length is 40', () => {
      const title = chars(20, '👍');
      expect(title.length).toBe(40);
      expect(characterCount(title)).toBe(20);
      const body = buildButtons(TO, { body: 'b', buttons: [{ id: 'x', title }] });
      expect(validateMessageBody(body).valid).toBe(true);
      expect(
        limitErrorOf(() => buildButtons(TO, { body: 'b', buttons: [{ id: 'x', title: title + '👍' }] })).limit,
      ).toBe('button.title');
    });

    it('accepts 3 buttons and refuses 4 (and 0)', () => {
      expect(validateMessageBody(buildButtons(TO, { body: 'b', buttons: buttons(3) })).valid).toBe(true);
      const tooMany = limitErrorOf(() => buildButtons(TO, { body: 'b', buttons: buttons(4) }));
      expect(tooMany.limit).toBe('button.count');
      expect(tooMany.message).toBe(MESSAGE_COUNT_OUT_OF_RANGE('button.count', 1, 3, 4));
      expect(limitErrorOf(() => buildButtons(TO, { body: 'b', buttons: [] })).limit).toBe('button.count');
    });

    it('accepts 10 rows in all and refuses 11, even when no section alone has more than 10', () => {
      const ten = buildList(TO, {
        body: 'b',
        buttonLabel: 'L',
        sections: [
          { title: 'A', rows: rows(5, 'a') },
          { title: 'B', rows: rows(5, 'b') },
        ],
      });
      expect(validateMessageBody(ten).valid).toBe(true);
      const error = limitErrorOf(() =>
        buildList(TO, {
          body: 'b',
          buttonLabel: 'L',
          sections: [
            { title: 'A', rows: rows(5, 'a') },
            { title: 'B', rows: rows(6, 'b') },
          ],
        }),
      );
      expect(error.limit).toBe('list.rows');
      expect(error.message).toBe(MESSAGE_COUNT_OUT_OF_RANGE('list.rows', 1, 10, 11));
    });

    it('refuses a list with an empty section', () => {
      expect(
        limitErrorOf(() =>
          buildList(TO, {
            body: 'b',
            buttonLabel: 'L',
            sections: [
              { title: 'A', rows: rows(1) },
              { title: 'B', rows: [] },
            ],
          }),
        ).limit,
      ).toBe('section.rows');
    });

    it('requires section titles when there are several sections', () => {
      const error = limitErrorOf(() =>
        buildList(TO, {
          body: 'b',
          buttonLabel: 'L',
          sections: [{ rows: rows(1, 'a') }, { title: 'B', rows: rows(1, 'b') }],
        }),
      );
      expect(error.limit).toBe('section.title');
    });

    it('accepts 5 contacts and refuses 6', () => {
      const card = { name: { formattedName: 'Ada' } };
      expect(validateMessageBody(buildContacts(TO, Array(5).fill(card))).valid).toBe(true);
      expect(limitErrorOf(() => buildContacts(TO, Array(6).fill(card))).limit).toBe('contacts.count');
    });
  });

  describe('uniqueness', () => {
    it('refuses duplicate button ids', () => {
      const error = limitErrorOf(() =>
        buildButtons(TO, {
          body: 'b',
          buttons: [
            { id: 'same', title: 'One' },
            { id: 'same', title: 'Two' },
          ],
        }),
      );
      expect(error.limit).toBe('button.id.unique');
      expect(error.message).toBe(MESSAGE_DUPLICATE('button.id.unique', 2));
    });

    it('refuses duplicate button titles', () => {
      const error = limitErrorOf(() =>
        buildButtons(TO, {
          body: 'b',
          buttons: [
            { id: 'a', title: 'Same' },
            { id: 'b', title: 'Other' },
            { id: 'c', title: 'Same' },
          ],
        }),
      );
      expect(error.limit).toBe('button.title.unique');
      expect(error.message).toBe(MESSAGE_DUPLICATE('button.title.unique', 3));
    });

    it('refuses duplicate row ids across sections', () => {
      const error = limitErrorOf(() =>
        buildList(TO, {
          body: 'b',
          buttonLabel: 'L',
          sections: [
            { title: 'A', rows: [{ id: 'x', title: 'A' }] },
            { title: 'B', rows: [{ id: 'x', title: 'B' }] },
          ],
        }),
      );
      expect(error.limit).toBe('row.id.unique');
    });
  });

  describe('empty and invalid values', () => {
    it.each`
      limit                    | build
      ${'to'}                  | ${() => buildText('', 'hi')}
      ${'text.body'}           | ${() => buildText(TO, '')}
      ${'text.body'}           | ${() => buildText(TO, '   \n')}
      ${'interactive.body'}    | ${() => buildButtons(TO, { body: '', buttons: buttons(1) })}
      ${'interactive.header'}  | ${() => buildButtons(TO, { body: 'b', header: ' ', buttons: buttons(1) })}
      ${'button.title'}        | ${() => buildButtons(TO, { body: 'b', buttons: [{ id: 'x', title: '' }] })}
      ${'button.id'}           | ${() => buildButtons(TO, { body: 'b', buttons: [{ id: '', title: 't' }] })}
      ${'list.button'}         | ${() => buildList(TO, { body: 'b', buttonLabel: '', sections: [{ rows: rows(1) }] })}
      ${'row.title'}           | ${() => buildList(TO, { body: 'b', buttonLabel: 'L', sections: [{ rows: [{ id: 'x', title: '' }] }] })}
      ${'cta.display_text'}    | ${() => buildCtaUrl(TO, { body: 'b', displayText: '', url: 'https://example.org' })}
      ${'reaction.message_id'} | ${() => buildReaction(TO, '', '👍')}
      ${'template.name'}       | ${() => buildTemplate(TO, { name: '', languageCode: 'en' })}
      ${'template.language'}   | ${() => buildTemplate(TO, { name: 't', languageCode: '' })}
      ${'read.message_id'}     | ${() => buildMarkRead('')}
      ${'context.message_id'}  | ${() => buildText(TO, 'hi', { replyTo: '' })}
      ${'contact.name'}        | ${() => buildContacts(TO, [{ name: { formattedName: '' } }])}
    `('refuses an empty $limit', ({ limit, build }: { limit: string; build: () => unknown }) => {
      const error = limitErrorOf(build);
      expect(error.limit).toBe(limit);
      expect(error.message).toBe(MESSAGE_FIELD_EMPTY(limit));
    });

    it.each`
      limit                      | build
      ${'media.source'}          | ${() => buildMedia(TO, { kind: 'image', id: '1', link: 'https://example.org/a.jpg' } as unknown as MediaMessage)}
      ${'media.source'}          | ${() => buildMedia(TO, { kind: 'image' } as unknown as MediaMessage)}
      ${'media.link'}            | ${() => buildMedia(TO, { kind: 'image', link: 'ftp://example.org/a.jpg' })}
      ${'caption'}               | ${() => buildMedia(TO, { kind: 'audio', id: '1', caption: 'no' } as unknown as MediaMessage)}
      ${'caption'}               | ${() => buildMedia(TO, { kind: 'sticker', id: '1', caption: 'no' } as unknown as MediaMessage)}
      ${'filename'}              | ${() => buildMedia(TO, { kind: 'image', id: '1', filename: 'a.jpg' } as unknown as MediaMessage)}
      ${'cta.url'}               | ${() => buildCtaUrl(TO, { body: 'b', displayText: 'Go', url: 'example.org' })}
      ${'location.latitude'}     | ${() => buildLocation(TO, { latitude: 91, longitude: 0 })}
      ${'location.longitude'}    | ${() => buildLocation(TO, { latitude: 0, longitude: Number.NaN })}
      ${'template.button.index'} | ${() => buildTemplate(TO, { name: 't', languageCode: 'en', components: [{ type: 'button', subType: 'quick_reply', index: 10 }] })}
    `('refuses an invalid $limit', ({ limit, build }: { limit: string; build: () => unknown }) => {
      expect(limitErrorOf(build).limit).toBe(limit);
    });
  });
});
