import { parseNotificationRequest } from './notification-request.js';

const fieldsOf = (body: unknown) => {
  const parsed = parseNotificationRequest(body);
  return parsed.ok ? [] : parsed.problems.map((problem) => problem.field);
};

describe('parseNotificationRequest', () => {
  it('accepts the documented example, defaulting nothing it was given', () => {
    const body = {
      to: '15551234567',
      text: 'Your order shipped',
      template: { name: 'order_update', language: 'en_US', components: [] },
      category: 'marketing',
      idempotencyKey: 'order-42-shipped',
    };
    expect(parseNotificationRequest(body)).toEqual({ ok: true, request: body });
  });

  it('takes a BSUID in `to` for a username-only user, and refuses anything else that is not a wa_id', () => {
    expect(fieldsOf({ to: 'US.13491208655302741918', text: 'hi' })).toEqual([]);
    expect(fieldsOf({ to: 'us.1349', text: 'hi' })).toEqual(['to']);
    expect(fieldsOf({ to: '+15551234567', text: 'hi' })).toEqual(['to']);
  });

  it('defaults the category to utility', () => {
    expect(parseNotificationRequest({ to: '15551234567', text: 'hi' })).toEqual({
      ok: true,
      request: { to: '15551234567', text: 'hi', category: 'utility' },
    });
  });

  it.each`
    case                           | body                                                                              | fields
    ${'not an object'}             | ${[]}                                                                             | ${['body']}
    ${'no to'}                     | ${{ text: 'hi' }}                                                                 | ${['to']}
    ${'neither text nor template'} | ${{ to: '15551234567' }}                                                          | ${['text']}
    ${'text of 4097 characters'}   | ${{ to: '15551234567', text: 'x'.repeat(4097) }}                                  | ${['text']}
    ${'uppercase template name'}   | ${{ to: '15551234567', template: { name: 'Order', language: 'en' } }}             | ${['template.name']}
    ${'template name of 513'}      | ${{ to: '15551234567', template: { name: 'a'.repeat(513), language: 'en' } }}     | ${['template.name']}
    ${'no template language'}      | ${{ to: '15551234567', template: { name: 'a' } }}                                 | ${['template.language']}
    ${'components not an array'}   | ${{ to: '15551234567', template: { name: 'a', language: 'en', components: {} } }} | ${['template.components']}
    ${'unknown category'}          | ${{ to: '15551234567', text: 'hi', category: 'promo' }}                           | ${['category']}
    ${'key of 201 characters'}     | ${{ to: '15551234567', text: 'hi', idempotencyKey: 'k'.repeat(201) }}             | ${['idempotencyKey']}
  `('$case → 400 naming $fields', ({ body, fields }) => expect(fieldsOf(body)).toEqual(fields));

  it('accepts a 4096-character text and a 512-character template name', () => {
    expect(fieldsOf({ to: '15551234567', text: 'x'.repeat(4096) })).toEqual([]);
    expect(fieldsOf({ to: '15551234567', template: { name: 'a'.repeat(512), language: 'en' } })).toEqual([]);
  });
});
