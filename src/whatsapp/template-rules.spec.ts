import { MessageLimitError } from './message-limit.error.js';
import { validateMessageBody } from './message-schema.js';
import { buildTemplate } from './outbound-message.builders.js';
import type { TemplateComponent, TemplateMessage } from './outbound-message.js';
import { TEMPLATE_LIMITS } from './template-rules.js';

const TO = '15551234567';
const template = (components?: TemplateComponent[], name = 'order_update'): TemplateMessage => ({
  name,
  languageCode: 'en_US',
  components,
});
const header = (parameters: TemplateComponent['parameters']): TemplateComponent => ({ type: 'header', parameters });
const body = (...texts: string[]): TemplateComponent => ({
  type: 'body',
  parameters: texts.map((text) => ({ type: 'text', text })),
});

function refusal(build: () => unknown): string | undefined {
  try {
    build();
  } catch (error) {
    if (error instanceof MessageLimitError) return error.limit;
    throw error;
  }
  return undefined;
}

describe('template rules (sendTemplate checks Meta limits before the round trip)', () => {
  describe('valid templates pass and match the v23.0 spec', () => {
    it.each<[string, TemplateComponent[]]>([
      ['a text header', [header([{ type: 'text', text: 'Order 42' }]), body('Ada')]],
      ['an image header', [header([{ type: 'image', image: { link: 'https://example.org/h.jpg' } }]), body('Ada')]],
      ['a document header', [header([{ type: 'document', document: { id: '1234', filename: 'a.pdf' } }])]],
      ['a video header', [header([{ type: 'video', video: { link: 'https://example.org/v.mp4' } }])]],
      [
        'body text, currency and date_time',
        [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Ada' },
              { type: 'currency', currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } },
              { type: 'date_time', date_time: { fallback_value: 'February 25, 1977' } },
            ],
          },
        ],
      ],
      [
        'a quick reply and a URL button',
        [
          body('Ada'),
          { type: 'button', subType: 'quick_reply', index: 0, parameters: [{ type: 'payload', payload: 'YES' }] },
          { type: 'button', subType: 'url', index: 1, parameters: [{ type: 'text', text: 'order/42' }] },
        ],
      ],
      ['a body alone up to 32768 characters', [body('x'.repeat(TEMPLATE_LIMITS.bodyTextAlone))]],
    ])('%s', (_name, components) => {
      const built = buildTemplate(TO, template(components));
      expect(validateMessageBody(built)).toEqual({ valid: true, errors: [] });
    });

    it('takes a template without components and language codes such as en, pt_BR or fil', () => {
      for (const languageCode of ['en', 'pt_BR', 'fil', 'zh_HK'])
        expect(validateMessageBody(buildTemplate(TO, { name: 'hello_world', languageCode })).valid).toBe(true);
    });
  });

  describe('refuses what Meta would refuse, naming the rule', () => {
    it.each<[string, string, TemplateMessage]>([
      ['an upper-case name', 'template.name', template(undefined, 'Order_Update')],
      ['a name with a dash', 'template.name', template(undefined, 'order-update')],
      ['a name over 512 characters', 'template.name', template(undefined, 'a'.repeat(513))],
      ['a language that is not a code', 'template.language', { name: 'x', languageCode: 'English' }],
      ['a header without a parameter', 'template.header', template([header([])])],
      [
        'a header with two parameters',
        'template.header',
        template([
          header([
            { type: 'text', text: 'a' },
            { type: 'text', text: 'b' },
          ]),
        ]),
      ],
      [
        'a header text over 60 characters',
        'template.header.parameters',
        template([header([{ type: 'text', text: 'x'.repeat(TEMPLATE_LIMITS.headerText + 1) }])]),
      ],
      [
        'a currency in the header',
        'template.header.parameters',
        template([header([{ type: 'currency', currency: {} }])]),
      ],
      [
        'an image in the body',
        'template.body.parameters',
        template([{ type: 'body', parameters: [{ type: 'image' }] }]),
      ],
      [
        'a body text over 1024 characters beside a header',
        'template.body.parameters',
        template([header([{ type: 'text', text: 'Hi' }]), body('x'.repeat(TEMPLATE_LIMITS.bodyText + 1))]),
      ],
      [
        'a body text over 32768 characters alone',
        'template.body.parameters',
        template([body('x'.repeat(TEMPLATE_LIMITS.bodyTextAlone + 1))]),
      ],
      ['an empty body text', 'template.body.parameters', template([body(' ')])],
      ['two bodies', 'template.body', template([body('a'), body('b')])],
      [
        'a button without a subType',
        'template.button.sub_type',
        template([{ type: 'button', index: 0, parameters: [{ type: 'payload', payload: 'x' }] }]),
      ],
      [
        'a button index of 10',
        'template.button.index',
        template([
          { type: 'button', subType: 'quick_reply', index: 10, parameters: [{ type: 'payload', payload: 'x' }] },
        ]),
      ],
      [
        'a button without parameters',
        'template.button',
        template([{ type: 'button', subType: 'url', index: 0, parameters: [] }]),
      ],
      [
        'a quick reply with a text parameter',
        'template.button.parameters',
        template([{ type: 'button', subType: 'quick_reply', index: 0, parameters: [{ type: 'text', text: 'x' }] }]),
      ],
      [
        'two buttons at the same index',
        'template.button',
        template([
          { type: 'button', subType: 'quick_reply', index: 0, parameters: [{ type: 'payload', payload: 'a' }] },
          { type: 'button', subType: 'quick_reply', index: 0, parameters: [{ type: 'payload', payload: 'b' }] },
        ]),
      ],
    ])('%s', (_name, limit, message) => {
      expect(refusal(() => buildTemplate(TO, message))).toBe(limit);
    });
  });
});
