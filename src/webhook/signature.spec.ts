import { createHmac } from 'node:crypto';
import { isValidSignature, signBody } from './signature.js';

const SECRET = 'app-secret';
// Bytes as Meta sends them: escaped unicode and slashes that JSON.stringify would not reproduce.
const RAW = Buffer.from('{"object":"whatsapp_business_account","text":"caf\\u00e9 \\/ \\ud83d\\ude00"}');
const hex = (body: Buffer, secret = SECRET) => createHmac('sha256', secret).update(body).digest('hex');

describe('isValidSignature', () => {
  it.each`
    case                            | header                                                     | expected
    ${'valid over raw bytes'}       | ${`sha256=${hex(RAW)}`}                                    | ${true}
    ${'uppercase hex'}              | ${`sha256=${hex(RAW).toUpperCase()}`}                      | ${true}
    ${'missing'}                    | ${undefined}                                               | ${false}
    ${'empty'}                      | ${''}                                                      | ${false}
    ${'no prefix'}                  | ${hex(RAW)}                                                | ${false}
    ${'sha1 prefix'}                | ${`sha1=${hex(RAW)}`}                                      | ${false}
    ${'too short'}                  | ${`sha256=${hex(RAW).slice(2)}`}                           | ${false}
    ${'too long'}                   | ${`sha256=${hex(RAW)}00`}                                  | ${false}
    ${'not hex'}                    | ${`sha256=${'z'.repeat(64)}`}                              | ${false}
    ${'wrong secret'}               | ${`sha256=${hex(RAW, 'other')}`}                           | ${false}
    ${'over re-serialized JSON'}    | ${`sha256=${hex(Buffer.from(JSON.stringify(JSON.parse(RAW.toString()))))}`} | ${false}
  `('$case → $expected', ({ header, expected }) => {
    expect(isValidSignature(RAW, header, SECRET)).toBe(expected);
  });

  it('agrees with signBody', () => {
    expect(isValidSignature(RAW, signBody(RAW, SECRET), SECRET)).toBe(true);
  });
});
