import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  adjustForAjv,
  findSpecPath,
  validateMessageBody,
  validateMessagesRequest,
  validateReadReceiptBody,
} from './message-schema.js';
import { isReadReceiptRequest } from './message-transport.port.js';

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SPEC = join(PROJECT_ROOT, 'spec', 'meta-openapi', 'business-messaging-api_v23.0.yaml');
const BASE = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '15551234567' };

describe('message-schema', () => {
  describe('findSpecPath', () => {
    it('finds the vendored spec from the source folder', () => {
      expect(findSpecPath(join(PROJECT_ROOT, 'src', 'whatsapp'))).toBe(SPEC);
    });

    it('finds it from the build output folders as well', () => {
      expect(findSpecPath(join(PROJECT_ROOT, 'dist', 'whatsapp'))).toBe(SPEC);
      expect(findSpecPath(join(PROJECT_ROOT, 'dist', 'src', 'whatsapp'))).toBe(SPEC);
    });

    it('fails with a clear error when the spec is missing', () => {
      expect(() => findSpecPath('/')).toThrow(/Cannot find spec\/meta-openapi/);
    });
  });

  describe('adjustForAjv', () => {
    it('drops discriminators and moves inner additionalProperties:false to unevaluatedProperties on the allOf', () => {
      const schema = {
        discriminator: { propertyName: 'type' },
        oneOf: [
          {
            allOf: [
              { $ref: '#/base' },
              { additionalProperties: false, properties: { text: { additionalProperties: false } } },
            ],
          },
        ],
      };
      adjustForAjv(schema);
      expect(schema).toEqual({
        oneOf: [
          {
            allOf: [{ $ref: '#/base' }, { properties: { text: { additionalProperties: false } } }],
            unevaluatedProperties: false,
          },
        ],
      });
    });
  });

  describe('validateMessageBody', () => {
    it('accepts a text message with the base properties', () => {
      expect(validateMessageBody({ ...BASE, type: 'text', text: { body: 'hi' } })).toEqual({ valid: true, errors: [] });
    });

    it('accepts `recipient` (a BSUID) instead of `to`: the local addition for username-only users', () => {
      const { to: _to, ...withoutTo } = BASE;
      const text = { type: 'text', text: { body: 'hi' } };
      expect(validateMessageBody({ ...withoutTo, recipient: 'US.13491208655302741918', ...text }).valid).toBe(true);
      // Exactly one of the two, and a BSUID must look like one.
      expect(validateMessageBody({ ...withoutTo, ...text }).valid).toBe(false);
      expect(validateMessageBody({ ...BASE, recipient: 'US.13491208655302741918', ...text }).valid).toBe(false);
      expect(validateMessageBody({ ...withoutTo, recipient: '15551234567', ...text }).valid).toBe(false);
    });

    it('rejects an unknown top-level key, naming it', () => {
      const result = validateMessageBody({ ...BASE, type: 'text', text: { body: 'hi' }, surprise: 1 });
      expect(result.valid).toBe(false);
      expect(result.errors.join('\n')).toContain('surprise');
    });

    it('rejects an unknown key inside the text object', () => {
      const result = validateMessageBody({ ...BASE, type: 'text', text: { body: 'hi', bold: true } });
      expect(result.valid).toBe(false);
      expect(result.errors.join('\n')).toContain('/text');
    });

    it('rejects a body without recipient_type (BaseMessageProperties requires it)', () => {
      const { recipient_type: _omitted, ...withoutRecipientType } = BASE;
      const result = validateMessageBody({ ...withoutRecipientType, type: 'text', text: { body: 'hi' } });
      expect(result.valid).toBe(false);
      expect(result.errors.join('\n')).toContain('recipient_type');
    });

    it('rejects an unknown message type and non-objects', () => {
      expect(validateMessageBody({ ...BASE, type: 'hologram' })).toEqual({
        valid: false,
        errors: [
          '/type must be one of text, audio, document, image, location, video, sticker, reaction, interactive, template, contacts',
        ],
      });
      expect(validateMessageBody('text').valid).toBe(false);
      expect(validateMessageBody(undefined).valid).toBe(false);
    });

    it('rejects a reply button title over 20 characters (the spec limit)', () => {
      const body = {
        ...BASE,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'b' },
          action: { buttons: [{ type: 'reply', reply: { id: 'x', title: 'x'.repeat(21) } }] },
        },
      };
      const result = validateMessageBody(body);
      expect(result.valid).toBe(false);
      // The precise complaint comes first, ahead of the other oneOf branches' noise.
      expect(result.errors[0]).toBe('/interactive/action/buttons/0/reply/title must NOT have more than 20 characters');
    });

    describe('corrections to the spec', () => {
      const template = (index: string) => ({
        ...BASE,
        type: 'template',
        template: {
          name: 't',
          language: { policy: 'deterministic', code: 'en' },
          components: [
            { type: 'button', sub_type: 'quick_reply', index, parameters: [{ type: 'payload', payload: 'p' }] },
          ],
        },
      });

      it('accepts template button indexes 0-9, which the literal pattern ^[2-6, 11-14]$ rejects', () => {
        expect(validateMessageBody(template('0')).valid).toBe(true);
        expect(validateMessageBody(template('9')).valid).toBe(true);
        expect(validateMessageBody(template('10')).valid).toBe(false);
      });

      it('accepts CTA URL and location request messages and checks their action', () => {
        const cta = {
          type: 'cta_url',
          body: { text: 'b' },
          action: { name: 'cta_url', parameters: { display_text: 'Go', url: 'https://example.org' } },
        };
        expect(validateMessageBody({ ...BASE, type: 'interactive', interactive: cta }).valid).toBe(true);
        const ctaWithoutUrl = { ...cta, action: { name: 'cta_url', parameters: { display_text: 'Go' } } };
        expect(validateMessageBody({ ...BASE, type: 'interactive', interactive: ctaWithoutUrl }).valid).toBe(false);
        const locationRequest = {
          type: 'location_request_message',
          body: { text: 'Where?' },
          action: { name: 'send_location' },
        };
        expect(validateMessageBody({ ...BASE, type: 'interactive', interactive: locationRequest }).valid).toBe(true);
      });
    });
  });

  describe('validateReadReceiptBody', () => {
    const receipt = { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.X' };

    it.each`
      case                           | body                                                   | valid
      ${'read receipt'}              | ${receipt}                                             | ${true}
      ${'with typing indicator'}     | ${{ ...receipt, typing_indicator: { type: 'text' } }}  | ${true}
      ${'extra key'}                 | ${{ ...receipt, recipient_type: 'individual' }}        | ${false}
      ${'status other than read'}    | ${{ ...receipt, status: 'delivered' }}                 | ${false}
      ${'empty message id'}          | ${{ ...receipt, message_id: '' }}                      | ${false}
      ${'typing indicator not text'} | ${{ ...receipt, typing_indicator: { type: 'audio' } }} | ${false}
      ${'missing messaging_product'} | ${{ status: 'read', message_id: 'wamid.X' }}           | ${false}
    `('$case → $valid', ({ body, valid }: { body: unknown; valid: boolean }) => {
      expect(validateReadReceiptBody(body).valid).toBe(valid);
    });
  });

  describe('validateMessagesRequest', () => {
    it('checks bodies with a status as read receipts and the others as messages', () => {
      expect(isReadReceiptRequest({ status: 'read' })).toBe(true);
      expect(isReadReceiptRequest({ type: 'text' })).toBe(false);
      expect(
        validateMessagesRequest({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.X' }).valid,
      ).toBe(true);
      expect(validateMessagesRequest({ ...BASE, type: 'text', text: { body: 'hi' } }).valid).toBe(true);
    });
  });
});
