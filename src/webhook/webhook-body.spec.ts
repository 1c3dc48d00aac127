import { BODY_NOT_OBJECT, MALFORMED_JSON } from '../common/errors/error-messages.js';
import { MAX_BODY_DEPTH, nestsDeeperThan, parseWebhookBody } from './webhook-body.js';

const nested = (depth: number, open = '[', close = ']') => `${open.repeat(depth)}${close.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it.each`
    json                           | max  | deeper
    ${'{}'}                        | ${1} | ${false}
    ${'{"a":{}}'}                  | ${1} | ${true}
    ${'{"a":[1,{"b":2}]}'}         | ${3} | ${false}
    ${'{"a":[1,{"b":2}]}'}         | ${2} | ${true}
    ${'{"a":"[[[[[[[[[["}'}        | ${1} | ${false}
    ${'{"a":"\\"[[[[["}'}          | ${1} | ${false}
    ${'{"a":"\\\\","b":[[[[]]]]}'} | ${2} | ${true}
    ${'"plain"'}                   | ${0} | ${false}
  `('$json deeper than $max: $deeper', ({ json, max, deeper }: { json: string; max: number; deeper: boolean }) => {
    expect(nestsDeeperThan(Buffer.from(json), max)).toBe(deeper);
  });
});

describe('parseWebhookBody', () => {
  it('parses an object', () => {
    expect(parseWebhookBody(Buffer.from('{"object":"whatsapp_business_account","entry":[]}'))).toEqual({
      ok: true,
      body: { object: 'whatsapp_business_account', entry: [] },
    });
  });

  it.each([
    ['in object', `{"object":${nested(50_000)}}`],
    ['at the top', nested(100_000, '[', ']')],
    [
      'in a message',
      `{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"messages":[{"text":${nested(5000, '{"a":', '}')}}]}}]}]}`.replace(
        /\{"a":\}/,
        '{"a":1}',
      ),
    ],
  ])('refuses a body nested thousands of levels deep %s', (_case, json) => {
    expect(parseWebhookBody(Buffer.from(json))).toMatchObject({ ok: false, reason: 'too deeply nested' });
  });

  it(`accepts ${MAX_BODY_DEPTH} levels`, () => {
    expect(parseWebhookBody(Buffer.from(`{"a":${nested(MAX_BODY_DEPTH - 1)}}`)).ok).toBe(true);
  });

  it.each([undefined, Buffer.from(''), Buffer.from('{"object":'), Buffer.from('\u00ff')])(
    'refuses malformed JSON (%s)',
    (raw) => {
      expect(parseWebhookBody(raw)).toEqual({ ok: false, reason: 'malformed JSON', message: MALFORMED_JSON() });
    },
  );

  it.each(['[]', '"text"', '42', 'null', 'true'])('refuses JSON that is not an object: %s', (json) => {
    expect(parseWebhookBody(Buffer.from(json))).toEqual({
      ok: false,
      reason: 'body not an object',
      message: BODY_NOT_OBJECT(),
    });
  });
});
